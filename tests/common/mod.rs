//! Test harness: starts kassa as a real process on loopback, talks HTTP/1.1
//! to it over a plain TCP socket, and checks every ACP response against the
//! official JSON Schema when `ACP_SPEC_DIR` names the spec folder.

#![allow(dead_code)]

pub mod http;
pub mod schema;
pub mod shop;

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use http::Client;

/// Bearer token of the agent in the shipped `config.toml`.
pub const DEMO_TOKEN: &str = "kassa-demo-token-0123456789";

/// Returns a free TCP port on 127.0.0.1 (bound, read, released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Returns the repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A running kassa process, killed by PID when dropped.
pub struct Kassa {
    child: Option<Child>,
    pub port: u16,
    pub shop_port: u16,
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    mode: &'static str,
}

impl Kassa {
    /// `kassa demo` with the shipped config, moved to free ports and a temp store.
    pub fn demo() -> Kassa {
        Kassa::shipped(None, free_port(), "demo")
    }

    /// `kassa demo` as [`Kassa::demo`], with `mapping` in place of the shipped
    /// WooCommerce mapping.
    pub fn demo_with_mapping(mapping: &str) -> Kassa {
        Kassa::shipped(Some(mapping), free_port(), "demo")
    }

    /// `kassa demo` whose demo shop listens on `shop_port`.
    pub fn demo_shop_on(shop_port: u16) -> Kassa {
        Kassa::shipped(None, shop_port, "demo")
    }

    /// `kassa run` with the shipped config, in front of whatever listens
    /// (or not) on `shop_port`.
    pub fn run_against(shop_port: u16) -> Kassa {
        Kassa::shipped(None, shop_port, "run")
    }

    /// [`Kassa::run_against`] with each `(from, to)` text replacement applied
    /// to the shipped config.
    pub fn run_against_edited(shop_port: u16, edits: &[(&str, &str)]) -> Kassa {
        let mut kassa = Kassa::shipped(None, shop_port, "run");
        kassa.kill_hard();
        let mut text = std::fs::read_to_string(&kassa.config).unwrap();
        for (from, to) in edits {
            assert!(
                text.contains(from),
                "test setup: `{from}` is not in config.toml"
            );
            text = text.replace(from, to);
        }
        std::fs::write(&kassa.config, text).unwrap();
        kassa.spawn();
        kassa
    }

