//! kassa's configuration file (`config.toml`): listener, store, shop, agents,
//! fulfillment options, links and payment handlers.
//!
//! Loading validates everything at once: each problem names the file, line
//! and key, with a valid example, and start-up fails if there is any.

pub mod reader;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::money::{parse_decimal, Currency};
use reader::{Problem, Problems, TableReader};

/// A secret string (token, password) whose `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The whole validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub file: PathBuf,
    pub server: ServerConfig,
    pub store: StoreConfig,
    pub shop: ShopConfig,
    pub checkout: CheckoutConfig,
    pub cache: CacheConfig,
    pub agents: Vec<Agent>,
    pub fulfillment_options: Vec<FulfillmentOptionConfig>,
    pub links: Vec<LinkConfig>,
    /// ACP `PaymentHandler` objects, advertised as they are written.
    pub payment_handlers: Vec<Value>,
    pub discovery: DiscoveryConfig,
}

#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Address the front door listens on. Default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// The URL agents use to reach kassa, for the discovery document.
    /// Default `http://{listen}`.
    pub public_url: String,
    /// Worker threads of the front door. Default 2.
    pub threads: usize,
    /// Largest ACP request body accepted, in bytes. Default 65536.
    pub max_body_bytes: usize,
}

#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// The embedded database file. Default `kassa-data/kassa.redb`,
    /// relative to the config file.
    pub path: PathBuf,
    /// How long idempotency records are kept. Default 24 h, the minimum ACP allows.
    pub idempotency_ttl: Duration,
}

#[derive(Clone, Debug)]
pub struct ShopConfig {
    /// The mapping file, relative to the config file.
    pub mapping: PathBuf,
    /// The shop's base URL, such as `http://127.0.0.1:8000`; `http` only.
    pub base_url: http::Uri,
    /// TCP connect timeout for shop calls. Default 2 s.
    pub connect_timeout: Duration,
    /// Timeout of one shop request, headers and body. Default 10 s.
    pub request_timeout: Duration,
    pub auth: ShopAuth,
    /// Free-form values the mapping can refer to as `shop.vars.NAME`.
    pub vars: BTreeMap<String, String>,
}

/// The credentials kassa sends to the shop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShopAuth {
    None,
    Basic {
        username: String,
        password: Secret,
    },
    Bearer {
        token: Secret,
    },
    /// A fixed header, such as `X-API-Key: ...`.
    Header {
        name: String,
        value: Secret,
    },
}

#[derive(Clone, Debug)]
pub struct CheckoutConfig {
    /// The settlement currency of every session; a create request in another
    /// currency is rejected.
    pub currency: Currency,
    /// Largest quantity accepted on one line. Default 999.
    pub max_quantity: u64,
    /// A line whose remaining stock is at or below this gets a `low_stock`
    /// warning. Default 3.
    pub low_stock_threshold: i64,
}

#[derive(Clone, Debug)]
pub struct CacheConfig {
    /// How long a product read (price, stock) is served from memory. Default 30 s.
    pub ttl: Duration,
    /// Most products kept in memory. Default 10000.
    pub max_entries: u64,
}

/// An agent allowed to call the ACP endpoints.
#[derive(Clone, Debug)]
pub struct Agent {
    pub name: String,
    pub token: Secret,
}

/// The kind of a configured fulfillment option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FulfillmentKind {
    /// Offered when at least one line needs shipping.
    Shipping,
    /// Offered when no line needs shipping.
    Digital,
}

/// A fulfillment option offered to agents; amounts in minor units.
#[derive(Clone, Debug)]
pub struct FulfillmentOptionConfig {
    pub id: String,
    pub kind: FulfillmentKind,
    pub title: String,
    pub description: Option<String>,
    pub carrier: Option<String>,
    /// Price before tax, minor units.
    pub subtotal: i64,
    /// Tax on the price, minor units.
    pub tax: i64,
}

/// A link (terms, privacy policy...) shown on every session.
#[derive(Clone, Debug)]
pub struct LinkConfig {
    pub kind: String,
    pub title: Option<String>,
    pub url: String,
}

