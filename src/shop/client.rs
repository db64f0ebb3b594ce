//! The HTTP client kassa uses to call the shop: pooled connections, connect
//! and request timeouts, shop authentication, and JSON parsing that
//! tolerates a UTF-8 byte-order mark and a wrong `Content-Type`.

use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

use crate::config::{ShopAuth, ShopConfig};

/// Largest shop response body read, in bytes (8 MiB).
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// A shop response with its body parsed as JSON when it is JSON.
#[derive(Clone, Debug)]
pub struct ShopResponse {
    pub status: u16,
    pub headers: HeaderMap,
    /// The parsed body; `Value::Null` when the body is empty or not JSON.
    pub json: Value,
    /// Up to 200 characters of the body when it is not JSON, for messages.
    pub text_excerpt: Option<String>,
}

/// A failed shop request that got no HTTP response.
#[derive(Clone, Debug, thiserror::Error)]
pub enum TransportError {
    #[error("the shop did not answer within {0:?}")]
    Timeout(Duration),
    /// The request was not sent: no connection could be made.
    #[error("cannot reach the shop: {0}")]
    Connect(String),
    /// The connection failed after the request may have been sent.
    #[error("the connection to the shop failed during the request: {0}")]
    Lost(String),
    #[error("the shop's response could not be read: {0}")]
    Body(String),
}

impl TransportError {
    /// True when the shop may have received and acted on the request.
    pub fn maybe_processed(&self) -> bool {
        !matches!(self, TransportError::Connect(_))
    }
}

/// A request the workflow runner sends; `path_and_query` is already encoded.
#[derive(Clone, Debug)]
pub struct ShopRequest {
    pub method: Method,
    pub path_and_query: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Option<Value>,
}

/// Pooled HTTP/1.1 client bound to one shop.
#[derive(Clone)]
pub struct ShopClient {
    client: Client<HttpConnector, Full<Bytes>>,
    scheme_authority: String,
    base_path: String,
    auth: Option<(HeaderName, HeaderValue)>,
    request_timeout: Duration,
    host: String,
    port: u16,
}

impl ShopClient {
    /// Builds the client from the `[shop]` config.
    pub fn new(config: &ShopConfig) -> Result<ShopClient, String> {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(config.connect_timeout));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);

        let uri = &config.base_url;
        let authority = uri.authority().ok_or("the shop base URL has no host")?;
        Ok(ShopClient {
            client,
            scheme_authority: format!("http://{authority}"),
            base_path: uri.path().trim_end_matches('/').to_string(),
            auth: auth_header(&config.auth)?,
            request_timeout: config.request_timeout,
            host: uri.host().unwrap_or_default().to_string(),
            port: uri.port_u16().unwrap_or(80),
        })
    }

    /// Returns the shop's base URL without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.scheme_authority, self.base_path)
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Sends one request and reads the whole response within the request timeout.
    pub async fn send(&self, request: ShopRequest) -> Result<ShopResponse, TransportError> {
        let http_request = self.build(request).map_err(TransportError::Connect)?;
        let exchange = async {
            let response = self.client.request(http_request).await.map_err(|error| {
                if error.is_connect() {
                    TransportError::Connect(error_chain(&error))
                } else {
                    TransportError::Lost(error_chain(&error))
                }
            })?;
            let (parts, body) = response.into_parts();
            let bytes = Limited::new(body, MAX_RESPONSE_BYTES)
                .collect()
                .await
                .map_err(|error| TransportError::Body(error.to_string()))?
                .to_bytes();
            Ok(parse_response(parts.status.as_u16(), parts.headers, &bytes))
        };
        tokio::time::timeout(self.request_timeout, exchange)
            .await
            .map_err(|_| TransportError::Timeout(self.request_timeout))?
    }

    fn build(&self, request: ShopRequest) -> Result<Request<Full<Bytes>>, String> {
        let uri = format!(
            "{}{}{}",
            self.scheme_authority, self.base_path, request.path_and_query
        );
        let mut builder = Request::builder()
            .method(request.method)
            .uri(uri)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, concat!("kassa/", env!("CARGO_PKG_VERSION")));
        if let Some((name, value)) = &self.auth {
            builder = builder.header(name, value);
        }
        let body = match request.body {
            Some(json) => {
                builder = builder.header(CONTENT_TYPE, "application/json");
                Full::new(Bytes::from(json.to_string()))
            }
            None => Full::new(Bytes::new()),
        };
        let mut built = builder.body(body).map_err(|error| error.to_string())?;

        // Headers from the mapping replace kassa's defaults of the same name.
        for (name, value) in request.headers {
            built.headers_mut().insert(name, value);
        }
        Ok(built)
    }
}

fn auth_header(auth: &ShopAuth) -> Result<Option<(HeaderName, HeaderValue)>, String> {
    let header = match auth {
        ShopAuth::None => return Ok(None),
        ShopAuth::Basic { username, password } => {
            let encoded = base64_encode(format!("{username}:{}", password.0).as_bytes());
            (AUTHORIZATION, format!("Basic {encoded}"))
        }
        ShopAuth::Bearer { token } => (AUTHORIZATION, format!("Bearer {}", token.0)),
        ShopAuth::Header { name, value } => {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` is not a valid header name"))?;
            (name, value.0.clone())
        }
    };
    let mut value = HeaderValue::from_str(&header.1).map_err(|_| {
        "the shop credential contains characters not allowed in a header".to_string()
    })?;
    value.set_sensitive(true);
    Ok(Some((header.0, value)))
}

/// Standard base64 with padding (RFC 4648), for HTTP Basic credentials.
fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn parse_response(status: u16, headers: HeaderMap, bytes: &[u8]) -> ShopResponse {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let trimmed = without_bom.trim_ascii();
    if trimmed.is_empty() {
        return ShopResponse {
            status,
            headers,
            json: Value::Null,
            text_excerpt: None,
        };
    }

    match serde_json::from_slice::<Value>(trimmed) {
        Ok(json) => ShopResponse {
            status,
            headers,
            json,
            text_excerpt: None,
        },
        Err(_) => {
            let text: String = String::from_utf8_lossy(trimmed).chars().take(200).collect();
            ShopResponse {
                status,
                headers,
                json: Value::Null,
                text_excerpt: Some(text),
            }
        }
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(input.as_bytes()), expected);
        }
    }

    #[test]
    fn bom_and_wrong_content_type_still_parse() {
        let response = parse_response(200, HeaderMap::new(), b"\xEF\xBB\xBF{\"a\":1}");
        assert_eq!(response.json["a"], 1);
    }

    #[test]
    fn html_body_keeps_excerpt() {
        let response = parse_response(500, HeaderMap::new(), b"<html>Server Error</html>");
        assert!(response.json.is_null());
        assert!(response.text_excerpt.unwrap().contains("Server Error"));
    }
}
