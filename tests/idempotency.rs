//! Idempotency keys against a real `kassa demo`: required on every POST,
//! replayed byte for byte for the same request, rejected for a different
//! one, scoped to the request path, and safe under concurrent duplicates.

mod common;

use std::sync::Barrier;

use common::http::Response;
use common::shop::{orders, orders_of_session, stock};
use common::{buyer_update, complete_body, create_body, key, Client, Kassa};
use serde_json::{json, Value};

/// Number of threads that send the same create at once.
const CONCURRENT_CREATES: usize = 8;

/// Longest `Idempotency-Key` kassa accepts, in characters.
const MAX_KEY_LENGTH: usize = 255;

/// POSTs raw JSON text with `idempotency_key` and any `extra` headers.
fn post_text(
    client: &Client,
    path: &str,
    idempotency_key: &str,
    body: &str,
    extra: &[(&str, &str)],
) -> Response {
    let mut headers = vec![
        ("Idempotency-Key", idempotency_key),
        ("Content-Type", "application/json"),
    ];
    headers.extend_from_slice(extra);
    client.post_raw(path, &headers, body.as_bytes())
}

/// Asserts a 4xx flat ACP `Error` with this status and code.
fn assert_error(case: &str, response: &Response, status: u16, code: &str) -> Value {
    assert_eq!(
        response.status,
        status,
        "{case}: wrong HTTP status; body: {}",
        response.text()
    );
    let body = response.json();
    assert_eq!(
        body["type"], "invalid_request",
        "{case}: wrong error type: {body}"
    );
    assert_eq!(body["code"], code, "{case}: wrong error code: {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{case}: the error has no message: {body}"
    );
    body
}

/// Asserts that `replay` repeats `original`: same status, same body bytes,
/// and `Idempotent-Replayed: true`.
fn assert_replay(case: &str, original: &Response, replay: &Response) {
    assert_eq!(
        replay.status,
        original.status,
        "{case}: a replay keeps the original status; body: {}",
        replay.text()
    );
    assert_eq!(
        replay.text(),
        original.text(),
        "{case}: a replay returns the original body bytes"
    );
    assert_eq!(
        replay.header("Idempotent-Replayed"),
        Some("true"),
        "{case}: a replay is marked Idempotent-Replayed: true"
    );
}

#[test]
fn missing_key_is_400_on_every_post() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 2);
    let before = String::from_utf8(common::read_session(&client, &id)).unwrap();
    let orders_before = orders(&kassa).len();

    let routes = [
        (
            "create",
            "/checkout_sessions".to_string(),
            create_body("usd", &[("101", 1)]),
        ),
        (
            "update",
            format!("/checkout_sessions/{id}"),
            json!({"order_notes": "leave at the door"}),
        ),
        (
            "complete",
            format!("/checkout_sessions/{id}/complete"),
            complete_body(),
        ),
        (
            "cancel",
            format!("/checkout_sessions/{id}/cancel"),
            json!({}),
        ),
    ];
    for (route, path, body) in routes {
        let response = client.post_raw(
            &path,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        let error = assert_error(
            &format!("{route} without Idempotency-Key"),
            &response,
            400,
            "idempotency_key_required",
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("Idempotency-Key"),
            "{route}: the message should name the header: {message}"
        );
    }

    assert_eq!(
        String::from_utf8(common::read_session(&client, &id)).unwrap(),
        before,
        "requests without a key must not change the session"
    );
    assert_eq!(
        orders(&kassa).len(),
        orders_before,
        "a complete without a key must not create an order"
    );
}

#[test]
fn key_longer_than_255_is_400() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let body = create_body("usd", &[("101", 1)]).to_string();

    let too_long = "k".repeat(MAX_KEY_LENGTH + 1);
    let rejected = post_text(&client, "/checkout_sessions", &too_long, &body, &[]);
    assert_error(
        "a 256-character key",
        &rejected,
        400,
        "invalid_idempotency_key",
    );

    let longest = "k".repeat(MAX_KEY_LENGTH);
    let accepted = post_text(&client, "/checkout_sessions", &longest, &body, &[]);
    assert_eq!(
        accepted.status,
        201,
        "a 255-character key is allowed: {}",
        accepted.text()
    );
}

