//! Totals, in minor units. The spec gives no formula; kassa follows the
//! convention of the official examples:
//!
//! - line: `items_base_amount` = unit × quantity, `discount` = 0,
//!   `subtotal` = base − discount, `tax` = unit tax × quantity,
//!   `total` = subtotal + tax;
//! - session: `items_base_amount` = Σ line bases, `subtotal` = Σ line
//!   subtotals, `fulfillment` = the selected option's total (its own tax
//!   included), `tax` = Σ line taxes, `total` = subtotal + fulfillment + tax.

use serde_json::{json, Value};

use super::session::{Line, Session};
use crate::config::{FulfillmentKind, FulfillmentOptionConfig};

/// Amounts of one line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineAmounts {
    pub base: i64,
    pub tax: i64,
    pub total: i64,
}

/// Amounts of a whole session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionAmounts {
    pub items_base: i64,
    pub subtotal: i64,
    pub fulfillment: Option<i64>,
    pub tax: i64,
    pub total: i64,
}

pub fn line_amounts(line: &Line) -> LineAmounts {
    let quantity = line.quantity as i64;
    let base = line
        .product
        .unit_amount
        .unwrap_or(0)
        .saturating_mul(quantity);
    let tax = line.product.unit_tax.saturating_mul(quantity);
    LineAmounts {
        base,
        tax,
        total: base + tax,
    }
}

/// Session amounts with `option` as the selected fulfillment, if any.
pub fn session_amounts(
    session: &Session,
    option: Option<&FulfillmentOptionConfig>,
) -> SessionAmounts {
    let lines: Vec<LineAmounts> = session.lines.iter().map(line_amounts).collect();
    let items_base = lines.iter().map(|l| l.base).sum();
    let tax = lines.iter().map(|l| l.tax).sum();
    let fulfillment = option.map(|o| o.subtotal + o.tax);
    SessionAmounts {
        items_base,
        subtotal: items_base,
        fulfillment,
        tax,
        total: items_base + tax + fulfillment.unwrap_or(0),
    }
}

/// Returns the fulfillment options that apply to a session's lines.
pub fn applicable_options<'a>(
    session: &Session,
    options: &'a [FulfillmentOptionConfig],
) -> Vec<&'a FulfillmentOptionConfig> {
    let kind = if session.needs_shipping() {
        FulfillmentKind::Shipping
    } else {
        FulfillmentKind::Digital
    };
    options
        .iter()
        .filter(|option| option.kind == kind)
        .collect()
}

/// Returns the selected option's config, when the selection names an applicable one.
pub fn selected_option<'a>(
    session: &Session,
    options: &'a [FulfillmentOptionConfig],
) -> Option<&'a FulfillmentOptionConfig> {
    let selected = session.selected_options.first()?;
    applicable_options(session, options)
        .into_iter()
        .find(|option| option.id == selected.option_id)
}

pub fn total(kind: &str, display_text: &str, amount: i64) -> Value {
    json!({ "type": kind, "display_text": display_text, "amount": amount })
}

/// Builds the line's `totals[]`.
pub fn line_totals(amounts: LineAmounts) -> Value {
    json!([
        total("items_base_amount", "Base amount", amounts.base),
        total("discount", "Discount", 0),
        total("subtotal", "Subtotal", amounts.base),
        total("tax", "Tax", amounts.tax),
        total("total", "Total", amounts.total),
    ])
}

/// Builds the session's `totals[]`.
pub fn session_totals(amounts: SessionAmounts) -> Value {
    let mut totals = vec![
        total("items_base_amount", "Items", amounts.items_base),
        total("subtotal", "Subtotal", amounts.subtotal),
    ];
    if let Some(fulfillment) = amounts.fulfillment {
        totals.push(total("fulfillment", "Shipping", fulfillment));
    }
    totals.push(total("tax", "Tax", amounts.tax));
    totals.push(total("total", "Total", amounts.total));
    Value::Array(totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::Product;

    fn line(unit: i64, tax: i64, quantity: u64) -> Line {
        Line {
            id: "li_1".into(),
            item_id: "1".into(),
            quantity,
            product: Product {
                item_id: "1".into(),
                title: "t".into(),
                currency: Some("EUR".into()),
                unit_amount: Some(unit),
                unit_tax: tax,
                available: true,
                stock_quantity: None,
                has_variants: false,
                variant_ids: vec![],
                requires_shipping: true,
                image_url: None,
                description: None,
                product_id: None,
                variant_id: None,
                sku: None,
            },
        }
    }

    #[test]
    fn oscar_basket_adds_up() {
        // Two t-shirts at 12.50 + 2.50 tax and one hoodie at 39.99 + 8.00 tax,
        // with standard shipping at 5.00 + 1.00 tax: Oscar charges 83.99.
        let a = line_amounts(&line(1250, 250, 2));
        let b = line_amounts(&line(3999, 800, 1));
        assert_eq!((a.base, a.tax, a.total), (2500, 500, 3000));
        assert_eq!(b.total, 4799);
        let shipping = 500 + 100;
        assert_eq!(a.base + b.base + a.tax + b.tax + shipping, 8399);
    }
}
