//! The ACP request pipeline, independent of the HTTP server: auth, version,
//! idempotency, body parsing, then the checkout handler, and the one place
//! where an [`AcpError`] becomes a response.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::{Method, StatusCode};
use serde_json::Value;
use tokio::sync::{Mutex, MutexGuard};

use super::router::{Operation, Route};
use crate::acp::auth::Agents;
use crate::acp::canonical::body_hash;
use crate::acp::idempotency::{self, Decision, Idempotency};
use crate::acp::version;
use crate::checkout::{Answer, Checkout};
use crate::error::AcpError;
use crate::metrics;
use crate::store::{IdempotencyRecord, Store, Write};

/// Number of lock stripes that serialise changes to one session.
const LOCK_STRIPES: usize = 64;

/// The request fields the pipeline reads.
#[derive(Clone, Debug, Default)]
pub struct AcpRequest {
    pub method: Method,
    pub path: String,
    pub authorization: Option<String>,
    pub api_version: Option<String>,
    pub idempotency_key: Option<String>,
    pub request_id: Option<String>,
    pub content_type: Option<String>,
    pub body: Bytes,
}

/// A response ready to write.
#[derive(Clone, Debug)]
pub struct AcpResponse {
    pub status: StatusCode,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

/// Everything a request needs, shared by all connections.
pub struct App {
    pub agents: Agents,
    pub idempotency: Idempotency,
    pub checkout: Checkout,
    pub store: Store,
    /// The discovery document, rendered once at start-up.
    pub discovery: Bytes,
    locks: Vec<Mutex<()>>,
}

impl App {
    pub fn new(
        agents: Agents,
        idempotency: Idempotency,
        checkout: Checkout,
        store: Store,
        discovery: Bytes,
    ) -> App {
        let locks = (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect();
        App {
            agents,
            idempotency,
            checkout,
            store,
            discovery,
            locks,
        }
    }

    async fn lock(&self, session_id: &str) -> MutexGuard<'_, ()> {
        let hash = session_id.bytes().fold(0usize, |acc, b| {
            acc.wrapping_mul(31).wrapping_add(b as usize)
        });
        self.locks[hash % LOCK_STRIPES].lock().await
    }
}

/// Handles a request routed to kassa and builds its response.
pub async fn handle(app: &Arc<App>, route: &Route, request: AcpRequest) -> AcpResponse {
    let started = Instant::now();
    let mut response = match route {
        Route::Health => plain(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"ok\n"),
        ),
        Route::Metrics => plain(
            StatusCode::OK,
            "text/plain; version=0.0.4",
            Bytes::from(metrics::render()),
        ),
        Route::Discovery => discovery(app),
        Route::MethodNotAllowed(allowed) => {
            let error = AcpError::rejected(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("{} is not allowed here; use {allowed}", request.method),
            );
            let mut response = error_response(&error);
            response.headers.push(("Allow", allowed.to_string()));
            response
        }
        Route::Checkout(operation) => checkout(app, operation, &request).await,
        Route::PassThrough => error_response(&AcpError::internal(
            "pass-through requests are not handled by the pipeline",
        )),
    };

    echo_headers(&mut response, &request);
    metrics::record_request(
        route.template(),
        response.status.as_u16(),
        started.elapsed(),
    );
    response
}

fn discovery(app: &App) -> AcpResponse {
    let mut response = plain(StatusCode::OK, "application/json", app.discovery.clone());
    response
        .headers
        .push(("Cache-Control", "public, max-age=3600".to_string()));
    response
}

fn plain(status: StatusCode, content_type: &str, body: Bytes) -> AcpResponse {
    AcpResponse {
        status,
        headers: vec![("Content-Type", content_type.to_string())],
        body,
    }
}

fn echo_headers(response: &mut AcpResponse, request: &AcpRequest) {
    if let Some(id) = request.request_id.as_ref().filter(|id| is_header_safe(id)) {
        response.headers.push(("Request-Id", id.clone()));
    }
    if request.method == Method::POST {
        if let Some(key) = request
            .idempotency_key
            .as_ref()
            .filter(|key| is_header_safe(key))
        {
            response.headers.push(("Idempotency-Key", key.clone()));
        }
    }
}