#[derive(Clone, Debug, Default)]
pub struct DiscoveryConfig {
    pub documentation_url: Option<String>,
}

/// Every problem found while loading the config and its mapping.
#[derive(Debug)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} problem(s) in the configuration:",
            self.problems.len()
        )?;
        let mut sorted: Vec<&Problem> = self.problems.iter().collect();
        sorted.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        for problem in sorted {
            writeln!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

const LINK_TYPES: &[&str] = &[
    "terms_of_use",
    "privacy_policy",
    "return_policy",
    "shipping_policy",
    "contact_us",
    "about_us",
    "faq",
    "support",
];

impl Config {
    /// Reads and validates `path`. Relative paths inside are resolved against
    /// the config file's folder.
    pub fn load(path: &Path) -> Result<Config, LoadError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| LoadError {
            problems: vec![Problem {
                file: file.clone(),
                line: 0,
                key: "(file)".to_string(),
                message: format!("cannot read the config file: {error}"),
                example: None,
            }],
        })?;
        Self::parse(path, &text)
    }

    /// Validates config text as if read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, LoadError> {
        let file = path.display().to_string();
        let root = reader::parse(&file, text).map_err(|p| LoadError { problems: vec![p] })?;
        let problems = Problems::default();
        let base_dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let config = read_config(
            TableReader::new(&file, "", &root, &problems),
            path,
            &base_dir,
        );
        match config {
            Some(config) if problems.is_empty() => Ok(config),
            _ => Err(LoadError {
                problems: problems.into_vec(),
            }),
        }
    }
}

/// Returns the mapping file named by `[shop] mapping` in the config at
/// `path`, read on its own so the mapping can be checked even when the rest
/// of the config is invalid. `None` when the file cannot be parsed or has no
/// such string.
pub fn mapping_file(path: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(path).ok()?;
    let root = reader::parse(&path.display().to_string(), &text).ok()?;
    let shop = table_entry(&root, "shop")?;
    let reader::NodeValue::String(mapping) = &table_entry(shop, "mapping")?.value else {
        return None;
    };
    let base_dir = path.parent().unwrap_or(Path::new("."));
    Some(base_dir.join(mapping))
}

fn table_entry<'a>(node: &'a reader::Node, key: &str) -> Option<&'a reader::Node> {
    match &node.value {
        reader::NodeValue::Table(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, n)| n),
        _ => None,
    }
}

fn read_config(root: TableReader<'_>, path: &Path, base_dir: &Path) -> Option<Config> {
    let server = read_server(root.opt_table("server"));
    let store = read_store(root.opt_table("store"), base_dir);
    let shop = root
        .table(
            "shop",
            "[shop]\nmapping = \"mappings/woocommerce.toml\"\nbase_url = \"http://127.0.0.1:8081\"",
        )
        .and_then(|shop| read_shop(shop, base_dir));
    let checkout = root
        .table("checkout", "[checkout]\ncurrency = \"usd\"")
        .and_then(read_checkout);
    let cache = read_cache(root.opt_table("cache"));
    let agents = read_agents(&root);
    let fulfillment_options = read_fulfillment(&root);
    let links = read_links(&root);
    let payment_handlers = read_handlers(&root);
    let discovery = read_discovery(root.opt_table("discovery"));
    root.finish();

    Some(Config {
        file: path.to_path_buf(),
        server: server?,
        store,
        shop: shop?,
        checkout: checkout?,
        cache,
        agents,
        fulfillment_options,
        links,
        payment_handlers,
        discovery,
    })
}