    /// Starts the shipped `config.toml` on free ports with a temp store, running `mode`.
    fn shipped(mapping: Option<&str>, shop_port: u16, mode: &'static str) -> Kassa {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mapping_path = match mapping {
            Some(text) => {
                let path = dir.path().join("mapping.toml");
                std::fs::write(&path, text).unwrap();
                path
            }
            None => repo().join("mappings/woocommerce.toml"),
        };
        let text = std::fs::read_to_string(repo().join("config.toml"))
            .unwrap()
            .replace("127.0.0.1:8080", &format!("127.0.0.1:{port}"))
            .replace("127.0.0.1:8081", &format!("127.0.0.1:{shop_port}"))
            .replace(
                "mappings/woocommerce.toml",
                &mapping_path.display().to_string(),
            )
            .replace(
                "kassa-data/kassa.redb",
                &dir.path().join("kassa.redb").display().to_string(),
            );
        Kassa::start_with(dir, text, port, shop_port, mode)
    }

    /// `kassa run` in front of the Oscar shop at `oscar_port`.
    pub fn oscar(oscar_port: u16) -> Kassa {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let text = oscar_config(port, oscar_port, &dir.path().join("kassa.redb"));
        Kassa::start_with(dir, text, port, oscar_port, "run")
    }

    fn start_with(
        dir: tempfile::TempDir,
        text: String,
        port: u16,
        shop_port: u16,
        mode: &'static str,
    ) -> Kassa {
        let config = dir.path().join("config.toml");
        std::fs::write(&config, text).unwrap();
        let mut kassa = Kassa {
            child: None,
            port,
            shop_port,
            dir,
            config,
            mode,
        };
        kassa.spawn();
        kassa
    }

    /// Starts the process and waits until `/healthz` returns 200.
    pub fn spawn(&mut self) {
        let log = std::fs::File::create(
            self.dir
                .path()
                .join(format!("kassa-{}.log", Instant::now().elapsed().as_nanos())),
        )
        .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_kassa"))
            .args([self.mode, "--config", self.config.to_str().unwrap()])
            .env("KASSA_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start kassa");
        self.child = Some(child);
        self.wait_ready();
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(response) = self.client().try_get("/healthz") {
                if response.status == 200 {
                    return;
                }
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!(
                    "kassa exited during start-up with {status}: {}",
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("kassa did not answer /healthz within 20 s: {}", self.logs());
    }

    /// SIGKILL, as a crash would.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// Returns a client with the demo agent's token.
    pub fn client(&self) -> Client {
        Client::new(self.port, Some(DEMO_TOKEN))
    }

    /// Returns what kassa wrote to stderr so far.
    pub fn logs(&self) -> String {
        let mut all = String::new();
        for entry in std::fs::read_dir(self.dir.path()).unwrap().flatten() {
            if entry.file_name().to_string_lossy().starts_with("kassa-") {
                std::fs::File::open(entry.path())
                    .unwrap()
                    .read_to_string(&mut all)
                    .unwrap();
            }
        }
        all
    }
}

impl Drop for Kassa {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

/// Builds a kassa config for the seeded Oscar shop (EUR, Oscar's shipping methods).
pub fn oscar_config(port: u16, oscar_port: u16, store: &Path) -> String {
    format!(
        r#"
[server]
listen = "127.0.0.1:{port}"

[store]
path = "{store}"

[shop]
mapping = "{mapping}"
base_url = "http://127.0.0.1:{oscar_port}"

[checkout]
currency = "eur"

[cache]
ttl = "2s"

[[agents]]
name = "demo-agent"
token = "{DEMO_TOKEN}"

[[fulfillment_options]]
id = "standard"
type = "shipping"
title = "Standard delivery"
subtotal = "5.00"
tax = "1.00"

[[fulfillment_options]]
id = "free-shipping"
type = "shipping"
title = "Free shipping"

[[fulfillment_options]]
id = "no-shipping-required"
type = "digital"
title = "Download"

[[payment_handlers]]
id = "card_tokenized"
name = "dev.acp.tokenized.card"
version = "2026-04-17"
spec = "https://acp.dev/handlers/tokenized.card"
requires_delegate_payment = true
requires_pci_compliance = false
psp = "test"
config_schema = "https://acp.dev/schemas/handlers/tokenized.card/config.json"
instrument_schemas = ["https://acp.dev/schemas/handlers/tokenized.card/instrument.json"]
config = {{ merchant_id = "test_merchant", psp = "test", accepted_brands = ["visa"] }}
"#,
        store = store.display(),
        mapping = repo().join("mappings/oscar.toml").display(),
    )
}

/// The Oscar shop's port from `KASSA_OSCAR_URL`, or `None` (with a note on
/// stderr) when the Oscar tests should be skipped.
pub fn oscar_port() -> Option<u16> {
    let Ok(url) = std::env::var("KASSA_OSCAR_URL") else {
        eprintln!("SKIPPED: KASSA_OSCAR_URL is not set; run scripts/test.sh to start Oscar and run these tests");
        return None;
    };
    let port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok());
    assert!(
        port.is_some(),
        "KASSA_OSCAR_URL must look like http://127.0.0.1:8000, found {url}"
    );
    port
}

/// Builds a create body for `items` (id, quantity).
pub fn create_body(currency: &str, items: &[(&str, u64)]) -> serde_json::Value {
    let lines: Vec<serde_json::Value> = items
        .iter()
        .map(|(id, q)| serde_json::json!({"id": id, "quantity": q}))
        .collect();
    serde_json::json!({
        "currency": currency,
        "capabilities": {"interventions": {"supported": []}},
        "line_items": lines,
    })
}

/// Builds an update with a buyer and a GB shipping address.
pub fn buyer_update(email: &str) -> serde_json::Value {
    serde_json::json!({
        "buyer": {"email": email, "first_name": "Ada", "last_name": "Lovelace"},
        "fulfillment_details": {
            "name": "Ada Lovelace",
            "phone_number": "+442071234567",
            "address": {"name": "Ada Lovelace", "line_one": "12 Analytical Row", "city": "London",
                        "state": "LND", "country": "GB", "postal_code": "N1 9GU"}
        }
    })
}

/// A complete body paying with the configured test handler.
pub fn complete_body() -> serde_json::Value {
    serde_json::json!({
        "payment_data": {
            "handler_id": "card_tokenized",
            "instrument": {"type": "card", "credential": {"type": "spt", "token": "spt_test_123"}}
        }
    })
}

/// Returns a fresh idempotency key.
pub fn key(label: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{label}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Returns the `amount` of the total of `kind` in a `totals` array.
pub fn total(body: &serde_json::Value, kind: &str) -> i64 {
    body["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == kind)
        .unwrap_or_else(|| panic!("no `{kind}` total in {body}"))["amount"]
        .as_i64()
        .unwrap()
}

/// Opens a session for `quantity` of `item`, adds a buyer and a GB address,
/// checks that it is ready for payment, and returns its id.
pub fn ready_session(client: &Client, item: &str, quantity: u64) -> String {
    let id = create_session(client, "usd", &[(item, quantity)]);

    let updated = client.post(
        &format!("/checkout_sessions/{id}"),
        &key("update"),
        &buyer_update("ada@example.com"),
    );
    assert_eq!(
        updated.json()["status"],
        "ready_for_payment",
        "setup: the session should be ready: {}",
        updated.text()
    );
    id
}

/// Reads a session with GET, checks the 200, and returns the body bytes.
pub fn read_session(client: &Client, id: &str) -> Vec<u8> {
    let response = client.get(&format!("/checkout_sessions/{id}"));
    assert_eq!(
        response.status,
        200,
        "GET session {id}: {}",
        response.text()
    );
    response.body
}

/// Creates a session for `items` (id, quantity), checks the 201, and returns its id.
pub fn create_session(client: &Client, currency: &str, items: &[(&str, u64)]) -> String {
    let created = client.post(
        "/checkout_sessions",
        &key("create"),
        &create_body(currency, items),
    );
    assert_eq!(
        created.status,
        201,
        "setup: create failed: {}",
        created.text()
    );
    created.json()["id"]
        .as_str()
        .expect("setup: session id")
        .to_string()
}
