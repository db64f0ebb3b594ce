//! Turning requested items into priced lines, and the messages that keep a
//! session from payment (stock, missing buyer data, fulfillment).

use serde_json::Value;

use super::session::{Line, Message, Session};
use super::totals;
use crate::acp::wire::ItemRequest;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::error::AcpError;
use crate::mapping::Outcome;
use crate::shop::{Product, ShopFailure};

/// Maximum item id length, in characters.
const MAX_ITEM_ID_LENGTH: usize = 256;

/// A validated request line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestedLine {
    pub item_id: String,
    pub quantity: u64,
}

/// Validates `line_items`: at least one, ids well formed and unique, and
/// quantities whole numbers from 1 to `max_quantity` (default 1 when absent).
pub fn validate_items(
    items: &[ItemRequest],
    max_quantity: u64,
) -> Result<Vec<RequestedLine>, AcpError> {
    if items.is_empty() {
        return Err(AcpError::invalid(
            "invalid_request",
            "line_items must contain at least one item",
        )
        .at("$.line_items"));
    }

    let mut lines: Vec<RequestedLine> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_id = validate_item_id(&item.id, index)?;
        if lines.iter().any(|line| line.item_id == item_id) {
            return Err(AcpError::invalid(
                "duplicate_item",
                format!(
                    "item `{item_id}` appears more than once; send it once with the total quantity"
                ),
            )
            .at(format!("$.line_items[{index}].id")));
        }
        let quantity = validate_quantity(item.quantity.as_ref(), index, max_quantity)?;
        lines.push(RequestedLine { item_id, quantity });
    }
    Ok(lines)
}

fn validate_item_id(id: &str, index: usize) -> Result<String, AcpError> {
    let well_formed = !id.trim().is_empty()
        && id.chars().count() <= MAX_ITEM_ID_LENGTH
        && !id.chars().any(char::is_control);
    if !well_formed {
        return Err(AcpError::invalid(
            "invalid_item_id",
            format!("item ids are 1 to {MAX_ITEM_ID_LENGTH} printable characters"),
        )
        .at(format!("$.line_items[{index}].id")));
    }
    Ok(id.to_string())
}

fn validate_quantity(quantity: Option<&Value>, index: usize, max: u64) -> Result<u64, AcpError> {
    let param = format!("$.line_items[{index}].quantity");
    let invalid =
        |message: String| AcpError::invalid("invalid_quantity", message).at(param.clone());
    let Some(value) = quantity else {
        return Ok(1);
    };
    let Value::Number(number) = value else {
        return Err(invalid(format!(
            "quantity must be a whole number from 1 to {max}, found {value}"
        )));
    };

    let decimal = crate::money::parse_decimal(&number.to_string()).map_err(|_| {
        invalid(format!(
            "quantity must be a whole number from 1 to {max}, found {number}"
        ))
    })?;
    if !decimal.fract().is_zero() {
        return Err(invalid(format!(
            "quantity must be a whole number, found {number}"
        )));
    }
    if decimal < rust_decimal::Decimal::ONE {
        return Err(invalid(format!(
            "quantity must be at least 1, found {number}"
        )));
    }
    match u64::try_from(decimal.trunc()) {
        Ok(quantity) if quantity <= max => Ok(quantity),
        _ => Err(invalid(format!(
            "quantity must be at most {max}, found {number}"
        ))),
    }
}

/// Reads each requested item (through the cache unless `fresh`) and builds
/// lines; an item that cannot be bought at all is a 400 naming the line.
pub async fn price_lines(
    catalog: &Catalog,
    requested: &[RequestedLine],
    fresh: bool,
) -> Result<Vec<Line>, AcpError> {
    let mut lines = Vec::with_capacity(requested.len());
    for (index, wanted) in requested.iter().enumerate() {
        let product = read(catalog, &wanted.item_id, fresh)
            .await
            .map_err(|failure| read_error(failure, &wanted.item_id, index))?;
        check_purchasable(&product, index)?;
        lines.push(Line {
            id: format!("li_{}", index + 1),
            item_id: wanted.item_id.clone(),
            quantity: wanted.quantity,
            product,
        });
    }
    Ok(lines)
}