fn read_server(table: Option<TableReader<'_>>) -> Option<ServerConfig> {
    let default_listen: SocketAddr = "127.0.0.1:8080".parse().expect("valid address");
    let Some(table) = table else {
        return Some(ServerConfig {
            listen: default_listen,
            public_url: format!("http://{default_listen}"),
            threads: 2,
            max_body_bytes: 65536,
        });
    };

    let example = "listen = \"127.0.0.1:8080\"";
    let listen = match table.opt_string("listen", example) {
        Some(text) => match text.parse::<SocketAddr>() {
            Ok(address) => address,
            Err(_) => {
                let line = table.node("listen").map_or(table.line(), |n| n.line);
                table.report(
                    line,
                    "listen",
                    format!("`{text}` is not an IP address with a port"),
                    Some(example),
                );
                default_listen
            }
        },
        None => default_listen,
    };
    let public_url = table
        .opt_string(
            "public_url",
            "public_url = \"https://shop.example.com/acp\"",
        )
        .map(|url| url.trim_end_matches('/').to_string())
        .unwrap_or_else(|| format!("http://{listen}"));
    let threads = table
        .opt_integer("threads", 1, 256, "threads = 2")
        .unwrap_or(2) as usize;
    let max_body_bytes = table
        .opt_integer(
            "max_body_bytes",
            1024,
            16 * 1024 * 1024,
            "max_body_bytes = 65536",
        )
        .unwrap_or(65536) as usize;
    table.finish();

    Some(ServerConfig {
        listen,
        public_url,
        threads,
        max_body_bytes,
    })
}

fn read_store(table: Option<TableReader<'_>>, base_dir: &Path) -> StoreConfig {
    let day = Duration::from_secs(24 * 3600);
    let mut store = StoreConfig {
        path: base_dir.join("kassa-data/kassa.redb"),
        idempotency_ttl: day,
    };
    let Some(table) = table else {
        return store;
    };

    if let Some(path) = table.opt_string("path", "path = \"kassa-data/kassa.redb\"") {
        store.path = base_dir.join(path);
    }
    let example = "idempotency_ttl = \"24h\"";
    if let Some(ttl) = table.opt_duration("idempotency_ttl", example) {
        if ttl < day {
            let line = table
                .node("idempotency_ttl")
                .map_or(table.line(), |n| n.line);
            table.report(
                line,
                "idempotency_ttl",
                "ACP requires idempotency records to be kept at least 24h",
                Some(example),
            );
        }
        store.idempotency_ttl = ttl;
    }
    table.finish();
    store
}

fn read_shop(table: TableReader<'_>, base_dir: &Path) -> Option<ShopConfig> {
    let mapping = table.string("mapping", "mapping = \"mappings/woocommerce.toml\"");
    let base_url = read_base_url(&table);
    let connect_timeout = table
        .opt_duration("connect_timeout", "connect_timeout = \"2s\"")
        .unwrap_or(Duration::from_secs(2));
    let request_timeout = table
        .opt_duration("request_timeout", "request_timeout = \"10s\"")
        .unwrap_or(Duration::from_secs(10));
    let auth = table
        .opt_table("auth")
        .map_or(Some(ShopAuth::None), read_shop_auth);
    let vars = read_vars(table.opt_table("vars"));
    table.finish();

    let mapping = mapping.map(|file| base_dir.join(file));
    if let Some(file) = mapping.as_ref().filter(|file| !file.is_file()) {
        let line = table.node("mapping").map_or(table.line(), |n| n.line);
        table.report(
            line,
            "mapping",
            format!(
                "mapping file {} does not exist (relative paths start at the config file's folder)",
                file.display()
            ),
            Some("mapping = \"mappings/woocommerce.toml\""),
        );
    }

    Some(ShopConfig {
        mapping: mapping?,
        base_url: base_url?,
        connect_timeout,
        request_timeout,
        auth: auth?,
        vars,
    })
}

fn read_base_url(table: &TableReader<'_>) -> Option<http::Uri> {
    let example = "base_url = \"http://127.0.0.1:8081\"";
    let text = table.string("base_url", example)?;
    let line = table.node("base_url").map_or(table.line(), |n| n.line);
    let uri = match text.trim_end_matches('/').parse::<http::Uri>() {
        Ok(uri) => uri,
        Err(error) => {
            table.report(
                line,
                "base_url",
                format!("`{text}` is not a URL: {error}"),
                Some(example),
            );
            return None;
        }
    };
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        table.report(
            line,
            "base_url",
            format!("`{text}` must be an http:// URL with a host (put a TLS-terminating proxy in front of an https-only shop)"),
            Some(example),
        );
        return None;
    }
    Some(uri)
}

