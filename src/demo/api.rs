//! The `/wp-json/` part of the demo shop: authentication, routing and the
//! WooCommerce REST v3 endpoints for products, variations and orders.

use http::{header, HeaderName, Method, StatusCode};
use serde_json::Value;
use time::OffsetDateTime;

use super::error::ApiError;
use super::params::{self, Query};
use super::render::{order_json, product_json};
use super::server::{DemoRequest, Reply};
use super::shop::{lock, Product, SharedShop, Shop};
use super::DemoAuth;

/// Prefix of every WooCommerce REST v3 route.
const ROUTE_PREFIX: &str = "/wp-json/wc/v3/";

/// Page size when a listing request gives no `per_page`.
const DEFAULT_PER_PAGE: usize = 10;

/// Largest `per_page` WooCommerce accepts.
const MAX_PER_PAGE: usize = 100;

const TOTAL_HEADER: HeaderName = HeaderName::from_static("x-wp-total");
const TOTAL_PAGES_HEADER: HeaderName = HeaderName::from_static("x-wp-totalpages");

/// Handles a request whose path starts with `/wp-json`. Every failure
/// becomes a WordPress-style JSON error.
pub(super) fn handle(shop: &SharedShop, auth: &DemoAuth, request: &DemoRequest) -> Reply {
    if !is_authorized(auth, request) {
        return Reply::api_error(&ApiError::unauthorized());
    }
    match route(shop, request) {
        Ok(reply) => reply,
        Err(error) => Reply::api_error(&error),
    }
}

/// Dispatches on method and path segments after [`ROUTE_PREFIX`]. A trailing
/// slash is ignored.
fn route(shop: &SharedShop, request: &DemoRequest) -> Result<Reply, ApiError> {
    let rest = request
        .path
        .strip_prefix(ROUTE_PREFIX)
        .ok_or_else(ApiError::no_route)?;
    let segments: Vec<&str> = rest.strip_suffix('/').unwrap_or(rest).split('/').collect();
    let method = &request.method;
    let is_write = *method == Method::PUT || *method == Method::POST || *method == Method::PATCH;
    let is_read = *method == Method::GET;
    match segments.as_slice() {
        ["products"] if is_read => list_products(shop, request),
        ["products", id] if is_read => read_product(shop, request, id),
        ["products", id] if is_write => update_product(shop, request, None, id),
        ["products", id, "variations"] if is_read => list_variations(shop, request, id),
        ["products", parent, "variations", id] if is_read => {
            read_variation(shop, request, parent, id)
        }
        ["products", parent, "variations", id] if is_write => {
            update_product(shop, request, Some(parent), id)
        }
        ["orders"] if is_read => list_orders(shop, request),
        ["orders"] if *method == Method::POST => create_order(shop, request),
        ["orders", id] if is_read => read_order(shop, id),
        ["orders", id] if is_write => update_order(shop, request, id),
        _ => Err(ApiError::no_route()),
    }
}

/// Checks HTTP Basic credentials and the `consumer_key`/`consumer_secret`
/// query parameters. Either matching pair is enough.
fn is_authorized(auth: &DemoAuth, request: &DemoRequest) -> bool {
    let from_header = request.authorization.as_deref().and_then(basic_credentials);
    let from_query = match (
        request.query.get("consumer_key"),
        request.query.get("consumer_secret"),
    ) {
        (Some(key), Some(secret)) => Some((key.to_owned(), secret.to_owned())),
        _ => None,
    };
    [from_header, from_query]
        .into_iter()
        .flatten()
        .any(|(key, secret)| credentials_match(auth, &key, &secret))
}

fn credentials_match(auth: &DemoAuth, key: &str, secret: &str) -> bool {
    let key_ok = constant_time_eq(key.as_bytes(), auth.consumer_key.as_bytes());
    let secret_ok = constant_time_eq(secret.as_bytes(), auth.consumer_secret.as_bytes());
    !key.is_empty() && key_ok && secret_ok
}

/// Compares two byte strings without stopping at the first difference.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    left.iter()
        .zip(right)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// Extracts `(user, password)` from an `Authorization: Basic ...` header.