#[test]
fn create_replay_is_identical() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let idempotency_key = key("create");
    let body = create_body("usd", &[("101", 1)]);

    let first = client.post("/checkout_sessions", &idempotency_key, &body);
    assert_eq!(first.status, 201, "first create: {}", first.text());
    assert_eq!(
        first.header("Idempotent-Replayed"),
        None,
        "the first answer is not a replay"
    );

    let second = client.post("/checkout_sessions", &idempotency_key, &body);
    assert_replay("same key and body", &first, &second);
    assert_eq!(
        second.json()["id"],
        first.json()["id"],
        "a replay names the same session"
    );
    assert_eq!(
        second.header("Idempotency-Key"),
        Some(idempotency_key.as_str()),
        "the key is echoed on a replay"
    );
}

#[test]
fn replay_outlives_later_updates() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let idempotency_key = key("create");
    let body = create_body("usd", &[("101", 1)]);
    let first = client.post("/checkout_sessions", &idempotency_key, &body);
    let id = first.json()["id"].as_str().unwrap().to_string();

    let updated = client.post(
        &format!("/checkout_sessions/{id}"),
        &key("update"),
        &buyer_update("ada@example.com"),
    );
    assert_eq!(updated.status, 200, "update: {}", updated.text());

    let replay = client.post("/checkout_sessions", &idempotency_key, &body);
    assert_replay("create replayed after an update", &first, &replay);
}

#[test]
fn equivalent_json_is_replayed() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let idempotency_key = key("create");
    let original = r#"{"currency":"usd","capabilities":{"interventions":{"supported":[]}},"line_items":[{"id":"101","quantity":1}]}"#;
    let first = post_text(
        &client,
        "/checkout_sessions",
        &idempotency_key,
        original,
        &[],
    );
    assert_eq!(first.status, 201, "first create: {}", first.text());

    let equivalents = [
        ("keys reordered", r#"{"line_items":[{"quantity":1,"id":"101"}],"capabilities":{"interventions":{"supported":[]}},"currency":"usd"}"#),
        ("quantity 1.0", r#"{"currency":"usd","capabilities":{"interventions":{"supported":[]}},"line_items":[{"id":"101","quantity":1.0}]}"#),
        ("whitespace", "{ \"currency\" : \"usd\" ,\n \"capabilities\":{\"interventions\":{\"supported\":[ ]}}, \"line_items\":[{\"id\":\"101\",\"quantity\":1}] }"),
    ];
    for (case, body) in equivalents {
        let replay = post_text(&client, "/checkout_sessions", &idempotency_key, body, &[]);
        assert_replay(case, &first, &replay);
    }
}

#[test]
fn different_body_is_422() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let idempotency_key = key("create");
    let original =
        r#"{"currency":"usd","capabilities":{},"line_items":[{"id":"101","quantity":1}]}"#;
    let first = post_text(
        &client,
        "/checkout_sessions",
        &idempotency_key,
        original,
        &[],
    );
    assert_eq!(first.status, 201, "first create: {}", first.text());

    let conflicts = [
        (
            "another quantity",
            r#"{"currency":"usd","capabilities":{},"line_items":[{"id":"101","quantity":2}]}"#,
        ),
        (
            "another item",
            r#"{"currency":"usd","capabilities":{},"line_items":[{"id":"104","quantity":1}]}"#,
        ),
        (
            "null for an absent field",
            r#"{"currency":"usd","capabilities":{},"line_items":[{"id":"101","quantity":1}],"buyer":null}"#,
        ),
        (
            "quantity 1.5",
            r#"{"currency":"usd","capabilities":{},"line_items":[{"id":"101","quantity":1.5}]}"#,
        ),
        (
            "string quantity",
            r#"{"currency":"usd","capabilities":{},"line_items":[{"id":"101","quantity":"1"}]}"#,
        ),
    ];
    for (case, body) in conflicts {
        let response = post_text(&client, "/checkout_sessions", &idempotency_key, body, &[]);
        let error = assert_error(case, &response, 422, "idempotency_conflict");
        assert_eq!(
            response.header("Idempotent-Replayed"),
            None,
            "{case}: a conflict is not a replay"
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("new key"),
            "{case}: the message should say to use a new key: {message}"
        );
    }

    let replay = post_text(
        &client,
        "/checkout_sessions",
        &idempotency_key,
        original,
        &[],
    );
    assert_replay("original body after conflicts", &first, &replay);
}

