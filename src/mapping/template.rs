//! Templates: strings with `{scope.path}` references, and structured body
//! templates built from TOML tables and arrays.
//!
//! A reference names a value in the scope of an operation run, such as
//! `{line.quantity}` or `{captures.basket}`. A string that is exactly one
//! reference keeps the referenced JSON type (a number stays a number); any
//! other string is formatted as text. `{{` and `}}` write literal braces.
//! A reference to an absent value makes the enclosing body key, header or
//! query parameter disappear, so optional data needs no special syntax.

use serde_json::{Map, Value};

use super::scope::Scope;

/// A dotted reference into the scope, such as `session.address.city`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub segments: Vec<String>,
}

impl Reference {
    pub fn root(&self) -> &str {
        &self.segments[0]
    }

    pub fn text(&self) -> String {
        self.segments.join(".")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Reference(Reference),
}

/// A parsed template string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateString {
    parts: Vec<Part>,
}

impl TemplateString {
    /// Parses `text`, or returns a message that explains what is wrong with it.
    pub fn parse(text: &str) -> Result<TemplateString, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(format!("`{{{name}` has no closing `}}`"));
                    }
                    let reference = parse_reference(&name)
                        .ok_or_else(|| format!("`{{{name}}}` is not a reference such as `{{line.quantity}}` (write `{{{{` for a literal brace)"))?;
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Reference(reference));
                }
                '}' => return Err("a lone `}` must be written `}}`".to_string()),
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(TemplateString { parts })
    }

    /// Returns the references the template uses, for load-time checks.
    pub fn references(&self) -> impl Iterator<Item = &Reference> {
        self.parts.iter().filter_map(|part| match part {
            Part::Reference(reference) => Some(reference),
            Part::Literal(_) => None,
        })
    }

    /// Renders to JSON: a lone reference keeps its type, anything else is a
    /// string. `None` when a referenced value is absent or null.
    pub fn render(&self, scope: &Scope) -> Option<Value> {
        if let [Part::Reference(reference)] = self.parts.as_slice() {
            return scope.lookup(reference).filter(|v| !v.is_null()).cloned();
        }
        self.render_text(scope).map(Value::String)
    }

    /// Renders to text; `None` when a referenced value is absent or null.
    pub fn render_text(&self, scope: &Scope) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(literal) => text.push_str(literal),
                Part::Reference(reference) => {
                    text.push_str(&scalar_text(scope.lookup(reference)?)?)
                }
            }
        }
        Some(text)
    }

    /// Renders each reference through `encode` (used for URL path segments).
    pub fn render_encoded(
        &self,
        scope: &Scope,
        encode: impl Fn(&str) -> String,
    ) -> Result<String, String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(literal) => text.push_str(literal),
                Part::Reference(reference) => {
                    let value = scope
                        .lookup(reference)
                        .and_then(scalar_text)
                        .ok_or_else(|| format!("`{{{}}}` has no value", reference.text()))?;
                    text.push_str(&encode(&value));
                }
            }
        }
        Ok(text)
    }
}

/// Returns the text form of a scalar JSON value, or `None` for null, arrays and objects.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn parse_reference(name: &str) -> Option<Reference> {
    let segments: Vec<String> = name.trim().split('.').map(str::to_string).collect();
    let well_formed = segments.iter().all(|segment| {
        !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    well_formed.then_some(Reference { segments })
}

/// A structured body template: JSON shape with template strings at the leaves.
#[derive(Clone, Debug)]
pub enum BodyTemplate {
    /// A non-string TOML value, sent as it is.
    Constant(Value),
    Text(TemplateString),
    Object(Vec<(String, BodyTemplate)>),
    Array(Vec<BodyTemplate>),
    /// `{ each = "session.lines", as = "line", item = {...} }`: one `item`
    /// per element of the referenced list, with the element bound to `as`.
    Each {
        list: Reference,
        binding: String,
        item: Box<BodyTemplate>,
    },
}

impl BodyTemplate {
    /// Renders the template; absent values drop their key or element.
    pub fn render(&self, scope: &Scope) -> Option<Value> {
        match self {
            BodyTemplate::Constant(value) => Some(value.clone()),
            BodyTemplate::Text(template) => template.render(scope),
            BodyTemplate::Object(entries) => {
                let mut object = Map::new();
                for (key, template) in entries {
                    if let Some(value) = template.render(scope) {
                        object.insert(key.clone(), value);
                    }
                }
                Some(Value::Object(object))
            }
            BodyTemplate::Array(items) => Some(Value::Array(
                items.iter().filter_map(|item| item.render(scope)).collect(),
            )),
            BodyTemplate::Each {
                list,
                binding,
                item,
            } => {
                let elements = scope.lookup(list)?.as_array()?.clone();
                let rendered = elements
                    .into_iter()
                    .filter_map(|element| item.render(&scope.with(binding, element)))
                    .collect();
                Some(Value::Array(rendered))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope() -> Scope {
        Scope::new()
            .with("line", json!({"quantity": 2, "item_id": "42"}))
            .with("shop", json!({"host": "127.0.0.1"}))
    }

    #[test]
    fn lone_reference_keeps_type() {
        let template = TemplateString::parse("{line.quantity}").unwrap();
        assert_eq!(template.render(&scope()), Some(json!(2)));
    }

    #[test]
    fn mixed_text_is_formatted() {
        let template = TemplateString::parse("/api/products/{line.item_id}/").unwrap();
        assert_eq!(template.render(&scope()), Some(json!("/api/products/42/")));
    }

    #[test]
    fn braces_escape() {
        let template = TemplateString::parse("{{x}} {shop.host}").unwrap();
        assert_eq!(template.render(&scope()), Some(json!("{x} 127.0.0.1")));
    }

    #[test]
    fn absent_value_renders_none() {
        let template = TemplateString::parse("a-{line.missing}").unwrap();
        assert_eq!(template.render(&scope()), None);
    }

    #[test]
    fn malformed_references_are_rejected() {
        assert!(TemplateString::parse("{}").is_err());
        assert!(TemplateString::parse("{a b}").is_err());
        assert!(TemplateString::parse("x}").is_err());
        assert!(TemplateString::parse("/p/{item.id").is_err());
    }

    #[test]
    fn each_builds_one_item_per_element() {
        let scope = Scope::new().with("session", json!({"lines": [{"q": 1}, {"q": 3}]}));
        let template = BodyTemplate::Each {
            list: parse_reference("session.lines").unwrap(),
            binding: "line".to_string(),
            item: Box::new(BodyTemplate::Object(vec![(
                "quantity".to_string(),
                BodyTemplate::Text(TemplateString::parse("{line.q}").unwrap()),
            )])),
        };
        assert_eq!(
            template.render(&scope),
            Some(json!([{"quantity": 1}, {"quantity": 3}]))
        );
    }

    #[test]
    fn object_drops_absent_keys() {
        let template = BodyTemplate::Object(vec![
            (
                "a".to_string(),
                BodyTemplate::Text(TemplateString::parse("{line.quantity}").unwrap()),
            ),
            (
                "b".to_string(),
                BodyTemplate::Text(TemplateString::parse("{line.none}").unwrap()),
            ),
        ]);
        assert_eq!(template.render(&scope()), Some(json!({"a": 2})));
    }
}
