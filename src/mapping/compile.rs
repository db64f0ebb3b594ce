//! Compiles a mapping file into a [`Mapping`], collecting every problem.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path as FsPath;

use http::{HeaderName, Method};
use serde_json::Value;

use super::template::{BodyTemplate, Reference, TemplateString};
use super::transform::{Field, FieldType, MoneyUnit, Path, Source};
use super::{
    Capture, CaptureSource, FailRule, Generator, Mapping, Operation, OperationKind, Outcome, Step,
};
use crate::config::reader::{self, Node, NodeValue, Problem, Problems, TableReader};

/// A result field an operation can declare: name, type, and whether the
/// mapping must declare it.
struct FieldSpec {
    name: &'static str,
    field_type: FieldType,
    required: bool,
}

const fn spec(name: &'static str, field_type: FieldType, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        field_type,
        required,
    }
}

const PRODUCT_FIELDS: &[FieldSpec] = &[
    spec("title", FieldType::String, true),
    spec("currency", FieldType::String, true),
    spec("unit_amount", FieldType::Money, true),
    spec("unit_tax", FieldType::Money, false),
    spec("available", FieldType::Boolean, true),
    spec("stock_quantity", FieldType::Integer, false),
    spec("has_variants", FieldType::Boolean, false),
    spec("variant_ids", FieldType::List, false),
    spec("requires_shipping", FieldType::Boolean, false),
    spec("image_url", FieldType::String, false),
    spec("description", FieldType::String, false),
    spec("product_id", FieldType::String, false),
    spec("variant_id", FieldType::String, false),
    spec("sku", FieldType::String, false),
];

const ORDER_FIELDS: &[FieldSpec] = &[
    spec("order_id", FieldType::String, true),
    spec("order_number", FieldType::String, false),
    spec("permalink_url", FieldType::String, true),
    spec("status", FieldType::String, false),
    spec("charged_total", FieldType::Money, false),
];

/// Second-level names under `session.` that order templates may use.
const SESSION_FIELDS: &[&str] = &[
    "id",
    "currency",
    "currency_upper",
    "buyer",
    "email",
    "phone_number",
    "address",
    "contact",
    "fulfillment",
    "fulfillment_major",
    "fulfillment_lines",
    "totals",
    "totals_major",
    "lines",
    "payment",
    "refs",
    "order_notes",
];

const SHOP_FIELDS: &[&str] = &["base_url", "host", "port", "vars"];

const STEP_EXAMPLE: &str = "[[operations.product.steps]]\nname = \"read\"\nmethod = \"GET\"\npath = \"/api/products/{item.id}/\"";

/// Loads and compiles the mapping file at `path`.
pub fn load(path: &FsPath) -> Result<Mapping, Vec<Problem>> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| {
        vec![Problem {
            file: file.clone(),
            line: 0,
            key: "(file)".to_string(),
            message: format!("cannot read the mapping file: {error}"),
            example: None,
        }]
    })?;
    compile(&file, &text)
}

/// Compiles mapping text as if read from `file`.
pub fn compile(file: &str, text: &str) -> Result<Mapping, Vec<Problem>> {
    let root = reader::parse(file, text).map_err(|problem| vec![problem])?;
    let problems = Problems::default();
    let mut var_refs = Vec::new();
    let mapping = compile_root(&TableReader::new(file, "", &root, &problems), &mut var_refs);
    match mapping {
        Some(mut mapping) if problems.is_empty() => {
            mapping.var_refs = var_refs;
            Ok(mapping)
        }
        _ => Err(problems.into_vec()),
    }
}