fn read_shop_auth(table: TableReader<'_>) -> Option<ShopAuth> {
    let kind = table.opt_choice("type", &["none", "basic", "bearer", "header"]);
    let auth = match kind.as_deref() {
        Some("basic") => {
            let username = table.string("username", "username = \"ck_demo\"");
            let password =
                read_secret(&table, "password", "password_env = \"KASSA_SHOP_PASSWORD\"");
            Some(ShopAuth::Basic {
                username: username?,
                password: password?,
            })
        }
        Some("bearer") => read_secret(&table, "token", "token_env = \"KASSA_SHOP_TOKEN\"")
            .map(|token| ShopAuth::Bearer { token }),
        Some("header") => {
            let name = table.string("name", "name = \"X-API-Key\"");
            let value = read_secret(&table, "value", "value_env = \"KASSA_SHOP_API_KEY\"");
            Some(ShopAuth::Header {
                name: name?,
                value: value?,
            })
        }
        Some(_) => Some(ShopAuth::None),
        None => {
            if table.node("type").is_none() {
                table.report(
                    table.line(),
                    "type",
                    "missing required key",
                    Some("type = \"basic\""),
                );
            }
            None
        }
    };
    table.finish();
    auth
}

/// Reads `key` as a literal secret, or `key_env` as the name of an
/// environment variable holding it.
pub fn read_secret(table: &TableReader<'_>, key: &str, example: &str) -> Option<Secret> {
    let env_key = format!("{key}_env");
    let literal = table.opt_string(key, example);
    let variable = table.opt_string(&env_key, example);
    match (literal, variable) {
        (Some(value), None) => Some(Secret(value)),
        (None, Some(name)) => match std::env::var(&name) {
            Ok(value) if !value.is_empty() => Some(Secret(value)),
            _ => {
                let line = table.node(&env_key).map_or(table.line(), |n| n.line);
                table.report(
                    line,
                    &env_key,
                    format!("environment variable `{name}` is not set or empty"),
                    Some(example),
                );
                None
            }
        },
        (Some(_), Some(_)) => {
            let line = table.node(key).map_or(table.line(), |n| n.line);
            table.report(
                line,
                key,
                format!("set either `{key}` or `{env_key}`, not both"),
                Some(example),
            );
            None
        }
        (None, None) => {
            table.report(
                table.line(),
                key,
                format!("missing `{key}` or `{env_key}`"),
                Some(example),
            );
            None
        }
    }
}

fn read_vars(table: Option<TableReader<'_>>) -> BTreeMap<String, String> {
    let Some(table) = table else {
        return BTreeMap::new();
    };

    let mut vars = BTreeMap::new();
    for (key, node) in table.entries() {
        match &node.value {
            reader::NodeValue::String(value) => {
                vars.insert(key.clone(), value.clone());
            }
            _ => table.report(
                node.line,
                key,
                format!("expected a string, found {}", node.type_name()),
                Some("currency = \"USD\""),
            ),
        }
    }
    vars
}

fn read_checkout(table: TableReader<'_>) -> Option<CheckoutConfig> {
    let example = "currency = \"usd\"";
    let currency =
        table
            .string("currency", example)
            .and_then(|code| match Currency::parse(&code) {
                Ok(currency) => Some(currency),
                Err(error) => {
                    let line = table.node("currency").map_or(table.line(), |n| n.line);
                    table.report(line, "currency", error.to_string(), Some(example));
                    None
                }
            });
    let max_quantity = table
        .opt_integer("max_quantity", 1, 1_000_000, "max_quantity = 999")
        .unwrap_or(999) as u64;
    let low_stock_threshold = table
        .opt_integer(
            "low_stock_threshold",
            0,
            1_000_000,
            "low_stock_threshold = 3",
        )
        .unwrap_or(3);
    table.finish();

    Some(CheckoutConfig {
        currency: currency?,
        max_quantity,
        low_stock_threshold,
    })
}

