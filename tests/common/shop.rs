//! Reads the demo shop's orders and stock through kassa's pass-through, so a
//! test can check that a rejected request wrote nothing to the shop.

use serde_json::Value;

use super::http::Response;
use super::{Client, Kassa};

/// `Authorization` value for the demo shop's consumer key and secret
/// (`ck_demo:cs_demo_secret`, HTTP Basic).
pub const SHOP_AUTH: &str = "Basic Y2tfZGVtbzpjc19kZW1vX3NlY3JldA==";

/// Largest page the WooCommerce-shaped order listing returns.
const MAX_PER_PAGE: usize = 100;

/// Sends an authenticated GET for a shop path through kassa's pass-through.
fn shop_get(kassa: &Kassa, path: &str) -> Response {
    let response = Client::new(kassa.port, None)
        .raw("GET", path, &[("Authorization", SHOP_AUTH)], b"")
        .unwrap_or_else(|e| panic!("GET {path} through the pass-through: {e}"));
    assert_eq!(
        response.status,
        200,
        "GET {path} through the pass-through: {}",
        response.text()
    );
    response
}

/// Lists every order in the shop, newest first.
pub fn orders(kassa: &Kassa) -> Vec<Value> {
    let response = shop_get(
        kassa,
        &format!("/wp-json/wc/v3/orders?per_page={MAX_PER_PAGE}"),
    );
    let orders = response
        .json()
        .as_array()
        .cloned()
        .expect("the order listing is a JSON array");
    let total: usize = response
        .header("X-WP-Total")
        .and_then(|t| t.parse().ok())
        .expect("the order listing has an X-WP-Total header");
    assert_eq!(
        orders.len(),
        total,
        "the shop has more orders than one page holds, so the listing is incomplete"
    );
    orders
}

/// Returns the orders whose `kassa_checkout_session_id` meta entry is `session_id`.
pub fn orders_of_session(kassa: &Kassa, session_id: &str) -> Vec<Value> {
    orders(kassa)
        .into_iter()
        .filter(|order| {
            order["meta_data"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|meta| {
                    meta["key"] == "kassa_checkout_session_id" && meta["value"] == session_id
                })
        })
        .collect()
}

/// Returns the `stock_quantity` of product or variation `id`, which is `null`
/// when the shop does not manage its stock.
pub fn stock(kassa: &Kassa, id: &str) -> Value {
    shop_get(kassa, &format!("/wp-json/wc/v3/products/{id}")).json()["stock_quantity"].clone()
}

/// What a rejected request must leave alone: every order, and the stock of
/// the products a test watches.
#[derive(Debug, PartialEq)]
pub struct ShopState {
    pub orders: Vec<Value>,
    pub stock: Vec<(String, Value)>,
}

impl ShopState {
    /// Reads the orders and the stock of each product in `ids`.
    pub fn read(kassa: &Kassa, ids: &[&str]) -> ShopState {
        ShopState {
            orders: orders(kassa),
            stock: ids
                .iter()
                .map(|id| (id.to_string(), stock(kassa, id)))
                .collect(),
        }
    }

    /// Panics, naming `case`, when the shop's orders or stock differ from `self`.
    pub fn assert_unchanged(&self, kassa: &Kassa, case: &str) {
        let ids: Vec<&str> = self.stock.iter().map(|(id, _)| id.as_str()).collect();
        let now = ShopState::read(kassa, &ids);
        assert_eq!(
            now.orders.len(),
            self.orders.len(),
            "{case}: the number of shop orders changed"
        );
        assert_eq!(now.orders, self.orders, "{case}: a shop order changed");
        assert_eq!(now.stock, self.stock, "{case}: product stock changed");
    }
}
