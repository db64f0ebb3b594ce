//! Bad requests against a real `kassa demo`: each gets the right HTTP status
//! and a flat ACP `Error`, and none of them writes anything. The shop's
//! orders and stock stay as they were, and a session read back with GET is
//! byte for byte the same.

mod common;

use common::http::Response;
use common::shop::{ShopState, SHOP_AUTH};
use common::{buyer_update, complete_body, create_body, key, Client, Kassa};
use serde_json::{json, Value};

/// Products whose stock a rejected request must leave alone.
const WATCHED: &[&str] = &["101", "102", "103", "111", "112"];

/// The fields a flat ACP `Error` may carry.
const ERROR_FIELDS: &[&str] = &["type", "code", "message", "param", "supported_versions"];

/// `max_body_bytes` in the shipped `config.toml`.
const MAX_BODY_BYTES: usize = 65536;

/// A session id of the right shape that kassa never issued.
const UNKNOWN_SESSION: &str = "cs_00000000000000000000000000000000";

/// Asserts that `response` is a flat ACP `Error` with this status, code and
/// `param` (`None`: no `param`), and returns its body.
fn assert_error(
    case: &str,
    response: &Response,
    status: u16,
    code: &str,
    param: Option<&str>,
) -> Value {
    assert_eq!(
        response.status,
        status,
        "{case}: wrong HTTP status; body: {}",
        response.text()
    );
    assert_eq!(
        response.header("Content-Type"),
        Some("application/json"),
        "{case}: an error body is JSON"
    );
    let body = response.json();
    let fields = body
        .as_object()
        .unwrap_or_else(|| panic!("{case}: the error is not a JSON object: {body}"));
    for (name, value) in fields {
        assert!(
            ERROR_FIELDS.contains(&name.as_str()),
            "{case}: `{name}` is not a field of the flat ACP Error: {body}"
        );
        assert!(
            !value.is_object(),
            "{case}: `{name}` is nested, but the ACP Error is flat: {body}"
        );
    }
    assert_eq!(
        body["type"], "invalid_request",
        "{case}: a client error has type invalid_request: {body}"
    );
    assert_eq!(body["code"], code, "{case}: wrong error code: {body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        !message.trim().is_empty(),
        "{case}: the error has no message: {body}"
    );
    assert_eq!(
        body["param"].as_str(),
        param,
        "{case}: `param` should name the field at fault: {body}"
    );
    body
}

/// POSTs a create request with `content_type` and a fresh idempotency key.
fn post_create(client: &Client, content_type: &str, body: &[u8]) -> Response {
    let idempotency_key = key("bad");
    client.post_raw(
        "/checkout_sessions",
        &[
            ("Idempotency-Key", &idempotency_key),
            ("Content-Type", content_type),
        ],
        body,
    )
}

/// Sends a JSON create `body`, asserts the error, and asserts the shop is unchanged.
fn assert_create_rejected(
    kassa: &Kassa,
    case: &str,
    body: &str,
    status: u16,
    code: &str,
    param: Option<&str>,
) -> Value {
    let before = ShopState::read(kassa, WATCHED);
    let response = post_create(&kassa.client(), "application/json", body.as_bytes());
    let error = assert_error(case, &response, status, code, param);
    before.assert_unchanged(kassa, case);
    error
}

/// Builds a create body for item 101 with `quantity` written as raw JSON text.
fn body_with_quantity(quantity: &str) -> String {
    format!(
        r#"{{"currency":"usd","capabilities":{{}},"line_items":[{{"id":"101","quantity":{quantity}}}]}}"#
    )
}

/// Builds a create body for one unit of `item_id`.
fn body_with_item(item_id: &str) -> String {
    create_body("usd", &[(item_id, 1)]).to_string()
}

fn assert_session_unchanged(client: &Client, id: &str, before: &[u8], case: &str) {
    let after = common::read_session(client, id);
    assert_eq!(
        String::from_utf8_lossy(&after),
        String::from_utf8_lossy(before),
        "{case}: the session read back with GET changed"
    );
}

