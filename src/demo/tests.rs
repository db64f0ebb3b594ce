//! Tests of the demo shop over real HTTP on 127.0.0.1, with a hyper client.

use bytes::Bytes;
use http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::{catalogue_summary, serve, DemoAuth};

const KEY: &str = "ck_test";
const SECRET: &str = "cs_test";
/// base64 of "ck_test:cs_test".
const BASIC_OK: &str = "Basic Y2tfdGVzdDpjc190ZXN0";
/// base64 of "ck_test:wrong".
const BASIC_WRONG_SECRET: &str = "Basic Y2tfdGVzdDp3cm9uZw==";

/// How a test request authenticates.
#[derive(Clone, Copy)]
enum Credentials {
    None,
    Header(&'static str),
    Query(&'static str, &'static str),
}

/// A response with its body read.
struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl TestResponse {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "response body is not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_else(|| panic!("response has no {name} header"))
    }
}

/// A demo shop served on an ephemeral loopback port for one test.
struct TestShop {
    address: String,
    server: JoinHandle<std::io::Result<()>>,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Drop for TestShop {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TestShop {
    async fn start() -> TestShop {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("local address").to_string();
        let auth = DemoAuth {
            consumer_key: KEY.to_owned(),
            consumer_secret: SECRET.to_owned(),
        };
        let server = tokio::spawn(serve(listener, auth));
        let client = Client::builder(TokioExecutor::new()).build_http();
        TestShop {
            address,
            server,
            client,
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        credentials: Credentials,
        body: Option<&str>,
    ) -> TestResponse {
        let mut uri = format!("http://{}{path}", self.address);
        if let Credentials::Query(key, secret) = credentials {
            let separator = if path.contains('?') { '&' } else { '?' };
            uri.push_str(&format!(
                "{separator}consumer_key={key}&consumer_secret={secret}"
            ));
        }

        let mut builder = Request::builder().method(method).uri(uri);
        if let Credentials::Header(value) = credentials {
            builder = builder.header(header::AUTHORIZATION, value);
        }
        if body.is_some() {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
        }
        let body = Full::new(Bytes::from(body.unwrap_or("").to_owned()));
        let request = builder.body(body).expect("valid request");

        let response = self.client.request(request).await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body read")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, Credentials::Header(BASIC_OK), None)
            .await
    }

    async fn get_ok(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "GET {path}: {}",
            response.text()
        );
        response.json()
    }

    async fn write(&self, method: Method, path: &str, body: &Value) -> TestResponse {
        let text = body.to_string();
        self.send(method, path, Credentials::Header(BASIC_OK), Some(&text))
            .await
    }

    async fn create_order(&self, body: &Value) -> TestResponse {
        self.write(Method::POST, "/wp-json/wc/v3/orders", body)
            .await
    }

    /// Returns a product's `stock_quantity` (null when stock is not managed).
    async fn stock(&self, id: u64) -> Value {
        self.get_ok(&format!("/wp-json/wc/v3/products/{id}")).await["stock_quantity"].clone()
    }
}

/// Builds an order body with the given `(product_id, quantity)` lines.
fn order_body(lines: &[(u64, i64)]) -> Value {
    let line_items: Vec<Value> = lines
        .iter()
        .map(|(product_id, quantity)| json!({ "product_id": product_id, "quantity": quantity }))
        .collect();
    json!({
        "payment_method": "acp",
        "payment_method_title": "Agentic checkout",
        "set_paid": false,
        "billing": {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "address_1": "12 Analytical Row",
            "city": "London",
            "postcode": "N1 7AA",
            "country": "GB",
            "email": "ada@example.com",
            "phone": "+44 20 7946 0000"
        },
        "shipping": {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "address_1": "12 Analytical Row",
            "city": "London",
            "postcode": "N1 7AA",
            "country": "GB"
        },
        "line_items": line_items,
    })
}

fn assert_error(response: &TestResponse, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status, status, "body: {}", response.text());
    let body = response.json();
    assert_eq!(body["code"], code, "body: {body}");
    assert_eq!(body["data"]["status"], status.as_u16(), "body: {body}");
    body
}

#[tokio::test]
async fn auth_missing_is_rejected() {
    let shop = TestShop::start().await;
    let response = shop
        .send(
            Method::GET,
            "/wp-json/wc/v3/products",
            Credentials::None,
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.json(),
        json!({
            "code": "woocommerce_rest_cannot_view",
            "message": "Sorry, you cannot list resources.",
            "data": { "status": 401 }
        })
    );
}

#[tokio::test]
async fn auth_wrong_secret_is_rejected() {
    let shop = TestShop::start().await;
    let header = shop
        .send(
            Method::GET,
            "/wp-json/wc/v3/products/101",
            Credentials::Header(BASIC_WRONG_SECRET),
            None,
        )
        .await;
    assert_error(
        &header,
        StatusCode::UNAUTHORIZED,
        "woocommerce_rest_cannot_view",
    );
    let query = shop
        .send(
            Method::GET,
            "/wp-json/wc/v3/products/101",
            Credentials::Query(KEY, "wrong"),
            None,
        )
        .await;
    assert_error(
        &query,
        StatusCode::UNAUTHORIZED,
        "woocommerce_rest_cannot_view",
    );
    let garbage = shop
        .send(
            Method::GET,
            "/wp-json/wc/v3/products/101",
            Credentials::Header("Basic %%%not-base64"),
            None,
        )
        .await;
    assert_error(
        &garbage,
        StatusCode::UNAUTHORIZED,
        "woocommerce_rest_cannot_view",
    );
}

#[tokio::test]
async fn auth_applies_to_unknown_routes() {
    let shop = TestShop::start().await;
    let response = shop
        .send(
            Method::GET,
            "/wp-json/wc/v3/coupons",
            Credentials::None,
            None,
        )
        .await;
    assert_error(
        &response,
        StatusCode::UNAUTHORIZED,
        "woocommerce_rest_cannot_view",
    );
}

#[tokio::test]
async fn auth_basic_header_is_accepted() {
    let shop = TestShop::start().await;
    let response = shop
        .send(
            Method::GET,
            "/wp-json/wc/v3/products/101",
            Credentials::Header(BASIC_OK),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.json()["id"], 101);
}

#[tokio::test]
async fn auth_query_parameters_are_accepted() {
    let shop = TestShop::start().await;
    let response = shop
        .send(
            Method::GET,
            "/wp-json/wc/v3/products?per_page=2",
            Credentials::Query(KEY, SECRET),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.json().as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn product_read_returns_woocommerce_fields() {
    let shop = TestShop::start().await;
    let product = shop.get_ok("/wp-json/wc/v3/products/101").await;
    let base = format!("http://{}", shop.address);
    assert_eq!(product["id"], 101);
    assert_eq!(product["type"], "simple");
    assert_eq!(product["status"], "publish");
    assert_eq!(product["price"], "129.99");
    assert_eq!(product["regular_price"], "129.99");
    assert_eq!(product["sale_price"], "");
    assert_eq!(product["on_sale"], false);
    assert_eq!(product["purchasable"], true);
    assert_eq!(product["manage_stock"], true);
    assert_eq!(product["stock_quantity"], 25);
    assert_eq!(product["stock_status"], "instock");
    assert_eq!(product["parent_id"], 0);
    assert_eq!(product["variations"], json!([]));
    assert_eq!(product["categories"][0]["name"], "Headphones");
    assert_eq!(product["brands"][0]["name"], "Quillsound");
    assert_eq!(product["attributes"][0]["name"], "Noise cancelling");
    assert_eq!(product["attributes"][0]["options"], json!(["Yes"]));
    let slug = product["slug"].as_str().expect("slug is a string");
    assert_eq!(
        product["images"][0]["src"],
        format!("{base}/img/{slug}.svg")
    );
    assert_eq!(product["permalink"], format!("{base}/product/{slug}/"));
}

#[tokio::test]
async fn product_special_cases_match_catalogue() {
    let shop = TestShop::start().await;

    let low = shop.get_ok("/wp-json/wc/v3/products/102").await;
    assert_eq!(low["price"], "79.50");
    assert_eq!(low["stock_quantity"], 2);

    let sold_out = shop.get_ok("/wp-json/wc/v3/products/103").await;
    assert_eq!(sold_out["stock_quantity"], 0);
    assert_eq!(sold_out["stock_status"], "outofstock");

    let stand = shop.get_ok("/wp-json/wc/v3/products/104").await;
    assert_eq!(stand["manage_stock"], false);
    assert_eq!(stand["stock_quantity"], Value::Null);
    assert_eq!(stand["stock_status"], "instock");

    let unpriced = shop.get_ok("/wp-json/wc/v3/products/105").await;
    assert_eq!(unpriced["price"], "");
    assert_eq!(unpriced["regular_price"], "");
    assert_eq!(unpriced["purchasable"], false);

    let download = shop.get_ok("/wp-json/wc/v3/products/106").await;
    assert_eq!(download["virtual"], true);
    assert_eq!(download["downloadable"], true);
    assert_eq!(download["price"], "4.99");

    let on_sale = shop.get_ok("/wp-json/wc/v3/products/121").await;
    assert_eq!(on_sale["regular_price"], "14.00");
    assert_eq!(on_sale["sale_price"], "11.20");
    assert_eq!(on_sale["price"], "11.20");
    assert_eq!(on_sale["on_sale"], true);
}

#[tokio::test]
async fn variable_product_shows_cheapest_price() {
    let shop = TestShop::start().await;
    let parent = shop.get_ok("/wp-json/wc/v3/products/110").await;
    assert_eq!(parent["type"], "variable");
    assert_eq!(parent["price"], "149.00");
    assert_eq!(parent["variations"], json!([111, 112]));
    assert_eq!(parent["stock_status"], "instock");
    assert_eq!(parent["stock_quantity"], Value::Null);
    assert_eq!(parent["attributes"][0]["name"], "Colour");
    assert_eq!(parent["attributes"][0]["variation"], true);
    assert_eq!(
        parent["attributes"][0]["options"],
        json!(["Black", "Silver"])
    );
}

#[tokio::test]
async fn variation_read_via_product_route() {
    let shop = TestShop::start().await;
    let black = shop.get_ok("/wp-json/wc/v3/products/111").await;
    assert_eq!(black["type"], "variation");
    assert_eq!(black["parent_id"], 110);
    assert_eq!(black["price"], "149.00");
    assert_eq!(black["stock_quantity"], 10);
    assert_eq!(
        black["attributes"],
        json!([{ "id": 1, "name": "Colour", "slug": "pa_colour", "option": "Black" }])
    );
    let permalink = black["permalink"].as_str().expect("permalink is a string");
    assert!(
        permalink.ends_with("?attribute_pa_colour=black"),
        "permalink: {permalink}"
    );
}

#[tokio::test]
async fn variation_read_via_variations_route() {
    let shop = TestShop::start().await;
    let list = shop.get("/wp-json/wc/v3/products/110/variations").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.header("x-wp-total"), "2");
    let ids: Vec<Value> = list
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(111), json!(112)]);

