//! A TOML reader that remembers line numbers and collects every problem.
//!
//! Config and mapping files are parsed into a [`Node`] tree with the line of
//! each key. Readers pull keys by name. A missing or mistyped key, or a key
//! that no reader requested, is recorded as a [`Problem`] with file, line,
//! dotted key and a valid example, so one start-up run reports all of them.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// One problem in a config or mapping file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    /// Dotted key path, such as `shop.auth.type`.
    pub key: String,
    pub message: String,
    /// A valid value or snippet for the key.
    pub example: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: `{}`: {}",
            self.file, self.line, self.key, self.message
        )?;
        if let Some(example) = &self.example {
            let indented = example.replace('\n', "\n             ");
            write!(f, "\n    example: {indented}")?;
        }
        Ok(())
    }
}

/// All problems found in one or more files; empty means the files are valid.
#[derive(Debug, Default)]
pub struct Problems {
    items: RefCell<Vec<Problem>>,
}

impl Problems {
    pub fn push(&self, problem: Problem) {
        self.items.borrow_mut().push(problem);
    }

    pub fn is_empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.items.into_inner()
    }

    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }
}

/// A parsed TOML value with the line it starts on.
#[derive(Clone, Debug)]
pub struct Node {
    pub line: usize,
    pub value: NodeValue,
}

#[derive(Clone, Debug)]
pub enum NodeValue {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    /// Dates and times, kept as their TOML text.
    Datetime(String),
    Array(Vec<Node>),
    Table(Vec<(String, Node)>),
}

