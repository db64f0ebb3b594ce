//! Validation of ACP responses against the official 2026-04-17 JSON Schema,
//! read from `$ACP_SPEC_DIR/spec/2026-04-17/json-schema/`. Without
//! `ACP_SPEC_DIR` the checks are skipped, and a note is printed once on stderr.

use std::sync::{Once, OnceLock};

use serde_json::Value;

use super::http::Response;

struct Validators {
    session: jsonschema::Validator,
    session_with_order: jsonschema::Validator,
    error: jsonschema::Validator,
    discovery: jsonschema::Validator,
}

static VALIDATORS: OnceLock<Option<Validators>> = OnceLock::new();
static SKIP_NOTE: Once = Once::new();

fn validators() -> Option<&'static Validators> {
    VALIDATORS.get_or_init(load).as_ref()
}

fn load() -> Option<Validators> {
    let dir = std::env::var("ACP_SPEC_DIR").ok()?;
    let path =
        std::path::Path::new(&dir).join("spec/2026-04-17/json-schema/schema.agentic_checkout.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "ACP_SPEC_DIR is set but {} cannot be read: {e}",
            path.display()
        )
    });
    let document: Value = serde_json::from_str(&text).unwrap();
    let build = |name: &str| {
        let mut schema = document.clone();
        schema["$ref"] = Value::String(format!("#/$defs/{name}"));
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("schema {name}: {e}"))
    };
    Some(Validators {
        session: build("CheckoutSession"),
        session_with_order: build("CheckoutSessionWithOrder"),
        error: build("Error"),
        discovery: build("DiscoveryResponse"),
    })
}

/// True when schema checks run (ACP_SPEC_DIR is set).
pub fn enabled() -> bool {
    let on = validators().is_some();
    if !on {
        SKIP_NOTE.call_once(|| eprintln!("SKIPPED: ACP_SPEC_DIR is not set; responses are not checked against the ACP JSON Schema"));
    }
    on
}

/// Validates `body` against the schema for what `path` and the status return.
pub fn check_acp_response(path: &str, response: &Response) {
    let is_acp = path.starts_with("/checkout_sessions") || path == "/.well-known/acp.json";
    if !is_acp || !enabled() {
        return;
    }
    let body: Value = serde_json::from_slice(&response.body).unwrap_or_else(|e| {
        panic!(
            "{path}: response is not JSON ({e}): {}",
            String::from_utf8_lossy(&response.body)
        )
    });
    let v = validators().unwrap();
    let (name, validator) = match () {
        _ if response.status >= 400 => ("Error", &v.error),
        _ if path == "/.well-known/acp.json" => ("DiscoveryResponse", &v.discovery),
        _ if body.get("order").is_some() => ("CheckoutSessionWithOrder", &v.session_with_order),
        _ => ("CheckoutSession", &v.session),
    };
    assert_valid(name, validator, &body);
}

/// Panics with every schema violation of `body`.
pub fn assert_valid(name: &str, validator: &jsonschema::Validator, body: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "response does not validate as {name}:\n{}\nbody: {body}",
        errors.join("\n")
    );
}

/// Number of responses checked is not tracked; this validates one value by name.
pub fn validate_named(name: &str, body: &Value) {
    let Some(v) = validators() else { return };
    let validator = match name {
        "CheckoutSession" => &v.session,
        "CheckoutSessionWithOrder" => &v.session_with_order,
        "Error" => &v.error,
        "DiscoveryResponse" => &v.discovery,
        other => panic!("no validator for {other}"),
    };
    assert_valid(name, validator, body);
}
