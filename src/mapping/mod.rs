//! The mapping language: how kassa talks to one shop platform, declared in
//! a TOML file under `mappings/` and compiled once at start-up.
//!
//! A mapping declares operations (`product`, `order_create`). Each operation
//! is a workflow: an ordered list of HTTP steps whose requests are built from
//! templates, whose responses are checked by failure rules and captured for
//! later steps, and a `result` table that extracts the operation's output
//! with JSONPath and transforms. Compilation checks every JSONPath, template
//! reference and key, and reports all problems with file, line and key.

mod compile;
pub mod scope;
pub mod template;
pub mod transform;

use http::{HeaderName, Method};

pub use compile::load;
use template::{BodyTemplate, Reference, TemplateString};
use transform::{Field, Path};

/// A compiled mapping file.
#[derive(Clone, Debug)]
pub struct Mapping {
    pub file: String,
    /// Human-readable name of the platform, such as "WooCommerce REST API v3".
    pub name: String,
    /// Reads one purchasable item by its ACP item id.
    pub product: Operation,
    /// Creates the order in the shop at complete.
    pub order_create: Operation,
    /// Names used as `shop.vars.NAME`, with their lines, checked against the config.
    pub var_refs: Vec<(String, usize)>,
}

/// Which operation a workflow implements; decides its scope and result fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationKind {
    Product,
    OrderCreate,
}

impl OperationKind {
    pub fn name(self) -> &'static str {
        match self {
            OperationKind::Product => "product",
            OperationKind::OrderCreate => "order_create",
        }
    }
}

/// One compiled operation.
#[derive(Clone, Debug)]
pub struct Operation {
    pub kind: OperationKind,
    /// Values generated once per run, available as `generated.NAME`.
    pub generate: Vec<(String, Generator)>,
    pub steps: Vec<Step>,
    pub result: Vec<Field>,
    /// Captures stored on the session after a successful run, as `session.refs.NAME`.
    pub save: Vec<String>,
}

impl Operation {
    /// Returns the result field `name`, if the mapping declares it.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.result.iter().find(|field| field.name == name)
    }
}

/// A value generated fresh for each operation run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Generator {
    /// 32 random lower-case hex characters (128 bits).
    Hex32,
    /// A random UUID v4 in canonical hyphenated form.
    Uuid,
    /// The current time, RFC 3339 in UTC.
    Timestamp,
    /// The current time in whole seconds since the Unix epoch.
    Unix,
}

/// One HTTP request of a workflow and the rules for its response.
#[derive(Clone, Debug)]
pub struct Step {
    pub name: String,
    pub line: usize,
    /// Run once per element of this list, bound as `line`.
    pub for_each: Option<Reference>,
    pub method: Method,
    /// Path template; each reference is percent-encoded as one path segment.
    pub path: TemplateString,
    pub query: Vec<(String, TemplateString)>,
    pub headers: Vec<(HeaderName, TemplateString)>,
    /// JSON body template, sent with `Content-Type: application/json`.
    pub body: Option<BodyTemplate>,
    pub captures: Vec<Capture>,
    pub fail: Vec<FailRule>,
}

/// A value taken from a step's response for later steps and the result.
#[derive(Clone, Debug)]
pub struct Capture {
    pub name: String,
    pub source: CaptureSource,
}

#[derive(Clone, Debug)]
pub enum CaptureSource {
    /// JSONPath on the response body.
    Body(Path),
    /// A response header.
    Header(HeaderName),
}

/// A rule that turns a shop response into a failure.
#[derive(Clone, Debug)]
pub struct FailRule {
    /// Matching statuses; empty means any status.
    pub status: Vec<u16>,
    /// JSONPath predicate on the body; matches when it selects a truthy value.
    pub when: Option<Path>,
    /// With `when`: the rule matches only when a selected value's text equals this.
    pub equals: Option<String>,
    pub outcome: Outcome,
    /// JSONPath to the shop's own message text.
    pub message: Option<Path>,
    pub line: usize,
}

impl FailRule {
    /// True when the rule applies to this response.
    pub fn matches(&self, status: u16, body: &serde_json::Value) -> bool {
        let status_matches = self.status.is_empty() || self.status.contains(&status);
        let body_matches = match (&self.when, &self.equals) {
            (None, _) => true,
            (Some(path), None) => path.matches(body),
            (Some(path), Some(expected)) => path
                .select(body)
                .into_iter()
                .any(|value| template::scalar_text(value).as_deref() == Some(expected.as_str())),
        };
        status_matches && body_matches
    }
}

/// The meaning of a shop failure for the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The item or object does not exist.
    NotFound,
    /// Not enough stock for a line.
    OutOfStock,
    /// The shop rejected the data kassa sent (address, email...).
    Invalid,
    /// A temporary failure; retry later.
    Unavailable,
    /// Anything else the shop got wrong.
    Error,
}

impl Outcome {
    pub const NAMES: &'static [&'static str] = &[
        "not_found",
        "out_of_stock",
        "invalid",
        "unavailable",
        "error",
    ];

    fn parse(text: &str) -> Option<Outcome> {
        Some(match text {
            "not_found" => Outcome::NotFound,
            "out_of_stock" => Outcome::OutOfStock,
            "invalid" => Outcome::Invalid,
            "unavailable" => Outcome::Unavailable,
            "error" => Outcome::Error,
            _ => return None,
        })
    }
}