fn read_cache(table: Option<TableReader<'_>>) -> CacheConfig {
    let mut cache = CacheConfig {
        ttl: Duration::from_secs(30),
        max_entries: 10_000,
    };
    let Some(table) = table else {
        return cache;
    };

    if let Some(ttl) = table.opt_duration("ttl", "ttl = \"30s\"") {
        cache.ttl = ttl;
    }
    if let Some(max) = table.opt_integer("max_entries", 1, 10_000_000, "max_entries = 10000") {
        cache.max_entries = max as u64;
    }
    table.finish();
    cache
}

fn read_agents(root: &TableReader<'_>) -> Vec<Agent> {
    let example = "[[agents]]\nname = \"chatgpt\"\ntoken_env = \"KASSA_AGENT_TOKEN\"";
    let tables = root.tables("agents", example);
    if tables.is_empty() {
        root.report(
            root.line(),
            "agents",
            "at least one agent is required, or no agent can call kassa",
            Some(example),
        );
    }

    let mut agents = Vec::new();
    for table in tables {
        let name = table.string("name", "name = \"chatgpt\"");
        let token = read_secret(&table, "token", "token_env = \"KASSA_AGENT_TOKEN\"");
        if let Some(Secret(value)) = &token {
            if value.len() < 16 {
                let line = table
                    .node("token")
                    .or(table.node("token_env"))
                    .map_or(table.line(), |n| n.line);
                table.report(
                    line,
                    "token",
                    "agent tokens must be at least 16 characters",
                    Some("token_env = \"KASSA_AGENT_TOKEN\""),
                );
            }
        }
        table.finish();
        if let (Some(name), Some(token)) = (name, token) {
            agents.push(Agent { name, token });
        }
    }
    agents
}

fn read_fulfillment(root: &TableReader<'_>) -> Vec<FulfillmentOptionConfig> {
    let example = "[[fulfillment_options]]\nid = \"standard\"\ntype = \"shipping\"\ntitle = \"Standard shipping\"\nsubtotal = \"5.00\"\ntax = \"1.00\"";
    let mut options = Vec::new();
    for table in root.tables("fulfillment_options", example) {
        let id = table.string("id", "id = \"standard\"");
        let kind = table.opt_choice("type", &["shipping", "digital"]);
        if table.node("type").is_none() {
            table.report(
                table.line(),
                "type",
                "missing required key",
                Some("type = \"shipping\""),
            );
        }
        let title = table.string("title", "title = \"Standard shipping\"");
        let description = table.opt_string("description", "description = \"3-5 business days\"");
        let carrier = table.opt_string("carrier", "carrier = \"DHL\"");
        let subtotal = read_amount(&table, "subtotal", root);
        let tax = read_amount(&table, "tax", root);
        table.finish();

        let kind = match kind.as_deref() {
            Some("digital") => FulfillmentKind::Digital,
            Some(_) => FulfillmentKind::Shipping,
            None => continue,
        };
        if let (Some(id), Some(title), Some(subtotal), Some(tax)) = (id, title, subtotal, tax) {
            options.push(FulfillmentOptionConfig {
                id,
                kind,
                title,
                description,
                carrier,
                subtotal,
                tax,
            });
        }
    }
    options
}

/// Reads a money amount in major units ("5.00") in the checkout currency.
fn read_amount(table: &TableReader<'_>, key: &str, root: &TableReader<'_>) -> Option<i64> {
    let example = format!("{key} = \"5.00\"");
    let text = table
        .opt_string(key, &example)
        .unwrap_or_else(|| "0".to_string());
    let currency = root
        .node("checkout")
        .and_then(|node| match &node.value {
            reader::NodeValue::Table(entries) => {
                entries.iter().find(|(k, _)| k == "currency").cloned()
            }
            _ => None,
        })
        .and_then(|(_, node)| match node.value {
            reader::NodeValue::String(code) => Currency::parse(&code).ok(),
            _ => None,
        })?;

    let line = table.node(key).map_or(table.line(), |n| n.line);
    let amount = parse_decimal(&text).and_then(|decimal| currency.to_minor(decimal));
    match amount {
        Ok(minor) if minor >= 0 => Some(minor),
        Ok(_) => {
            table.report(line, key, "amount must not be negative", Some(&example));
            None
        }
        Err(error) => {
            table.report(line, key, error.to_string(), Some(&example));
            None
        }
    }
}

