//! Parsing and validation of query strings and JSON request bodies.
//!
//! Type checks follow WordPress REST conventions: integers may arrive as JSON
//! numbers without a fraction or as digit strings, booleans as `true`/`false`,
//! `"true"`/`"false"`, `"1"`/`"0"` or `1`/`0`. Every failure becomes an
//! [`ApiError`], usually `rest_invalid_param` naming the exact field.

use std::str::FromStr;

use percent_encoding::percent_decode_str;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::catalogue::StockStatus;
use super::error::ApiError;

/// Decoded query string parameters.
pub(super) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses `a=1&b=two`, decoding `+` as a space and percent escapes as UTF-8
    /// (invalid sequences become U+FFFD).
    pub(super) fn parse(raw: Option<&str>) -> Query {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_component(name), decode_component(value))
            })
            .collect();
        Query { pairs }
    }

    /// Returns the value of `name`. When a name repeats, the last value wins,
    /// as in PHP.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

fn decode_component(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// Parses a request body as a JSON object. An empty body counts as `{}`.
pub(super) fn parse_body(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(ApiError::invalid_json()),
    }
}

/// Parses a non-negative money amount such as `"129.99"`, `"5"` or `"0.5"`.
///
/// Only ASCII digits and at most one decimal point are accepted, so signs,
/// exponents and empty strings return `None`.
pub(super) fn parse_money(text: &str) -> Option<Decimal> {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let points = text.chars().filter(|&c| c == '.').count();
    if digits == 0 || points > 1 || digits + points != text.len() {
        return None;
    }
    Decimal::from_str(text).ok()
}

/// Reads a JSON value as an integer the way WordPress's `rest_is_integer`
/// does: a number without a fractional part, or a string holding one.
fn integer_value(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|float| float.fract() == 0.0 && float.abs() < 9.0e15)
                .map(|float| float as i64)
        }),
        Value::String(text) => text.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// Reads a JSON value as a boolean the way WordPress's `rest_is_boolean` does.
fn boolean_value(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => match text.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" | "" => Some(false),
            _ => None,
        },
        Value::Number(number) => match number.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Reads a money field that may be a string or a JSON number. `""` means
/// "no amount" and returns `Ok(None)`.
fn money_value(value: &Value, param: &str, field: &str) -> Result<Option<Decimal>, ApiError> {
    let text = match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        _ => {
            return Err(ApiError::invalid_param(
                param,
                format!("{field} is not of type string."),
            ))
        }
    };
    if text.is_empty() {
        return Ok(None);
    }
    match parse_money(&text) {
        Some(amount) => Ok(Some(amount)),
        None => Err(ApiError::invalid_param(
            param,
            format!(
                "{field} must be a non-negative decimal amount such as \"12.50\", not \"{text}\"."
            ),
        )),
    }
}

/// Reads an optional string field. A missing field and `null` return `None`.
fn optional_string(
    object: &Map<String, Value>,
    key: &str,
    param: &str,
    field: &str,
) -> Result<Option<String>, ApiError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(ApiError::invalid_param(
            param,
            format!("{field} is not of type string."),
        )),
    }
}

/// Reads an optional boolean field. A missing field and `null` return `None`.
fn optional_bool(object: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => boolean_value(value)
            .map(Some)
            .ok_or_else(|| ApiError::invalid_param(key, format!("{key} is not of type boolean."))),
    }
}

/// Reads an optional array field. A missing field and `null` return an empty slice.
fn optional_array<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a [Value], ApiError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(ApiError::invalid_param(
            key,
            format!("{key} is not of type array."),
        )),
    }
}

/// Changes requested by `PUT /products/{id}`. `None` leaves a field as it is.
#[derive(Debug, Default)]
pub(super) struct ProductUpdate {
    /// `Some(None)` clears the price, which makes the product unpurchasable.
    pub regular_price: Option<Option<Decimal>>,
    /// `Some(None)` ends the sale.
    pub sale_price: Option<Option<Decimal>>,
    pub manage_stock: Option<bool>,
    pub stock_quantity: Option<i64>,
    pub stock_status: Option<StockStatus>,
}

/// Parses the body of `PUT /products/{id}`. Fields other than the five
/// supported ones are ignored, as WooCommerce ignores unknown fields.
pub(super) fn product_update(body: &Map<String, Value>) -> Result<ProductUpdate, ApiError> {
    let mut update = ProductUpdate::default();
    for key in ["regular_price", "sale_price"] {
        let Some(value) = body.get(key) else { continue };
        let amount = match value {
            Value::Null => None,
            other => money_value(other, key, key)?,
        };
        if key == "regular_price" {
            update.regular_price = Some(amount);
        } else {
            update.sale_price = Some(amount);
        }
    }
    update.manage_stock = optional_bool(body, "manage_stock")?;
    update.stock_quantity = match body.get("stock_quantity") {
        None | Some(Value::Null) => None,
        Some(value) => Some(integer_value(value).ok_or_else(|| {
            ApiError::invalid_param("stock_quantity", "stock_quantity is not of type integer.")
        })?),
    };
    update.stock_status = match optional_string(body, "stock_status", "stock_status", "stock_status")? {
        None => None,
        Some(name) => Some(StockStatus::parse(&name).ok_or_else(|| {
            ApiError::invalid_param(
                "stock_status",
                format!("stock_status is not one of instock, outofstock and onbackorder, but \"{name}\"."),
            )
        })?),
    };
    Ok(update)
}

