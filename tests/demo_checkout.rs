//! The demo shop end to end: the README walk-through, discovery, health,
//! pass-through, and the session's arithmetic.

mod common;

use common::{buyer_update, complete_body, create_body, key, total, Kassa};
use serde_json::json;

#[test]
fn demo_purchase_creates_shop_order() {
    let kassa = Kassa::demo();
    let client = kassa.client();

    let created = client.post(
        "/checkout_sessions",
        &key("create"),
        &create_body("usd", &[("101", 2), ("111", 1)]),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let session = created.json();
    let id = session["id"].as_str().unwrap().to_string();
    assert_eq!(session["status"], "not_ready_for_payment");
    assert_eq!(session["line_items"][0]["unit_amount"], 12999);
    assert_eq!(session["line_items"][0]["quantity"], 2);
    assert_eq!(total(&session, "items_base_amount"), 2 * 12999 + 14900);

    let updated = client.post(
        &format!("/checkout_sessions/{id}"),
        &key("update"),
        &buyer_update("ada@example.com"),
    );
    assert_eq!(updated.status, 200, "{}", updated.text());
    let session = updated.json();
    assert_eq!(session["status"], "ready_for_payment", "{session}");
    assert_eq!(total(&session, "fulfillment"), 500);
    assert_eq!(total(&session, "total"), 2 * 12999 + 14900 + 500);

    let completed = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("complete"),
        &complete_body(),
    );
    assert_eq!(completed.status, 200, "{}", completed.text());
    let session = completed.json();
    assert_eq!(session["status"], "completed");
    let order_id = session["order"]["id"].as_str().unwrap().to_string();
    assert_eq!(session["order"]["checkout_session_id"], id.as_str());

    let shop = client
        .raw(
            "GET",
            &format!("/wp-json/wc/v3/orders/{order_id}"),
            &[("Authorization", "Basic Y2tfZGVtbzpjc19kZW1vX3NlY3JldA==")],
            b"",
        )
        .unwrap();
    assert_eq!(shop.status, 200, "{}", shop.text());
    let order = shop.json();
    assert_eq!(order["total"], "413.98");
    assert_eq!(order["line_items"].as_array().unwrap().len(), 2);
    assert_eq!(order["line_items"][1]["variation_id"], 111);
    assert_eq!(order["billing"]["email"], "ada@example.com");
    assert_eq!(order["status"], "pending");

    let fetched = client.get(&format!("/checkout_sessions/{id}"));
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.json()["status"], "completed");
}

#[test]
fn stock_is_read_from_the_shop() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let created = client.post(
        "/checkout_sessions",
        &key("c"),
        &create_body("usd", &[("102", 5)]),
    );
    assert_eq!(created.status, 201);
    let session = created.json();
    assert_eq!(session["status"], "not_ready_for_payment");
    let message = session["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "out_of_stock")
        .expect("out_of_stock message")
        .clone();
    assert_eq!(message["param"], "$.line_items[0]");
    assert!(
        message["content"].as_str().unwrap().contains("only 2"),
        "{message}"
    );
    assert_eq!(session["line_items"][0]["available_quantity"], 2);
}

#[test]
fn digital_cart_gets_digital_fulfillment() {
    let kassa = Kassa::demo();
    let session = kassa
        .client()
        .post(
            "/checkout_sessions",
            &key("c"),
            &create_body("usd", &[("106", 1)]),
        )
        .json();
    let options = session["fulfillment_options"].as_array().unwrap();
    assert_eq!(options.len(), 1);
    assert_eq!(options[0]["type"], "digital");
    assert_eq!(
        session["selected_fulfillment_options"][0]["option_id"],
        "download"
    );
    let missing: Vec<&str> = session["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["param"].as_str())
        .collect();
    assert!(
        !missing.contains(&"$.fulfillment_details.address"),
        "digital goods need no address: {missing:?}"
    );
}

#[test]
fn discovery_document_is_public_and_cacheable() {
    let kassa = Kassa::demo();
    let mut anonymous = kassa.client();
    anonymous.token = None;
    anonymous.api_version = None;
    let response = anonymous.get("/.well-known/acp.json");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("Content-Type"), Some("application/json"));
    assert_eq!(
        response.header("Cache-Control"),
        Some("public, max-age=3600")
    );
    let body = response.json();
    assert_eq!(body["protocol"]["name"], "acp");
    assert_eq!(body["protocol"]["version"], "2026-04-17");
    assert_eq!(body["transports"], json!(["rest"]));
    assert_eq!(body["capabilities"]["services"], json!(["checkout"]));
    assert_eq!(
        body["api_base_url"],
        format!("http://127.0.0.1:{}", kassa.port)
    );
}

#[test]
fn health_answers_ok() {
    let kassa = Kassa::demo();
    let response = kassa.client().try_get("/healthz").unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "ok\n");
}

#[test]
fn other_paths_pass_through_unchanged() {
    let kassa = Kassa::demo();
    let through = common::Client::new(kassa.port, None);
    let direct = common::Client::new(kassa.shop_port, None);
    for path in [
        "/",
        "/wp-json/wc/v3/products",
        "/no-such-page",
        "/img/aurora-anc-wireless-headphones.svg",
    ] {
        let a = through.raw("GET", path, &[], b"").unwrap();
        let b = direct.raw("GET", path, &[], b"").unwrap();
        assert_eq!(a.status, b.status, "{path}");
        assert_eq!(a.body, b.body, "{path}");
    }
    let post = through
        .raw(
            "POST",
            "/wp-json/wc/v3/orders",
            &[("Content-Type", "application/json")],
            b"{}",
        )
        .unwrap();
    assert_eq!(
        post.status,
        401,
        "POST bodies and methods reach the shop: {}",
        post.text()
    );
}