impl Node {
    /// Returns the TOML type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            NodeValue::String(_) => "a string",
            NodeValue::Integer(_) => "an integer",
            NodeValue::Float(_) => "a float",
            NodeValue::Boolean(_) => "a boolean",
            NodeValue::Datetime(_) => "a date-time",
            NodeValue::Array(_) => "an array",
            NodeValue::Table(_) => "a table",
        }
    }

    /// Converts the node to JSON (tables become objects, dates strings).
    pub fn to_json(&self) -> Value {
        match &self.value {
            NodeValue::String(s) | NodeValue::Datetime(s) => Value::String(s.clone()),
            NodeValue::Integer(i) => Value::from(*i),
            NodeValue::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
            NodeValue::Boolean(b) => Value::Bool(*b),
            NodeValue::Array(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Table(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, node)| (key.clone(), node.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Parses TOML text into a [`Node`] tree; a syntax error becomes one problem.
pub fn parse(file: &str, text: &str) -> Result<Node, Problem> {
    let document = toml_edit::Document::parse(text).map_err(|error| Problem {
        file: file.to_string(),
        line: error.span().map_or(1, |span| line_of(text, span.start)),
        key: "(syntax)".to_string(),
        message: error.message().trim().to_string(),
        example: None,
    })?;

    let lines = LineIndex::new(text);
    Ok(convert_table(document.as_table(), 1, &lines))
}

struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: Option<std::ops::Range<usize>>, fallback: usize) -> usize {
        match offset {
            Some(span) => self.starts.partition_point(|start| *start <= span.start),
            None => fallback,
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line(Some(offset..offset), 1)
}

fn convert_table(table: &toml_edit::Table, line: usize, lines: &LineIndex) -> Node {
    let line = lines.line(table.span(), line);
    let entries = table
        .iter()
        .map(|(key, item)| {
            let key_line = table
                .get_key_value(key)
                .map_or(line, |(k, _)| lines.line(k.span(), line));
            (key.to_string(), convert_item(item, key_line, lines))
        })
        .collect();
    Node {
        line,
        value: NodeValue::Table(entries),
    }
}

fn convert_item(item: &toml_edit::Item, line: usize, lines: &LineIndex) -> Node {
    match item {
        toml_edit::Item::Value(value) => convert_value(value, line, lines),
        toml_edit::Item::Table(table) => convert_table(table, line, lines),
        toml_edit::Item::ArrayOfTables(array) => Node {
            line,
            value: NodeValue::Array(
                array
                    .iter()
                    .map(|table| convert_table(table, line, lines))
                    .collect(),
            ),
        },
        toml_edit::Item::None => Node {
            line,
            value: NodeValue::Table(Vec::new()),
        },
    }
}

fn convert_value(value: &toml_edit::Value, line: usize, lines: &LineIndex) -> Node {
    let line = lines.line(value.span(), line);
    let value = match value {
        toml_edit::Value::String(s) => NodeValue::String(s.value().clone()),
        toml_edit::Value::Integer(i) => NodeValue::Integer(*i.value()),
        toml_edit::Value::Float(f) => NodeValue::Float(*f.value()),
        toml_edit::Value::Boolean(b) => NodeValue::Boolean(*b.value()),
        toml_edit::Value::Datetime(d) => NodeValue::Datetime(d.value().to_string()),
        toml_edit::Value::Array(array) => NodeValue::Array(
            array
                .iter()
                .map(|item| convert_value(item, line, lines))
                .collect(),
        ),
        toml_edit::Value::InlineTable(table) => NodeValue::Table(
            table
                .iter()
                .map(|(key, item)| {
                    let key_line = table
                        .get_key_value(key)
                        .map_or(line, |(k, _)| lines.line(k.span(), line));
                    (key.to_string(), convert_value(item, key_line, lines))
                })
                .collect(),
        ),
    };
    Node { line, value }
}

/// Reads keys of one table, recording problems in a shared [`Problems`].
pub struct TableReader<'a> {
    file: &'a str,
    path: String,
    line: usize,
    entries: &'a [(String, Node)],
    problems: &'a Problems,
    requested: RefCell<BTreeSet<String>>,
    /// Examples of the keys read so far, in reading order. An unknown key
    /// gets the example of the known key closest to it.
    examples: RefCell<Vec<(String, String)>>,
}

impl<'a> TableReader<'a> {
    /// A reader over `node`, which must be a table (else one problem is recorded).
    pub fn new(file: &'a str, path: &str, node: &'a Node, problems: &'a Problems) -> Self {
        let entries: &'a [(String, Node)] = match &node.value {
            NodeValue::Table(entries) => entries,
            _ => {
                problems.push(Problem {
                    file: file.to_string(),
                    line: node.line,
                    key: path.to_string(),
                    message: format!("expected a table, found {}", node.type_name()),
                    example: None,
                });
                &[]
            }
        };
        TableReader {
            file,
            path: path.to_string(),
            line: node.line,
            entries,
            problems,
            requested: RefCell::new(BTreeSet::new()),
            examples: RefCell::new(Vec::new()),
        }
    }

    /// Returns the dotted path of `key` inside this table.
    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn line(&self) -> usize {
        self.line
    }

    pub fn file(&self) -> &'a str {
        self.file
    }

    pub fn problems(&self) -> &'a Problems {
        self.problems
    }

    /// Records a problem at `line` for `key` of this table.
    pub fn report(
        &self,
        line: usize,
        key: &str,
        message: impl Into<String>,
        example: Option<&str>,
    ) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            key: self.key_path(key),
            message: message.into(),
            example: example.map(str::to_string),
        });
    }

    /// Returns the raw node of `key` and marks the key as known.
    pub fn node(&self, key: &str) -> Option<&'a Node> {
        self.requested.borrow_mut().insert(key.to_string());
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, node)| node)
    }

    /// Returns all entries, for free-form tables whose keys are data (headers, variables).
    pub fn entries(&self) -> &'a [(String, Node)] {
        for (key, _) in self.entries {
            self.requested.borrow_mut().insert(key.clone());
        }
        self.entries
    }

    /// Records `example` as a valid line for `key`, offered when an unknown
    /// key is close to `key`. The typed readers call this themselves.
    pub fn remember_example(&self, key: &str, example: &str) {
        let mut examples = self.examples.borrow_mut();
        if !examples.iter().any(|(known, _)| known == key) {
            examples.push((key.to_string(), example.to_string()));
        }
    }

    fn missing(&self, key: &str, example: &str) {
        self.report(self.line, key, "missing required key", Some(example));
    }

    fn wrong_type(&self, key: &str, node: &Node, expected: &str, example: &str) {
        self.report(
            node.line,
            key,
            format!("expected {expected}, found {}", node.type_name()),
            Some(example),
        );
    }

    /// Reads a required string.
    pub fn string(&self, key: &str, example: &str) -> Option<String> {
        let value = self.opt_string(key, example);
        if value.is_none() && self.node(key).is_none() {
            self.missing(key, example);
        }
        value
    }

    /// Reads an optional string.
    pub fn opt_string(&self, key: &str, example: &str) -> Option<String> {
        self.remember_example(key, example);
        let node = self.node(key)?;
        match &node.value {
            NodeValue::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(key, node, "a string", example);
                None
            }
        }
    }

    /// An optional string that must be one of `choices`.
    pub fn opt_choice(&self, key: &str, choices: &[&str]) -> Option<String> {
        let example = format!("{key} = \"{}\"", choices[0]);
        let value = self.opt_string(key, &example)?;
        if choices.contains(&value.as_str()) {
            return Some(value);
        }

        let line = self.node(key).map_or(self.line, |n| n.line);
        self.report(
            line,
            key,
            format!("`{value}` is not one of: {}", choices.join(", ")),
            Some(&example),
        );
        None
    }

    /// Reads an optional integer within `min..=max`.
    pub fn opt_integer(&self, key: &str, min: i64, max: i64, example: &str) -> Option<i64> {
        self.remember_example(key, example);
        let node = self.node(key)?;
        let NodeValue::Integer(value) = node.value else {
            self.wrong_type(key, node, "an integer", example);
            return None;
        };
        if value < min || value > max {
            self.report(
                node.line,
                key,
                format!("{value} is outside {min}..={max}"),
                Some(example),
            );
            return None;
        }
        Some(value)
    }

    /// Reads an optional boolean.
    pub fn opt_bool(&self, key: &str, example: &str) -> Option<bool> {
        self.remember_example(key, example);
        let node = self.node(key)?;
        match node.value {
            NodeValue::Boolean(b) => Some(b),
            _ => {
                self.wrong_type(key, node, "a boolean", example);
                None
            }
        }
    }

    /// Reads an optional duration written as text such as "250ms", "5s" or "24h".
    pub fn opt_duration(&self, key: &str, example: &str) -> Option<Duration> {
        let text = self.opt_string(key, example)?;
        match humantime::parse_duration(&text) {
            Ok(duration) if !duration.is_zero() => Some(duration),
            Ok(_) => {
                let line = self.node(key).map_or(self.line, |n| n.line);
                self.report(
                    line,
                    key,
                    "duration must be greater than zero",
                    Some(example),
                );
                None
            }
            Err(error) => {
                let line = self.node(key).map_or(self.line, |n| n.line);
                self.report(
                    line,
                    key,
                    format!("`{text}` is not a duration: {error}"),
                    Some(example),
                );
                None
            }
        }
    }

    /// Reads an optional array of strings.
    pub fn opt_strings(&self, key: &str, example: &str) -> Option<Vec<String>> {
        self.remember_example(key, example);
        let node = self.node(key)?;
        let NodeValue::Array(items) = &node.value else {
            self.wrong_type(key, node, "an array of strings", example);
            return None;
        };

        let mut strings = Vec::new();
        for item in items {
            match &item.value {
                NodeValue::String(s) => strings.push(s.clone()),
                _ => self.wrong_type(key, item, "a string", example),
            }
        }
        Some(strings)
    }

    /// Returns a reader for an optional sub-table.
    pub fn opt_table(&self, key: &str) -> Option<TableReader<'a>> {
        let node = self.node(key)?;
        Some(TableReader::new(
            self.file,
            &self.key_path(key),
            node,
            self.problems,
        ))
    }

    /// Returns a reader for a required sub-table.
    pub fn table(&self, key: &str, example: &str) -> Option<TableReader<'a>> {
        self.remember_example(key, example);
        let table = self.opt_table(key);
        if table.is_none() {
            self.missing(key, example);
        }
        table
    }

    /// Returns readers for an optional array of tables (`[[key]]`), each with its index in the path.
    pub fn tables(&self, key: &str, example: &str) -> Vec<TableReader<'a>> {
        self.remember_example(key, example);
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        let NodeValue::Array(items) = &node.value else {
            self.wrong_type(key, node, "an array of tables", example);
            return Vec::new();
        };

        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                TableReader::new(
                    self.file,
                    &format!("{}[{i}]", self.key_path(key)),
                    item,
                    self.problems,
                )
            })
            .collect()
    }

    /// Records every key that no reader requested for. Call after reading all keys.
    pub fn finish(&self) {
        let requested = self.requested.borrow();
        let expected: Vec<&str> = requested.iter().map(String::as_str).collect();
        let examples = self.examples.borrow();
        for (key, node) in self.entries {
            if requested.contains(key) {
                continue;
            }
            let message = if expected.is_empty() {
                format!("unknown key `{key}`; this table takes no keys")
            } else {
                format!(
                    "unknown key `{key}`; expected one of: {}",
                    expected.join(", ")
                )
            };
            let nearest = closest(key, examples.iter().map(|(known, _)| known.as_str()));
            let example = examples
                .iter()
                .find(|(known, _)| Some(known.as_str()) == nearest)
                .map(|(_, example)| example.as_str());
            self.report(node.line, key, message, example);
        }
    }
}