fn basic_credentials(header_value: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header_value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = decode_base64(encoded.trim())?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// Decodes standard base64 (RFC 4648 alphabet, padding optional).
fn decode_base64(encoded: &str) -> Option<Vec<u8>> {
    let mut output = Vec::with_capacity(encoded.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits: u32 = 0;
    for byte in encoded.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            output.push(((buffer >> bits) & 0xFF) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(output)
}

/// Parses a numeric path id. A non-numeric id gets the `not_found` error,
/// the same as an unknown id.
fn path_id(text: &str, not_found: fn() -> ApiError) -> Result<u64, ApiError> {
    text.parse::<u64>().map_err(|_| not_found())
}

/// A requested page of a listing.
struct Page {
    number: usize,
    per_page: usize,
}

/// Reads `page` and `per_page`, checking the ranges WordPress enforces.
fn page_request(query: &Query) -> Result<Page, ApiError> {
    let per_page = match query.get("per_page") {
        None => DEFAULT_PER_PAGE,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|per_page| (1..=MAX_PER_PAGE).contains(per_page))
            .ok_or_else(|| {
                ApiError::invalid_param(
                    "per_page",
                    format!("per_page must be between 1 (inclusive) and {MAX_PER_PAGE} (inclusive), not \"{text}\"."),
                )
            })?,
    };
    let number = match query.get("page") {
        None => 1,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|page| *page >= 1)
            .ok_or_else(|| {
                ApiError::invalid_param("page", format!("page must be 1 or more, not \"{text}\"."))
            })?,
    };
    Ok(Page { number, per_page })
}

/// Returns one page of `items` as a JSON array with the `X-WP-Total` and
/// `X-WP-TotalPages` headers. A page past the end is an empty array.
fn paged_reply(items: Vec<Value>, page: &Page) -> Reply {
    let total = items.len();
    let total_pages = total.div_ceil(page.per_page);
    let start = page.number.saturating_sub(1).saturating_mul(page.per_page);
    let selected: Vec<Value> = items.into_iter().skip(start).take(page.per_page).collect();
    Reply::json(StatusCode::OK, &Value::Array(selected))
        .with_header(TOTAL_HEADER, total.to_string())
        .with_header(TOTAL_PAGES_HEADER, total_pages.to_string())
}

/// Reads the `category` filter: one id or a comma-separated list.
fn category_filter(query: &Query) -> Result<Option<Vec<u64>>, ApiError> {
    let Some(text) = query.get("category").filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    text.split(',')
        .map(|part| {
            part.trim().parse::<u64>().map_err(|_| {
                ApiError::invalid_param(
                    "category",
                    format!("category must be a category id or a comma-separated list of ids, not \"{text}\"."),
                )
            })
        })
        .collect::<Result<Vec<u64>, ApiError>>()
        .map(Some)
}

/// `GET /products`: products except variations, filtered by `search` (a
/// case-insensitive substring of the name) and `category`.
fn list_products(shop: &SharedShop, request: &DemoRequest) -> Result<Reply, ApiError> {
    let page = page_request(&request.query)?;
    let search = request
        .query
        .get("search")
        .map(str::to_lowercase)
        .filter(|search| !search.is_empty());
    let categories = category_filter(&request.query)?;
    let shop = lock(shop);
    let matches = |product: &&Product| {
        let name_matches = search
            .as_ref()
            .is_none_or(|search| product.seed.name.to_lowercase().contains(search));
        let category_matches = categories
            .as_ref()
            .is_none_or(|ids| product.seed.category_ids.iter().any(|id| ids.contains(id)));
        name_matches && category_matches
    };
    let items = shop
        .listed_products()
        .filter(matches)
        .map(|product| product_json(&shop, product, &request.base_url))
        .collect();
    Ok(paged_reply(items, &page))
}

/// `GET /products/{id}`: a product, or a variation in product shape.
fn read_product(shop: &SharedShop, request: &DemoRequest, id: &str) -> Result<Reply, ApiError> {
    let id = path_id(id, ApiError::product_not_found)?;
    let shop = lock(shop);
    let product = shop.product(id).ok_or_else(ApiError::product_not_found)?;
    let body = product_json(&shop, product, &request.base_url);
    Ok(Reply::json(StatusCode::OK, &body))
}

/// `GET /products/{id}/variations`: empty for products without variations.
fn list_variations(shop: &SharedShop, request: &DemoRequest, id: &str) -> Result<Reply, ApiError> {
    let page = page_request(&request.query)?;
    let id = path_id(id, ApiError::product_not_found)?;
    let shop = lock(shop);
    shop.product(id).ok_or_else(ApiError::product_not_found)?;
    let items = shop
        .variations_of(id)
        .into_iter()
        .map(|variation| product_json(&shop, variation, &request.base_url))
        .collect();
    Ok(paged_reply(items, &page))
}

/// Finds variation `id` of product `parent`, or fails with "Invalid ID.".
fn variation_of<'a>(shop: &'a Shop, parent: &str, id: &str) -> Result<&'a Product, ApiError> {
    let parent_id = path_id(parent, ApiError::product_not_found)?;
    let id = path_id(id, ApiError::product_not_found)?;
    shop.variations_of(parent_id)
        .into_iter()
        .find(|variation| variation.id() == id)
        .ok_or_else(ApiError::product_not_found)
}

