//! The HTML side of the demo shop, outside `/wp-json/` and without
//! authentication: storefront, product pages, placeholder images and order
//! confirmation pages. They let a person see kassa pass non-ACP paths through.

use std::fmt::Write as _;

use http::{Method, StatusCode};

use super::catalogue::{self, ProductType};
use super::render::{image_url, money, wc_date};
use super::server::{DemoRequest, Reply};
use super::shop::{lock, Order, Product, SharedShop, Shop};

/// Name shown in page titles and headings.
const SHOP_NAME: &str = "kassa demo shop";

/// Handles a request outside `/wp-json`. Unknown paths and methods other
/// than GET and HEAD get a 404 page.
pub(super) fn handle(shop: &SharedShop, request: &DemoRequest) -> Reply {
    if request.method != Method::GET && request.method != Method::HEAD {
        return not_found();
    }
    let path = request.path.as_str();
    let shop = lock(shop);
    if path == "/" {
        return Reply::html(StatusCode::OK, storefront(&shop));
    }
    if let Some(slug) = path
        .strip_prefix("/product/")
        .map(|rest| rest.strip_suffix('/').unwrap_or(rest))
    {
        return product_by_slug(&shop, slug).map_or_else(not_found, |product| {
            Reply::html(StatusCode::OK, product_page(&shop, product))
        });
    }
    if let Some(slug) = path
        .strip_prefix("/img/")
        .and_then(|rest| rest.strip_suffix(".svg"))
    {
        return product_by_slug(&shop, slug)
            .map_or_else(not_found, |product| Reply::svg(placeholder_svg(product)));
    }
    if let Some(id) = path
        .strip_prefix("/checkout/order-received/")
        .map(|rest| rest.strip_suffix('/').unwrap_or(rest))
    {
        let key = request.query.get("key").unwrap_or("");
        return matching_order(&shop, id, key).map_or_else(not_found, |order| {
            Reply::html(StatusCode::OK, order_page(order))
        });
    }
    not_found()
}

/// Builds an HTML error page with `status` and a one-line message.
pub(super) fn error_page(status: StatusCode, message: &str) -> Reply {
    let reason = status.canonical_reason().unwrap_or("Error");
    let body = format!(
        "<h1>{} {}</h1>\n<p>{}</p>\n<p><a href=\"/\">Back to the shop</a></p>\n",
        status.as_u16(),
        escape_html(reason),
        escape_html(message)
    );
    Reply::html(status, page(reason, &body))
}

fn not_found() -> Reply {
    error_page(StatusCode::NOT_FOUND, "There is no page at this address.")
}

fn product_by_slug<'a>(shop: &'a Shop, slug: &str) -> Option<&'a Product> {
    shop.all_products()
        .find(|product| product.seed.slug == slug)
}

