//! Result fields: where a value comes from (a JSONPath, a constant or a
//! format string) and the closed set of transforms applied to it (default,
//! enum map, then coercion to the field's type, money included).

use std::collections::BTreeMap;

use jsonpath_rust::parser::model::JpQuery;
use jsonpath_rust::query::js_path_process;
use serde_json::Value;

use super::scope::Scope;
use super::template::{scalar_text, TemplateString};
use crate::money::{decimal_from_json, Currency};

/// A compiled JSONPath with its source text for messages.
#[derive(Clone, Debug)]
pub struct Path {
    pub text: String,
    query: JpQuery,
}

impl Path {
    /// Compiles `text`; the error is the parser's message.
    pub fn compile(text: &str) -> Result<Path, String> {
        let query =
            jsonpath_rust::parser::parse_json_path(text).map_err(|error| error.to_string())?;
        Ok(Path {
            text: text.to_string(),
            query,
        })
    }

    /// Returns every value the path selects in `document`.
    pub fn select<'a>(&self, document: &'a Value) -> Vec<&'a Value> {
        js_path_process(&self.query, document)
            .map(|refs| refs.into_iter().map(|r| r.val()).collect())
            .unwrap_or_default()
    }

    /// Returns the first selected value that is not null.
    pub fn first<'a>(&self, document: &'a Value) -> Option<&'a Value> {
        self.select(document).into_iter().find(|v| !v.is_null())
    }

    /// True when the path selects something other than null, `false`, `""` or an empty array.
    pub fn matches(&self, document: &Value) -> bool {
        self.select(document).into_iter().any(|value| match value {
            Value::Null | Value::Bool(false) => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            _ => true,
        })
    }
}

/// The type a result field is coerced to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Boolean,
    /// Money in the currency of the result; see [`MoneyUnit`].
    Money,
    /// A list of strings.
    List,
}

/// Whether a shop's money values are in major units ("12.50") or minor units (1250).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyUnit {
    Major,
    Minor,
}

/// The source of a field's value.
#[derive(Clone, Debug)]
pub enum Source {
    Path(Path),
    Constant(Value),
    Format(TemplateString),
}

/// One compiled result field.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub source: Source,
    pub field_type: FieldType,
    /// Used when the source yields nothing or null.
    pub default: Option<Value>,
    /// Enum map, keyed by the text form of the source value.
    pub map: BTreeMap<String, Value>,
    /// Used when `map` has no key for the value; without it the value passes through.
    pub otherwise: Option<Value>,
    pub money_unit: MoneyUnit,
    /// Line of the field in the mapping file, for runtime messages.
    pub line: usize,
}

/// Typed field values after transforms.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    String(String),
    Integer(i64),
    Boolean(bool),
    /// Minor units.
    Money(i64),
    List(Vec<String>),
}

impl Field {
    /// Extracts and transforms the field. `Ok(None)` means absent;
    /// `Err` explains why the value cannot be used.
    pub fn evaluate(
        &self,
        document: &Value,
        scope: &Scope,
        currency: Option<Currency>,
    ) -> Result<Option<FieldValue>, String> {
        let raw = self
            .extract(document, scope)
            .filter(|value| !is_blank(value));
        // `default` is already a final value, so it does not go through `map`.
        let mapped = match raw {
            Some(raw) => self.apply_map(raw),
            None => match &self.default {
                Some(default) => default.clone(),
                None => return Ok(None),
            },
        };
        if mapped.is_null() {
            return Ok(None);
        }
        self.coerce(&mapped, currency).map(Some)
    }

    fn extract(&self, document: &Value, scope: &Scope) -> Option<Value> {
        match &self.source {
            Source::Constant(value) => Some(value.clone()),
            Source::Format(template) => template.render(scope),
            Source::Path(path) if self.field_type == FieldType::List => {
                let values: Vec<Value> = path.select(document).into_iter().cloned().collect();
                match values.as_slice() {
                    [] => None,
                    [Value::Array(items)] => Some(Value::Array(items.clone())),
                    _ => Some(Value::Array(values)),
                }
            }
            Source::Path(path) => path.first(document).cloned(),
        }
    }

    fn apply_map(&self, value: Value) -> Value {
        if self.map.is_empty() {
            return value;
        }
        let key = scalar_text(&value).unwrap_or_default();
        match self.map.get(&key) {
            Some(mapped) => mapped.clone(),
            None => self.otherwise.clone().unwrap_or(value),
        }
    }

    fn coerce(&self, value: &Value, currency: Option<Currency>) -> Result<FieldValue, String> {
        match self.field_type {
            FieldType::String => scalar_text(value)
                .map(FieldValue::String)
                .ok_or_else(|| format!("expected text, found {value}")),
            FieldType::Integer => to_integer(value).map(FieldValue::Integer),
            FieldType::Boolean => to_boolean(value).map(FieldValue::Boolean),
            FieldType::Money => self.to_money(value, currency),
            FieldType::List => Ok(FieldValue::List(to_list(value))),
        }
    }

    fn to_money(&self, value: &Value, currency: Option<Currency>) -> Result<FieldValue, String> {
        if self.money_unit == MoneyUnit::Minor {
            return to_integer(value).map(FieldValue::Money);
        }
        let currency = currency.ok_or("the result has no currency to read money in")?;
        let decimal = decimal_from_json(value).map_err(|error| error.to_string())?;
        currency
            .to_minor(decimal)
            .map(FieldValue::Money)
            .map_err(|error| error.to_string())
    }
}