#[test]
fn malformed_json_is_400() {
    let kassa = Kassa::demo();
    for body in [
        r#"{"currency":"usd","line_items":["#,
        r#"{"currency":"usd",}"#,
        "not json",
        "{\"currency\":\"usd\"} trailing",
    ] {
        let error = assert_create_rejected(
            &kassa,
            &format!("body {body:?}"),
            body,
            400,
            "invalid_json",
            None,
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("not valid JSON"),
            "body {body:?}: the message should say the JSON is invalid: {message}"
        );
    }
}

#[test]
fn non_object_body_is_400() {
    let kassa = Kassa::demo();
    for body in [
        r#"[{"id":"101","quantity":1}]"#,
        r#""101""#,
        "42",
        "null",
        "true",
    ] {
        assert_create_rejected(
            &kassa,
            &format!("body {body}"),
            body,
            400,
            "invalid_request",
            Some("$"),
        );
    }
}

#[test]
fn missing_line_items_is_400() {
    let kassa = Kassa::demo();
    let body = json!({"currency": "usd", "capabilities": {}}).to_string();
    let error = assert_create_rejected(
        &kassa,
        "no line_items",
        &body,
        400,
        "invalid_request",
        Some("$.line_items"),
    );
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("line_items"),
        "the message should name the missing field: {message}"
    );
}

#[test]
fn empty_line_items_is_400() {
    let kassa = Kassa::demo();
    let body = create_body("usd", &[]).to_string();
    assert_create_rejected(
        &kassa,
        "line_items []",
        &body,
        400,
        "invalid_request",
        Some("$.line_items"),
    );
}

#[test]
fn bad_quantities_are_400() {
    let kassa = Kassa::demo();
    for quantity in [
        "0", "-1", "1.5", "1e12", "1000", r#""2""#, "null", "true", "[1]",
    ] {
        let case = format!("quantity {quantity}");
        let error = assert_create_rejected(
            &kassa,
            &case,
            &body_with_quantity(quantity),
            400,
            "invalid_quantity",
            Some("$.line_items[0].quantity"),
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("quantity"),
            "{case}: the message should name the quantity: {message}"
        );
    }
}

#[test]
fn item_quantity_at_limit_is_accepted() {
    let kassa = Kassa::demo();
    let response = post_create(
        &kassa.client(),
        "application/json",
        body_with_quantity("999").as_bytes(),
    );
    assert_eq!(
        response.status,
        201,
        "quantity 999 is the configured max_quantity: {}",
        response.text()
    );
    assert_eq!(response.json()["line_items"][0]["quantity"], 999);
}

#[test]
fn unknown_item_ids_are_400() {
    let kassa = Kassa::demo();
    for item_id in [
        "999999",
        "../admin",
        "..",
        "101/../102",
        "../../orders",
        "101?status=draft",
        "%31%30%31",
    ] {
        let case = format!("item id {item_id:?}");
        let error = assert_create_rejected(
            &kassa,
            &case,
            &body_with_item(item_id),
            400,
            "invalid_item_id",
            Some("$.line_items[0].id"),
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(item_id),
            "{case}: the message should name the id: {message}"
        );
    }
}

#[test]
fn blank_item_ids_are_400() {
    let kassa = Kassa::demo();
    for item_id in ["", "   ", "10\n1"] {
        assert_create_rejected(
            &kassa,
            &format!("item id {item_id:?}"),
            &body_with_item(item_id),
            400,
            "invalid_item_id",
            Some("$.line_items[0].id"),
        );
    }
}

#[test]
fn parent_product_needs_variant() {
    let kassa = Kassa::demo();
    let error = assert_create_rejected(
        &kassa,
        "variable product 110",
        &body_with_item("110"),
        400,
        "variant_required",
        Some("$.line_items[0].id"),
    );
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("111") && message.contains("112"),
        "the message should list the variations to choose from: {message}"
    );
}

