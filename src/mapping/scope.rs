//! The values a running operation can refer to, by root name: `item`,
//! `line`, `session`, `shop`, `captures`, `generated` and `steps`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::template::Reference;

/// Named JSON roots; cheap to clone because values are shared.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    roots: BTreeMap<String, Arc<Value>>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// Returns a copy of the scope with `name` bound to `value`.
    pub fn with(&self, name: &str, value: Value) -> Scope {
        let mut scope = self.clone();
        scope.roots.insert(name.to_string(), Arc::new(value));
        scope
    }

    /// Binds `name` to `value` in place.
    pub fn set(&mut self, name: &str, value: Value) {
        self.roots.insert(name.to_string(), Arc::new(value));
    }

    /// Returns the root value `name`, if bound.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.roots.get(name).map(|value| value.as_ref())
    }

    /// Follows a dotted reference; numeric segments index arrays.
    pub fn lookup(&self, reference: &Reference) -> Option<&Value> {
        let mut value = self.get(reference.root())?;
        for segment in &reference.segments[1..] {
            value = match value {
                Value::Object(object) => object.get(segment)?,
                Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value)
    }

    /// Returns the whole scope as one JSON object, for result JSONPaths (`$.steps.x`).
    pub fn to_json(&self) -> Value {
        let object: Map<String, Value> = self
            .roots
            .iter()
            .map(|(name, value)| (name.clone(), value.as_ref().clone()))
            .collect();
        Value::Object(object)
    }
}
