//! Sessions and idempotency records in one embedded, ACID, crash-safe file
//! (redb). Every write commits durably before it returns, so a kill -9 loses
//! nothing that was acknowledged. A session change and its idempotency
//! record are written in the same transaction.

use std::path::Path;
use std::sync::Arc;

use redb::{Database, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const SESSIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("sessions");
const IDEMPOTENCY: TableDefinition<&str, &[u8]> = TableDefinition::new("idempotency");

/// A stored response to an idempotent request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    /// SHA-256 of the canonical JSON of the request body, hex.
    pub body_hash: String,
    pub status: u16,
    /// The response body exactly as first sent.
    pub body: String,
    /// Unix seconds when the record was written.
    pub created_at: i64,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(String);

fn fail(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

/// The embedded store; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Arc<Database>,
}

/// One write: an optional session and an optional idempotency record.
pub struct Write<'a> {
    pub session: Option<(&'a str, Vec<u8>)>,
    pub record: Option<(&'a str, &'a IdempotencyRecord)>,
}

impl Store {
    /// Opens or creates the store file, creating its folder if needed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| {
                StoreError(format!("cannot create {}: {error}", parent.display()))
            })?;
        }
        let db = Database::create(path)
            .map_err(|error| StoreError(format!("cannot open {}: {error}", path.display())))?;
        let txn = db.begin_write().map_err(fail)?;
        txn.open_table(SESSIONS).map_err(fail)?;
        txn.open_table(IDEMPOTENCY).map_err(fail)?;
        txn.commit().map_err(fail)?;
        Ok(Store { db: Arc::new(db) })
    }

    /// Reads a session by id.
    pub async fn session<T: DeserializeOwned + Send + 'static>(
        &self,
        id: &str,
    ) -> Result<Option<T>, StoreError> {
        let bytes = self.read(SESSIONS, id).await?;
        bytes
            .map(|bytes| serde_json::from_slice(&bytes).map_err(fail))
            .transpose()
    }

    /// Reads an idempotency record by its scope key.
    pub async fn record(&self, key: &str) -> Result<Option<IdempotencyRecord>, StoreError> {
        let bytes = self.read(IDEMPOTENCY, key).await?;
        bytes
            .map(|bytes| serde_json::from_slice(&bytes).map_err(fail))
            .transpose()
    }

    async fn read(
        &self,
        table: TableDefinition<'static, &'static str, &'static [u8]>,
        key: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let db = Arc::clone(&self.db);
        let key = key.to_string();
        tokio::task::spawn_blocking(move || {
            let txn = db.begin_read().map_err(fail)?;
            let table = txn.open_table(table).map_err(fail)?;
            let value = table.get(key.as_str()).map_err(fail)?;
            Ok(value.map(|guard| guard.value().to_vec()))
        })
        .await
        .map_err(fail)?
    }

    /// Commits a session and/or an idempotency record in one transaction.
    pub async fn commit(&self, write: Write<'_>) -> Result<(), StoreError> {
        let db = Arc::clone(&self.db);
        let session = write.session.map(|(id, bytes)| (id.to_string(), bytes));
        let record = match write.record {
            Some((key, record)) => {
                Some((key.to_string(), serde_json::to_vec(record).map_err(fail)?))
            }
            None => None,
        };
        tokio::task::spawn_blocking(move || {
            let txn = db.begin_write().map_err(fail)?;
            if let Some((id, bytes)) = &session {
                txn.open_table(SESSIONS)
                    .map_err(fail)?
                    .insert(id.as_str(), bytes.as_slice())
                    .map_err(fail)?;
            }
            if let Some((key, bytes)) = &record {
                txn.open_table(IDEMPOTENCY)
                    .map_err(fail)?
                    .insert(key.as_str(), bytes.as_slice())
                    .map_err(fail)?;
            }
            txn.commit().map_err(fail)
        })
        .await
        .map_err(fail)?
    }

    /// Deletes idempotency records written before `cutoff` (Unix seconds);
    /// returns how many were deleted.
    pub async fn purge_records(&self, cutoff: i64) -> Result<usize, StoreError> {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || {
            let txn = db.begin_write().map_err(fail)?;
            let removed = {
                let mut table = txn.open_table(IDEMPOTENCY).map_err(fail)?;
                let expired = expired_keys(&table, cutoff)?;
                for key in &expired {
                    table.remove(key.as_str()).map_err(fail)?;
                }
                expired.len()
            };
            txn.commit().map_err(fail)?;
            Ok(removed)
        })
        .await
        .map_err(fail)?
    }

    /// Number of stored sessions and idempotency records.
    pub async fn counts(&self) -> Result<(u64, u64), StoreError> {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || {
            let txn = db.begin_read().map_err(fail)?;
            let sessions = txn
                .open_table(SESSIONS)
                .map_err(fail)?
                .len()
                .map_err(fail)?;
            let records = txn
                .open_table(IDEMPOTENCY)
                .map_err(fail)?
                .len()
                .map_err(fail)?;
            Ok((sessions, records))
        })
        .await
        .map_err(fail)?
    }
}

fn expired_keys(table: &redb::Table<&str, &[u8]>, cutoff: i64) -> Result<Vec<String>, StoreError> {
    let mut keys = Vec::new();
    for entry in table.iter().map_err(fail)? {
        let (key, value) = entry.map_err(fail)?;
        let created_at = serde_json::from_slice::<IdempotencyRecord>(value.value())
            .map_or(i64::MIN, |r| r.created_at);
        if created_at < cutoff {
            keys.push(key.value().to_string());
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(created_at: i64) -> IdempotencyRecord {
        IdempotencyRecord {
            body_hash: "h".into(),
            status: 201,
            body: "{}".into(),
            created_at,
        }
    }

    #[tokio::test]
    async fn session_and_record_commit_together() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.redb")).unwrap();
        let rec = record(10);
        store
            .commit(Write {
                session: Some(("cs_1", br#"{"a":1}"#.to_vec())),
                record: Some(("k1", &rec)),
            })
            .await
            .unwrap();
        let session: Option<serde_json::Value> = store.session("cs_1").await.unwrap();
        assert_eq!(session.unwrap()["a"], 1);
        assert_eq!(store.record("k1").await.unwrap(), Some(rec));
    }

    #[tokio::test]
    async fn reopen_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.redb");
        {
            let store = Store::open(&path).unwrap();
            store
                .commit(Write {
                    session: Some(("cs_2", b"{}".to_vec())),
                    record: None,
                })
                .await
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let session: Option<serde_json::Value> = store.session("cs_2").await.unwrap();
        assert!(session.is_some());
    }

    #[tokio::test]
    async fn purge_removes_only_old_records() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.redb")).unwrap();
        let (old, new) = (record(100), record(200));
        store
            .commit(Write {
                session: None,
                record: Some(("old", &old)),
            })
            .await
            .unwrap();
        store
            .commit(Write {
                session: None,
                record: Some(("new", &new)),
            })
            .await
            .unwrap();
        assert_eq!(store.purge_records(150).await.unwrap(), 1);
        assert!(store.record("old").await.unwrap().is_none());
        assert!(store.record("new").await.unwrap().is_some());
    }
}