    let silver = shop
        .get_ok("/wp-json/wc/v3/products/110/variations/112")
        .await;
    assert_eq!(silver["type"], "variation");
    assert_eq!(silver["stock_status"], "outofstock");
    assert_eq!(silver["attributes"][0]["option"], "Silver");
    assert_eq!(silver, shop.get_ok("/wp-json/wc/v3/products/112").await);

    let wrong_parent = shop.get("/wp-json/wc/v3/products/101/variations/112").await;
    assert_error(
        &wrong_parent,
        StatusCode::NOT_FOUND,
        "woocommerce_rest_product_invalid_id",
    );
    let simple = shop.get_ok("/wp-json/wc/v3/products/101/variations").await;
    assert_eq!(simple, json!([]));
}

#[tokio::test]
async fn unknown_product_is_not_found() {
    let shop = TestShop::start().await;
    for path in [
        "/wp-json/wc/v3/products/999",
        "/wp-json/wc/v3/products/abc",
        "/wp-json/wc/v3/products/-1",
        "/wp-json/wc/v3/products/999/variations",
    ] {
        let response = shop.get(path).await;
        let body = assert_error(
            &response,
            StatusCode::NOT_FOUND,
            "woocommerce_rest_product_invalid_id",
        );
        assert_eq!(body["message"], "Invalid ID.", "{path}");
    }
}