#[test]
fn unpriced_product_is_400() {
    let kassa = Kassa::demo();
    assert_create_rejected(
        &kassa,
        "unpriced product 105",
        &body_with_item("105"),
        400,
        "item_not_purchasable",
        Some("$.line_items[0].id"),
    );
}

#[test]
fn bad_second_line_names_its_index() {
    let kassa = Kassa::demo();
    let body = create_body("usd", &[("101", 1), ("999999", 1)]).to_string();
    assert_create_rejected(
        &kassa,
        "unknown id on line 1",
        &body,
        400,
        "invalid_item_id",
        Some("$.line_items[1].id"),
    );
}

#[test]
fn sold_out_product_blocks_payment() {
    let kassa = Kassa::demo();
    for item_id in ["103", "112"] {
        let before = ShopState::read(&kassa, WATCHED);
        let response = post_create(
            &kassa.client(),
            "application/json",
            body_with_item(item_id).as_bytes(),
        );
        assert_eq!(
            response.status,
            201,
            "item {item_id}: a sold-out item still opens a session: {}",
            response.text()
        );
        let session = response.json();
        assert_eq!(
            session["status"], "not_ready_for_payment",
            "item {item_id}: a sold-out line blocks payment"
        );
        let messages = session["messages"].as_array().expect("messages array");
        let message = messages
            .iter()
            .find(|m| m["code"] == "out_of_stock")
            .unwrap_or_else(|| panic!("item {item_id}: no out_of_stock message in {messages:?}"));
        assert_eq!(
            message["type"], "error",
            "item {item_id}: out_of_stock is an error message"
        );
        assert_eq!(
            message["param"], "$.line_items[0]",
            "item {item_id}: the message names the line"
        );
        before.assert_unchanged(&kassa, &format!("sold-out item {item_id}"));
    }
}

#[test]
fn oversized_body_is_413() {
    let kassa = Kassa::demo();
    let before = ShopState::read(&kassa, WATCHED);
    let mut body = body_with_item("101").into_bytes();
    body.resize(MAX_BODY_BYTES + 1, b' ');
    let response = post_create(&kassa.client(), "application/json", &body);
    let error = assert_error(
        "body one byte over the limit",
        &response,
        413,
        "request_too_large",
        None,
    );
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(&MAX_BODY_BYTES.to_string()),
        "the message should give the limit: {message}"
    );
    before.assert_unchanged(&kassa, "oversized body");
}

#[test]
fn body_at_size_limit_is_accepted() {
    let kassa = Kassa::demo();
    let mut body = body_with_item("101").into_bytes();
    body.resize(MAX_BODY_BYTES, b' ');
    let response = post_create(&kassa.client(), "application/json", &body);
    assert_eq!(
        response.status,
        201,
        "a body of exactly max_body_bytes is allowed: {}",
        response.text()
    );
}

#[test]
fn wrong_content_type_is_415() {
    let kassa = Kassa::demo();
    let body = body_with_item("101");
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
    ] {
        let before = ShopState::read(&kassa, WATCHED);
        let response = post_create(&kassa.client(), content_type, body.as_bytes());
        let error = assert_error(
            &format!("Content-Type {content_type}"),
            &response,
            415,
            "unsupported_media_type",
            None,
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(content_type),
            "the message should name the Content-Type it got: {message}"
        );
        before.assert_unchanged(&kassa, content_type);
    }
}

#[test]
fn missing_content_type_is_415() {
    let kassa = Kassa::demo();
    let before = ShopState::read(&kassa, WATCHED);
    let idempotency_key = key("bad");
    let response = kassa.client().post_raw(
        "/checkout_sessions",
        &[("Idempotency-Key", &idempotency_key)],
        body_with_item("101").as_bytes(),
    );
    assert_error(
        "no Content-Type",
        &response,
        415,
        "unsupported_media_type",
        None,
    );
    before.assert_unchanged(&kassa, "no Content-Type");
}