#[test]
fn request_id_does_not_matter() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let idempotency_key = key("create");
    let body = create_body("usd", &[("101", 1)]).to_string();

    let first = post_text(
        &client,
        "/checkout_sessions",
        &idempotency_key,
        &body,
        &[("Request-Id", "req-first")],
    );
    assert_eq!(first.status, 201, "first create: {}", first.text());
    let second = post_text(
        &client,
        "/checkout_sessions",
        &idempotency_key,
        &body,
        &[("Request-Id", "req-second")],
    );
    assert_replay("same key, another Request-Id", &first, &second);
    assert_eq!(
        second.header("Request-Id"),
        Some("req-second"),
        "the replay echoes the new request's Request-Id"
    );
}

#[test]
fn key_is_scoped_to_path() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let shared = key("shared");

    let created = client.post(
        "/checkout_sessions",
        &shared,
        &create_body("usd", &[("101", 1)]),
    );
    assert_eq!(created.status, 201, "create: {}", created.text());
    let first = created.json()["id"].as_str().unwrap().to_string();
    let second = common::create_session(&client, "usd", &[("101", 1)]);

    for (id, email) in [(&first, "ada@example.com"), (&second, "grace@example.com")] {
        let updated = client.post(
            &format!("/checkout_sessions/{id}"),
            &shared,
            &buyer_update(email),
        );
        assert_eq!(
            updated.status,
            200,
            "update of {id} with a key used elsewhere: {}",
            updated.text()
        );
        assert_eq!(
            updated.header("Idempotent-Replayed"),
            None,
            "update of {id}: a key on another path is a new request"
        );
        assert_eq!(
            updated.json()["buyer"]["email"],
            email,
            "update of {id} was applied"
        );
    }

    let canceled = client.post(
        &format!("/checkout_sessions/{first}/cancel"),
        &shared,
        &json!({}),
    );
    assert_eq!(
        canceled.status,
        200,
        "cancel with a key used on create and update: {}",
        canceled.text()
    );
    assert_eq!(
        canceled.json()["status"],
        "canceled",
        "the cancel was applied, not replayed from another path"
    );
}

#[test]
fn complete_replay_keeps_one_order() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::ready_session(&client, "101", 2);
    let orders_before = orders(&kassa).len();
    let stock_before = stock(&kassa, "101")
        .as_i64()
        .expect("item 101 has managed stock");
    let idempotency_key = key("complete");
    let path = format!("/checkout_sessions/{id}/complete");

    let first = client.post(&path, &idempotency_key, &complete_body());
    assert_eq!(first.status, 200, "first complete: {}", first.text());
    assert_eq!(
        first.json()["status"],
        "completed",
        "first complete: {}",
        first.text()
    );
    let order_id = first.json()["order"]["id"].clone();

    let second = client.post(&path, &idempotency_key, &complete_body());
    assert_replay("complete with the same key", &first, &second);
    assert_eq!(
        second.json()["order"]["id"],
        order_id,
        "the replay names the same order"
    );

    let session_orders = orders_of_session(&kassa, &id);
    assert_eq!(
        session_orders.len(),
        1,
        "the shop holds one order for the session: {session_orders:?}"
    );
    assert_eq!(
        session_orders[0]["id"].to_string(),
        order_id.as_str().unwrap_or_default(),
        "the shop order is the one kassa returned"
    );
    assert_eq!(
        orders(&kassa).len(),
        orders_before + 1,
        "the shop gained exactly one order"
    );
    assert_eq!(
        stock(&kassa, "101"),
        json!(stock_before - 2),
        "stock was taken once for the two units"
    );
}