fn read_links(root: &TableReader<'_>) -> Vec<LinkConfig> {
    let example = "[[links]]\ntype = \"terms_of_use\"\nurl = \"https://shop.example.com/terms\"";
    let mut links = Vec::new();
    for table in root.tables("links", example) {
        let kind = table.opt_choice("type", LINK_TYPES);
        if table.node("type").is_none() {
            table.report(
                table.line(),
                "type",
                "missing required key",
                Some("type = \"terms_of_use\""),
            );
        }
        let title = table.opt_string("title", "title = \"Terms of use\"");
        let url = table.string("url", "url = \"https://shop.example.com/terms\"");
        if let Some(url) = &url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                let line = table.node("url").map_or(table.line(), |n| n.line);
                table.report(
                    line,
                    "url",
                    "links must be absolute http(s) URLs",
                    Some("url = \"https://shop.example.com/terms\""),
                );
            }
        }
        table.finish();
        if let (Some(kind), Some(url)) = (kind, url) {
            links.push(LinkConfig { kind, title, url });
        }
    }
    links
}

const HANDLER_FIELDS: &[&str] = &[
    "id",
    "name",
    "version",
    "spec",
    "requires_delegate_payment",
    "requires_pci_compliance",
    "psp",
    "config_schema",
    "instrument_schemas",
    "config",
];

fn read_handlers(root: &TableReader<'_>) -> Vec<Value> {
    let example = "[[payment_handlers]]\nid = \"card\"\nname = \"dev.acp.tokenized.card\"\nversion = \"2026-04-17\"\n...";
    let mut handlers = Vec::new();
    let tables = root.tables("payment_handlers", example);
    if tables.is_empty() {
        root.report(
            root.line(),
            "payment_handlers",
            "at least one payment handler is required, or every complete is rejected",
            Some(example),
        );
    }
    for table in tables {
        let mut object = serde_json::Map::new();
        for field in HANDLER_FIELDS
            .iter()
            .chain(["display_name", "display_order"].iter())
        {
            match table.node(field) {
                Some(node) => {
                    object.insert(field.to_string(), node.to_json());
                }
                None if HANDLER_FIELDS.contains(field) => {
                    table.report(
                        table.line(),
                        field,
                        "missing required payment handler field",
                        Some(example),
                    );
                }
                None => {}
            }
        }
        check_handler_config(&table, &object);
        table.finish();
        handlers.push(Value::Object(object));
    }
    handlers
}

fn check_handler_config(table: &TableReader<'_>, handler: &serde_json::Map<String, Value>) {
    let Some(config) = handler.get("config") else {
        return;
    };
    for key in ["merchant_id", "psp"] {
        if config.get(key).and_then(Value::as_str).is_none() {
            let line = table.node("config").map_or(table.line(), |n| n.line);
            table.report(
                line,
                &format!("config.{key}"),
                "payment handler config must contain this string",
                Some("config = { merchant_id = \"acct_123\", psp = \"stripe\" }"),
            );
        }
    }
    let version = handler.get("version").and_then(Value::as_str).unwrap_or("");
    let well_formed = version.len() == 10
        && version.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        let line = table.node("version").map_or(table.line(), |n| n.line);
        table.report(
            line,
            "version",
            "handler version must be a date, YYYY-MM-DD",
            Some("version = \"2026-04-17\""),
        );
    }
}

fn read_discovery(table: Option<TableReader<'_>>) -> DiscoveryConfig {
    let Some(table) = table else {
        return DiscoveryConfig::default();
    };
    let documentation_url = table.opt_string(
        "documentation_url",
        "documentation_url = \"https://shop.example.com/acp-docs\"",
    );
    table.finish();
    DiscoveryConfig { documentation_url }
}