/// Order statuses WooCommerce accepts, in its own order.
pub(super) const ORDER_STATUSES: &[&str] = &[
    "pending",
    "processing",
    "on-hold",
    "completed",
    "cancelled",
    "refunded",
    "failed",
    "checkout-draft",
];

/// Field names of an order's `billing` address.
pub(super) const BILLING_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "state",
    "postcode",
    "country",
    "email",
    "phone",
];

/// Field names of an order's `shipping` address: the billing fields without `email`.
pub(super) const SHIPPING_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "state",
    "postcode",
    "country",
    "phone",
];

/// A billing or shipping address: every field of its kind, in order, with
/// `""` for fields the request left out.
#[derive(Clone, Debug)]
pub(super) struct Address {
    pub fields: Vec<(&'static str, String)>,
}

impl Address {
    /// Returns the value of `field`, or `""` when the address has no such field.
    pub(super) fn get(&self, field: &str) -> &str {
        self.fields
            .iter()
            .find(|(name, _)| *name == field)
            .map_or("", |(_, value)| value.as_str())
    }
}

/// Parses the `billing` or `shipping` object of an order request.
fn address(
    body: &Map<String, Value>,
    param: &'static str,
    field_names: &'static [&'static str],
) -> Result<Address, ApiError> {
    let object = match body.get(param) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(object)) => object.clone(),
        Some(_) => {
            return Err(ApiError::invalid_param(
                param,
                format!("{param} is not of type object."),
            ))
        }
    };
    let mut fields = Vec::with_capacity(field_names.len());
    for &name in field_names {
        let field = format!("{param}[{name}]");
        let value = optional_string(&object, name, param, &field)?.unwrap_or_default();
        fields.push((name, value));
    }
    let address = Address { fields };
    let email = address.get("email");
    if !email.is_empty() && !looks_like_email(email) {
        return Err(ApiError::invalid_param(
            param,
            format!("{param}[email] is not a valid email address: \"{email}\"."),
        ));
    }
    Ok(address)
}

/// Checks the rough shape `local@domain.tld` without spaces.
fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
    !local.is_empty() && domain_ok && !domain.contains('@') && !text.contains(char::is_whitespace)
}

/// One requested line item. The product is named by `variation_id`,
/// `product_id` or `sku`, in that order of precedence; 0 means "not given".
#[derive(Debug)]
pub(super) struct LineItemRequest {
    pub product_id: u64,
    pub variation_id: u64,
    pub sku: Option<String>,
    pub quantity: u64,
}

/// One requested shipping line.
#[derive(Debug)]
pub(super) struct ShippingLineRequest {
    pub method_id: String,
    pub method_title: String,
    pub total: Decimal,
}

/// A parsed `POST /orders` body.
#[derive(Debug)]
pub(super) struct OrderRequest {
    pub payment_method: String,
    pub payment_method_title: String,
    pub transaction_id: String,
    pub set_paid: bool,
    pub status: String,
    pub billing: Address,
    pub shipping: Address,
    pub line_items: Vec<LineItemRequest>,
    pub shipping_lines: Vec<ShippingLineRequest>,
    pub customer_note: String,
    pub meta_data: Vec<(String, Value)>,
}

/// Parses and type-checks a `POST /orders` body. Product existence, price
/// and stock are checked later by the shop.
pub(super) fn order_request(body: &Map<String, Value>) -> Result<OrderRequest, ApiError> {
    let text = |key: &str| -> Result<String, ApiError> {
        Ok(optional_string(body, key, key, key)?.unwrap_or_default())
    };
    Ok(OrderRequest {
        payment_method: text("payment_method")?,
        payment_method_title: text("payment_method_title")?,
        transaction_id: text("transaction_id")?,
        set_paid: optional_bool(body, "set_paid")?.unwrap_or(false),
        status: order_status(body)?.unwrap_or_else(|| "pending".to_owned()),
        billing: address(body, "billing", BILLING_FIELDS)?,
        shipping: address(body, "shipping", SHIPPING_FIELDS)?,
        line_items: line_items(body)?,
        shipping_lines: shipping_lines(body)?,
        customer_note: text("customer_note")?,
        meta_data: meta_data(body)?,
    })
}

/// Reads the optional `status` field and checks it against [`ORDER_STATUSES`].
fn order_status(body: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    let Some(status) = optional_string(body, "status", "status", "status")? else {
        return Ok(None);
    };
    if ORDER_STATUSES.contains(&status.as_str()) {
        return Ok(Some(status));
    }
    Err(ApiError::invalid_param(
        "status",
        format!(
            "status is not one of {}, but \"{status}\".",
            ORDER_STATUSES.join(", ")
        ),
    ))
}

