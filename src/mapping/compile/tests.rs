use super::*;

const VALID: &str = r#"
[mapping]
name = "test shop"

[operations.product]
[[operations.product.steps]]
name = "read"
path = "/products/{item.id}"
[[operations.product.steps.fail]]
status = [404]
outcome = "not_found"
message = "$.detail"
[operations.product.result]
title = "$.steps.read.name"
currency = { value = "EUR" }
unit_amount = "$.steps.read.price"
available = { path = "$.steps.read.stock", map = { in = true }, otherwise = false }

[operations.order_create]
[operations.order_create.generate]
token = "hex32"
[[operations.order_create.steps]]
name = "add"
for_each = "session.lines"
method = "POST"
path = "/basket/"
headers = { "Session-Id" = "SID:{generated.token}" }
body = { id = "{line.item_id}", quantity = "{line.quantity}" }
capture = { basket = "$.url" }
[[operations.order_create.steps]]
name = "checkout"
method = "POST"
path = "/checkout/"
body = { basket = "{captures.basket}", email = "{session.email}", lines = { each = "session.lines", item = { q = "{line.quantity}" } } }
[operations.order_create.result]
order_id = "$.steps.checkout.number"
permalink_url = { format = "{shop.base_url}/orders/{captures.basket}" }
"#;

fn problems(text: &str) -> Vec<Problem> {
    compile("m.toml", text).expect_err("mapping should be rejected")
}

#[test]
fn valid_mapping_compiles() {
    let mapping = compile("m.toml", VALID).unwrap();
    assert_eq!(mapping.product.steps.len(), 1);
    assert_eq!(mapping.order_create.steps.len(), 2);
    assert!(mapping.order_create.steps[0].for_each.is_some());
    assert_eq!(mapping.order_create.generate.len(), 1);
}

#[test]
fn all_problems_reported_in_one_run() {
    let broken = VALID
        .replace("name = \"read\"\n", "name = \"read\"\ncolour = \"red\"\n")
        .replace("\"$.steps.read.name\"", "\"$.steps[\"")
        .replace(
            "{captures.basket}\", email",
            "{captures.basket_url}\", email",
        );
    let found = problems(&broken);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().any(
        |p| p.key == "operations.product.steps[0].colour" && p.message.contains("unknown key")
    ));
    assert!(found
        .iter()
        .any(|p| p.key == "operations.product.result.title"
            && p.message.contains("invalid JSONPath")));
    assert!(found
        .iter()
        .any(|p| p.message.contains("capture `basket_url` is not defined")));
    assert!(found.iter().all(|p| p.line > 0 && p.file == "m.toml"));
}

#[test]
fn problem_lines_point_at_the_key() {
    let broken = VALID.replace("outcome = \"not_found\"", "outcome = \"gone\"");
    let found = problems(&broken);
    let line = VALID
        .lines()
        .position(|l| l.starts_with("outcome = "))
        .unwrap()
        + 1;
    assert_eq!(found[0].line, line);
    assert!(
        found[0].message.contains("not_found"),
        "{}",
        found[0].message
    );
}

#[test]
fn missing_operation_is_reported() {
    let start = VALID.find("[operations.order_create]").unwrap();
    let found = problems(&VALID[..start]);
    assert!(found
        .iter()
        .any(|p| p.key == "operations.order_create" && p.example.is_some()));
}

#[test]
fn line_is_only_available_inside_for_each() {
    let broken = VALID.replace(
        "path = \"/checkout/\"",
        "path = \"/checkout/{line.item_id}\"",
    );
    let found = problems(&broken);
    assert!(
        found[0].message.contains("`line` is not available here"),
        "{}",
        found[0].message
    );
}

#[test]
fn missing_required_result_field_is_reported() {
    let broken = VALID.replace("unit_amount = \"$.steps.read.price\"\n", "");
    let found = problems(&broken);
    assert_eq!(found[0].key, "operations.product.result.unit_amount");
}

#[test]
fn item_is_not_available_in_orders() {
    let broken = VALID.replace("path = \"/checkout/\"", "path = \"/checkout/{item.id}\"");
    assert!(problems(&broken)[0]
        .message
        .contains("`item` is not available here"));
}

#[test]
fn shipped_mappings_compile() {
    for file in ["mappings/woocommerce.toml", "mappings/oscar.toml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        if let Err(problems) = load(&path) {
            panic!("{file}: {problems:#?}");
        }
    }
}