#[tokio::test]
async fn product_list_pagination_headers() {
    let shop = TestShop::start().await;
    let first = shop.get("/wp-json/wc/v3/products").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("x-wp-total"), "30");
    assert_eq!(first.header("x-wp-totalpages"), "3");
    assert_eq!(first.json().as_array().map(Vec::len), Some(10));

    let third = shop.get("/wp-json/wc/v3/products?per_page=12&page=3").await;
    assert_eq!(third.header("x-wp-totalpages"), "3");
    assert_eq!(third.json().as_array().map(Vec::len), Some(6));

    let past_end = shop.get_ok("/wp-json/wc/v3/products?page=9").await;
    assert_eq!(past_end, json!([]));

    let all = shop.get_ok("/wp-json/wc/v3/products?per_page=100").await;
    let all = all.as_array().expect("array");
    assert_eq!(all.len(), 30);
    assert!(all.iter().all(|product| product["type"] != "variation"));

    for bad in ["per_page=101", "per_page=0", "per_page=ten", "page=0"] {
        let response = shop.get(&format!("/wp-json/wc/v3/products?{bad}")).await;
        assert_error(&response, StatusCode::BAD_REQUEST, "rest_invalid_param");
    }
}

#[tokio::test]
async fn product_list_filters() {
    let shop = TestShop::start().await;
    let found = shop.get("/wp-json/wc/v3/products?search=aurora").await;
    let names: Vec<String> = found
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|product| product["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(found.header("x-wp-total"), names.len().to_string());
    assert!(names.len() >= 3, "names: {names:?}");
    assert!(names
        .iter()
        .all(|name| name.to_lowercase().contains("aurora")));

    let kids = shop.get_ok("/wp-json/wc/v3/products?category=26").await;
    let ids: Vec<Value> = kids
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(128), json!(129)]);

    let bad = shop.get("/wp-json/wc/v3/products?category=kids").await;
    assert_error(&bad, StatusCode::BAD_REQUEST, "rest_invalid_param");
}