#[test]
fn json_with_charset_is_accepted() {
    let kassa = Kassa::demo();
    let response = post_create(
        &kassa.client(),
        "application/json; charset=utf-8",
        body_with_item("101").as_bytes(),
    );
    assert_eq!(
        response.status,
        201,
        "a charset parameter is allowed: {}",
        response.text()
    );
}

#[test]
fn other_currency_is_400() {
    let kassa = Kassa::demo();
    for currency in ["eur", "gbp", "xyz", ""] {
        let body = create_body(currency, &[("101", 1)]).to_string();
        let error = assert_create_rejected(
            &kassa,
            &format!("currency {currency:?}"),
            &body,
            400,
            "unsupported_currency",
            Some("$.currency"),
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("usd"),
            "currency {currency:?}: the message should name the supported currency: {message}"
        );
    }
}

#[test]
fn unknown_field_is_400() {
    let kassa = Kassa::demo();
    let cases = [
        (
            json!({"currency": "usd", "capabilities": {}, "line_items": [{"id": "101"}], "colour": "red"}),
            "$.colour",
            "colour",
        ),
        (
            json!({"currency": "usd", "capabilities": {}, "line_items": [{"id": "101", "size": "L"}]}),
            "$.line_items[0].size",
            "size",
        ),
        (
            json!({"currency": "usd", "capabilities": {}, "line_items": [{"id": "101"}], "buyer": {"email": "a@example.com", "nickname": "ada"}}),
            "$.buyer.nickname",
            "nickname",
        ),
    ];
    for (body, param, field) in cases {
        let error = assert_create_rejected(
            &kassa,
            &format!("unknown field {param}"),
            &body.to_string(),
            400,
            "invalid_request",
            Some(param),
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(field),
            "{param}: the message should name the field: {message}"
        );
    }
}

#[test]
fn api_version_missing_or_unsupported() {
    let kassa = Kassa::demo();
    for (version, code) in [
        (None, "missing_api_version"),
        (Some("2025-09-29"), "unsupported_api_version"),
        (Some("latest"), "unsupported_api_version"),
    ] {
        let case = format!("API-Version {version:?}");
        let before = ShopState::read(&kassa, WATCHED);
        let mut client = kassa.client();
        client.api_version = version.map(str::to_string);
        let response = post_create(
            &client,
            "application/json",
            body_with_item("101").as_bytes(),
        );
        let error = assert_error(&case, &response, 400, code, None);
        assert_eq!(
            error["supported_versions"],
            json!(["2026-04-17"]),
            "{case}: the error lists the supported versions"
        );
        before.assert_unchanged(&kassa, &case);
    }
}

#[test]
fn bearer_token_missing_or_wrong() {
    let kassa = Kassa::demo();
    let session_id = common::ready_session(&kassa.client(), "101", 1);
    let session_before = common::read_session(&kassa.client(), &session_id);

    let wrong_tokens = [
        None,
        Some("Bearer not-the-demo-token-0123456789"),
        Some("Bearer "),
        Some(SHOP_AUTH),
        Some("kassa-demo-token-0123456789"),
    ];
    for authorization in wrong_tokens {
        let case = format!("Authorization {authorization:?}");
        let before = ShopState::read(&kassa, WATCHED);
        let mut client = kassa.client();
        client.token = None;
        let idempotency_key = key("auth");
        let mut headers = vec![
            ("Content-Type", "application/json"),
            ("Idempotency-Key", idempotency_key.as_str()),
        ];
        if let Some(value) = authorization {
            headers.push(("Authorization", value));
        }

        let created = client.post_raw(
            "/checkout_sessions",
            &headers,
            body_with_item("101").as_bytes(),
        );
        assert_error(
            &format!("{case} on create"),
            &created,
            401,
            "unauthorized",
            None,
        );
        assert_eq!(
            created.header("WWW-Authenticate"),
            Some("Bearer"),
            "{case}: a 401 names the Bearer scheme"
        );

        let canceled = client.post_raw(
            &format!("/checkout_sessions/{session_id}/cancel"),
            &headers,
            b"{}",
        );
        assert_error(
            &format!("{case} on cancel"),
            &canceled,
            401,
            "unauthorized",
            None,
        );

        let completed = client.post_raw(
            &format!("/checkout_sessions/{session_id}/complete"),
            &headers,
            complete_body().to_string().as_bytes(),
        );
        assert_error(
            &format!("{case} on complete"),
            &completed,
            401,
            "unauthorized",
            None,
        );

        before.assert_unchanged(&kassa, &case);
    }
    assert_session_unchanged(
        &kassa.client(),
        &session_id,
        &session_before,
        "requests without a valid token",
    );
}