fn compile_root(root: &TableReader<'_>, var_refs: &mut Vec<(String, usize)>) -> Option<Mapping> {
    let meta = root.table("mapping", "[mapping]\nname = \"WooCommerce REST API v3\"");
    let name = meta
        .as_ref()
        .and_then(|m| m.string("name", "name = \"WooCommerce REST API v3\""));
    if let Some(meta) = &meta {
        meta.opt_string("description", "description = \"...\"");
        meta.finish();
    }

    let operations = root.table(
        "operations",
        "[operations.product]\n...\n[operations.order_create]\n...",
    );
    let (product, order_create) = match &operations {
        Some(ops) => {
            let product = compile_operation(ops, OperationKind::Product, var_refs);
            let order = compile_operation(ops, OperationKind::OrderCreate, var_refs);
            ops.finish();
            (product, order)
        }
        None => (None, None),
    };
    root.finish();

    Some(Mapping {
        file: root.file().to_string(),
        name: name?,
        product: product?,
        order_create: order_create?,
        var_refs: Vec::new(),
    })
}

/// The references a template may use at one place in the mapping.
#[derive(Clone)]
struct RefContext {
    kind: OperationKind,
    /// Extra roots bound here (`line` inside a `for_each` step or `each`).
    bindings: Vec<String>,
    captures: BTreeSet<String>,
    generated: BTreeSet<String>,
    steps: BTreeSet<String>,
}

impl RefContext {
    /// Returns the problem with `reference`, if any.
    fn check(&self, reference: &Reference) -> Option<String> {
        let second = reference.segments.get(1).map(String::as_str);
        match reference.root() {
            "item" if self.kind == OperationKind::Product => match second {
                Some("id") if reference.segments.len() == 2 => None,
                _ => Some("`item` has one field: `item.id`".to_string()),
            },
            "session" if self.kind == OperationKind::OrderCreate => match second {
                Some(name) if SESSION_FIELDS.contains(&name) => None,
                _ => Some(format!(
                    "`session.` is followed by one of: {}",
                    SESSION_FIELDS.join(", ")
                )),
            },
            "shop" => match second {
                Some("vars") if reference.segments.len() == 3 => None,
                Some(name) if SHOP_FIELDS.contains(&name) && name != "vars" => None,
                _ => Some("`shop.` is followed by base_url, host, port or vars.NAME".to_string()),
            },
            "captures" => self.check_name(
                second,
                &self.captures,
                "capture",
                "an earlier step's `capture` table",
            ),
            "generated" => self.check_name(
                second,
                &self.generated,
                "generated value",
                "the operation's `generate` table",
            ),
            "steps" => self.check_name(second, &self.steps, "step", "an earlier step"),
            root if self.bindings.iter().any(|b| b == root) => None,
            root => Some(format!(
                "`{root}` is not available here; use one of: {}",
                self.roots().join(", ")
            )),
        }
    }

    /// Returns a valid reference close to `reference`, or a snippet that
    /// defines the missing name, as the example for a reference problem.
    fn example(&self, reference: &Reference) -> String {
        let name = reference.segments.get(1).map_or("", String::as_str);
        let nearest = |root: &str, names: Vec<&str>| {
            reader::closest(name, names).map(|found| format!("{{{root}.{found}}}"))
        };
        fn defined(names: &BTreeSet<String>) -> Vec<&str> {
            names.iter().map(String::as_str).collect()
        }
        let found = match reference.root() {
            "captures" => nearest("captures", defined(&self.captures)),
            "generated" => nearest("generated", defined(&self.generated)),
            "steps" => nearest("steps", defined(&self.steps)),
            "session" if self.kind == OperationKind::OrderCreate => {
                nearest("session", SESSION_FIELDS.to_vec())
            }
            "shop" => nearest("shop", vec!["base_url", "host", "port"]),
            _ => None,
        };
        found.unwrap_or_else(|| match (reference.root(), self.kind) {
            ("captures", _) => "capture = { order_id = \"$.id\" }".to_string(),
            ("generated", _) => "generate = { token = \"hex32\" }".to_string(),
            (_, OperationKind::Product) => "{item.id}".to_string(),
            (_, OperationKind::OrderCreate) => "{session.id}".to_string(),
        })
    }