#[tokio::test]
async fn order_creation_decrements_stock() {
    let shop = TestShop::start().await;
    let mut body = order_body(&[(101, 2)]);
    body["line_items"]
        .as_array_mut()
        .expect("array")
        .push(json!({ "product_id": 110, "variation_id": 111, "quantity": 1 }));
    body["shipping_lines"] =
        json!([{ "method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00" }]);
    body["customer_note"] = json!("Leave at the door.");
    body["meta_data"] = json!([{ "key": "acp_checkout_session_id", "value": "cs_123" }]);

    let response = shop.create_order(&body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let order = response.json();
    assert_eq!(order["id"], 1001);
    assert_eq!(order["number"], "1001");
    assert_eq!(order["status"], "pending");
    assert_eq!(order["currency"], "USD");
    assert_eq!(order["prices_include_tax"], false);
    assert_eq!(order["discount_total"], "0.00");
    assert_eq!(order["total_tax"], "0.00");
    assert_eq!(order["shipping_total"], "5.00");
    assert_eq!(order["total"], "413.98");
    assert_eq!(order["date_paid"], Value::Null);
    assert_eq!(order["customer_note"], "Leave at the door.");
    assert_eq!(order["billing"]["email"], "ada@example.com");
    assert_eq!(order["billing"]["company"], "");
    assert_eq!(order["shipping"]["city"], "London");
    assert_eq!(order["meta_data"][0]["key"], "acp_checkout_session_id");
    assert_eq!(order["meta_data"][0]["value"], "cs_123");
    let key = order["order_key"].as_str().expect("order_key is a string");
    assert!(
        key.starts_with("wc_order_") && key.len() > "wc_order_".len(),
        "order_key: {key}"
    );
    let created = order["date_created"]
        .as_str()
        .expect("date_created is a string");
    assert_eq!(
        created.len(),
        "2026-12-04T20:41:18".len(),
        "date_created: {created}"
    );
    assert_eq!(order["date_created_gmt"], order["date_created"]);

    let first = &order["line_items"][0];
    assert_eq!(first["product_id"], 101);
    assert_eq!(first["variation_id"], 0);
    assert_eq!(first["quantity"], 2);
    assert_eq!(first["subtotal"], "259.98");
    assert_eq!(first["total"], "259.98");
    assert_eq!(first["subtotal_tax"], "0.00");
    assert_eq!(first["sku"], "QS-AUR-ANC");
    assert!(first["price"].is_number(), "price: {}", first["price"]);
    assert_eq!(first["price"].as_f64(), Some(129.99));

    let second = &order["line_items"][1];
    assert_eq!(second["product_id"], 110);
    assert_eq!(second["variation_id"], 111);
    assert_eq!(second["total"], "149.00");

    let shipping = &order["shipping_lines"][0];
    assert_eq!(shipping["method_id"], "flat_rate");
    assert_eq!(shipping["total"], "5.00");
    assert_eq!(shipping["total_tax"], "0.00");

    assert_eq!(shop.stock(101).await, 23);
    assert_eq!(shop.stock(111).await, 9);
    assert_eq!(shop.get("/wp-json/wc/v3/orders/1001").await.json(), order);
}

#[tokio::test]
async fn order_taking_last_units_marks_out_of_stock() {
    let shop = TestShop::start().await;
    let response = shop.create_order(&order_body(&[(102, 2)])).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let product = shop.get_ok("/wp-json/wc/v3/products/102").await;
    assert_eq!(product["stock_quantity"], 0);
    assert_eq!(product["stock_status"], "outofstock");

    let again = shop.create_order(&order_body(&[(102, 1)])).await;
    let body = assert_error(
        &again,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_product_out_of_stock",
    );
    assert_eq!(
        body["message"],
        "Quillsound Pebble True Wireless Earbuds is out of stock (only 0 left)."
    );
}

#[tokio::test]
async fn order_over_stock_is_rejected() {
    let shop = TestShop::start().await;
    let response = shop.create_order(&order_body(&[(101, 1), (102, 3)])).await;
    assert_eq!(
        response.json(),
        json!({
            "code": "woocommerce_rest_product_out_of_stock",
            "message": "Quillsound Pebble True Wireless Earbuds is out of stock (only 2 left).",
            "data": { "status": 400 }
        })
    );
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(shop.stock(101).await, 25);
    assert_eq!(shop.stock(102).await, 2);

    // Two lines of the same product count together.
    let split = shop.create_order(&order_body(&[(102, 2), (102, 1)])).await;
    assert_error(
        &split,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_product_out_of_stock",
    );
    assert_eq!(shop.stock(102).await, 2);
}

#[tokio::test]
async fn order_out_of_stock_is_rejected() {
    let shop = TestShop::start().await;
    let studio = shop.create_order(&order_body(&[(101, 1), (103, 1)])).await;
    assert_error(
        &studio,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_product_out_of_stock",
    );

    let mut silver = order_body(&[(101, 1)]);
    silver["line_items"]
        .as_array_mut()
        .expect("array")
        .push(json!({ "product_id": 110, "variation_id": 112, "quantity": 1 }));
    let response = shop.create_order(&silver).await;
    assert_error(
        &response,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_product_out_of_stock",
    );

    let update = json!({ "stock_status": "outofstock" });
    let marked = shop
        .write(Method::PUT, "/wp-json/wc/v3/products/104", &update)
        .await;
    assert_eq!(marked.status, StatusCode::OK, "{}", marked.text());
    let unmanaged = shop.create_order(&order_body(&[(104, 1)])).await;
    let body = assert_error(
        &unmanaged,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_product_out_of_stock",
    );
    assert_eq!(
        body["message"],
        "Brassfinch Walnut Headphone Stand is out of stock."
    );

    assert_eq!(shop.stock(101).await, 25);
    assert_eq!(shop.stock(103).await, 0);
    assert_eq!(shop.stock(112).await, 0);
    assert_eq!(shop.get_ok("/wp-json/wc/v3/orders").await, json!([]));
}

#[tokio::test]
async fn order_for_variable_parent_is_rejected() {
    let shop = TestShop::start().await;
    let response = shop.create_order(&order_body(&[(101, 1), (110, 1)])).await;
    let body = assert_error(
        &response,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_invalid_product",
    );
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains("variation_id"), "message: {message}");
    assert_eq!(shop.stock(101).await, 25);
    assert_eq!(shop.stock(111).await, 10);
}