/// `GET /products/{parent}/variations/{id}`.
fn read_variation(
    shop: &SharedShop,
    request: &DemoRequest,
    parent: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let shop = lock(shop);
    let variation = variation_of(&shop, parent, id)?;
    let body = product_json(&shop, variation, &request.base_url);
    Ok(Reply::json(StatusCode::OK, &body))
}

/// `PUT /products/{id}` and `PUT /products/{parent}/variations/{id}`.
fn update_product(
    shop: &SharedShop,
    request: &DemoRequest,
    parent: Option<&str>,
    id: &str,
) -> Result<Reply, ApiError> {
    let mut shop = lock(shop);
    let id = match parent {
        Some(parent) => variation_of(&shop, parent, id)?.id(),
        None => path_id(id, ApiError::product_not_found)?,
    };
    shop.product(id).ok_or_else(ApiError::product_not_found)?;
    let body = params::parse_body(&request.body)?;
    let update = params::product_update(&body)?;
    shop.update_product(id, update)?;
    tracing::debug!(product_id = id, "demo shop updated a product");
    let product = shop.product(id).ok_or_else(ApiError::product_not_found)?;
    let body = product_json(&shop, product, &request.base_url);
    Ok(Reply::json(StatusCode::OK, &body))
}

/// `GET /orders`: every order, newest first.
fn list_orders(shop: &SharedShop, request: &DemoRequest) -> Result<Reply, ApiError> {
    let page = page_request(&request.query)?;
    let shop = lock(shop);
    let items = shop.orders_newest_first().map(order_json).collect();
    Ok(paged_reply(items, &page))
}

/// `POST /orders`: validates the whole order, reduces stock and returns 201.
fn create_order(shop: &SharedShop, request: &DemoRequest) -> Result<Reply, ApiError> {
    let body = params::parse_body(&request.body)?;
    let order_request = params::order_request(&body)?;
    let mut shop = lock(shop);
    let order = shop.create_order(order_request, OffsetDateTime::now_utc())?;
    tracing::info!(order_id = order.id, total = %order.total, "demo shop created an order");
    let location = format!("{}{ROUTE_PREFIX}orders/{}", request.base_url, order.id);
    Ok(
        Reply::json(StatusCode::CREATED, &order_json(order))
            .with_header(header::LOCATION, location),
    )
}

/// `GET /orders/{id}`.
fn read_order(shop: &SharedShop, id: &str) -> Result<Reply, ApiError> {
    let id = path_id(id, ApiError::order_not_found)?;
    let shop = lock(shop);
    let order = shop.order(id).ok_or_else(ApiError::order_not_found)?;
    Ok(Reply::json(StatusCode::OK, &order_json(order)))
}

/// `PUT /orders/{id}`: status, payment and note changes.
fn update_order(shop: &SharedShop, request: &DemoRequest, id: &str) -> Result<Reply, ApiError> {
    let id = path_id(id, ApiError::order_not_found)?;
    let mut shop = lock(shop);
    shop.order(id).ok_or_else(ApiError::order_not_found)?;
    let body = params::parse_body(&request.body)?;
    let update = params::order_update(&body)?;
    let order = shop.update_order(id, update, OffsetDateTime::now_utc())?;
    tracing::info!(order_id = order.id, status = %order.status, "demo shop updated an order");
    Ok(Reply::json(StatusCode::OK, &order_json(order)))
}
