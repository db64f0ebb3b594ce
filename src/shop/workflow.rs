//! Runs a compiled operation against the shop: generated values, steps
//! (once, or once per session line), failure rules, captures, and the
//! result fields.

use std::collections::BTreeMap;
use std::time::Instant;

use http::{HeaderName, HeaderValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rand::Rng;
use serde_json::{Map, Value};

use super::client::{ShopClient, ShopRequest, ShopResponse};
use crate::mapping::scope::Scope;
use crate::mapping::transform::{FieldValue, MoneyUnit};
use crate::mapping::{CaptureSource, FailRule, Generator, Operation, Outcome, Step};
use crate::metrics;
use crate::money::Currency;

/// Characters left as they are in a path segment or query value: RFC 3986
/// unreserved characters except `.`, so `..` can never form a dot segment.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// The output of a successful run.
#[derive(Clone, Debug, Default)]
pub struct RunOutput {
    pub fields: BTreeMap<String, FieldValue>,
    /// Captures named in the operation's `save` list.
    pub saved: BTreeMap<String, Value>,
}

impl RunOutput {
    pub fn string(&self, name: &str) -> Option<String> {
        match self.fields.get(name)? {
            FieldValue::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.fields.get(name)? {
            FieldValue::Integer(i) | FieldValue::Money(i) => Some(*i),
            _ => None,
        }
    }

    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.fields.get(name)? {
            FieldValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    pub fn list(&self, name: &str) -> Vec<String> {
        match self.fields.get(name) {
            Some(FieldValue::List(items)) => items.clone(),
            _ => Vec::new(),
        }
    }
}

/// A failed run: what it means, and where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopFailure {
    pub outcome: Outcome,
    pub message: String,
    pub step: String,
    /// Index of the session line the failing iteration ran for.
    pub line_index: Option<usize>,
    /// True when the request may have reached the shop before it failed (a
    /// timeout or a dropped connection), so its effect is unknown.
    pub maybe_processed: bool,
}

impl ShopFailure {
    fn new(outcome: Outcome, step: &str, message: impl Into<String>) -> Self {
        ShopFailure {
            outcome,
            message: message.into(),
            step: step.to_string(),
            line_index: None,
            maybe_processed: false,
        }
    }
}

/// Runs `operation` with `scope`; `currency` reads money when the result has
/// no `currency` field of its own.
pub async fn run(
    client: &ShopClient,
    operation: &Operation,
    mut scope: Scope,
    currency: Option<Currency>,
) -> Result<RunOutput, ShopFailure> {
    scope.set("generated", generate(&operation.generate));
    let mut captures = Map::new();
    let mut responses = Map::new();

    for step in &operation.steps {
        let iterations = iterations(step, &scope);
        for (index, line) in iterations.into_iter().enumerate() {
            let mut step_scope = scope
                .with("captures", Value::Object(captures.clone()))
                .with("steps", Value::Object(responses.clone()));
            if let Some(line) = line {
                step_scope.set("line", line);
            }
            let response = run_step(client, operation, step, &step_scope)
                .await
                .map_err(|mut failure| {
                    failure.line_index = step.for_each.as_ref().map(|_| index);
                    failure
                })?;
            capture(step, &response, &mut captures);
            responses.insert(step.name.clone(), response.json);
        }
    }

    scope.set("captures", Value::Object(captures.clone()));
    scope.set("steps", Value::Object(responses));
    let fields = evaluate_result(operation, &scope, currency)?;
    let saved = operation
        .save
        .iter()
        .filter_map(|name| {
            captures
                .get(name)
                .map(|value| (name.clone(), value.clone()))
        })
        .collect();
    Ok(RunOutput { fields, saved })
}

fn generate(generators: &[(String, Generator)]) -> Value {
    let mut rng = rand::rng();
    let now = time::OffsetDateTime::now_utc();
    let values = generators.iter().map(|(name, generator)| {
        let value = match generator {
            Generator::Hex32 => Value::String(hex::encode(rng.random::<[u8; 16]>())),
            Generator::Uuid => Value::String(uuid_v4(rng.random())),
            Generator::Timestamp => Value::String(
                now.format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
            ),
            Generator::Unix => Value::from(now.unix_timestamp()),
        };
        (name.clone(), value)
    });
    Value::Object(values.collect())
}

fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn iterations(step: &Step, scope: &Scope) -> Vec<Option<Value>> {
    match &step.for_each {
        None => vec![None],
        Some(list) => scope
            .lookup(list)
            .and_then(Value::as_array)
            .map(|items| items.iter().cloned().map(Some).collect())
            .unwrap_or_default(),
    }
}

async fn run_step(
    client: &ShopClient,
    operation: &Operation,
    step: &Step,
    scope: &Scope,
) -> Result<ShopResponse, ShopFailure> {
    let request = build_request(step, scope)?;
    let started = Instant::now();
    let result = client.send(request).await;
    let elapsed = started.elapsed();

    let response = match result {
        Ok(response) => response,
        Err(error) => {
            metrics::record_shop_call(
                operation.kind.name(),
                &step.name,
                "transport_error",
                elapsed,
            );
            tracing::warn!(operation = operation.kind.name(), step = %step.name, error = %error, "shop request failed");
            let mut failure = ShopFailure::new(Outcome::Unavailable, &step.name, error.to_string());
            failure.maybe_processed = error.maybe_processed();
            return Err(failure);
        }
    };
    metrics::record_shop_call(
        operation.kind.name(),
        &step.name,
        status_class(response.status),
        elapsed,
    );
    tracing::debug!(operation = operation.kind.name(), step = %step.name, status = response.status, elapsed_ms = elapsed.as_millis() as u64, "shop request finished");

    if let Some(rule) = step
        .fail
        .iter()
        .find(|rule| rule.matches(response.status, &response.json))
    {
        return Err(rule_failure(rule, step, &response));
    }
    if !(200..300).contains(&response.status) {
        return Err(default_failure(step, &response));
    }
    Ok(response)
}

fn status_class(status: u16) -> &'static str {
    match status {
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

fn build_request(step: &Step, scope: &Scope) -> Result<ShopRequest, ShopFailure> {
    let path = step
        .path
        .render_encoded(scope, |segment| {
            utf8_percent_encode(segment, COMPONENT).to_string()
        })
        .map_err(|message| {
            ShopFailure::new(
                Outcome::Error,
                &step.name,
                format!("cannot build the request path: {message}"),
            )
        })?;

    let query: Vec<String> = step
        .query
        .iter()
        .filter_map(|(name, template)| {
            let value = template.render_text(scope)?;
            Some(format!(
                "{}={}",
                utf8_percent_encode(name, COMPONENT),
                utf8_percent_encode(&value, COMPONENT)
            ))
        })
        .collect();
    let path_and_query = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };

    let mut headers = Vec::new();
    for (name, template) in &step.headers {
        let Some(text) = template.render_text(scope) else {
            continue;
        };
        let value = HeaderValue::from_str(&text).map_err(|_| {
            ShopFailure::new(
                Outcome::Invalid,
                &step.name,
                format!(
                    "the value for header `{name}` contains characters not allowed in a header"
                ),
            )
        })?;
        headers.push((HeaderName::clone(name), value));
    }

    let body = step
        .body
        .as_ref()
        .and_then(|template| template.render(scope));
    Ok(ShopRequest {
        method: step.method.clone(),
        path_and_query,
        headers,
        body,
    })
}

fn rule_failure(rule: &FailRule, step: &Step, response: &ShopResponse) -> ShopFailure {
    let shop_message = rule
        .message
        .as_ref()
        .and_then(|path| path.first(&response.json))
        .map(message_text);
    let message = shop_message.unwrap_or_else(|| {
        format!(
            "the shop answered HTTP {} at step `{}`",
            response.status, step.name
        )
    });
    ShopFailure::new(rule.outcome, &step.name, message)
}

/// Text of a shop message value; objects and arrays keep their JSON form.
fn message_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) if items.len() == 1 => message_text(&items[0]),
        other => other.to_string(),
    }
}