#[tokio::test]
async fn order_for_unpriced_product_is_rejected() {
    let shop = TestShop::start().await;
    let response = shop.create_order(&order_body(&[(101, 1), (105, 1)])).await;
    let body = assert_error(
        &response,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_invalid_product",
    );
    assert_eq!(
        body["message"],
        "Quillsound Aurora Anniversary Edition cannot be purchased because it has no price."
    );
    assert_eq!(shop.stock(101).await, 25);
    assert_eq!(shop.stock(105).await, 5);
}

#[tokio::test]
async fn order_for_unknown_product_is_rejected() {
    let shop = TestShop::start().await;
    let unknown = shop.create_order(&order_body(&[(101, 1), (999, 1)])).await;
    assert_error(
        &unknown,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_invalid_product_id",
    );

    let mut mismatched = order_body(&[]);
    mismatched["line_items"] = json!([{ "product_id": 101, "variation_id": 111, "quantity": 1 }]);
    let response = shop.create_order(&mismatched).await;
    assert_error(
        &response,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_invalid_product_id",
    );

    let mut nothing = order_body(&[]);
    nothing["line_items"] = json!([{ "quantity": 1 }]);
    let response = shop.create_order(&nothing).await;
    assert_error(
        &response,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_required_product_reference",
    );

    assert_eq!(shop.stock(101).await, 25);
    assert_eq!(shop.stock(111).await, 10);
}