    fn check_name(
        &self,
        name: Option<&str>,
        known: &BTreeSet<String>,
        what: &str,
        where_: &str,
    ) -> Option<String> {
        match name {
            Some(name) if known.contains(name) => None,
            Some(name) => Some(format!("{what} `{name}` is not defined by {where_}")),
            None => Some(format!("name a {what} after the dot")),
        }
    }

    fn roots(&self) -> Vec<String> {
        let first = match self.kind {
            OperationKind::Product => "item",
            OperationKind::OrderCreate => "session",
        };
        let mut roots: Vec<String> = [first, "shop", "captures", "generated", "steps"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        roots.extend(self.bindings.iter().cloned());
        roots
    }
}

fn compile_operation(
    ops: &TableReader<'_>,
    kind: OperationKind,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<Operation> {
    let example = format!(
        "[operations.{}]\n[[operations.{}.steps]]\n...",
        kind.name(),
        kind.name()
    );
    let table = ops.table(kind.name(), &example)?;
    let generate = compile_generate(table.opt_table("generate"));
    let mut context = RefContext {
        kind,
        bindings: Vec::new(),
        captures: BTreeSet::new(),
        generated: generate.iter().map(|(name, _)| name.clone()).collect(),
        steps: BTreeSet::new(),
    };

    let step_tables = table.tables("steps", STEP_EXAMPLE);
    if step_tables.is_empty() {
        table.report(
            table.line(),
            "steps",
            "an operation needs at least one step",
            Some(STEP_EXAMPLE),
        );
    }
    let mut steps = Vec::new();
    for step_table in &step_tables {
        if let Some(step) = compile_step(step_table, &mut context, var_refs) {
            steps.push(step);
        }
    }

    let specs = match kind {
        OperationKind::Product => PRODUCT_FIELDS,
        OperationKind::OrderCreate => ORDER_FIELDS,
    };
    let result = compile_result(&table, specs, &context, var_refs);
    let save = table
        .opt_strings("save", "save = [\"basket\"]")
        .unwrap_or_default();
    for name in &save {
        if !context.captures.contains(name) {
            let line = table.node("save").map_or(table.line(), |n| n.line);
            table.report(
                line,
                "save",
                format!("`{name}` is not a capture of any step"),
                Some("save = [\"basket\"]"),
            );
        }
    }
    table.finish();

    let all_steps_compiled = steps.len() == step_tables.len();
    (all_steps_compiled && !steps.is_empty()).then_some(Operation {
        kind,
        generate,
        steps,
        result: result?,
        save,
    })
}

fn compile_generate(table: Option<TableReader<'_>>) -> Vec<(String, Generator)> {
    let Some(table) = table else {
        return Vec::new();
    };

    let mut generated = Vec::new();
    for (name, node) in table.entries() {
        let generator = match &node.value {
            NodeValue::String(kind) => match kind.as_str() {
                "hex32" => Some(Generator::Hex32),
                "uuid" => Some(Generator::Uuid),
                "timestamp" => Some(Generator::Timestamp),
                "unix" => Some(Generator::Unix),
                _ => None,
            },
            _ => None,
        };
        match generator {
            Some(generator) => generated.push((name.clone(), generator)),
            None => table.report(
                node.line,
                name,
                "a generated value is one of: hex32, uuid, timestamp, unix",
                Some("session_token = \"hex32\""),
            ),
        }
    }
    generated
}

fn compile_step(
    table: &TableReader<'_>,
    context: &mut RefContext,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<Step> {
    let name = table.string("name", "name = \"add_to_basket\"");
    let method = compile_method(table);
    let for_each = compile_for_each(table, context);

    let mut step_context = context.clone();
    if for_each.is_some() {
        step_context.bindings.push("line".to_string());
    }
    let path = compile_path(table, &step_context, var_refs);
    let query = compile_string_table(
        table,
        "query",
        &step_context,
        var_refs,
        "query = { per_page = \"100\" }",
    );
    let header_templates = compile_string_table(
        table,
        "headers",
        &step_context,
        var_refs,
        "headers = { \"Session-Id\" = \"SID:ANON:{shop.host}:{generated.token}\" }",
    );
    let headers = compile_header_names(table, header_templates);
    let body = table
        .node("body")
        .and_then(|node| compile_body(table, "body", node, &step_context, var_refs));
    let captures = compile_captures(table);
    let fail = compile_fail_rules(table);
    table.finish();

    let name = name?;
    if context.steps.contains(&name) {
        table.report(
            table.line(),
            "name",
            format!("step name `{name}` is used twice in this operation"),
            None,
        );
    }
    context.steps.insert(name.clone());
    context.captures.extend(declared_captures(table));

    Some(Step {
        name,
        line: table.line(),
        for_each,
        method: method?,
        path: path?,
        query,
        headers,
        body,
        captures,
        fail,
    })
}

fn compile_method(table: &TableReader<'_>) -> Option<Method> {
    let text = table.opt_choice("method", &["GET", "POST", "PUT", "PATCH", "DELETE"]);
    match (text, table.node("method")) {
        (Some(text), _) => text.parse().ok(),
        (None, None) => Some(Method::GET),
        (None, Some(_)) => None,
    }
}

fn compile_for_each(table: &TableReader<'_>, context: &RefContext) -> Option<Reference> {
    let example = "for_each = \"session.lines\"";
    let text = table.opt_string("for_each", example)?;
    let line = table.node("for_each").map_or(table.line(), |n| n.line);
    if context.kind != OperationKind::OrderCreate || text != "session.lines" {
        table.report(
            line,
            "for_each",
            "only `session.lines` can be iterated, in order_create steps",
            Some(example),
        );
        return None;
    }
    Some(Reference {
        segments: vec!["session".to_string(), "lines".to_string()],
    })
}

fn compile_path(
    table: &TableReader<'_>,
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<TemplateString> {
    let example = "path = \"/api/products/{item.id}/\"";
    let text = table.string("path", example)?;
    let line = table.node("path").map_or(table.line(), |n| n.line);
    if !text.starts_with('/') || text.contains('?') || text.contains('#') {
        table.report(
            line,
            "path",
            "a path starts with `/` and has no query or fragment (use `query`)",
            Some(example),
        );
        return None;
    }
    compile_template(table, "path", &text, line, context, var_refs)
}

fn compile_template(
    table: &TableReader<'_>,
    key: &str,
    text: &str,
    line: usize,
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<TemplateString> {
    let template = match TemplateString::parse(text) {
        Ok(template) => template,
        Err(message) => {
            table.report(line, key, message, Some("\"/api/products/{item.id}/\""));
            return None;
        }
    };

    let mut valid = true;
    for reference in template.references() {
        if let Some(problem) = context.check(reference) {
            table.report(
                line,
                key,
                format!("`{{{}}}`: {problem}", reference.text()),
                Some(&context.example(reference)),
            );
            valid = false;
        }
        if reference.root() == "shop"
            && reference.segments.get(1).map(String::as_str) == Some("vars")
        {
            var_refs.push((reference.segments[2].clone(), line));
        }
    }
    valid.then_some(template)
}

fn compile_string_table(
    table: &TableReader<'_>,
    key: &str,
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
    example: &str,
) -> Vec<(String, TemplateString)> {
    let Some(sub) = table.opt_table(key) else {
        return Vec::new();
    };

    let mut templates = Vec::new();
    for (name, node) in sub.entries() {
        let NodeValue::String(text) = &node.value else {
            sub.report(
                node.line,
                name,
                format!("expected a string, found {}", node.type_name()),
                Some(example),
            );
            continue;
        };
        if let Some(template) = compile_template(&sub, name, text, node.line, context, var_refs) {
            templates.push((name.clone(), template));
        }
    }
    templates
}

fn compile_header_names(
    table: &TableReader<'_>,
    templates: Vec<(String, TemplateString)>,
) -> Vec<(HeaderName, TemplateString)> {
    let mut headers = Vec::new();
    for (name, template) in templates {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(header) => headers.push((header, template)),
            Err(_) => table.report(
                table.line(),
                &format!("headers.{name}"),
                "not a valid HTTP header name",
                Some("\"X-Api-Key\" = \"...\""),
            ),
        }
    }
    headers
}

fn compile_body(
    table: &TableReader<'_>,
    key: &str,
    node: &Node,
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<BodyTemplate> {
    match &node.value {
        NodeValue::String(text) => {
            compile_template(table, key, text, node.line, context, var_refs).map(BodyTemplate::Text)
        }
        NodeValue::Array(items) => {
            let compiled: Vec<BodyTemplate> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    compile_body(table, &format!("{key}[{i}]"), item, context, var_refs)
                })
                .collect();
            (compiled.len() == items.len()).then_some(BodyTemplate::Array(compiled))
        }
        NodeValue::Table(entries) if entries.iter().any(|(k, _)| k == "each") => {
            compile_each(table, key, node, context, var_refs)
        }
        NodeValue::Table(entries) => {
            let mut compiled = Vec::new();
            let mut valid = true;
            for (name, child) in entries {
                match compile_body(table, &format!("{key}.{name}"), child, context, var_refs) {
                    Some(template) => compiled.push((name.clone(), template)),
                    None => valid = false,
                }
            }
            valid.then_some(BodyTemplate::Object(compiled))
        }
        _ => Some(BodyTemplate::Constant(node.to_json())),
    }
}

fn compile_each(
    table: &TableReader<'_>,
    key: &str,
    node: &Node,
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<BodyTemplate> {
    let example = "line_items = { each = \"session.lines\", as = \"line\", item = { product_id = \"{line.product_id}\" } }";
    let each = TableReader::new(table.file(), &table.key_path(key), node, table.problems());
    let list_text = each.string("each", example);
    let binding = each
        .opt_string("as", example)
        .unwrap_or_else(|| "line".to_string());
    let item_node = each.node("item");
    if item_node.is_none() {
        each.report(each.line(), "item", "missing required key", Some(example));
    }
    each.finish();

    let list = list_text.and_then(|text| {
        let template = compile_template(
            &each,
            "each",
            &format!("{{{text}}}"),
            node.line,
            context,
            var_refs,
        )?;
        let reference = template.references().next().cloned();
        reference
    });
    let mut item_context = context.clone();
    item_context.bindings.push(binding.clone());
    let item = compile_body(&each, "item", item_node?, &item_context, var_refs);
    Some(BodyTemplate::Each {
        list: list?,
        binding,
        item: Box::new(item?),
    })
}

/// Names in the step's `capture` table, valid or not, so a bad capture is
/// reported once and not again at every use.
fn declared_captures(table: &TableReader<'_>) -> Vec<String> {
    let Some(NodeValue::Table(entries)) = table.node("capture").map(|node| &node.value) else {
        return Vec::new();
    };
    entries.iter().map(|(name, _)| name.clone()).collect()
}

fn compile_captures(table: &TableReader<'_>) -> Vec<Capture> {
    let example = "capture = { basket = \"$.url\", token = \"header:Session-Id\" }";
    let Some(sub) = table.opt_table("capture") else {
        return Vec::new();
    };

    let mut captures = Vec::new();
    for (name, node) in sub.entries() {
        let NodeValue::String(text) = &node.value else {
            sub.report(
                node.line,
                name,
                "expected a JSONPath or `header:NAME` string",
                Some(example),
            );
            continue;
        };
        let source = match text.strip_prefix("header:") {
            Some(header) => HeaderName::from_bytes(header.trim().as_bytes())
                .map(CaptureSource::Header)
                .map_err(|_| format!("`{header}` is not a valid header name")),
            None => Path::compile(text)
                .map(CaptureSource::Body)
                .map_err(|error| format!("invalid JSONPath `{text}`: {error}")),
        };
        match source {
            Ok(source) => captures.push(Capture {
                name: name.clone(),
                source,
            }),
            Err(message) => sub.report(node.line, name, message, Some(example)),
        }
    }
    captures
}

fn compile_fail_rules(table: &TableReader<'_>) -> Vec<FailRule> {
    let example = "[[operations.product.steps.fail]]\nstatus = [404]\noutcome = \"not_found\"\nmessage = \"$.detail\"";
    let mut rules = Vec::new();
    for rule in table.tables("fail", example) {
        let status = compile_statuses(&rule);
        let when = compile_path_key(&rule, "when", "when = \"$.errors[0]\"");
        let message = compile_path_key(&rule, "message", "message = \"$.detail\"");
        let equals = rule.opt_string(
            "equals",
            "equals = \"woocommerce_rest_product_out_of_stock\"",
        );
        if equals.is_some() && rule.node("when").is_none() {
            rule.report(
                rule.line(),
                "equals",
                "`equals` compares the value selected by `when`; add `when`",
                Some("when = \"$.code\""),
            );
        }
        let outcome = rule
            .opt_choice("outcome", Outcome::NAMES)
            .and_then(|text| Outcome::parse(&text));
        if rule.node("outcome").is_none() {
            rule.report(
                rule.line(),
                "outcome",
                "missing required key",
                Some("outcome = \"not_found\""),
            );
        }
        if status.is_empty()
            && rule.node("status").is_none()
            && when.is_none()
            && rule.node("when").is_none()
        {
            rule.report(
                rule.line(),
                "status",
                "a fail rule needs `status`, `when`, or both",
                Some(example),
            );
        }
        rule.finish();
        if let Some(outcome) = outcome {
            rules.push(FailRule {
                status,
                when,
                equals,
                outcome,
                message,
                line: rule.line(),
            });
        }
    }
    rules
}

fn compile_statuses(rule: &TableReader<'_>) -> Vec<u16> {
    let example = "status = [404, 410]";
    let Some(node) = rule.node("status") else {
        return Vec::new();
    };
    // One status may be written without brackets: `status = 404`.
    let items = match &node.value {
        NodeValue::Array(items) => items.as_slice(),
        NodeValue::Integer(_) => std::slice::from_ref(node),
        _ => {
            rule.report(
                node.line,
                "status",
                format!(
                    "expected a status code or an array of them, found {}",
                    node.type_name()
                ),
                Some(example),
            );
            return Vec::new();
        }
    };

    let mut statuses = Vec::new();
    for item in items {
        match item.value {
            NodeValue::Integer(code) if (100..=599).contains(&code) => statuses.push(code as u16),
            _ => rule.report(
                item.line,
                "status",
                "each status is an integer from 100 to 599",
                Some(example),
            ),
        }
    }
    statuses
}

fn compile_path_key(table: &TableReader<'_>, key: &str, example: &str) -> Option<Path> {
    let text = table.opt_string(key, example)?;
    match Path::compile(&text) {
        Ok(path) => Some(path),
        Err(error) => {
            let line = table.node(key).map_or(table.line(), |n| n.line);
            table.report(
                line,
                key,
                format!("invalid JSONPath `{text}`: {error}"),
                Some(example),
            );
            None
        }
    }
}

fn compile_result(
    table: &TableReader<'_>,
    specs: &[FieldSpec],
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<Vec<Field>> {
    let example = "[operations.product.result]\ntitle = \"$.steps.read.name\"";
    let result = table.table("result", example)?;
    let mut fields = Vec::new();
    let mut result_context = context.clone();
    result_context.bindings.clear();

    for spec in specs {
        let field_example = format!("{} = \"$.steps.read.{}\"", spec.name, spec.name);
        result.remember_example(spec.name, &field_example);
        match result.node(spec.name) {
            Some(node) => {
                if let Some(field) = compile_field(&result, spec, node, &result_context, var_refs) {
                    fields.push(field);
                }
            }
            None if spec.required => result.report(
                result.line(),
                spec.name,
                "missing required result field",
                Some(&field_example),
            ),
            None => {}
        }
    }
    result.finish();
    Some(fields)
}

fn compile_field(
    result: &TableReader<'_>,
    spec: &FieldSpec,
    node: &Node,
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
) -> Option<Field> {
    let example = format!(
        "{} = {{ path = \"$.steps.read.{}\" }}",
        spec.name, spec.name
    );
    let mut field = Field {
        name: spec.name.to_string(),
        source: Source::Constant(Value::Null),
        field_type: spec.field_type,
        default: None,
        map: BTreeMap::new(),
        otherwise: None,
        money_unit: MoneyUnit::Major,
        line: node.line,
    };

    if let NodeValue::String(text) = &node.value {
        field.source = compile_source_path(result, spec.name, text, node.line, &example)?;
        return Some(field);
    }

    let table = TableReader::new(
        result.file(),
        &result.key_path(spec.name),
        node,
        result.problems(),
    );
    let source = compile_source(&table, context, var_refs, &example);
    field.default = table.node("default").map(Node::to_json);
    field.otherwise = table.node("otherwise").map(Node::to_json);
    field.map = compile_map(&table);
    if let Some(unit) = table.opt_choice("unit", &["major", "minor"]) {
        if spec.field_type != FieldType::Money {
            table.report(
                table.line(),
                "unit",
                "`unit` applies to money fields only",
                None,
            );
        }
        field.money_unit = if unit == "minor" {
            MoneyUnit::Minor
        } else {
            MoneyUnit::Major
        };
    }
    table.finish();

    field.source = source?;
    Some(field)
}

fn compile_source_path(
    table: &TableReader<'_>,
    key: &str,
    text: &str,
    line: usize,
    example: &str,
) -> Option<Source> {
    match Path::compile(text) {
        Ok(path) => Some(Source::Path(path)),
        Err(error) => {
            table.report(
                line,
                key,
                format!("invalid JSONPath `{text}`: {error}"),
                Some(example),
            );
            None
        }
    }
}

fn compile_source(
    table: &TableReader<'_>,
    context: &RefContext,
    var_refs: &mut Vec<(String, usize)>,
    example: &str,
) -> Option<Source> {
    let path = table.opt_string("path", example);
    let value = table.node("value");
    let format = table.opt_string(
        "format",
        "format = \"{shop.base_url}/orders/{captures.order_id}/\"",
    );
    let given = [path.is_some(), value.is_some(), format.is_some()]
        .iter()
        .filter(|b| **b)
        .count();
    if given != 1 {
        table.report(
            table.line(),
            "path",
            "a field needs exactly one of `path`, `value` or `format`",
            Some(example),
        );
        return None;
    }

    if let Some(text) = path {
        let line = table.node("path").map_or(table.line(), |n| n.line);
        return compile_source_path(table, "path", &text, line, example);
    }
    if let Some(node) = value {
        return Some(Source::Constant(node.to_json()));
    }
    let text = format?;
    let line = table.node("format").map_or(table.line(), |n| n.line);
    compile_template(table, "format", &text, line, context, var_refs).map(Source::Format)
}

fn compile_map(table: &TableReader<'_>) -> BTreeMap<String, Value> {
    let Some(map) = table.opt_table("map") else {
        return BTreeMap::new();
    };
    map.entries()
        .iter()
        .map(|(key, node)| (key.clone(), node.to_json()))
        .collect()
}

#[cfg(test)]
mod tests;