/// Returns the candidate with the fewest single-character edits from
/// `name`. The first of equally close candidates wins.
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .enumerate()
        .min_by_key(|(index, candidate)| (edit_distance(name, candidate), *index))
        .map(|(_, candidate)| candidate)
}

/// Counts the Levenshtein distance between `a` and `b` in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_keys() {
        let text = "a = 1\n\n[server]\nlisten = \"x\"\nport = \"y\"\n";
        let root = parse("test.toml", text).unwrap();
        let problems = Problems::default();
        let reader = TableReader::new("test.toml", "", &root, &problems);
        let server = reader.table("server", "[server]").unwrap();
        assert!(server.opt_integer("port", 1, 10, "port = 8").is_none());
        server.finish();
        reader.finish();

        let found = problems.into_vec();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!((found[0].line, found[0].key.as_str()), (5, "server.port"));
        assert_eq!((found[1].line, found[1].key.as_str()), (4, "server.listen"));
        assert_eq!((found[2].line, found[2].key.as_str()), (1, "a"));
    }

    #[test]
    fn unknown_key_gets_nearest_example() {
        let root = parse("t.toml", "[server]\nthreds = 2\n").unwrap();
        let problems = Problems::default();
        let reader = TableReader::new("t.toml", "", &root, &problems);
        let server = reader.opt_table("server").unwrap();
        server.opt_string("listen", "listen = \"127.0.0.1:8080\"");
        server.opt_integer("threads", 1, 256, "threads = 2");
        server.finish();
        let found = problems.into_vec();
        assert_eq!(found[0].key, "server.threds");
        assert_eq!(found[0].example.as_deref(), Some("threads = 2"));
    }

    #[test]
    fn closest_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("ttl", ["max_entries", "ttl"]), Some("ttl"));
        assert_eq!(closest("x", []), None);
    }

    #[test]
    fn syntax_error_has_line() {
        let problem = parse("bad.toml", "a = 1\nb = \n").unwrap_err();
        assert_eq!(problem.line, 2);
        assert_eq!(problem.file, "bad.toml");
    }

    #[test]
    fn missing_key_reports_table_line_and_example() {
        let root = parse("t.toml", "x = 1\n[shop]\n").unwrap();
        let problems = Problems::default();
        let reader = TableReader::new("t.toml", "", &root, &problems);
        let shop = reader.table("shop", "[shop]").unwrap();
        shop.string("base_url", "base_url = \"http://127.0.0.1:8081\"");
        let found = problems.into_vec();
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].key, "shop.base_url");
        assert!(found[0].example.as_deref().unwrap().contains("127.0.0.1"));
    }
}