#[tokio::test]
async fn order_with_bad_quantity_is_rejected() {
    let shop = TestShop::start().await;
    let cases = [
        (json!(0), "woocommerce_rest_invalid_product_quantity"),
        (json!(-2), "woocommerce_rest_invalid_product_quantity"),
        (json!(1.5), "rest_invalid_param"),
        (json!("two"), "rest_invalid_param"),
        (Value::Null, "rest_invalid_param"),
    ];
    for (quantity, code) in cases {
        let mut body = order_body(&[]);
        body["line_items"] = json!([{ "product_id": 101, "quantity": quantity }]);
        let response = shop.create_order(&body).await;
        assert_error(&response, StatusCode::BAD_REQUEST, code);
    }
    assert_eq!(shop.stock(101).await, 25);
}

#[tokio::test]
async fn order_with_string_quantity_and_sku() {
    let shop = TestShop::start().await;
    let mut body = order_body(&[]);
    body["line_items"] = json!([
        { "product_id": "120", "quantity": "3" },
        { "sku": "BF-TIPS-1", "quantity": 2 },
        { "variation_id": 111, "quantity": 1 }
    ]);
    let response = shop.create_order(&body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let order = response.json();
    assert_eq!(order["line_items"][0]["total"], "29.97");
    assert_eq!(order["line_items"][1]["product_id"], 125);
    assert_eq!(order["line_items"][1]["total"], "1.98");
    assert_eq!(order["line_items"][2]["product_id"], 110);
    assert_eq!(order["total"], "180.95");
    assert_eq!(shop.stock(120).await, 147);
    assert_eq!(shop.stock(125).await, 498);
}

#[tokio::test]
async fn order_with_bad_fields_is_rejected() {
    let shop = TestShop::start().await;
    let mut bad_status = order_body(&[(101, 1)]);
    bad_status["status"] = json!("shipped");
    let response = shop.create_order(&bad_status).await;
    let body = assert_error(&response, StatusCode::BAD_REQUEST, "rest_invalid_param");
    assert_eq!(body["message"], "Invalid parameter(s): status");

    let mut bad_email = order_body(&[(101, 1)]);
    bad_email["billing"]["email"] = json!("not an email");
    let response = shop.create_order(&bad_email).await;
    assert_error(&response, StatusCode::BAD_REQUEST, "rest_invalid_param");

    let mut bad_total = order_body(&[(101, 1)]);
    bad_total["shipping_lines"] = json!([{ "method_id": "flat_rate", "total": "-5" }]);
    let response = shop.create_order(&bad_total).await;
    assert_error(&response, StatusCode::BAD_REQUEST, "rest_invalid_param");

    assert_eq!(shop.stock(101).await, 25);
}

#[tokio::test]
async fn order_set_paid_records_payment() {
    let shop = TestShop::start().await;
    let mut body = order_body(&[(106, 1)]);
    body["set_paid"] = json!(true);
    let response = shop.create_order(&body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let order = response.json();
    assert_eq!(order["status"], "processing");
    assert!(
        order["date_paid"].is_string(),
        "date_paid: {}",
        order["date_paid"]
    );
    assert_eq!(order["total"], "4.99");
}

#[tokio::test]
async fn orders_list_newest_first() {
    let shop = TestShop::start().await;
    for product_id in [120, 121, 122] {
        let response = shop.create_order(&order_body(&[(product_id, 1)])).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }
    let list = shop.get("/wp-json/wc/v3/orders").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.header("x-wp-total"), "3");
    let ids: Vec<Value> = list
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|o| o["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(1003), json!(1002), json!(1001)]);

    let missing = shop.get("/wp-json/wc/v3/orders/999").await;
    assert_error(
        &missing,
        StatusCode::NOT_FOUND,
        "woocommerce_rest_shop_order_invalid_id",
    );
}

#[tokio::test]
async fn order_cancel_restores_stock() {
    let shop = TestShop::start().await;
    let created = shop.create_order(&order_body(&[(101, 4)])).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(shop.stock(101).await, 21);

    let cancel = json!({ "status": "cancelled" });
    let response = shop
        .write(Method::PUT, "/wp-json/wc/v3/orders/1001", &cancel)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.json()["status"], "cancelled");
    assert_eq!(shop.stock(101).await, 25);

    let again = shop
        .write(Method::PUT, "/wp-json/wc/v3/orders/1001", &cancel)
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(shop.stock(101).await, 25);

    let paid = json!({ "set_paid": true, "transaction_id": "pi_123" });
    let response = shop
        .write(Method::PUT, "/wp-json/wc/v3/orders/1001", &paid)
        .await;
    assert_eq!(response.json()["transaction_id"], "pi_123");
}

#[tokio::test]
async fn product_update_changes_stock_and_price() {
    let shop = TestShop::start().await;
    let update = json!({ "stock_quantity": 0 });
    let response = shop
        .write(Method::PUT, "/wp-json/wc/v3/products/101", &update)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let product = response.json();
    assert_eq!(product["stock_quantity"], 0);
    assert_eq!(product["stock_status"], "outofstock");
    let rejected = shop.create_order(&order_body(&[(101, 1)])).await;
    assert_error(
        &rejected,
        StatusCode::BAD_REQUEST,
        "woocommerce_rest_product_out_of_stock",
    );

    let restock = json!({ "stock_quantity": 7, "regular_price": "119.00", "sale_price": "99.50" });
    let response = shop
        .write(Method::POST, "/wp-json/wc/v3/products/101", &restock)
        .await;
    let product = response.json();
    assert_eq!(product["stock_quantity"], 7);
    assert_eq!(product["stock_status"], "instock");
    assert_eq!(product["regular_price"], "119.00");
    assert_eq!(product["price"], "99.50");
    assert_eq!(product["on_sale"], true);

    let unmanaged = json!({ "manage_stock": false, "stock_status": "onbackorder" });
    let response = shop
        .write(Method::PUT, "/wp-json/wc/v3/products/101", &unmanaged)
        .await;
    let product = response.json();
    assert_eq!(product["manage_stock"], false);
    assert_eq!(product["stock_quantity"], Value::Null);
    assert_eq!(product["stock_status"], "onbackorder");

    let variation = json!({ "regular_price": "139.00" });
    let response = shop
        .write(
            Method::PUT,
            "/wp-json/wc/v3/products/110/variations/111",
            &variation,
        )
        .await;
    assert_eq!(response.json()["price"], "139.00");
    assert_eq!(
        shop.get_ok("/wp-json/wc/v3/products/110").await["price"],
        "139.00"
    );

    let bad = json!({ "regular_price": "cheap" });
    let response = shop
        .write(Method::PUT, "/wp-json/wc/v3/products/102", &bad)
        .await;
    assert_error(&response, StatusCode::BAD_REQUEST, "rest_invalid_param");
    let missing = shop
        .write(Method::PUT, "/wp-json/wc/v3/products/999", &update)
        .await;
    assert_error(
        &missing,
        StatusCode::NOT_FOUND,
        "woocommerce_rest_product_invalid_id",
    );
}

#[tokio::test]
async fn bad_json_is_rejected() {
    let shop = TestShop::start().await;
    for body in ["{not json", "[1, 2]", "\"text\""] {
        let response = shop
            .send(
                Method::POST,
                "/wp-json/wc/v3/orders",
                Credentials::Header(BASIC_OK),
                Some(body),
            )
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            response.json(),
            json!({
                "code": "rest_invalid_json",
                "message": "Invalid JSON body passed.",
                "data": { "status": 400 }
            })
        );
    }
    let response = shop
        .send(
            Method::PUT,
            "/wp-json/wc/v3/products/101",
            Credentials::Header(BASIC_OK),
            Some("{"),
        )
        .await;
    assert_error(&response, StatusCode::BAD_REQUEST, "rest_invalid_json");
    assert_eq!(shop.stock(101).await, 25);
}

