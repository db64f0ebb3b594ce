//! JSON rendering of products and orders in WooCommerce REST v3 shapes.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};
use time::macros::format_description;
use time::OffsetDateTime;

use super::catalogue::{self, ProductType, SeedAttribute};
use super::params::Address;
use super::shop::{LineItem, Order, Product, ShippingLine, Shop};

/// Currency of every price in the demo shop.
pub(super) const CURRENCY: &str = "USD";

/// Formats an order amount the way WooCommerce does: a string with two
/// decimals, rounding halves away from zero.
pub(super) fn money(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    format!("{rounded:.2}")
}

/// Formats a product price as WooCommerce stores it: the decimal as it was
/// set, or `""` when there is none.
pub(super) fn price_text(price: Option<Decimal>) -> String {
    price.map(|price| price.to_string()).unwrap_or_default()
}

/// Formats a timestamp like WooCommerce's `date_*` fields: ISO 8601 without
/// an offset, for example `2026-12-04T20:41:18`.
pub(super) fn wc_date(timestamp: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    timestamp.format(&format).unwrap_or_default()
}

fn optional_date(timestamp: Option<OffsetDateTime>) -> Value {
    timestamp.map_or(Value::Null, |timestamp| Value::String(wc_date(timestamp)))
}

/// Returns the absolute URL of a product's placeholder image.
pub(super) fn image_url(base_url: &str, slug: &str) -> String {
    format!("{base_url}/img/{slug}.svg")
}

/// Returns a product's page URL. A variation links to its parent's page with
/// the chosen options as `attribute_*` query parameters, as WooCommerce does.
pub(super) fn permalink(shop: &Shop, product: &Product, base_url: &str) -> String {
    let seed = product.seed;
    if seed.product_type != ProductType::Variation {
        return format!("{base_url}/product/{}/", seed.slug);
    }
    let parent_slug = shop
        .product(seed.parent_id)
        .map_or(seed.slug, |parent| parent.seed.slug);
    let query: Vec<String> = seed
        .attributes
        .iter()
        .filter_map(|attribute| {
            let definition = catalogue::attribute(attribute.id)?;
            let option = attribute.options.first()?;
            Some(format!(
                "attribute_{}={}",
                definition.slug,
                option_slug(option)
            ))
        })
        .collect();
    format!("{base_url}/product/{parent_slug}/?{}", query.join("&"))
}

/// Turns an attribute option such as "Bluetooth 5.3" into a slug
/// ("bluetooth-5-3").
fn option_slug(option: &str) -> String {
    let lowered = option.to_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    words.join("-")
}

/// Wraps a description in a paragraph, as the WordPress editor stores it.
fn paragraph(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("<p>{text}</p>\n")
    }
}

/// Renders a product or variation in the shape of `GET /products/{id}`.
pub(super) fn product_json(shop: &Shop, product: &Product, base_url: &str) -> Value {
    let seed = product.seed;
    let price = shop.price(product);
    let (regular_price, sale_price) = if seed.product_type == ProductType::Variable {
        (String::new(), String::new())
    } else {
        (
            price_text(product.regular_price),
            price_text(product.sale_price),
        )
    };
    let variation_ids: Vec<u64> = shop
        .variations_of(seed.id)
        .iter()
        .map(|variation| variation.id())
        .collect();
    json!({
        "id": seed.id,
        "name": seed.name,
        "slug": seed.slug,
        "permalink": permalink(shop, product, base_url),
        "type": seed.product_type.as_str(),
        "status": "publish",
        "description": paragraph(seed.description),
        "short_description": paragraph(seed.short_description),
        "sku": seed.sku,
        "price": price_text(price),
        "regular_price": regular_price,
        "sale_price": sale_price,
        "on_sale": shop.is_on_sale(product),
        "purchasable": price.is_some(),
        "virtual": seed.is_virtual,
        "downloadable": seed.downloadable,
        "manage_stock": product.manage_stock,
        "stock_quantity": product.stock_quantity,
        "stock_status": shop.stock_status(product).as_str(),
        "categories": categories_json(seed.category_ids),
        "images": [image_json(product, base_url)],
        "attributes": attributes_json(seed.product_type, seed.attributes),
        "variations": variation_ids,
        "parent_id": seed.parent_id,
        "brands": brands_json(seed.brand_ids),
    })
}

fn categories_json(ids: &[u64]) -> Vec<Value> {
    ids.iter()
        .filter_map(|&id| catalogue::category(id))
        .map(|category| json!({ "id": category.id, "name": category.name, "slug": category.slug }))
        .collect()
}