#[test]
fn request_id_is_echoed() {
    let kassa = Kassa::demo();
    let response = kassa.client().post_raw(
        "/checkout_sessions",
        &[
            ("Idempotency-Key", "rid-1"),
            ("Content-Type", "application/json"),
            ("Request-Id", "req-42"),
        ],
        create_body("usd", &[("104", 1)]).to_string().as_bytes(),
    );
    assert_eq!(response.status, 201);
    assert_eq!(response.header("Request-Id"), Some("req-42"));
    assert_eq!(response.header("Idempotency-Key"), Some("rid-1"));
}

#[test]
fn unreadable_order_answer_holds_session() {
    // The order id is read from a field the shop does not send, so the order
    // exists in the shop but kassa cannot name it.
    let mapping = std::fs::read_to_string(common::repo().join("mappings/woocommerce.toml"))
        .unwrap()
        .replace(
            "order_id = { path = \"$.steps.create.id\" }",
            "order_id = { path = \"$.steps.create.no_such_field\" }",
        );
    let kassa = Kassa::demo_with_mapping(&mapping);
    let client = kassa.client();
    let orders_before = common::shop::orders(&kassa).len();

    let id = common::create_session(&client, "usd", &[("104", 1)]);
    client.post(
        &format!("/checkout_sessions/{id}"),
        &key("u"),
        &buyer_update("held@example.com"),
    );

    let first = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("c1"),
        &complete_body(),
    );
    assert_eq!(first.status, 502, "{}", first.text());
    assert_eq!(first.json()["type"], "processing_error");
    assert_eq!(
        common::shop::orders(&kassa).len(),
        orders_before + 1,
        "the shop created the order"
    );

    let retry = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("c2"),
        &complete_body(),
    );
    assert_eq!(retry.status, 409, "{}", retry.text());
    assert_eq!(retry.json()["code"], "order_outcome_unknown");
    assert_eq!(
        common::shop::orders(&kassa).len(),
        orders_before + 1,
        "a retry places no second order"
    );

    let held = client.get(&format!("/checkout_sessions/{id}")).json();
    assert_eq!(held["status"], "complete_in_progress");
}

#[test]
fn malformed_email_is_rejected() {
    let kassa = Kassa::demo();
    let client = kassa.client();
    let id = common::create_session(&client, "usd", &[("104", 1)]);
    let before = client.get(&format!("/checkout_sessions/{id}")).text();

    let response = client.post(
        &format!("/checkout_sessions/{id}"),
        &key("u"),
        &buyer_update("ada-at-example"),
    );
    assert_eq!(response.status, 400, "{}", response.text());
    let error = response.json();
    assert_eq!(error["code"], "invalid_email");
    assert_eq!(error["param"], "$.buyer.email");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("ada-at-example"),
        "{error}"
    );
    assert_eq!(
        client.get(&format!("/checkout_sessions/{id}")).text(),
        before,
        "the session is unchanged"
    );
}

/// Starts a TCP proxy to `shop_port` that forwards every request but
/// swallows the response once a `POST /wp-json/wc/v3/orders` passed through
/// its connection: the shop creates the order, and kassa never hears back.
fn start_response_dropping_proxy(shop_port: u16) -> u16 {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let shop = TcpStream::connect(("127.0.0.1", shop_port)).unwrap();
            let swallow = Arc::new(AtomicBool::new(false));
            let (mut client_in, mut shop_out) =
                (client.try_clone().unwrap(), shop.try_clone().unwrap());
            let seen = Arc::clone(&swallow);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 16384];
                while let Ok(n @ 1..) = client_in.read(&mut buffer) {
                    if buffer[..n]
                        .windows(26)
                        .any(|w| w == b"POST /wp-json/wc/v3/orders")
                    {
                        seen.store(true, Ordering::SeqCst);
                    }
                    if shop_out.write_all(&buffer[..n]).is_err() {
                        break;
                    }
                }
            });
            let (mut shop_in, mut client_out) = (shop, client);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 16384];
                while let Ok(n @ 1..) = shop_in.read(&mut buffer) {
                    if !swallow.load(Ordering::SeqCst)
                        && client_out.write_all(&buffer[..n]).is_err()
                    {
                        break;
                    }
                }
            });
        }
    });
    port
}

#[test]
fn lost_order_response_holds_session() {
    let shop_port = common::free_port();
    let shop = Kassa::demo_shop_on(shop_port);
    let proxy_port = start_response_dropping_proxy(shop_port);
    let kassa = Kassa::run_against_edited(
        proxy_port,
        &[("request_timeout = \"10s\"", "request_timeout = \"1s\"")],
    );
    let client = kassa.client();
    let id = common::ready_session(&client, "104", 1);

    let first = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("c1"),
        &complete_body(),
    );
    assert_eq!(first.status, 502, "{}", first.text());
    assert_eq!(first.json()["code"], "order_outcome_unknown");
    assert_eq!(
        common::shop::orders_of_session(&shop, &id).len(),
        1,
        "the shop created the order"
    );

    let retry = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("c2"),
        &complete_body(),
    );
    assert_eq!(retry.status, 409, "{}", retry.text());
    assert_eq!(retry.json()["code"], "order_outcome_unknown");
    assert_eq!(
        common::shop::orders_of_session(&shop, &id).len(),
        1,
        "a retry places no second order"
    );
    assert_eq!(
        client.get(&format!("/checkout_sessions/{id}")).json()["status"],
        "complete_in_progress"
    );
}
