//! HTTP plumbing of the demo shop: the accept loop, one hyper HTTP/1
//! connection per task, body collection and dispatch to the JSON API or the
//! HTML pages.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::error::ApiError;
use super::params::Query;
use super::shop::{SharedShop, Shop};
use super::{api, pages, DemoAuth};

/// Largest request body the demo shop reads. Real order bodies are a few
/// kilobytes.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Pause after a failed `accept`, so a persistent error such as running out
/// of file descriptors does not spin the loop.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(100);

/// Longest accepted `Host` header, the maximum length of a DNS name plus a port.
const MAX_HOST_LEN: usize = 260;

/// State shared by every connection of one server.
struct ServerState {
    shop: SharedShop,
    auth: DemoAuth,
    /// Used for absolute URLs when a request has no usable `Host` header.
    local_addr: SocketAddr,
}

/// A request with its body read, as the API and page handlers see it.
pub(super) struct DemoRequest {
    pub method: Method,
    pub path: String,
    pub query: Query,
    /// `http://` and the request's host, used for absolute URLs.
    pub base_url: String,
    pub authorization: Option<String>,
    pub body: Bytes,
}

/// A complete response.
pub(super) struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, String)>,
    body: Bytes,
}

impl Reply {
    fn with_content_type(status: StatusCode, content_type: &str, body: Bytes) -> Reply {
        Reply {
            status,
            headers: vec![(header::CONTENT_TYPE, content_type.to_owned())],
            body,
        }
    }

    /// Builds a JSON response.
    pub(super) fn json(status: StatusCode, value: &Value) -> Reply {
        let body = Bytes::from(value.to_string());
        Reply::with_content_type(status, "application/json; charset=UTF-8", body)
    }

    /// Builds a WordPress-style JSON error response.
    pub(super) fn api_error(error: &ApiError) -> Reply {
        Reply::json(error.status, &error.to_json())
    }

    /// Builds an HTML response.
    pub(super) fn html(status: StatusCode, page: String) -> Reply {
        Reply::with_content_type(status, "text/html; charset=UTF-8", Bytes::from(page))
    }

    /// Builds an SVG image response.
    pub(super) fn svg(image: String) -> Reply {
        Reply::with_content_type(StatusCode::OK, "image/svg+xml", Bytes::from(image))
    }

    /// Adds a header. Values that are not valid header text are dropped when
    /// the response is built.
    pub(super) fn with_header(mut self, name: HeaderName, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

/// Runs the accept loop, with the contract stated on [`super::serve`].
pub(super) async fn run(listener: TcpListener, auth: DemoAuth) -> std::io::Result<()> {
    let local_addr = listener.local_addr()?;
    tracing::info!(%local_addr, "demo shop listening");
    let state = Arc::new(ServerState {
        shop: Mutex::new(Shop::new()),
        auth,
        local_addr,
    });
    // Dropping the JoinSet, with this future, aborts every connection task.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(serve_connection(stream, peer, Arc::clone(&state)));
                }
                Err(error) => {
                    tracing::warn!(%error, "demo shop failed to accept a connection, retrying after a pause");
                    tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                }
            },
            Some(finished) = connections.join_next(), if !connections.is_empty() => {
                if let Err(error) = finished {
                    tracing::error!(%error, "demo shop connection task failed");
                }
            }
        }
    }
}

/// Serves HTTP/1 requests on one connection until the client closes it.
async fn serve_connection(stream: TcpStream, peer: SocketAddr, state: Arc<ServerState>) {
    let service = service_fn(move |request| {
        let state = Arc::clone(&state);
        async move { Ok::<_, Infallible>(handle(&state, request).await) }
    });
    let result = http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
    if let Err(error) = result {
        tracing::debug!(%peer, %error, "demo shop connection closed with an error");
    }
}

/// Reads the body and dispatches on the path: `/wp-json` and below go to
/// the JSON API, everything else to the HTML pages.
async fn handle(state: &ServerState, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let is_api = path == "/wp-json" || path.starts_with("/wp-json/");
    let reply = match read_body(body).await {
        Ok(body) => {
            let request = DemoRequest {
                method: parts.method.clone(),
                path: path.clone(),
                query: Query::parse(parts.uri.query()),
                base_url: base_url(&parts.headers, state.local_addr),
                authorization: header_text(&parts.headers, header::AUTHORIZATION),
                body,
            };
            if is_api {
                api::handle(&state.shop, &state.auth, &request)
            } else {
                pages::handle(&state.shop, &request)
            }
        }
        Err(error) if is_api => Reply::api_error(&error),
        Err(error) => pages::error_page(error.status, &error.message),
    };
    tracing::debug!(method = %parts.method, %path, status = reply.status.as_u16(), "demo shop request");
    reply.into_response()
}

/// Collects the request body, rejecting bodies over [`MAX_BODY_BYTES`].
async fn read_body(body: Incoming) -> Result<Bytes, ApiError> {
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ApiError::body_too_large(MAX_BODY_BYTES))
        }
        Err(error) => {
            tracing::debug!(%error, "demo shop failed to read a request body");
            Err(ApiError::invalid_json())
        }
    }
}

fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Builds `http://{host}` from the `Host` header. A missing header, or one
/// with characters outside a host name, IPv6 literal and port, falls back to
/// the listener's address so nothing unescaped reaches the pages.
fn base_url(headers: &HeaderMap, local_addr: SocketAddr) -> String {
    let is_host_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    let host = header_text(headers, header::HOST)
        .filter(|host| {
            !host.is_empty() && host.len() <= MAX_HOST_LEN && host.chars().all(is_host_char)
        })
        .unwrap_or_else(|| local_addr.to_string());
    format!("http://{host}")
}
