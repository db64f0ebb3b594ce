//! Idempotency keys: required on every POST, scoped to agent and path,
//! compared by canonical body, replayed with the original status and body,
//! and never stored for 5xx responses. Records live in the store, and requests
//! still running are tracked in memory to return 409 `idempotency_in_flight`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::StatusCode;

use crate::error::AcpError;
use crate::metrics;
use crate::store::{IdempotencyRecord, Store};

/// Maximum key length, in characters.
const MAX_KEY_LENGTH: usize = 255;

/// Seconds an agent is asked to wait while the same key is being processed.
const IN_FLIGHT_RETRY_SECONDS: u64 = 1;

/// Validates the `Idempotency-Key` header of a POST.
pub fn require_key(header: Option<&str>) -> Result<String, AcpError> {
    let Some(key) = header else {
        return Err(AcpError::invalid(
            "idempotency_key_required",
            "Idempotency-Key header is required on all POST requests; send a fresh UUID per logical request",
        ));
    };
    if key.is_empty() || key.chars().count() > MAX_KEY_LENGTH {
        return Err(AcpError::invalid(
            "invalid_idempotency_key",
            format!("Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters long"),
        ));
    }
    Ok(key.to_string())
}

/// Builds the store key of an idempotency record: agent, request path and key.
pub fn scope_key(agent: &str, path: &str, key: &str) -> String {
    format!("{agent}\u{0}{path}\u{0}{key}")
}

/// The decision for a POST that carries a key.
pub enum Decision {
    /// The same request was processed before: send its response again.
    Replay(IdempotencyRecord),
    /// A new request: run it while holding the guard.
    Proceed(InFlight),
}

/// Marks a key as being processed until dropped.
pub struct InFlight {
    keys: Arc<Mutex<HashSet<String>>>,
    key: String,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.keys
            .lock()
            .expect("in-flight set lock")
            .remove(&self.key);
    }
}

/// Idempotency decisions backed by the store.
pub struct Idempotency {
    store: Store,
    in_flight: Arc<Mutex<HashSet<String>>>,
    ttl: Duration,
}

impl Idempotency {
    pub fn new(store: Store, ttl: Duration) -> Idempotency {
        Idempotency {
            store,
            in_flight: Arc::default(),
            ttl,
        }
    }

    /// Returns how long records are kept.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Decides between replay, conflict (422), in flight (409) and proceed.
    pub async fn begin(
        &self,
        scope_key: &str,
        body_hash: &str,
        now: i64,
    ) -> Result<Decision, AcpError> {
        let guard = self.claim(scope_key)?;
        let record = self
            .store
            .record(scope_key)
            .await
            .map_err(|error| AcpError::internal(error.to_string()))?;

        let live = record.filter(|r| now - r.created_at < self.ttl.as_secs() as i64);
        match live {
            Some(record) if record.body_hash == body_hash => {
                metrics::record_idempotency("replayed");
                Ok(Decision::Replay(record))
            }
            Some(_) => {
                metrics::record_idempotency("conflict");
                Err(AcpError::rejected(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_conflict",
                    "this Idempotency-Key was already used with a different request body; use a new key for a new request",
                ))
            }
            None => {
                metrics::record_idempotency("new");
                Ok(Decision::Proceed(guard))
            }
        }
    }

    fn claim(&self, scope_key: &str) -> Result<InFlight, AcpError> {
        let mut keys = self.in_flight.lock().expect("in-flight set lock");
        if !keys.insert(scope_key.to_string()) {
            metrics::record_idempotency("in_flight");
            let mut error = AcpError::rejected(
                StatusCode::CONFLICT,
                "idempotency_in_flight",
                "a request with this Idempotency-Key is still being processed; retry after the Retry-After delay",
            );
            error.retry_after = Some(IN_FLIGHT_RETRY_SECONDS);
            return Err(error);
        }
        Ok(InFlight {
            keys: Arc::clone(&self.in_flight),
            key: scope_key.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_rules() {
        assert_eq!(
            require_key(None).unwrap_err().code,
            "idempotency_key_required"
        );
        assert_eq!(
            require_key(Some("")).unwrap_err().code,
            "invalid_idempotency_key"
        );
        assert!(require_key(Some(&"k".repeat(256))).is_err());
        assert_eq!(require_key(Some("abc")).unwrap(), "abc");
    }

    #[tokio::test]
    async fn second_claim_is_in_flight_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("i.redb")).unwrap();
        let idem = Idempotency::new(store, Duration::from_secs(86400));
        let first = idem.begin("a\0/p\0k", "h", 0).await;
        assert!(matches!(first, Ok(Decision::Proceed(_))));
        let second = idem.begin("a\0/p\0k", "h", 0).await;
        assert_eq!(second.err().unwrap().code, "idempotency_in_flight");
        drop(first);
        assert!(matches!(
            idem.begin("a\0/p\0k", "h", 0).await,
            Ok(Decision::Proceed(_))
        ));
    }
}
