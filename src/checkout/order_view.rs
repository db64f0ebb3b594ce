//! The `session` value order templates see: ACP data reshaped into the
//! fields shops need, with money both in minor units and as decimal text.

use serde_json::{json, Map, Value};

use super::session::Session;
use super::totals;
use crate::config::Config;
use crate::money::Currency;

/// Builds the `session` scope root for the `order_create` operation.
pub fn session_view(session: &Session, config: &Config, currency: Currency) -> Value {
    let selected = totals::selected_option(session, &config.fulfillment_options);
    let amounts = totals::session_amounts(session, selected);
    let major = |minor: i64| currency.format_major(minor);

    let mut view = json!({
        "id": session.id,
        "currency": currency.lower(),
        "currency_upper": currency.code(),
        "email": session.email(),
        "phone_number": phone(session),
        "lines": session.lines.iter().map(|line| {
            let line_amounts = totals::line_amounts(line);
            json!({
                "id": line.id,
                "item_id": line.item_id,
                "quantity": line.quantity,
                "title": line.product.title,
                "product_id": line.product.product_id.clone().unwrap_or_else(|| line.item_id.clone()),
                "variant_id": line.product.variant_id,
                "sku": line.product.sku,
                "unit_amount": line.product.unit_amount,
                "unit_amount_major": major(line.product.unit_amount.unwrap_or(0)),
                "total": line_amounts.total,
                "total_major": major(line_amounts.total),
            })
        }).collect::<Vec<_>>(),
        "totals": {
            "items_base_amount": amounts.items_base,
            "subtotal": amounts.subtotal,
            "tax": amounts.tax,
            "fulfillment": amounts.fulfillment.unwrap_or(0),
            "total": amounts.total,
        },
        "totals_major": {
            "items_base_amount": major(amounts.items_base),
            "subtotal": major(amounts.subtotal),
            "tax": major(amounts.tax),
            "fulfillment": major(amounts.fulfillment.unwrap_or(0)),
            "total": major(amounts.total),
        },
        "refs": session.refs,
        "order_notes": session.order_notes,
    });

    let object = view.as_object_mut().expect("view is an object");
    if let Some(buyer) = &session.buyer {
        object.insert("buyer".into(), json!(buyer));
    }
    if let Some(option) = selected {
        object.insert(
            "fulfillment".into(),
            json!({
                "option_id": option.id,
                "title": option.title,
                "subtotal": option.subtotal,
                "tax": option.tax,
                "amount": option.subtotal + option.tax,
            }),
        );
        object.insert(
            "fulfillment_major".into(),
            json!({
                "subtotal": major(option.subtotal),
                "tax": major(option.tax),
                "amount": major(option.subtotal + option.tax),
            }),
        );
        object.insert(
            "fulfillment_lines".into(),
            json!([{
                "option_id": option.id,
                "title": option.title,
                "amount": option.subtotal + option.tax,
                "amount_major": major(option.subtotal + option.tax),
                "subtotal_major": major(option.subtotal),
                "tax_major": major(option.tax),
            }]),
        );
    }
    insert_address(object, session);
    if let Some(payment) = &session.payment {
        object.insert("payment".into(), json!(payment));
    }
    remove_nulls(object);
    view
}

fn phone(session: &Session) -> Option<String> {
    session
        .buyer
        .as_ref()
        .and_then(|buyer| buyer.phone_number.clone())
        .or_else(|| session.fulfillment_details.as_ref()?.phone_number.clone())
}

/// `address` (with `first_name`/`last_name` split from `name` at the first
/// space) and `contact` (the fulfillment contact).
fn insert_address(object: &mut Map<String, Value>, session: &Session) {
    let Some(details) = &session.fulfillment_details else {
        return;
    };
    object.insert("contact".into(), json!({ "name": details.name, "email": details.email, "phone_number": details.phone_number }));

    let Some(address) = &details.address else {
        return;
    };
    let (first, last) = split_name(&address.name);
    let mut value = json!(address);
    value["first_name"] = json!(first);
    value["last_name"] = json!(last);
    object.insert("address".into(), value);
}

/// Splits "Henk Van den Heuvel" into ("Henk", "Van den Heuvel"); a single
/// word is used for both parts, as shops often require both.
fn split_name(name: &str) -> (String, String) {
    let trimmed = name.trim();
    match trimmed.split_once(char::is_whitespace) {
        Some((first, last)) => (first.to_string(), last.trim().to_string()),
        None => (trimmed.to_string(), trimmed.to_string()),
    }
}

fn remove_nulls(object: &mut Map<String, Value>) {
    object.retain(|_, value| !value.is_null());
    for value in object.values_mut() {
        if let Value::Object(inner) = value {
            remove_nulls(inner);
        }
        if let Value::Array(items) = value {
            for item in items.iter_mut() {
                if let Value::Object(inner) = item {
                    remove_nulls(inner);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_splits_at_first_space() {
        assert_eq!(
            split_name("Henk Van den Heuvel"),
            ("Henk".to_string(), "Van den Heuvel".to_string())
        );
        assert_eq!(split_name("Cher"), ("Cher".to_string(), "Cher".to_string()));
    }
}