/// Finds the order for a confirmation page; both the id and the order key
/// must match.
fn matching_order<'a>(shop: &'a Shop, id: &str, key: &str) -> Option<&'a Order> {
    let id = id.parse::<u64>().ok()?;
    shop.order(id).filter(|order| order.order_key == key)
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Wraps `body` in a complete HTML document with a small inline style sheet.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} | {SHOP_NAME}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><a href=\"/\">{SHOP_NAME}</a></header>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape_html(title)
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#222}\
header{background:#1f2a44;padding:12px 24px}header a{color:#fff;text-decoration:none;font-weight:bold}\
main{max-width:960px;margin:24px auto;padding:0 24px}\
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:8px;text-align:left;vertical-align:middle}\
img.thumb{width:56px;height:56px}del{color:#888}.out{color:#a00}.note{color:#555}";

/// Formats a price for people, for example "$129.99".
fn display_price(amount: rust_decimal::Decimal) -> String {
    format!("${}", money(amount))
}

/// Renders a product's price cell: the sale price after the struck-out
/// regular price, "from" for a variable product, or a note when unpriced.
fn price_html(shop: &Shop, product: &Product) -> String {
    let Some(price) = shop.price(product) else {
        return "<span class=\"note\">no price yet</span>".to_owned();
    };
    if product.product_type() == ProductType::Variable {
        return format!("from {}", display_price(price));
    }
    match product.regular_price.filter(|_| product.is_on_sale()) {
        Some(regular) => format!(
            "<del>{}</del> <ins>{}</ins>",
            display_price(regular),
            display_price(price)
        ),
        None => display_price(price),
    }
}

/// Describes stock for a page; variable products list each variation.
fn stock_html(shop: &Shop, product: &Product) -> String {
    if product.product_type() != ProductType::Variable {
        let text = shop.describe_stock(product);
        let class = if text == "out of stock" {
            " class=\"out\""
        } else {
            ""
        };
        return format!("<span{class}>{}</span>", escape_html(&text));
    }
    let parts: Vec<String> = shop
        .variations_of(product.id())
        .into_iter()
        .map(|variation| {
            let option = variation
                .seed
                .attributes
                .first()
                .and_then(|attribute| attribute.options.first())
                .copied()
                .unwrap_or(variation.seed.name);
            format!("{}: {}", escape_html(option), stock_html(shop, variation))
        })
        .collect();
    parts.join("<br>")
}

/// Renders `/`: every listed product with image, price and stock.
fn storefront(shop: &Shop) -> String {
    let mut rows = String::new();
    for product in shop.listed_products() {
        let seed = product.seed;
        let _ = writeln!(
            rows,
            "<tr><td><img class=\"thumb\" src=\"/img/{slug}.svg\" alt=\"\"></td>\
             <td><a href=\"/product/{slug}/\">{name}</a><br><small class=\"note\">#{id} · {sku}</small></td>\
             <td>{price}</td><td>{stock}</td></tr>",
            slug = escape_html(seed.slug),
            name = escape_html(seed.name),
            id = seed.id,
            sku = escape_html(seed.sku),
            price = price_html(shop, product),
            stock = stock_html(shop, product),
        );
    }
    let body = format!(
        "<h1>Headphones and accessories</h1>\n\
         <p class=\"note\">This is the demo shop that <code>kassa demo</code> runs so kassa can be \
         tried without a real shop. Its WooCommerce-style REST API is under \
         <code>/wp-json/wc/v3/</code> and needs the demo consumer key and secret.</p>\n\
         <table>\n<tr><th></th><th>Product</th><th>Price</th><th>Stock</th></tr>\n{rows}</table>\n"
    );
    page("Shop", &body)
}

/// Renders `/product/{slug}/` for a product or variation.
fn product_page(shop: &Shop, product: &Product) -> String {
    let seed = product.seed;
    let mut details = String::new();
    for attribute in seed.attributes {
        let Some(definition) = catalogue::attribute(attribute.id) else {
            continue;
        };
        let _ = writeln!(
            details,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape_html(definition.name),
            escape_html(&attribute.options.join(", "))
        );
    }
    let body = format!(
        "<h1>{name}</h1>\n<p><img src=\"{image}\" alt=\"\" width=\"240\" height=\"240\"></p>\n\
         <p><strong>{price}</strong> · {stock}</p>\n<p>{description}</p>\n\
         <table>\n<tr><th>SKU</th><td>{sku}</td></tr>\n{details}</table>\n",
        name = escape_html(seed.name),
        image = escape_html(&image_url("", seed.slug)),
        price = price_html(shop, product),
        stock = stock_html(shop, product),
        description = escape_html(seed.description),
        sku = escape_html(seed.sku),
    );
    page(seed.name, &body)
}

/// Renders `/checkout/order-received/{id}/`.
fn order_page(order: &Order) -> String {
    let mut rows = String::new();
    for line in &order.line_items {
        let _ = writeln!(
            rows,
            "<tr><td>{} × {}</td><td>{}</td></tr>",
            escape_html(&line.name),
            line.quantity,
            display_price(line.total)
        );
    }
    for line in &order.shipping_lines {
        let _ = writeln!(
            rows,
            "<tr><td>Shipping: {}</td><td>{}</td></tr>",
            escape_html(&line.method_title),
            display_price(line.total)
        );
    }
    let body = format!(
        "<h1>Order received</h1>\n<p>Thank you. Your order has been received.</p>\n\
         <ul>\n<li>Order number: <strong>{id}</strong></li>\n<li>Date: {date} UTC</li>\n\
         <li>Status: {status}</li>\n<li>Total: <strong>{total}</strong></li>\n\
         <li>Payment method: {payment}</li>\n</ul>\n\
         <table>\n<tr><th>Item</th><th>Total</th></tr>\n{rows}\
         <tr><th>Total</th><th>{total}</th></tr>\n</table>\n",
        id = order.id,
        date = wc_date(order.created).replace('T', " "),
        status = escape_html(&order.status),
        total = display_price(order.total),
        payment = payment_label(order),
    );
    page(&format!("Order {}", order.id), &body)
}

/// Names the payment method for people: its title, else its id, else "none".
fn payment_label(order: &Order) -> String {
    [&order.payment_method_title, &order.payment_method]
        .into_iter()
        .find(|text| !text.is_empty())
        .map_or_else(|| "none".to_owned(), |text| escape_html(text))
}

/// Draws a 400×400 placeholder: a headphone outline on a background whose
/// hue is derived from the slug, with the product name below.
fn placeholder_svg(product: &Product) -> String {
    let seed = product.seed;
    let hue = seed.slug.bytes().fold(0u32, |hash, byte| {
        hash.wrapping_mul(31).wrapping_add(u32::from(byte))
    }) % 360;
    let mut text = String::new();
    for (index, line) in wrap_words(seed.name, 28).iter().enumerate() {
        let _ = write!(
            text,
            "<tspan x=\"200\" dy=\"{}\">{}</tspan>",
            if index == 0 { "0" } else { "1.2em" },
            escape_html(line)
        );
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"400\" viewBox=\"0 0 400 400\">\
         <rect width=\"400\" height=\"400\" fill=\"hsl({hue},45%,88%)\"/>\
         <path d=\"M120 215 V190 a80 80 0 0 1 160 0 V215\" fill=\"none\" stroke=\"hsl({hue},35%,30%)\" \
         stroke-width=\"14\" stroke-linecap=\"round\"/>\
         <rect x=\"98\" y=\"200\" width=\"48\" height=\"78\" rx=\"18\" fill=\"hsl({hue},35%,30%)\"/>\
         <rect x=\"254\" y=\"200\" width=\"48\" height=\"78\" rx=\"18\" fill=\"hsl({hue},35%,30%)\"/>\
         <text x=\"200\" y=\"322\" font-family=\"sans-serif\" font-size=\"17\" text-anchor=\"middle\" \
         fill=\"hsl({hue},35%,20%)\">{text}</text></svg>\n"
    )
}

/// Splits `text` into lines of at most about `width` characters at spaces.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}