/// Re-reads the products of existing lines. An item the shop no longer
/// sells stays on its line, marked unavailable, so the session explains it.
pub async fn refresh_lines(
    catalog: &Catalog,
    lines: &[Line],
    fresh: bool,
) -> Result<Vec<Line>, AcpError> {
    let mut refreshed = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let product = match read(catalog, &line.item_id, fresh).await {
            Ok(product) if product.unit_amount.is_some() && !product.has_variants => product,
            Ok(_)
            | Err(ShopFailure {
                outcome: Outcome::NotFound,
                ..
            }) => Product {
                available: false,
                ..line.product.clone()
            },
            Err(failure) => return Err(read_error(failure, &line.item_id, index)),
        };
        refreshed.push(Line {
            product,
            ..line.clone()
        });
    }
    Ok(refreshed)
}

async fn read(catalog: &Catalog, item_id: &str, fresh: bool) -> Result<Product, ShopFailure> {
    if fresh {
        catalog.read_fresh(item_id).await
    } else {
        catalog.read(item_id).await
    }
}

fn read_error(failure: ShopFailure, item_id: &str, index: usize) -> AcpError {
    match failure.outcome {
        Outcome::NotFound => AcpError::invalid(
            "invalid_item_id",
            format!("item `{item_id}` does not exist in the shop; check the item id"),
        )
        .at(format!("$.line_items[{index}].id")),
        Outcome::Unavailable => AcpError::shop_unavailable(format!(
            "the shop could not be reached to read item `{item_id}`: {}",
            failure.message
        )),
        _ => AcpError::shop_failed(format!(
            "reading item `{item_id}` from the shop failed: {}",
            failure.message
        )),
    }
}

fn check_purchasable(product: &Product, index: usize) -> Result<(), AcpError> {
    let param = format!("$.line_items[{index}].id");
    if product.has_variants {
        let choices = if product.variant_ids.is_empty() {
            String::from("see the shop's catalogue")
        } else {
            product.variant_ids.join(", ")
        };
        return Err(AcpError::invalid(
            "variant_required",
            format!("item `{}` ({}) is a product with variants; send the id of one variant instead: {choices}", product.item_id, product.title),
        )
        .at(param));
    }
    if product.unit_amount.is_none() {
        return Err(AcpError::invalid(
            "item_not_purchasable",
            format!(
                "item `{}` ({}) has no price in the shop and cannot be bought",
                product.item_id, product.title
            ),
        )
        .at(param));
    }
    Ok(())
}

/// Recomputes the session's messages from its lines and data.
pub fn evaluate_messages(session: &Session, config: &Config) -> Vec<Message> {
    let mut messages = Vec::new();
    for (index, line) in session.lines.iter().enumerate() {
        messages.extend(line_message(
            line,
            index,
            &session.currency,
            config.checkout.low_stock_threshold,
        ));
    }
    messages.extend(buyer_messages(session, config));
    for (index, code) in session.discount_codes.iter().enumerate() {
        messages.push(Message::warning(
            "discount_code_invalid",
            format!("$.discounts.codes[{index}]"),
            format!("discount code `{code}` cannot be applied: this shop does not accept discount codes through ACP"),
        ));
    }
    messages
}

fn line_message(
    line: &Line,
    index: usize,
    currency: &str,
    low_stock_threshold: i64,
) -> Option<Message> {
    let product = &line.product;
    let param = format!("$.line_items[{index}]");
    if !product.available || product.stock_quantity.is_some_and(|stock| stock <= 0) {
        return Some(Message::error(
            "out_of_stock",
            param,
            format!("{} is out of stock", product.title),
            "requires_buyer_input",
        ));
    }
    if let Some(stock) = product
        .stock_quantity
        .filter(|stock| *stock < line.quantity as i64)
    {
        return Some(Message::error(
            "out_of_stock",
            param,
            format!(
                "only {stock} of {} in stock; lower the quantity to {stock} or less",
                product.title
            ),
            "requires_buyer_input",
        ));
    }
    let product_currency = product.currency.as_deref().unwrap_or(currency);
    if !product_currency.eq_ignore_ascii_case(currency) {
        return Some(Message::error(
            "invalid",
            param,
            format!(
                "{} is priced in {product_currency}, but this session settles in {currency}",
                product.title
            ),
            "requires_buyer_input",
        ));
    }
    product
        .stock_quantity
        .filter(|stock| *stock <= low_stock_threshold)
        .map(|stock| {
            Message::warning(
                "low_stock",
                param,
                format!("only {stock} of {} left in stock", product.title),
            )
        })
}

