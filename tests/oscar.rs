//! kassa in front of a real django-oscar 4.2 shop, started by
//! `scripts/test.sh` (or `.ci/run`) and named by `KASSA_OSCAR_URL`.
//! Without it these tests print a note and return.

mod common;

use common::{buyer_update, complete_body, create_body, key, total, Client, Kassa};
use serde_json::{json, Value};

/// Basic credentials of Oscar's seeded staff user, admin:admin-password.
const OSCAR_ADMIN: &str = "Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=";

/// Returns a buyer email no other test uses, to find this test's orders in Oscar.
fn unique_email(label: &str) -> String {
    format!("{label}-{}@example.com", key("buyer"))
}

/// Oscar's orders placed with `email`, read through the staff API.
fn oscar_orders(oscar_port: u16, email: &str) -> Vec<Value> {
    let response = Client::new(oscar_port, None)
        .raw(
            "GET",
            "/api/admin/orders/",
            &[
                ("Authorization", OSCAR_ADMIN),
                ("Accept", "application/json"),
            ],
            b"",
        )
        .unwrap();
    assert_eq!(response.status, 200, "admin orders: {}", response.text());
    response
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|order| order["email"] == email)
        .cloned()
        .collect()
}

fn oscar_get(oscar_port: u16, path: &str) -> Value {
    let response = Client::new(oscar_port, None)
        .raw(
            "GET",
            path,
            &[
                ("Authorization", OSCAR_ADMIN),
                ("Accept", "application/json"),
            ],
            b"",
        )
        .unwrap();
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

/// Returns the path part of one of Oscar's absolute links.
fn path_of(url: &Value) -> String {
    let url = url.as_str().unwrap();
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    format!(
        "/{}",
        after_scheme.split_once('/').map_or("", |(_, path)| path)
    )
}

fn minor(decimal: &Value) -> i64 {
    let text = decimal.as_str().unwrap();
    let (whole, fraction) = text.split_once('.').unwrap();
    whole.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

#[test]
fn purchase_lands_in_oscar() {
    let Some(oscar) = common::oscar_port() else {
        return;
    };
    let kassa = Kassa::oscar(oscar);
    let client = kassa.client();
    let email = unique_email("purchase");

    let created = client.post(
        "/checkout_sessions",
        &key("create"),
        &create_body("eur", &[("1", 2), ("2", 1)]),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["id"].as_str().unwrap().to_string();

    let mut update = buyer_update(&email);
    update["selected_fulfillment_options"] =
        json!([{"type": "shipping", "option_id": "standard", "item_ids": ["1", "2"]}]);
    let updated = client.post(&format!("/checkout_sessions/{id}"), &key("update"), &update);
    assert_eq!(updated.status, 200, "{}", updated.text());
    let session = updated.json();
    assert_eq!(session["status"], "ready_for_payment", "{session}");
    assert_eq!(total(&session, "items_base_amount"), 2 * 1250 + 3999);
    assert_eq!(total(&session, "tax"), 2 * 250 + 800);
    assert_eq!(total(&session, "fulfillment"), 600);
    let kassa_total = total(&session, "total");
    assert_eq!(kassa_total, 8399);

    let complete_key = key("complete");
    let completed = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &complete_key,
        &complete_body(),
    );
    assert_eq!(completed.status, 200, "{}", completed.text());
    let body = completed.json();
    assert_eq!(body["status"], "completed");
    let order_id = body["order"]["id"].as_str().unwrap().to_string();

    let orders = oscar_orders(oscar, &email);
    assert_eq!(orders.len(), 1, "one order in Oscar: {orders:?}");
    let order = &orders[0];
    assert_eq!(order["number"], order_id.as_str());
    assert_eq!(
        minor(&order["total_incl_tax"]),
        kassa_total,
        "kassa's total equals what Oscar charged"
    );
    assert_eq!(order["shipping_code"], "standard");
    assert_eq!(order["shipping_address"]["postcode"], "N1 9GU");

    let lines_path = format!(
        "{}lines/",
        path_of(&order["url"]).replace("/api/orders/", "/api/admin/orders/")
    );
    let lines = oscar_get(oscar, &lines_path);
    let mut quantities: Vec<(String, i64)> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|line| {
            (
                path_of(&line["product"]),
                line["quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    quantities.sort();
    assert_eq!(
        quantities,
        vec![
            ("/api/products/1/".to_string(), 2),
            ("/api/products/2/".to_string(), 1)
        ]
    );

    let replayed = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &complete_key,
        &complete_body(),
    );
    assert_eq!(replayed.status, 200);
    assert_eq!(replayed.header("Idempotent-Replayed"), Some("true"));
    assert_eq!(
        replayed.body, completed.body,
        "the replay returns the original body"
    );
    assert_eq!(
        oscar_orders(oscar, &email).len(),
        1,
        "the replay did not create a second order"
    );
}

#[test]
fn session_survives_kill_9() {
    let Some(oscar) = common::oscar_port() else {
        return;
    };
    let mut kassa = Kassa::oscar(oscar);
    let client = kassa.client();
    let email = unique_email("crash");

    let id = common::create_session(&client, "eur", &[("1", 1)]);
    let before = client.post(
        &format!("/checkout_sessions/{id}"),
        &key("update"),
        &buyer_update(&email),
    );
    assert_eq!(before.status, 200);
    assert_eq!(before.json()["status"], "ready_for_payment");

    kassa.kill_hard();
    kassa.spawn();

    let after = client.get(&format!("/checkout_sessions/{id}"));
    assert_eq!(
        after.status,
        200,
        "the session is still there: {}",
        after.text()
    );
    assert_eq!(after.body, before.body, "the stored session is unchanged");

    let completed = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("complete"),
        &complete_body(),
    );
    assert_eq!(completed.status, 200, "{}", completed.text());
    assert_eq!(completed.json()["status"], "completed");
    assert_eq!(oscar_orders(oscar, &email).len(), 1);
}

#[test]
fn pass_through_matches_oscar() {
    let Some(oscar) = common::oscar_port() else {
        return;
    };
    let kassa = Kassa::oscar(oscar);
    let host = format!("127.0.0.1:{}", kassa.port);
    let headers = [("Accept", "application/json"), ("Host", host.as_str())];

    for path in [
        "/api/products/",
        "/api/products/1/",
        "/api/products/999/",
        "/api/basket/shipping-methods/",
    ] {
        let through = Client::new(kassa.port, None)
            .raw("GET", path, &headers[..1], b"")
            .unwrap();
        let direct = Client::new(oscar, None)
            .raw("GET", path, &headers, b"")
            .unwrap();
        assert_eq!(through.status, direct.status, "{path}");
        if path != "/api/basket/shipping-methods/" {
            assert_eq!(
                through.text(),
                direct.text(),
                "{path}: same body through kassa as from Oscar with the same Host"
            );
        }
    }
}

#[test]
fn oscar_catalogue_edge_cases() {
    let Some(oscar) = common::oscar_port() else {
        return;
    };
    let kassa = Kassa::oscar(oscar);
    let client = kassa.client();

    let cases = [
        ("5", "item_not_purchasable"),
        ("6", "variant_required"),
        ("999", "invalid_item_id"),
    ];
    for (item, code) in cases {
        let response = client.post(
            "/checkout_sessions",
            &key("bad"),
            &create_body("eur", &[(item, 1)]),
        );
        assert_eq!(response.status, 400, "item {item}: {}", response.text());
        assert_eq!(response.json()["code"], code, "item {item}");
        assert_eq!(
            response.json()["param"],
            "$.line_items[0].id",
            "item {item}"
        );
    }

    let sold_out = client
        .post(
            "/checkout_sessions",
            &key("sold-out"),
            &create_body("eur", &[("3", 1)]),
        )
        .json();
    assert_eq!(sold_out["status"], "not_ready_for_payment");
    assert_eq!(sold_out["messages"][0]["code"], "out_of_stock");

    let too_many = client
        .post(
            "/checkout_sessions",
            &key("too-many"),
            &create_body("eur", &[("2", 4)]),
        )
        .json();
    let message = too_many["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "out_of_stock")
        .cloned()
        .expect("out_of_stock");
    assert_eq!(message["param"], "$.line_items[0]");

    let ebook = client
        .post(
            "/checkout_sessions",
            &key("ebook"),
            &create_body("eur", &[("4", 1)]),
        )
        .json();
    assert_eq!(ebook["fulfillment_options"][0]["type"], "digital");
    assert!(
        ebook["line_items"][0].get("available_quantity").is_none(),
        "untracked stock has no count"
    );
}

#[test]
fn shop_rejection_becomes_message() {
    let Some(oscar) = common::oscar_port() else {
        return;
    };
    let kassa = Kassa::oscar(oscar);
    let client = kassa.client();
    let email = unique_email("rejected");

    let id = common::create_session(&client, "eur", &[("1", 1)]);
    let mut update = buyer_update(&email);
    update["fulfillment_details"]["address"]["country"] = json!("FR");
    client.post(&format!("/checkout_sessions/{id}"), &key("update"), &update);

    let response = client.post(
        &format!("/checkout_sessions/{id}/complete"),
        &key("complete"),
        &complete_body(),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let session = response.json();
    assert_eq!(session["status"], "not_ready_for_payment");
    assert!(session.get("order").is_none());
    let message = session["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "invalid")
        .cloned()
        .expect("invalid message");
    assert!(
        message["content"].as_str().unwrap().contains("country"),
        "{message}"
    );
    assert!(oscar_orders(oscar, &email).is_empty(), "Oscar has no order");
}

#[test]
fn complete_rereads_price_from_shop() {
    let Some(oscar) = common::oscar_port() else {
        return;
    };
    let kassa = Kassa::oscar(oscar);
    let client = kassa.client();
    let email = unique_email("price");

    let records = oscar_get(oscar, "/api/products/7/stockrecords/");
    let record_id = records[0]["id"].as_i64().unwrap();
    let old_price = minor(&records[0]["price"]);

    let id = common::create_session(&client, "eur", &[("7", 1)]);
    let ready = client
        .post(
            &format!("/checkout_sessions/{id}"),
            &key("update"),
            &buyer_update(&email),
        )
        .json();
    assert_eq!(ready["line_items"][0]["unit_amount"], old_price);

    let new_price = old_price + 100;
    let patch_body = format!(
        r#"{{"price": "{}.{:02}"}}"#,
        new_price / 100,
        new_price % 100
    );
    let patch = Client::new(oscar, None)
        .raw(
            "PATCH",
            &format!("/api/admin/stockrecords/{record_id}/"),
            &[
                ("Authorization", OSCAR_ADMIN),
                ("Content-Type", "application/json"),
                ("Accept", "application/json"),
            ],
            patch_body.as_bytes(),
        )
        .unwrap();
    assert_eq!(patch.status, 200, "{}", patch.text());

    let first = client
        .post(
            &format!("/checkout_sessions/{id}/complete"),
            &key("complete"),
            &complete_body(),
        )
        .json();
    assert_ne!(
        first["status"], "completed",
        "a price change is shown before any order: {first}"
    );
    assert_eq!(first["line_items"][0]["unit_amount"], new_price);
    assert!(first["messages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["code"] == "price_change"));
    assert!(oscar_orders(oscar, &email).is_empty());

    let second = client
        .post(
            &format!("/checkout_sessions/{id}/complete"),
            &key("complete-again"),
            &complete_body(),
        )
        .json();
    assert_eq!(second["status"], "completed", "{second}");
    let orders = oscar_orders(oscar, &email);
    assert_eq!(minor(&orders[0]["total_incl_tax"]), total(&second, "total"));
}