#[tokio::test]
async fn unknown_route_is_rest_no_route() {
    let shop = TestShop::start().await;
    for (method, path) in [
        (Method::GET, "/wp-json/wc/v3/coupons"),
        (Method::GET, "/wp-json/"),
        (Method::DELETE, "/wp-json/wc/v3/products/101"),
        (Method::GET, "/wp-json/wc/v3/products/101/reviews"),
    ] {
        let response = shop
            .send(method, path, Credentials::Header(BASIC_OK), None)
            .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            response.json(),
            json!({
                "code": "rest_no_route",
                "message": "No route was found matching the URL and request method.",
                "data": { "status": 404 }
            })
        );
    }
}

#[tokio::test]
async fn storefront_lists_products() {
    let shop = TestShop::start().await;
    let response = shop.send(Method::GET, "/", Credentials::None, None).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.header("content-type").starts_with("text/html"));
    let page = response.text();
    assert!(page.contains("Quillsound Aurora ANC Wireless Headphones"));
    assert!(page.contains("$129.99"));
    assert!(page.contains("25 in stock"));
    assert!(page.contains("<del>$14.00</del> <ins>$11.20</ins>"));
    assert!(page.contains("Silver: <span class=\"out\">out of stock</span>"));
    assert!(page.contains("/img/aurora-anc-wireless-headphones.svg"));

    let product = shop
        .send(
            Method::GET,
            "/product/aurora-anc-wireless-headphones/",
            Credentials::None,
            None,
        )
        .await;
    assert_eq!(product.status, StatusCode::OK);
    assert!(product.text().contains("Noise cancelling"));
}