#[test]
fn replayed_4xx_is_same_4xx() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::create_session(&client, "usd", &[("101", 1)]);
    let before = String::from_utf8(common::read_session(&client, &id)).unwrap();
    let idempotency_key = key("update");
    let path = format!("/checkout_sessions/{id}");
    let body = json!({"selected_fulfillment_options": [{"type": "shipping", "option_id": "teleport", "item_ids": ["101"]}]});

    let first = client.post(&path, &idempotency_key, &body);
    let error = assert_error(
        "unknown fulfillment option",
        &first,
        400,
        "invalid_fulfillment_option",
    );
    assert_eq!(
        error["param"], "$.selected_fulfillment_options[0].option_id",
        "the error names the option id"
    );

    let second = client.post(&path, &idempotency_key, &body);
    assert_replay("rejected update with the same key", &first, &second);
    assert_eq!(
        String::from_utf8(common::read_session(&client, &id)).unwrap(),
        before,
        "neither attempt changed the session"
    );
}

#[test]
fn concurrent_creates_make_one_session() {
    let kassa = Kassa::demo();
    let idempotency_key = key("concurrent");
    let body = create_body("usd", &[("101", 1), ("104", 2)]);
    let start = Barrier::new(CONCURRENT_CREATES);

    let responses: Vec<Response> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CONCURRENT_CREATES)
            .map(|_| {
                let client = kassa.client();
                let (start, idempotency_key, body) = (&start, &idempotency_key, &body);
                scope.spawn(move || {
                    start.wait();
                    client.post("/checkout_sessions", idempotency_key, body)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("request thread"))
            .collect()
    });

    let mut session_ids: Vec<String> = Vec::new();
    let mut originals = 0;
    for response in &responses {
        match response.status {
            201 => {
                let id = response.json()["id"]
                    .as_str()
                    .expect("session id")
                    .to_string();
                if !session_ids.contains(&id) {
                    session_ids.push(id);
                }
                if response.header("Idempotent-Replayed").is_none() {
                    originals += 1;
                }
            }
            409 => {
                assert_error(
                    "concurrent duplicate",
                    response,
                    409,
                    "idempotency_in_flight",
                );
                let retry_after = response.header("Retry-After").unwrap_or_else(|| {
                    panic!("a 409 in flight has Retry-After: {:?}", response.headers)
                });
                assert!(
                    retry_after.parse::<u64>().is_ok(),
                    "Retry-After is a whole number of seconds, found {retry_after:?}"
                );
            }
            other => panic!("a concurrent create got {other}: {}", response.text()),
        }
    }
    assert_eq!(
        session_ids.len(),
        1,
        "all successful answers name one session: {session_ids:?}"
    );
    assert_eq!(
        originals, 1,
        "exactly one answer is the original, the rest are replays or 409"
    );

    let settled = kassa
        .client()
        .post("/checkout_sessions", &idempotency_key, &body);
    assert_eq!(
        settled.status,
        201,
        "after the race the key replays: {}",
        settled.text()
    );
    assert_eq!(
        settled.json()["id"],
        session_ids[0].as_str(),
        "after the race the key names the one session"
    );
}

#[test]
fn get_needs_no_key() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::create_session(&client, "usd", &[("101", 1)]);
    let response = client.get(&format!("/checkout_sessions/{id}"));
    assert_eq!(
        response.status,
        200,
        "GET without Idempotency-Key: {}",
        response.text()
    );
    assert_eq!(
        response.json()["id"],
        id.as_str(),
        "GET returns the session"
    );
    assert_eq!(
        response.header("Idempotency-Key"),
        None,
        "GET echoes no Idempotency-Key"
    );
}

#[test]
fn server_error_is_not_stored() {
    // kassa starts before its shop, so the first create gets a 503.
    let shop_port = common::free_port();
    let kassa = Kassa::run_against(shop_port);
    let client = kassa.client();
    let body = create_body("usd", &[("101", 1)]);

    let down = client.post("/checkout_sessions", "key-5xx", &body);
    assert_eq!(down.status, 503, "shop down: {}", down.text());
    assert_eq!(down.json()["type"], "service_unavailable");
    assert!(
        down.header("Retry-After").is_some(),
        "a 503 says when to retry"
    );

    let _shop = Kassa::demo_shop_on(shop_port);
    let up = client.post("/checkout_sessions", "key-5xx", &body);
    assert_eq!(up.status, 201, "the retry runs fresh: {}", up.text());
    assert_eq!(
        up.header("Idempotent-Replayed"),
        None,
        "a 5xx was not stored, so nothing is replayed"
    );
}