#[test]
fn unknown_session_is_404() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let before = ShopState::read(&kassa, WATCHED);
    let path = format!("/checkout_sessions/{UNKNOWN_SESSION}");

    let responses = [
        ("GET", client.get(&path)),
        (
            "update",
            client.post(&path, &key("u"), &buyer_update("ada@example.com")),
        ),
        (
            "complete",
            client.post(&format!("{path}/complete"), &key("c"), &complete_body()),
        ),
        (
            "cancel",
            client.post(&format!("{path}/cancel"), &key("x"), &json!({})),
        ),
    ];
    for (route, response) in responses {
        let error = assert_error(
            &format!("{route} of an unknown session"),
            &response,
            404,
            "not_found",
            None,
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(UNKNOWN_SESSION),
            "{route}: the message should name the session id: {message}"
        );
    }
    before.assert_unchanged(&kassa, "unknown session");
}

#[test]
fn unknown_handler_is_400() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 1);
    let session_before = common::read_session(&client, &id);
    let before = ShopState::read(&kassa, WATCHED);

    let mut body = complete_body();
    body["payment_data"]["handler_id"] = json!("card_unknown");
    let response = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("complete"),
        &body,
    );
    let error = assert_error(
        "handler card_unknown",
        &response,
        400,
        "invalid_payment_handler",
        Some("$.payment_data.handler_id"),
    );
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("card_tokenized"),
        "the message should list the offered handlers: {message}"
    );

    before.assert_unchanged(&kassa, "unknown payment handler");
    assert_session_unchanged(&client, &id, &session_before, "unknown payment handler");
}

#[test]
fn complete_canceled_is_405() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 1);
    let canceled = client.post(
        &format!("/checkout_sessions/{id}/cancel"),
        &key("cancel"),
        &json!({}),
    );
    assert_eq!(
        canceled.status,
        200,
        "setup: cancel failed: {}",
        canceled.text()
    );
    let session_before = common::read_session(&client, &id);
    let before = ShopState::read(&kassa, WATCHED);

    let response = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("complete"),
        &complete_body(),
    );
    assert_error(
        "complete after cancel",
        &response,
        405,
        "session_canceled",
        None,
    );

    before.assert_unchanged(&kassa, "complete after cancel");
    assert_session_unchanged(&client, &id, &session_before, "complete after cancel");
}

#[test]
fn update_completed_is_405() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 1);
    let completed = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("complete"),
        &complete_body(),
    );
    assert_eq!(
        completed.json()["status"],
        "completed",
        "setup: complete failed: {}",
        completed.text()
    );
    let session_before = common::read_session(&client, &id);
    let before = ShopState::read(&kassa, WATCHED);

    let update = json!({"line_items": [{"id": "101", "quantity": 3}]});
    let response = client.post(&format!("/checkout_sessions/{id}"), &key("update"), &update);
    assert_error(
        "update after complete",
        &response,
        405,
        "session_completed",
        None,
    );

    before.assert_unchanged(&kassa, "update after complete");
    assert_session_unchanged(&client, &id, &session_before, "update after complete");
}

#[test]
fn cancel_twice_is_405() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 1);
    let first = client.post(
        &format!("/checkout_sessions/{id}/cancel"),
        &key("cancel"),
        &json!({}),
    );
    assert_eq!(
        first.status,
        200,
        "the first cancel succeeds: {}",
        first.text()
    );
    let session_before = common::read_session(&client, &id);

    let second = client.post(
        &format!("/checkout_sessions/{id}/cancel"),
        &key("cancel"),
        &json!({}),
    );
    assert_error(
        "second cancel with a new key",
        &second,
        405,
        "session_not_cancelable",
        None,
    );
    assert_session_unchanged(&client, &id, &session_before, "second cancel");
}