/// Replaces every word containing `@` with `[redacted]`, so shop error text
/// quoted in a message cannot put a buyer's email into the log.
pub fn redact_emails(text: &str) -> String {
    text.split_inclusive(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .map(|word| {
            let trimmed =
                word.trim_end_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
            if trimmed.contains('@') {
                format!("[redacted]{}", &word[trimmed.len()..])
            } else {
                word.to_string()
            }
        })
        .collect()
}

fn is_header_safe(value: &str) -> bool {
    value.len() <= 255 && value.bytes().all(|b| (0x20..0x7f).contains(&b))
}

async fn checkout(app: &Arc<App>, operation: &Operation, request: &AcpRequest) -> AcpResponse {
    match run_checkout(app, operation, request).await {
        Ok(response) => response,
        Err(error) => {
            if error.status.is_server_error() {
                tracing::error!(route = operation.template(), code = %error.code, message = %redact_emails(&error.message), "request failed");
            }
            error_response(&error)
        }
    }
}

async fn run_checkout(
    app: &Arc<App>,
    operation: &Operation,
    request: &AcpRequest,
) -> Result<AcpResponse, AcpError> {
    let agent = app.agents.authenticate(request.authorization.as_deref())?;
    let version = version::negotiate(request.api_version.as_deref())?;

    if let Operation::Get(id) = operation {
        let answer = app.checkout.get(&agent, id).await?;
        return Ok(json_response(answer.status, answer.body.to_string()));
    }

    let key = idempotency::require_key(request.idempotency_key.as_deref())?;
    let body = parse_body(operation, request)?;
    // The key is claimed before the session lock, so a concurrent duplicate
    // gets 409 at once instead of queueing behind the original.
    let scope_key = idempotency::scope_key(&agent, &request.path, &key);
    let hash = body_hash(body.as_ref());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let _in_flight = match app.idempotency.begin(&scope_key, &hash, now).await? {
        Decision::Replay(record) => return Ok(replay(record)),
        Decision::Proceed(guard) => guard,
    };
    let _session_guard = match operation.session_id() {
        Some(id) => Some(app.lock(id).await),
        None => None,
    };

    let result = dispatch(app, operation, &agent, version, body.as_ref()).await;
    let record = |status: StatusCode, body: String| IdempotencyRecord {
        body_hash: hash.clone(),
        status: status.as_u16(),
        body,
        created_at: now,
    };
    match result {
        Ok(answer) => {
            let text = answer.body.to_string();
            commit(
                app,
                &scope_key,
                answer,
                record(StatusCode::OK, text.clone()),
            )
            .await
        }
        Err(error) if !error.status.is_server_error() => {
            let text = error.to_body().to_string();
            let rec = record(error.status, text);
            app.store
                .commit(Write {
                    session: None,
                    record: Some((&scope_key, &rec)),
                })
                .await
                .map_err(|e| AcpError::internal(e.to_string()))?;
            Err(error)
        }
        Err(error) => Err(error),
    }
}

async fn dispatch(
    app: &App,
    operation: &Operation,
    agent: &str,
    version: &str,
    body: Option<&Value>,
) -> Result<Answer, AcpError> {
    let empty = Value::Null;
    let body_or_empty = body.unwrap_or(&empty);
    match operation {
        Operation::Create => app.checkout.create(agent, version, body_or_empty).await,
        Operation::Update(id) => app.checkout.update(agent, id, body_or_empty).await,
        Operation::Complete(id) => app.checkout.complete(agent, id, body_or_empty).await,
        Operation::Cancel(id) => app.checkout.cancel(agent, id, body).await,
        Operation::Get(id) => app.checkout.get(agent, id).await,
    }
}

/// Stores the session and the idempotency record in one transaction, then
/// returns the response. A 5xx response is never recorded.
async fn commit(
    app: &App,
    scope_key: &str,
    answer: Answer,
    mut record: IdempotencyRecord,
) -> Result<AcpResponse, AcpError> {
    record.status = answer.status.as_u16();
    let session_bytes = match &answer.session {
        Some(session) => {
            Some(serde_json::to_vec(session).map_err(|e| AcpError::internal(e.to_string()))?)
        }
        None => None,
    };
    let session = answer
        .session
        .as_ref()
        .map(|s| s.id.as_str())
        .zip(session_bytes);
    let storable = !answer.status.is_server_error();
    app.store
        .commit(Write {
            session,
            record: storable.then_some((scope_key, &record)),
        })
        .await
        .map_err(|e| AcpError::internal(e.to_string()))?;
    Ok(json_response(answer.status, record.body))
}

fn replay(record: IdempotencyRecord) -> AcpResponse {
    let status = StatusCode::from_u16(record.status).unwrap_or(StatusCode::OK);
    let mut response = json_response(status, record.body);
    response
        .headers
        .push(("Idempotent-Replayed", "true".to_string()));
    response
}

/// Reads the JSON body: required for create, update and complete, optional
/// for cancel; must be `application/json` and a JSON object.
fn parse_body(operation: &Operation, request: &AcpRequest) -> Result<Option<Value>, AcpError> {
    let optional = matches!(operation, Operation::Cancel(_));
    if request.body.iter().all(u8::is_ascii_whitespace) {
        if optional {
            return Ok(None);
        }
        return Err(AcpError::invalid(
            "invalid_request",
            "a JSON request body is required",
        ));
    }

    let is_json = request
        .content_type
        .as_deref()
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        let found = request.content_type.as_deref().unwrap_or("none");
        return Err(AcpError::rejected(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("Content-Type must be application/json, found {found}"),
        ));
    }

    let value: Value = serde_json::from_slice(&request.body).map_err(|error| {
        AcpError::invalid(
            "invalid_json",
            format!("the request body is not valid JSON: {error}"),
        )
    })?;
    if !value.is_object() {
        return Err(
            AcpError::invalid("invalid_request", "the request body must be a JSON object").at("$"),
        );
    }
    Ok(Some(value))
}

fn json_response(status: StatusCode, body: String) -> AcpResponse {
    plain(status, "application/json", Bytes::from(body))
}

/// Converts an [`AcpError`] to a response; the only place this happens.
pub fn error_response(error: &AcpError) -> AcpResponse {
    let mut response = json_response(error.status, error.to_body().to_string());
    if let Some(seconds) = error.retry_after {
        response.headers.push(("Retry-After", seconds.to_string()));
    }
    if error.status == StatusCode::UNAUTHORIZED {
        response
            .headers
            .push(("WWW-Authenticate", "Bearer".to_string()));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_redacted() {
        let text =
            redact_emails(r#"shop said: {"email": "ada@example.com"} for bob@example.org now"#);
        assert!(!text.contains("ada@"), "{text}");
        assert!(!text.contains("bob@"), "{text}");
        assert!(text.contains("shop said:"), "{text}");
    }
}
