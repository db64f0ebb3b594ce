//! A minimal HTTP/1.1 client over `TcpStream` (one request per connection),
//! so tests can send exactly the bytes they mean, bad ones included.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

use super::schema;

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "response is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Clone)]
pub struct Client {
    pub port: u16,
    pub token: Option<String>,
    pub api_version: Option<String>,
}

impl Client {
    pub fn new(port: u16, token: Option<&str>) -> Client {
        Client {
            port,
            token: token.map(str::to_string),
            api_version: Some("2026-04-17".to_string()),
        }
    }

    /// Sends a raw request; `extra` headers are added as given.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Response> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let has_host = extra
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("host"));
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !has_host {
            head.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;

        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        Ok(parse(&raw))
    }

    fn send(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Response {
        let bearer = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(version) = &self.api_version {
            headers.push(("API-Version", version.as_str()));
        }
        if let Some(bearer) = &bearer {
            headers.push(("Authorization", bearer.as_str()));
        }
        headers.extend_from_slice(extra);
        let response = self
            .raw(method, path, &headers, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        schema::check_acp_response(path, &response);
        response
    }

    /// GET with auth and API-Version; the response is schema-checked.
    pub fn get(&self, path: &str) -> Response {
        self.send("GET", path, &[], b"")
    }

    /// GET without ACP headers, for health checks while starting.
    pub fn try_get(&self, path: &str) -> std::io::Result<Response> {
        self.raw("GET", path, &[], b"")
    }

    /// POST a JSON body with an idempotency key; the response is schema-checked.
    pub fn post(&self, path: &str, key: &str, body: &Value) -> Response {
        self.post_raw(
            path,
            &[
                ("Idempotency-Key", key),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        )
    }

    /// POST with the given headers (auth and version added) and raw body.
    pub fn post_raw(&self, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Response {
        self.send("POST", path, extra, body)
    }
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has a header block");
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..end]);
        let size =
            usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}