#[tokio::test]
async fn storefront_image_is_svg() {
    let shop = TestShop::start().await;
    let product = shop.get_ok("/wp-json/wc/v3/products/101").await;
    let src = product["images"][0]["src"]
        .as_str()
        .expect("src is a string");
    let path = src
        .strip_prefix(&format!("http://{}", shop.address))
        .expect("src is on the demo shop");
    let image = shop.send(Method::GET, path, Credentials::None, None).await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.header("content-type"), "image/svg+xml");
    assert!(image.text().starts_with("<svg"));
    let missing = shop
        .send(
            Method::GET,
            "/img/no-such-product.svg",
            Credentials::None,
            None,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn order_received_page_checks_key() {
    let shop = TestShop::start().await;
    let created = shop.create_order(&order_body(&[(104, 2)])).await;
    let order = created.json();
    let key = order["order_key"].as_str().expect("order_key is a string");

    let path = format!("/checkout/order-received/1001/?key={key}");
    let page = shop.send(Method::GET, &path, Credentials::None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("Order received"));
    assert!(text.contains("Brassfinch Walnut Headphone Stand × 2"));
    assert!(text.contains("$49.80"));

    for path in [
        "/checkout/order-received/1001/?key=wc_order_wrong".to_owned(),
        format!("/checkout/order-received/1002/?key={key}"),
        "/checkout/order-received/1001/".to_owned(),
    ] {
        let response = shop.send(Method::GET, &path, Credentials::None, None).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn unknown_page_is_html_not_found() {
    let shop = TestShop::start().await;
    let response = shop
        .send(Method::GET, "/cart/", Credentials::None, None)
        .await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert!(response.header("content-type").starts_with("text/html"));
    assert!(response.text().contains("404"));
}

#[tokio::test]
async fn catalogue_summary_matches_api() {
    let shop = TestShop::start().await;
    let summary = catalogue_summary();
    let ids: Vec<u64> = summary.iter().map(|row| row.0).collect();
    for fixed in [101, 102, 103, 104, 105, 106, 110, 111, 112, 120, 142] {
        assert!(ids.contains(&fixed), "catalogue lacks id {fixed}");
    }
    assert_eq!(summary.len(), 32);
    for (id, name, price, _stock) in &summary {
        let product = shop.get_ok(&format!("/wp-json/wc/v3/products/{id}")).await;
        assert_eq!(product["name"], name.as_str(), "product {id}");
        assert_eq!(product["price"], price.as_str(), "product {id}");
    }

    // Every price literal in the catalogue table parses and is served as written.
    for seed in super::catalogue::SEEDS {
        let product = shop
            .get_ok(&format!("/wp-json/wc/v3/products/{}", seed.id))
            .await;
        assert_eq!(
            product["regular_price"], seed.regular_price,
            "product {}",
            seed.id
        );
        assert_eq!(
            product["sale_price"], seed.sale_price,
            "product {}",
            seed.id
        );
    }
    let further = summary
        .iter()
        .filter(|(id, ..)| (120..=142).contains(id))
        .count();
    assert_eq!(further, 23);

    let listed = shop.get_ok("/wp-json/wc/v3/products?per_page=100").await;
    let on_sale = listed
        .as_array()
        .expect("array")
        .iter()
        .filter(|product| product["on_sale"] == true && product["price"] == product["sale_price"])
        .count();
    assert_eq!(on_sale, 5);
}

#[tokio::test]
async fn each_serve_starts_fresh() {
    let first = TestShop::start().await;
    let created = first.create_order(&order_body(&[(101, 5)])).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(first.stock(101).await, 20);

    let second = TestShop::start().await;
    assert_eq!(second.stock(101).await, 25);
    assert_eq!(second.get_ok("/wp-json/wc/v3/orders").await, json!([]));
}
