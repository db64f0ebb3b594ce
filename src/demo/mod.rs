//! Built-in demo shop: a small HTTP server shaped like the WooCommerce REST
//! API v3, so kassa can be tried without a real shop.
//!
//! Everything is kept in memory and starts fresh on every [`serve`] call.
//! JSON routes live under `/wp-json/wc/v3/` and need the consumer key and
//! secret from [`DemoAuth`], sent as HTTP Basic credentials or as the
//! `consumer_key` and `consumer_secret` query parameters. Outside `/wp-json/`
//! the server needs no credentials and serves a storefront page (`/`), product
//! pages (`/product/{slug}/`), SVG placeholder images (`/img/{slug}.svg`) and
//! order confirmation pages (`/checkout/order-received/{id}/?key={order_key}`).
//!
//! # Fixed catalogue ids
//!
//! Tests rely on these products:
//!
//! | id  | product | price | stock |
//! |-----|---------|-------|-------|
//! | 101 | over-ear wireless noise-cancelling headphones | `"129.99"` | managed, 25 |
//! | 102 | true-wireless earbuds | `"79.50"` | managed, 2 (low stock) |
//! | 103 | studio headphones | `"199.00"` | managed, 0, `outofstock` |
//! | 104 | headphone stand | `"24.90"` | not managed, `instock` |
//! | 105 | limited-edition headphones | `""` (not purchasable) | managed, 5 |
//! | 106 | EQ preset pack, virtual and downloadable | `"4.99"` | not managed, `instock` |
//! | 110 | variable product with variations 111 and 112 | `"149.00"` (cheapest variation) | from variations |
//! | 111 | variation of 110, colour Black | `"149.00"` | managed, 10 |
//! | 112 | variation of 110, colour Silver | `"149.00"` | managed, 0, `outofstock` |
//! | 120–142 | further headphones and accessories, five of them on sale | varied | mixed |
//!
//! The product listing contains the 30 products that are not variations. A
//! variable product reports `purchasable: true` once a variation has a price,
//! as WooCommerce does, but an order line must name one of its variations.
//! Beyond reading and creating, the API accepts `PUT /orders/{id}` for
//! status, payment and note changes, and cancelling an order there puts its
//! stock back.
//!
//! # Differences from real WooCommerce
//!
//! - Creating an order reduces stock at once, whatever the order status. Real
//!   WooCommerce reduces stock when the order is paid or put on hold.
//! - Product listings are sorted by ascending id, where WooCommerce sorts by
//!   creation date, newest first.
//! - The store timezone is UTC, so `date_created` and `date_created_gmt` are
//!   equal.
//! - There are no taxes, coupons, customers or webhooks.

mod api;
mod catalogue;
mod error;
mod pages;
mod params;
mod render;
mod server;
mod shop;

#[cfg(test)]
mod tests;

/// Credentials the demo shop accepts (WooCommerce consumer key and secret).
#[derive(Clone, Debug)]
pub struct DemoAuth {
    pub consumer_key: String,
    pub consumer_secret: String,
}

/// Serves the demo shop on `listener` until the future is dropped. Each connection is served on its own task.
///
/// The shop state (catalogue, stock and orders) is created fresh for each
/// call. Dropping the future also stops the connection tasks it started.
/// Errors from `accept` are logged and retried after a short pause, so the
/// future returns an error only when the listener's local address cannot be
/// read at start.
pub async fn serve(listener: tokio::net::TcpListener, auth: DemoAuth) -> std::io::Result<()> {
    server::run(listener, auth).await
}

/// The catalogue, for printing and for tests: (id, name, price string, stock description).
///
/// Lists every product as first served, variations included, sorted by id.
/// The price string is the product's WooCommerce `price` field, which is empty
/// for an unpriced product. Stock changes made while a server runs are not
/// reflected here.
pub fn catalogue_summary() -> Vec<(u64, String, String, String)> {
    shop::Shop::new().summary()
}