/// Rejects an email that fails a light syntax check (one `@`, a non-empty
/// local part, a domain with a dot inside it, no spaces); the shop decides
/// beyond that. `param` is the JSONPath of the field.
pub fn check_email(email: Option<&str>, param: &str) -> Result<(), AcpError> {
    match email {
        Some(email) if !looks_like_email(email) => Err(AcpError::invalid(
            "invalid_email",
            format!("`{email}` is not an email address; send one such as name@example.com"),
        )
        .at(param)),
        _ => Ok(()),
    }
}

fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@');
    !local.is_empty() && domain_ok && !email.chars().any(char::is_whitespace)
}

fn buyer_messages(session: &Session, config: &Config) -> Vec<Message> {
    let mut messages = Vec::new();
    if session.email().is_none() {
        messages.push(Message::error(
            "missing",
            "$.buyer.email",
            "the buyer's email is required before payment",
            "requires_buyer_input",
        ));
    }
    let has_address = session
        .fulfillment_details
        .as_ref()
        .is_some_and(|d| d.address.is_some());
    if session.needs_shipping() && !has_address {
        messages.push(Message::error(
            "missing",
            "$.fulfillment_details.address",
            "a shipping address is required before payment",
            "requires_buyer_input",
        ));
    }
    if totals::applicable_options(session, &config.fulfillment_options).is_empty() {
        messages.push(Message::error(
            "unsupported",
            "$.fulfillment_options",
            "the shop offers no fulfillment option for these items",
            "requires_buyer_input",
        ));
    } else if totals::selected_option(session, &config.fulfillment_options).is_none() {
        messages.push(Message::error(
            "missing",
            "$.selected_fulfillment_options",
            "select one of the fulfillment_options",
            "recoverable",
        ));
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(id: &str, quantity: Option<Value>) -> ItemRequest {
        ItemRequest {
            id: id.to_string(),
            name: None,
            unit_amount: None,
            quantity,
        }
    }

    #[test]
    fn email_syntax_check() {
        for good in ["ada@example.com", "a.b+c@mail.example.org"] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in [
            "ada-at-example",
            "@example.com",
            "ada@example",
            "ada@.com",
            "ada@example.",
            "a da@example.com",
            "a@b@c.com",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn quantity_defaults_to_one() {
        let lines = validate_items(&[item("a", None)], 10).unwrap();
        assert_eq!(lines[0].quantity, 1);
    }

    #[test]
    fn bad_quantities_are_rejected_with_param() {
        for bad in [
            json!(0),
            json!(-1),
            json!(1.5),
            json!(11),
            json!(1e30),
            json!("2"),
            json!(null),
        ] {
            let error = validate_items(&[item("a", Some(bad.clone()))], 10).unwrap_err();
            assert_eq!(error.code, "invalid_quantity", "{bad}");
            assert_eq!(error.param.as_deref(), Some("$.line_items[0].quantity"));
        }
    }

    #[test]
    fn whole_float_quantity_is_accepted() {
        let lines = validate_items(&[item("a", Some(json!(2.0)))], 10).unwrap();
        assert_eq!(lines[0].quantity, 2);
    }

    #[test]
    fn empty_and_duplicate_lines_are_rejected() {
        assert_eq!(
            validate_items(&[], 10).unwrap_err().param.as_deref(),
            Some("$.line_items")
        );
        let error = validate_items(&[item("a", None), item("a", None)], 10).unwrap_err();
        assert_eq!(error.param.as_deref(), Some("$.line_items[1].id"));
    }
}
