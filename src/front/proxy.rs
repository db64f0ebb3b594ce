//! The pingora service: ACP routes are handled by the pipeline, every other
//! request is streamed to the shop unchanged, with `X-Forwarded-*` added.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use http::StatusCode;
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::prelude::HttpPeer;
use pingora::proxy::{ProxyHttp, Session};

use super::pipeline::{self, AcpRequest, AcpResponse, App};
use super::router::{self, Route};
use crate::error::AcpError;

/// Per-request state.
pub struct RequestContext {
    route: Route,
    started: Instant,
}

/// The front door.
pub struct Front {
    app: Arc<App>,
    /// The shop's `host:port`, for pass-through.
    shop_address: String,
    max_body_bytes: usize,
}

impl Front {
    pub fn new(app: Arc<App>, shop_address: String, max_body_bytes: usize) -> Front {
        Front {
            app,
            shop_address,
            max_body_bytes,
        }
    }

    /// Reads the request body up to the size limit; `Err` carries the 413.
    async fn read_body(
        &self,
        session: &mut Session,
    ) -> Result<Result<Bytes, AcpError>, Box<pingora::Error>> {
        let too_large = || {
            AcpError::rejected(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request_too_large",
                format!(
                    "the request body is larger than {} bytes",
                    self.max_body_bytes
                ),
            )
        };
        let declared =
            header(session.req_header(), "content-length").and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|length| length > self.max_body_bytes) {
            return Ok(Err(too_large()));
        }

        let mut body = BytesMut::new();
        while let Some(chunk) = session.read_request_body().await? {
            if body.len() + chunk.len() > self.max_body_bytes {
                return Ok(Err(too_large()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Ok(body.freeze()))
    }

    async fn write(
        &self,
        session: &mut Session,
        response: AcpResponse,
        head_only: bool,
    ) -> pingora::Result<()> {
        let mut header = ResponseHeader::build(response.status, Some(response.headers.len() + 2))?;
        for (name, value) in response.headers {
            header.insert_header(name, value)?;
        }
        header.insert_header("Content-Length", response.body.len().to_string())?;
        if head_only {
            session
                .write_response_header(Box::new(header), true)
                .await?;
            return Ok(());
        }
        session
            .write_response_header(Box::new(header), false)
            .await?;
        session.write_response_body(Some(response.body), true).await
    }
}

fn header(request: &RequestHeader, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

#[async_trait]
impl ProxyHttp for Front {
    type CTX = RequestContext;

    fn new_ctx(&self) -> RequestContext {
        RequestContext {
            route: Route::PassThrough,
            started: Instant::now(),
        }
    }

    async fn request_filter(
        &self,
        session: &mut Session,
        ctx: &mut RequestContext,
    ) -> pingora::Result<bool> {
        let request_header = session.req_header();
        ctx.route = router::classify(&request_header.method, request_header.uri.path());
        if ctx.route == Route::PassThrough {
            return Ok(false);
        }

        let head_only = request_header.method == http::Method::HEAD;
        let mut request = AcpRequest {
            method: request_header.method.clone(),
            path: request_header.uri.path().to_string(),
            authorization: header(request_header, "authorization"),
            api_version: header(request_header, "api-version"),
            idempotency_key: header(request_header, "idempotency-key"),
            request_id: header(request_header, "request-id"),
            content_type: header(request_header, "content-type"),
            body: Bytes::new(),
        };

        let response = match self.read_body(session).await? {
            Ok(body) => {
                request.body = body;
                pipeline::handle(&self.app, &ctx.route, request).await
            }
            Err(error) => {
                session.set_keepalive(None);
                pipeline::error_response(&error)
            }
        };
        self.write(session, response, head_only).await?;
        Ok(true)
    }

    async fn upstream_peer(
        &self,
        _session: &mut Session,
        _ctx: &mut RequestContext,
    ) -> pingora::Result<Box<HttpPeer>> {
        Ok(Box::new(HttpPeer::new(
            self.shop_address.as_str(),
            false,
            String::new(),
        )))
    }

    async fn upstream_request_filter(
        &self,
        session: &mut Session,
        upstream: &mut RequestHeader,
        _ctx: &mut RequestContext,
    ) -> pingora::Result<()> {
        let client = session
            .client_addr()
            .and_then(|addr| addr.as_inet())
            .map(|addr| addr.ip().to_string());
        if let Some(client) = client {
            let forwarded = match header(upstream, "x-forwarded-for") {
                Some(previous) => format!("{previous}, {client}"),
                None => client,
            };
            upstream.insert_header("X-Forwarded-For", forwarded)?;
        }
        upstream.insert_header("X-Forwarded-Proto", "http")?;
        let host =
            header(upstream, "host").or_else(|| upstream.uri.authority().map(|a| a.to_string()));
        if let Some(host) = host {
            upstream.insert_header("X-Forwarded-Host", host)?;
        }
        Ok(())
    }

    async fn logging(
        &self,
        session: &mut Session,
        error: Option<&pingora::Error>,
        ctx: &mut RequestContext,
    ) {
        let status = session
            .response_written()
            .map_or(0, |response| response.status.as_u16());
        let elapsed_ms = ctx.started.elapsed().as_millis() as u64;
        match error {
            Some(error) => {
                tracing::warn!(route = ctx.route.template(), status, elapsed_ms, error = %error, "request failed")
            }
            None => tracing::info!(
                route = ctx.route.template(),
                status,
                elapsed_ms,
                "request finished"
            ),
        }
        if ctx.route == Route::PassThrough {
            crate::metrics::record_request("pass_through", status, ctx.started.elapsed());
        }
    }
}
