//! Renders a stored session as an ACP 2026-04-17 `CheckoutSession`.

use serde_json::{json, Map, Value};

use super::session::{Line, Message, Session};
use super::totals::{self, LineAmounts};
use crate::config::{Config, FulfillmentKind, FulfillmentOptionConfig};

/// Builds the response body for `session`.
pub fn render(session: &Session, config: &Config) -> Value {
    let options = totals::applicable_options(session, &config.fulfillment_options);
    let selected = totals::selected_option(session, &config.fulfillment_options);
    let amounts = totals::session_amounts(session, selected);

    let mut body = json!({
        "id": session.id,
        "protocol": { "version": session.protocol_version },
        "status": session.status.as_str(),
        "currency": session.currency,
        "line_items": session.lines.iter().map(|line| render_line(line, config.checkout.low_stock_threshold)).collect::<Vec<_>>(),
        "totals": totals::session_totals(amounts),
        "fulfillment_options": options.into_iter().map(render_option).collect::<Vec<_>>(),
        "messages": session.messages.iter().map(render_message).collect::<Vec<_>>(),
        "links": render_links(config),
        "capabilities": render_capabilities(session, config),
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "expires_at": session.expires_at,
    });
    let object = body.as_object_mut().expect("session body is an object");
    insert_optional(object, session);
    body
}

fn insert_optional(object: &mut Map<String, Value>, session: &Session) {
    if let Some(buyer) = &session.buyer {
        object.insert("buyer".into(), json!(buyer));
    }
    if let Some(details) = &session.fulfillment_details {
        object.insert("fulfillment_details".into(), json!(details));
    }
    if let Some(groups) = &session.fulfillment_groups {
        object.insert("fulfillment_groups".into(), json!(groups));
    }
    if !session.selected_options.is_empty() {
        object.insert(
            "selected_fulfillment_options".into(),
            json!(session.selected_options),
        );
    }
    for (key, value) in [
        ("locale", &session.locale),
        ("timezone", &session.timezone),
        ("quote_id", &session.quote_id),
    ] {
        if let Some(value) = value {
            object.insert(key.into(), json!(value));
        }
    }
    if let Some(metadata) = &session.metadata {
        object.insert("metadata".into(), Value::Object(metadata.clone()));
    }
    if let Some(order) = &session.order {
        object.insert("order".into(), render_order(session, order));
    }
}

fn render_line(line: &Line, low_stock_threshold: i64) -> Value {
    let amounts: LineAmounts = totals::line_amounts(line);
    let product = &line.product;
    let mut object = json!({
        "id": line.id,
        "item": { "id": line.item_id },
        "quantity": line.quantity,
        "name": product.title,
        "unit_amount": product.unit_amount.unwrap_or(0),
        "availability_status": availability(line, low_stock_threshold),
        "totals": totals::line_totals(amounts),
    });
    let map = object.as_object_mut().expect("line is an object");
    if let Some(stock) = product.stock_quantity {
        map.insert("available_quantity".into(), json!(stock.max(0)));
    }
    if let Some(url) = &product.image_url {
        map.insert("images".into(), json!([url]));
    }
    for (key, value) in [
        ("description", &product.description),
        ("product_id", &product.product_id),
        ("variant_id", &product.variant_id),
        ("sku", &product.sku),
    ] {
        if let Some(value) = value {
            map.insert(key.into(), json!(value));
        }
    }
    object
}

fn availability(line: &Line, low_stock_threshold: i64) -> &'static str {
    let product = &line.product;
    match product.stock_quantity {
        _ if !product.available => "out_of_stock",
        Some(stock) if stock < line.quantity as i64 => "out_of_stock",
        Some(stock) if stock <= low_stock_threshold => "low_stock",
        _ => "in_stock",
    }
}

fn render_option(option: &FulfillmentOptionConfig) -> Value {
    let kind = match option.kind {
        FulfillmentKind::Shipping => "shipping",
        FulfillmentKind::Digital => "digital",
    };
    let mut object = json!({
        "type": kind,
        "id": option.id,
        "title": option.title,
        "totals": [
            totals::total("subtotal", "Subtotal", option.subtotal),
            totals::total("tax", "Tax", option.tax),
            totals::total("total", "Total", option.subtotal + option.tax),
        ],
    });
    let map = object.as_object_mut().expect("option is an object");
    if let Some(description) = &option.description {
        map.insert("description".into(), json!(description));
    }
    if let (Some(carrier), FulfillmentKind::Shipping) = (&option.carrier, option.kind) {
        map.insert("carrier".into(), json!(carrier));
    }
    object
}

fn render_message(message: &Message) -> Value {
    let mut object = json!({
        "type": message.kind,
        "content_type": "plain",
        "content": message.content,
    });
    let map = object.as_object_mut().expect("message is an object");
    for (key, value) in [
        ("code", &message.code),
        ("param", &message.param),
        ("resolution", &message.resolution),
    ] {
        if let Some(value) = value {
            map.insert(key.into(), json!(value));
        }
    }
    object
}

fn render_links(config: &Config) -> Value {
    let links = config.links.iter().map(|link| {
        let mut object = json!({ "type": link.kind, "url": link.url });
        if let Some(title) = &link.title {
            object["title"] = json!(title);
        }
        object
    });
    Value::Array(links.collect())
}

fn render_capabilities(session: &Session, config: &Config) -> Value {
    json!({
        "payment": { "handlers": config.payment_handlers },
        "interventions": {
            "supported": session.interventions,
            "required": [],
            "enforcement": "conditional",
        },
    })
}

fn render_order(session: &Session, order: &crate::shop::CreatedOrder) -> Value {
    let mut object = json!({
        "type": "order",
        "id": order.order_id,
        "checkout_session_id": session.id,
        "permalink_url": order.permalink_url,
        "status": "created",
    });
    if let Some(number) = &order.order_number {
        object["order_number"] = json!(number);
    }
    object
}