fn line_items(body: &Map<String, Value>) -> Result<Vec<LineItemRequest>, ApiError> {
    optional_array(body, "line_items")?
        .iter()
        .enumerate()
        .map(|(index, value)| line_item(index, value))
        .collect()
}

fn line_item(index: usize, value: &Value) -> Result<LineItemRequest, ApiError> {
    let param = "line_items";
    let Value::Object(object) = value else {
        return Err(ApiError::invalid_param(
            param,
            format!("line_items[{index}] is not of type object."),
        ));
    };
    let id_field = |key: &str| -> Result<u64, ApiError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(0),
            Some(value) => integer_value(value)
                .and_then(|id| u64::try_from(id).ok())
                .ok_or_else(|| {
                    ApiError::invalid_param(
                        param,
                        format!("line_items[{index}][{key}] is not a non-negative integer."),
                    )
                }),
        }
    };
    let product_id = id_field("product_id")?;
    let variation_id = id_field("variation_id")?;
    let sku_field = format!("line_items[{index}][sku]");
    let sku = optional_string(object, "sku", param, &sku_field)?.filter(|sku| !sku.is_empty());
    let quantity = line_quantity(index, object.get("quantity"))?;
    Ok(LineItemRequest {
        product_id,
        variation_id,
        sku,
        quantity,
    })
}

/// Checks that a line item quantity is present and a positive integer.
fn line_quantity(index: usize, value: Option<&Value>) -> Result<u64, ApiError> {
    let field = format!("line_items[{index}][quantity]");
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return Err(ApiError::invalid_param(
            "line_items",
            format!("{field} is required."),
        ));
    };
    let Some(quantity) = integer_value(value) else {
        return Err(ApiError::invalid_param(
            "line_items",
            format!("{field} is not of type integer."),
        ));
    };
    u64::try_from(quantity)
        .ok()
        .filter(|&quantity| quantity > 0)
        .ok_or_else(|| ApiError::invalid_quantity(index, &quantity.to_string()))
}

fn shipping_lines(body: &Map<String, Value>) -> Result<Vec<ShippingLineRequest>, ApiError> {
    let param = "shipping_lines";
    let mut lines = Vec::new();
    for (index, value) in optional_array(body, param)?.iter().enumerate() {
        let Value::Object(object) = value else {
            return Err(ApiError::invalid_param(
                param,
                format!("shipping_lines[{index}] is not of type object."),
            ));
        };
        let text = |key: &str| -> Result<String, ApiError> {
            let field = format!("shipping_lines[{index}][{key}]");
            Ok(optional_string(object, key, param, &field)?.unwrap_or_default())
        };
        let total = match object.get("total") {
            None | Some(Value::Null) => None,
            Some(value) => money_value(value, param, &format!("shipping_lines[{index}][total]"))?,
        };
        lines.push(ShippingLineRequest {
            method_id: text("method_id")?,
            method_title: text("method_title")?,
            total: total.unwrap_or(Decimal::ZERO),
        });
    }
    Ok(lines)
}

/// Reads `meta_data` as `(key, value)` pairs; a missing `value` becomes `null`.
fn meta_data(body: &Map<String, Value>) -> Result<Vec<(String, Value)>, ApiError> {
    let param = "meta_data";
    let mut entries = Vec::new();
    for (index, value) in optional_array(body, param)?.iter().enumerate() {
        let key = value.get("key").and_then(Value::as_str).ok_or_else(|| {
            ApiError::invalid_param(param, format!("meta_data[{index}] needs a string \"key\"."))
        })?;
        let meta_value = value.get("value").cloned().unwrap_or(Value::Null);
        entries.push((key.to_owned(), meta_value));
    }
    Ok(entries)
}

/// Changes requested by `PUT /orders/{id}`. `None` leaves a field as it is.
#[derive(Debug, Default)]
pub(super) struct OrderUpdate {
    pub status: Option<String>,
    pub set_paid: bool,
    pub customer_note: Option<String>,
    pub transaction_id: Option<String>,
    pub payment_method: Option<String>,
    pub payment_method_title: Option<String>,
    /// Entries to add, or to replace when an entry with the same key exists.
    pub meta_data: Vec<(String, Value)>,
}

/// Parses the body of `PUT /orders/{id}`.
///
/// Line items and shipping lines cannot be changed on the demo shop, so a
/// body that contains them is rejected rather than half applied.
pub(super) fn order_update(body: &Map<String, Value>) -> Result<OrderUpdate, ApiError> {
    for key in ["line_items", "shipping_lines"] {
        if body.contains_key(key) {
            return Err(ApiError::invalid_param(
                key,
                format!("{key} cannot be changed after the order is created on the demo shop."),
            ));
        }
    }
    let text = |key: &str| optional_string(body, key, key, key);
    Ok(OrderUpdate {
        status: order_status(body)?,
        set_paid: optional_bool(body, "set_paid")?.unwrap_or(false),
        customer_note: text("customer_note")?,
        transaction_id: text("transaction_id")?,
        payment_method: text("payment_method")?,
        payment_method_title: text("payment_method_title")?,
        meta_data: meta_data(body)?,
    })
}
