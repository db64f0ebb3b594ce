//! The one error type on the request path, and its conversion to the flat
//! ACP `Error` body.
//!
//! Every failure an agent can see (bad input, auth, idempotency, shop
//! failures) becomes an [`AcpError`]; [`AcpError::to_body`] is the only place
//! that renders it.

use http::StatusCode;
use serde_json::{json, Value};

/// The ACP `Error.type` values of API version 2026-04-17.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    /// The request is malformed, unauthenticated, or conflicts with state.
    InvalidRequest,
    /// An unexpected failure inside kassa or the shop.
    ProcessingError,
    /// A temporary failure; the agent may retry later.
    ServiceUnavailable,
}

impl ErrorType {
    fn as_str(self) -> &'static str {
        match self {
            ErrorType::InvalidRequest => "invalid_request",
            ErrorType::ProcessingError => "processing_error",
            ErrorType::ServiceUnavailable => "service_unavailable",
        }
    }
}

/// An error returned to the agent as an ACP `Error` object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcpError {
    pub status: StatusCode,
    pub kind: ErrorType,
    /// Machine-readable code, such as `idempotency_conflict`.
    pub code: String,
    /// Description of the problem and what to do about it.
    pub message: String,
    /// RFC 9535 JSONPath of the request field at fault, when one is.
    pub param: Option<String>,
    /// Versions to offer on version errors, newest first.
    pub supported_versions: Vec<String>,
    /// Seconds the agent should wait before retrying (sent as `Retry-After`).
    pub retry_after: Option<u64>,
}

impl AcpError {
    fn new(status: StatusCode, kind: ErrorType, code: &str, message: impl Into<String>) -> Self {
        AcpError {
            status,
            kind,
            code: code.to_string(),
            message: message.into(),
            param: None,
            supported_versions: Vec::new(),
            retry_after: None,
        }
    }

    /// 400 `invalid_request` with the given code.
    pub fn invalid(code: &str, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorType::InvalidRequest,
            code,
            message,
        )
    }

    /// Builds an `invalid_request` with another 4xx status (401, 404, 405, 409, 413, 415, 422).
    pub fn rejected(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self::new(status, ErrorType::InvalidRequest, code, message)
    }

    /// 404 for a checkout session id that does not exist.
    pub fn session_not_found(id: &str) -> Self {
        Self::rejected(
            StatusCode::NOT_FOUND,
            "not_found",
            format!(
                "checkout session `{id}` does not exist; create one with POST /checkout_sessions"
            ),
        )
    }

    /// 500 `processing_error`: a failure inside kassa.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorType::ProcessingError,
            "internal_error",
            message,
        )
    }

    /// 502 `processing_error`: the shop returned something kassa cannot use.
    pub fn shop_failed(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_GATEWAY,
            ErrorType::ProcessingError,
            "shop_error",
            message,
        )
    }

    /// 503 `service_unavailable`: the shop is down, slow or overloaded; retry later.
    pub fn shop_unavailable(message: impl Into<String>) -> Self {
        let mut error = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorType::ServiceUnavailable,
            "shop_unavailable",
            message,
        );
        error.retry_after = Some(5);
        error
    }

    /// Sets the JSONPath of the field at fault.
    pub fn at(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    /// Renders the flat ACP `Error` body.
    pub fn to_body(&self) -> Value {
        let mut body = json!({
            "type": self.kind.as_str(),
            "code": self.code,
            "message": self.message,
        });
        if let Some(param) = &self.param {
            body["param"] = json!(param);
        }
        if !self.supported_versions.is_empty() {
            body["supported_versions"] = json!(self.supported_versions);
        }
        body
    }
}

impl std::fmt::Display for AcpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for AcpError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_flat_with_param() {
        let body = AcpError::invalid("invalid_quantity", "quantity must be at least 1")
            .at("$.line_items[0].quantity")
            .to_body();
        assert_eq!(body["type"], "invalid_request");
        assert_eq!(body["code"], "invalid_quantity");
        assert_eq!(body["param"], "$.line_items[0].quantity");
        assert!(body.get("supported_versions").is_none());
    }

    #[test]
    fn unavailable_is_retryable() {
        let error = AcpError::shop_unavailable("shop timed out");
        assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(error.to_body()["type"], "service_unavailable");
        assert_eq!(error.retry_after, Some(5));
    }
}