#[test]
fn cancel_without_body_is_200() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 1);
    let idempotency_key = key("cancel");
    let response = client.post_raw(
        &format!("/checkout_sessions/{id}/cancel"),
        &[("Idempotency-Key", &idempotency_key)],
        b"",
    );
    assert_eq!(
        response.status,
        200,
        "cancel needs no body: {}",
        response.text()
    );
    assert_eq!(
        response.json()["status"],
        "canceled",
        "the answer is the canceled session"
    );
    let stored: Value = serde_json::from_slice(&common::read_session(&client, &id)).unwrap();
    assert_eq!(
        stored["status"], "canceled",
        "GET shows the session canceled"
    );
}

/// An update request that must be rejected, and the error it must get.
struct BadUpdate {
    case: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
    param: Option<&'static str>,
}

#[test]
fn bad_updates_leave_session() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 1);
    let session_before = common::read_session(&client, &id);
    let before = ShopState::read(&kassa, WATCHED);
    let path = format!("/checkout_sessions/{id}");

    let mut oversized = br#"{"order_notes":"x"}"#.to_vec();
    oversized.resize(MAX_BODY_BYTES + 1, b' ');
    let json = "application/json";
    let cases = [
        BadUpdate {
            case: "malformed JSON",
            content_type: json,
            body: br#"{"buyer":"#.to_vec(),
            status: 400,
            code: "invalid_json",
            param: None,
        },
        BadUpdate {
            case: "array body",
            content_type: json,
            body: b"[]".to_vec(),
            status: 400,
            code: "invalid_request",
            param: Some("$"),
        },
        BadUpdate {
            case: "unknown field",
            content_type: json,
            body: br#"{"colour":"red"}"#.to_vec(),
            status: 400,
            code: "invalid_request",
            param: Some("$.colour"),
        },
        BadUpdate {
            case: "quantity 0",
            content_type: json,
            body: br#"{"line_items":[{"id":"101","quantity":0}]}"#.to_vec(),
            status: 400,
            code: "invalid_quantity",
            param: Some("$.line_items[0].quantity"),
        },
        BadUpdate {
            case: "unknown item",
            content_type: json,
            body: br#"{"line_items":[{"id":"../admin"}]}"#.to_vec(),
            status: 400,
            code: "invalid_item_id",
            param: Some("$.line_items[0].id"),
        },
        BadUpdate {
            case: "empty line_items",
            content_type: json,
            body: br#"{"line_items":[]}"#.to_vec(),
            status: 400,
            code: "invalid_request",
            param: Some("$.line_items"),
        },
        BadUpdate {
            case: "null line_items",
            content_type: json,
            body: br#"{"line_items":null}"#.to_vec(),
            status: 400,
            code: "invalid_request",
            param: Some("$.line_items"),
        },
        BadUpdate {
            case: "text/plain",
            content_type: "text/plain",
            body: br#"{"order_notes":"x"}"#.to_vec(),
            status: 415,
            code: "unsupported_media_type",
            param: None,
        },
        BadUpdate {
            case: "oversized",
            content_type: json,
            body: oversized,
            status: 413,
            code: "request_too_large",
            param: None,
        },
    ];
    for bad in cases {
        let case = format!("update with {}", bad.case);
        let idempotency_key = key("update");
        let headers = [
            ("Idempotency-Key", idempotency_key.as_str()),
            ("Content-Type", bad.content_type),
        ];
        let response = client.post_raw(&path, &headers, &bad.body);
        assert_error(&case, &response, bad.status, bad.code, bad.param);
        assert_session_unchanged(&client, &id, &session_before, &case);
    }
    before.assert_unchanged(&kassa, "bad updates");
}