fn default_failure(step: &Step, response: &ShopResponse) -> ShopFailure {
    let outcome = match response.status {
        429 | 502 | 503 | 504 => Outcome::Unavailable,
        _ => Outcome::Error,
    };
    let detail = response
        .text_excerpt
        .clone()
        .unwrap_or_else(|| truncate(&response.json.to_string(), 200));
    let mut failure = ShopFailure::new(
        outcome,
        &step.name,
        format!(
            "the shop answered HTTP {} at step `{}`: {detail}",
            response.status, step.name
        ),
    );
    // A gateway in front of the shop gave up waiting; the shop may still act.
    failure.maybe_processed = response.status == 504;
    failure
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn capture(step: &Step, response: &ShopResponse, captures: &mut Map<String, Value>) {
    for capture in &step.captures {
        let value = match &capture.source {
            CaptureSource::Body(path) => path.first(&response.json).cloned(),
            CaptureSource::Header(name) => response
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(|text| Value::String(text.to_string())),
        };
        if let Some(value) = value {
            captures.insert(capture.name.clone(), value);
        }
    }
}

fn evaluate_result(
    operation: &Operation,
    scope: &Scope,
    currency: Option<Currency>,
) -> Result<BTreeMap<String, FieldValue>, ShopFailure> {
    let document = scope.to_json();
    let mut fields = BTreeMap::new();

    let currency = match operation.field("currency") {
        Some(field) => match field.evaluate(&document, scope, None) {
            Ok(Some(FieldValue::String(code))) => Currency::parse(&code).ok(),
            _ => None,
        },
        None => currency,
    };

    for field in &operation.result {
        let needs_currency = field.field_type == crate::mapping::transform::FieldType::Money;
        match field.evaluate(&document, scope, currency) {
            Ok(Some(value)) => {
                fields.insert(field.name.clone(), value);
            }
            Ok(None) => {}
            // Without a currency (an unpriced product) a major-unit amount cannot
            // be read; the field stays absent and the product counts as unpriced.
            Err(_)
                if needs_currency && field.money_unit == MoneyUnit::Major && currency.is_none() => {
            }
            Err(message) => {
                return Err(ShopFailure::new(
                    Outcome::Error,
                    "result",
                    format!(
                        "result field `{}` (mapping line {}): {message}",
                        field.name, field.line
                    ),
                ))
            }
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_encoded() {
        let encoded = utf8_percent_encode("../admin", COMPONENT).to_string();
        assert_eq!(encoded, "%2E%2E%2Fadmin");
    }

    #[test]
    fn uuid_has_version_and_variant() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_eq!(&id[19..20], "b");
    }
}
