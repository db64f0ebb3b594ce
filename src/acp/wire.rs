//! ACP 2026-04-17 request bodies, parsed strictly: unknown fields are
//! rejected as the JSON Schema's `additionalProperties: false` requires, and
//! each error carries the JSONPath of the field at fault.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::AcpError;

/// A field of an update request: absent (leave as is), `null` (clear) or a value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Patch<T> {
    #[default]
    Absent,
    Null,
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Patch::Value(value),
            None => Patch::Null,
        })
    }
}

/// `Item` in a request, plus the optional `quantity` agents send.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRequest {
    pub id: String,
    pub name: Option<String>,
    pub unit_amount: Option<i64>,
    /// Kept raw so a bad value gets a precise message; see `checkout::lines`.
    /// An explicit `null` is kept as `Some(Value::Null)`, so it is rejected
    /// instead of taken for an absent quantity.
    #[serde(default, deserialize_with = "present")]
    pub quantity: Option<Value>,
}

/// Deserializes a field that is present, `null` included, as `Some`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub name: String,
    pub line_one: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_two: Option<String>,
    pub city: String,
    pub state: String,
    pub country: String,
    pub postal_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FulfillmentDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<AccountType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_status: Option<AuthenticationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loyalty: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_exemption: Option<Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    Guest,
    Registered,
    Business,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthenticationStatus {
    Authenticated,
    Guest,
    RequiresSignin,
}

/// `SelectedFulfillmentOption`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectedOption {
    #[serde(rename = "type")]
    pub kind: String,
    pub option_id: String,
    pub item_ids: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountsRequest {
    pub codes: Vec<String>,
}

/// Capabilities an agent declares; values kassa does not know are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AgentCapabilities {
    #[serde(default)]
    pub interventions: Option<AgentInterventions>,
    #[serde(default)]
    pub extensions: Option<Value>,
    #[serde(default)]
    pub payment: Option<Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AgentInterventions {
    #[serde(default)]
    pub supported: Vec<Value>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    pub line_items: Vec<ItemRequest>,
    pub currency: String,
    pub capabilities: AgentCapabilities,
    pub buyer: Option<Buyer>,
    pub fulfillment_details: Option<FulfillmentDetails>,
    pub fulfillment_groups: Option<Vec<Value>>,
    pub affiliate_attribution: Option<Value>,
    pub coupons: Option<Vec<String>>,
    pub discounts: Option<DiscountsRequest>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub quote_id: Option<String>,
    pub metadata: Option<serde_json::Map<String, Value>>,
    pub order_notes: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    #[serde(default)]
    pub buyer: Patch<Buyer>,
    #[serde(default)]
    pub line_items: Patch<Vec<ItemRequest>>,
    #[serde(default)]
    pub fulfillment_details: Patch<FulfillmentDetails>,
    #[serde(default)]
    pub fulfillment_groups: Patch<Vec<Value>>,
    #[serde(default)]
    pub selected_fulfillment_options: Patch<Vec<SelectedOption>>,
    #[serde(default)]
    pub coupons: Patch<Vec<String>>,
    #[serde(default)]
    pub discounts: Patch<DiscountsRequest>,
    #[serde(default)]
    pub order_notes: Patch<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    #[serde(rename = "type")]
    pub kind: String,
    pub token: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    #[serde(rename = "type")]
    pub kind: String,
    pub credential: Credential,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentData {
    pub handler_id: Option<String>,
    pub instrument: Option<Instrument>,
    pub billing_address: Option<Address>,
    pub purchase_order_number: Option<String>,
    pub payment_terms: Option<String>,
    pub due_date: Option<String>,
    pub approval_required: Option<bool>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteRequest {
    pub payment_data: PaymentData,
    pub buyer: Option<Buyer>,
    pub authentication_result: Option<Value>,
    pub affiliate_attribution: Option<Value>,
    pub risk_signals: Option<Value>,
    pub marketing_consents: Option<Vec<Value>>,
    pub order_notes: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct CancelRequest {
    pub intent_trace: Option<IntentTrace>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentTrace {
    pub reason_code: String,
    pub trace_summary: Option<String>,
    pub metadata: Option<serde_json::Map<String, Value>>,
}

/// Parses a JSON body into `T`, turning serde's error into an ACP error
/// whose `param` is the JSONPath of the field at fault.
pub fn parse<T: DeserializeOwned>(body: &Value) -> Result<T, AcpError> {
    serde_path_to_error::deserialize(body).map_err(|error| {
        let mut path = json_path(error.path());
        let inner = error.inner().to_string();
        if let Some(field) = missing_field(&inner) {
            path = if path == "$" {
                format!("$.{field}")
            } else {
                format!("{path}.{field}")
            };
        }
        let message = format!("invalid request body at {path}: {inner}");
        AcpError::invalid("invalid_request", message).at(path)
    })
}

/// Extracts the field name from serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// Converts serde_path_to_error's path to an RFC 9535 JSONPath.
fn json_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::from("$");
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key }
            | serde_path_to_error::Segment::Enum { variant: key } => {
                out.push('.');
                out.push_str(key);
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_field_names_its_path() {
        let body = json!({"line_items": [{"id": "1", "colour": "red"}], "currency": "usd", "capabilities": {}});
        let error = parse::<CreateRequest>(&body).unwrap_err();
        assert_eq!(error.param.as_deref(), Some("$.line_items[0].colour"));
        assert!(error.message.contains("colour"));
    }

    #[test]
    fn missing_line_items_is_reported() {
        let error =
            parse::<CreateRequest>(&json!({"currency": "usd", "capabilities": {}})).unwrap_err();
        assert!(error.message.contains("line_items"), "{}", error.message);
        assert_eq!(error.param.as_deref(), Some("$.line_items"));
    }

    #[test]
    fn null_quantity_is_kept() {
        let body = json!({"line_items": [{"id": "1", "quantity": null}, {"id": "2"}], "currency": "usd", "capabilities": {}});
        let request = parse::<CreateRequest>(&body).unwrap();
        assert_eq!(request.line_items[0].quantity, Some(Value::Null));
        assert_eq!(request.line_items[1].quantity, None);
    }

    #[test]
    fn patch_distinguishes_null_from_absent() {
        let update: UpdateRequest = parse(&json!({"buyer": null})).unwrap();
        assert_eq!(update.buyer, Patch::Null);
        assert_eq!(update.fulfillment_details, Patch::Absent);
    }

    #[test]
    fn unknown_intervention_values_are_accepted() {
        let body = json!({"line_items": [{"id": "1"}], "currency": "usd", "capabilities": {"interventions": {"supported": ["3ds", "telepathy"]}}});
        assert!(parse::<CreateRequest>(&body).is_ok());
    }
}