fn brands_json(ids: &[u64]) -> Vec<Value> {
    ids.iter()
        .filter_map(|&id| catalogue::brand(id))
        .map(|brand| json!({ "id": brand.id, "name": brand.name, "slug": brand.slug }))
        .collect()
}

/// Renders the one image of a product. Image ids are the product id plus
/// 1000 so they never clash with product ids.
fn image_json(product: &Product, base_url: &str) -> Value {
    let seed = product.seed;
    json!({
        "id": seed.id + 1000,
        "src": image_url(base_url, seed.slug),
        "name": seed.name,
        "alt": seed.name,
    })
}

/// Renders attributes: a variation has one `option` per attribute, other
/// products a list of `options`.
fn attributes_json(product_type: ProductType, attributes: &[SeedAttribute]) -> Vec<Value> {
    attributes
        .iter()
        .enumerate()
        .filter_map(|(position, attribute)| {
            let definition = catalogue::attribute(attribute.id)?;
            let rendered = if product_type == ProductType::Variation {
                json!({
                    "id": definition.id,
                    "name": definition.name,
                    "slug": definition.slug,
                    "option": attribute.options.first().copied().unwrap_or_default(),
                })
            } else {
                json!({
                    "id": definition.id,
                    "name": definition.name,
                    "slug": definition.slug,
                    "position": position,
                    "visible": true,
                    "variation": attribute.used_for_variations,
                    "options": attribute.options,
                })
            };
            Some(rendered)
        })
        .collect()
}

/// Renders an order in the shape of `GET /orders/{id}`.
///
/// The store timezone is UTC, so each `date_*` field equals its `_gmt` twin.
pub(super) fn order_json(order: &Order) -> Value {
    json!({
        "id": order.id,
        "parent_id": 0,
        "number": order.id.to_string(),
        "order_key": order.order_key,
        "created_via": "rest-api",
        "status": order.status,
        "currency": CURRENCY,
        "date_created": wc_date(order.created),
        "date_created_gmt": wc_date(order.created),
        "date_modified": wc_date(order.modified),
        "date_modified_gmt": wc_date(order.modified),
        "discount_total": "0.00",
        "discount_tax": "0.00",
        "shipping_total": money(order.shipping_total),
        "shipping_tax": "0.00",
        "cart_tax": "0.00",
        "total": money(order.total),
        "total_tax": "0.00",
        "prices_include_tax": false,
        "customer_id": 0,
        "customer_note": order.customer_note,
        "billing": address_json(&order.billing),
        "shipping": address_json(&order.shipping),
        "payment_method": order.payment_method,
        "payment_method_title": order.payment_method_title,
        "transaction_id": order.transaction_id,
        "date_paid": optional_date(order.paid),
        "date_paid_gmt": optional_date(order.paid),
        "date_completed": optional_date(order.completed),
        "date_completed_gmt": optional_date(order.completed),
        "meta_data": order
            .meta_data
            .iter()
            .map(|entry| json!({ "id": entry.id, "key": entry.key, "value": entry.value }))
            .collect::<Vec<Value>>(),
        "line_items": order.line_items.iter().map(line_item_json).collect::<Vec<Value>>(),
        "tax_lines": [],
        "shipping_lines": order.shipping_lines.iter().map(shipping_line_json).collect::<Vec<Value>>(),
        "fee_lines": [],
        "coupon_lines": [],
        "refunds": [],
    })
}

fn address_json(address: &Address) -> Value {
    let fields = address
        .fields
        .iter()
        .map(|(name, value)| ((*name).to_owned(), Value::String(value.clone())))
        .collect();
    Value::Object(fields)
}

/// Renders a line item. `price` is a JSON number, as WooCommerce sends it,
/// while the other amounts are strings with two decimals.
fn line_item_json(line: &LineItem) -> Value {
    let price = line
        .price
        .to_f64()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number);
    json!({
        "id": line.id,
        "name": line.name,
        "product_id": line.product_id,
        "variation_id": line.variation_id,
        "quantity": line.quantity,
        "tax_class": "",
        "subtotal": money(line.subtotal),
        "subtotal_tax": "0.00",
        "total": money(line.total),
        "total_tax": "0.00",
        "taxes": [],
        "meta_data": [],
        "sku": line.sku,
        "price": price,
        "parent_name": line.parent_name,
    })
}

fn shipping_line_json(line: &ShippingLine) -> Value {
    json!({
        "id": line.id,
        "method_title": line.method_title,
        "method_id": line.method_id,
        "instance_id": "",
        "total": money(line.total),
        "total_tax": "0.00",
        "taxes": [],
        "meta_data": [],
    })
}