/// Empty or all-space text counts as no value ("price": "" in WooCommerce).
fn is_blank(value: &Value) -> bool {
    matches!(value, Value::String(text) if text.trim().is_empty())
}

fn to_integer(value: &Value) -> Result<i64, String> {
    let fail = || format!("expected a whole number, found {value}");
    match value {
        Value::Number(number) => {
            if let Some(i) = number.as_i64() {
                return Ok(i);
            }
            let decimal = crate::money::parse_decimal(&number.to_string()).map_err(|_| fail())?;
            if decimal.fract().is_zero() {
                i64::try_from(decimal.trunc()).map_err(|_| fail())
            } else {
                Err(fail())
            }
        }
        Value::String(text) => text.trim().parse::<i64>().map_err(|_| fail()),
        _ => Err(fail()),
    }
}

fn to_boolean(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
        Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Ok(true),
            "false" | "no" | "0" | "" => Ok(false),
            _ => Err(format!(
                "expected true or false, found {value}; add a `map` for this value"
            )),
        },
        _ => Err(format!("expected true or false, found {value}")),
    }
}

fn to_list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
        other => scalar_text(other).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(source: Source, field_type: FieldType) -> Field {
        Field {
            name: "f".to_string(),
            source,
            field_type,
            default: None,
            map: BTreeMap::new(),
            otherwise: None,
            money_unit: MoneyUnit::Major,
            line: 1,
        }
    }

    fn path(text: &str) -> Source {
        Source::Path(Path::compile(text).unwrap())
    }

    #[test]
    fn money_from_decimal_string() {
        let eur = Currency::parse("EUR").ok();
        let f = field(path("$.price"), FieldType::Money);
        let value = f
            .evaluate(&json!({"price": "39.99"}), &Scope::new(), eur)
            .unwrap();
        assert_eq!(value, Some(FieldValue::Money(3999)));
    }

    #[test]
    fn money_without_currency_fails() {
        let f = field(path("$.price"), FieldType::Money);
        assert!(f
            .evaluate(&json!({"price": "1.00"}), &Scope::new(), None)
            .is_err());
    }

    #[test]
    fn enum_map_with_otherwise() {
        let mut f = field(path("$.stock_status"), FieldType::Boolean);
        f.map.insert("instock".to_string(), json!(true));
        f.otherwise = Some(json!(false));
        let doc = json!({"stock_status": "onbackorder"});
        assert_eq!(
            f.evaluate(&doc, &Scope::new(), None).unwrap(),
            Some(FieldValue::Boolean(false))
        );
    }

    #[test]
    fn default_skips_the_map() {
        let mut f = field(path("$.virtual"), FieldType::Boolean);
        f.map.insert("true".to_string(), json!(false));
        f.map.insert("false".to_string(), json!(true));
        f.default = Some(json!(true));
        assert_eq!(
            f.evaluate(&json!({}), &Scope::new(), None).unwrap(),
            Some(FieldValue::Boolean(true))
        );
        assert_eq!(
            f.evaluate(&json!({"virtual": true}), &Scope::new(), None)
                .unwrap(),
            Some(FieldValue::Boolean(false))
        );
    }

    #[test]
    fn default_applies_to_null() {
        let mut f = field(path("$.num"), FieldType::Integer);
        f.default = Some(json!(7));
        assert_eq!(
            f.evaluate(&json!({"num": null}), &Scope::new(), None)
                .unwrap(),
            Some(FieldValue::Integer(7))
        );
    }

    #[test]
    fn absent_without_default_is_none() {
        let f = field(path("$.num"), FieldType::Integer);
        assert_eq!(f.evaluate(&json!({}), &Scope::new(), None).unwrap(), None);
    }

    #[test]
    fn integer_coercion_rejects_fractions() {
        let f = field(path("$.n"), FieldType::Integer);
        assert_eq!(
            f.evaluate(&json!({"n": "12"}), &Scope::new(), None)
                .unwrap(),
            Some(FieldValue::Integer(12))
        );
        assert_eq!(
            f.evaluate(&json!({"n": 3.0}), &Scope::new(), None).unwrap(),
            Some(FieldValue::Integer(3))
        );
        assert!(f.evaluate(&json!({"n": 2.5}), &Scope::new(), None).is_err());
    }

    #[test]
    fn list_from_wildcard() {
        let f = field(path("$.children[*].id"), FieldType::List);
        let doc = json!({"children": [{"id": 7}, {"id": 8}]});
        assert_eq!(
            f.evaluate(&doc, &Scope::new(), None).unwrap(),
            Some(FieldValue::List(vec!["7".to_string(), "8".to_string()]))
        );
    }

    #[test]
    fn path_predicate_matches() {
        let p = Path::compile("$.errors").unwrap();
        assert!(p.matches(&json!({"errors": ["x"]})));
        assert!(!p.matches(&json!({"errors": []})));
        assert!(!p.matches(&json!({"ok": true})));
    }

    #[test]
    fn bad_jsonpath_is_rejected() {
        assert!(Path::compile("$[").is_err());
        assert!(Path::compile("price").is_err());
    }
}
