//! WooCommerce-style REST errors of the demo shop.

use http::StatusCode;
use serde_json::{json, Value};

/// An error response in the WordPress REST shape:
/// `{"code": ..., "message": ..., "data": {"status": ...}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ApiError {
    pub status: StatusCode,
    /// Machine-readable WooCommerce or WordPress error code.
    pub code: &'static str,
    pub message: String,
    /// Invalid request parameter and why it is invalid, sent as
    /// `data.params` the way WordPress reports `rest_invalid_param`.
    pub invalid_param: Option<(String, String)>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            invalid_param: None,
        }
    }

    /// Builds the JSON body of the error response.
    pub(super) fn to_json(&self) -> Value {
        let mut data = json!({ "status": self.status.as_u16() });
        if let Some((name, reason)) = &self.invalid_param {
            data["params"] = json!({ name.as_str(): reason });
        }
        json!({ "code": self.code, "message": self.message, "data": data })
    }

    /// Builds the 401 error for a missing or wrong consumer key or secret.
    pub(super) fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot list resources.",
        )
    }

    /// Builds the 404 error for a path and method that match no route.
    pub(super) fn no_route() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "rest_no_route",
            "No route was found matching the URL and request method.",
        )
    }

    /// Builds the 400 error for a request body that is not a JSON object.
    pub(super) fn invalid_json() -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "rest_invalid_json",
            "Invalid JSON body passed.",
        )
    }

    /// Builds the 413 error for a request body over `limit_bytes`.
    pub(super) fn body_too_large(limit_bytes: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "rest_request_too_large",
            format!("The request body is larger than {limit_bytes} bytes."),
        )
    }

    /// Builds the 400 error for a parameter with the wrong type or value.
    /// `name` is the top-level parameter, `reason` a sentence about the exact field.
    pub(super) fn invalid_param(name: &str, reason: impl Into<String>) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::BAD_REQUEST,
            "rest_invalid_param",
            format!("Invalid parameter(s): {name}"),
        );
        error.invalid_param = Some((name.to_owned(), reason.into()));
        error
    }

    /// Builds the 404 error for an unknown product or variation id in a route.
    pub(super) fn product_not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "woocommerce_rest_product_invalid_id",
            "Invalid ID.",
        )
    }

    /// Builds the 404 error for an unknown order id in a route.
    pub(super) fn order_not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "woocommerce_rest_shop_order_invalid_id",
            "Invalid ID.",
        )
    }

    /// Builds the 400 error for a line item whose product does not exist.
    pub(super) fn unknown_line_product(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "woocommerce_rest_invalid_product_id",
            message,
        )
    }

    /// Builds the 400 error for a line item without any product reference.
    pub(super) fn missing_line_product(index: usize) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "woocommerce_rest_required_product_reference",
            format!("line_items[{index}] needs a product_id, variation_id or sku."),
        )
    }

    /// Builds the 400 error for a line item whose product cannot be bought.
    pub(super) fn not_purchasable(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "woocommerce_rest_invalid_product",
            message,
        )
    }

    /// Builds the 400 error for a line item quantity of zero or less.
    pub(super) fn invalid_quantity(index: usize, quantity: &str) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "woocommerce_rest_invalid_product_quantity",
            format!(
                "Product quantity must be a positive integer, but line_items[{index}] has quantity {quantity}."
            ),
        )
    }

    /// Builds the 400 error for an order that exceeds the stock of a product.
    pub(super) fn out_of_stock(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "woocommerce_rest_product_out_of_stock",
            message,
        )
    }

    /// Builds the 400 error for an order amount beyond the range of `Decimal`.
    pub(super) fn amount_overflow() -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "woocommerce_rest_invalid_order_total",
            "The order total is too large to compute. Lower the quantities or shipping totals.",
        )
    }
}
