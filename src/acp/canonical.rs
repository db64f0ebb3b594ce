//! Canonical JSON for idempotency: two request bodies are the same request
//! when their canonical forms are equal. Object keys are sorted, numbers
//! with the same value compare equal (`1.0` equals `1`), `null` differs from
//! an absent key, and array order matters.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Writes `value` in canonical form.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

/// SHA-256 (hex) of the canonical form of `body`; `None` hashes an absent body.
pub fn body_hash(body: Option<&Value>) -> String {
    let text = body.map(canonical).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => out.push_str(&value.to_string()),
        Value::Number(number) => out.push_str(&canonical_number(number)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(object) => {
            let mut keys: Vec<&String> = object.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_value(&object[key], out);
            }
            out.push('}');
        }
    }
}

/// Integers print as integers; a float with no fraction prints as the
/// integer it equals; other floats print in their shortest exact form.
fn canonical_number(number: &serde_json::Number) -> String {
    if number.is_i64() || number.is_u64() {
        return number.to_string();
    }
    match crate::money::parse_decimal(&number.to_string()) {
        Ok(decimal) => decimal.normalize().to_string(),
        Err(_) => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_is_ignored() {
        assert_eq!(
            canonical(&json!({"b": 1, "a": [1, 2]})),
            canonical(&json!({"a": [1, 2], "b": 1}))
        );
    }

    #[test]
    fn one_point_zero_equals_one() {
        let a: Value = serde_json::from_str(r#"{"q": 1.0}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"q": 1}"#).unwrap();
        assert_eq!(body_hash(Some(&a)), body_hash(Some(&b)));
    }

    #[test]
    fn null_differs_from_absent() {
        assert_ne!(
            body_hash(Some(&json!({"buyer": null}))),
            body_hash(Some(&json!({})))
        );
    }

    #[test]
    fn array_order_matters() {
        assert_ne!(canonical(&json!([1, 2])), canonical(&json!([2, 1])));
    }

    #[test]
    fn fractions_keep_their_value() {
        let a: Value = serde_json::from_str("2.50").unwrap();
        let b: Value = serde_json::from_str("2.5").unwrap();
        assert_eq!(canonical(&a), canonical(&b));
        assert_ne!(canonical(&a), canonical(&json!(2)));
    }
}
