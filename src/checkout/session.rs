//! The checkout session as kassa stores it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::acp::wire::{Buyer, FulfillmentDetails, SelectedOption};
use crate::shop::{CreatedOrder, Product};

/// Session status; the values are ACP's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotReadyForPayment,
    ReadyForPayment,
    /// Set while the shop order is being created; see `Checkout::complete`.
    CompleteInProgress,
    Completed,
    Canceled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotReadyForPayment => "not_ready_for_payment",
            Status::ReadyForPayment => "ready_for_payment",
            Status::CompleteInProgress => "complete_in_progress",
            Status::Completed => "completed",
            Status::Canceled => "canceled",
        }
    }

    /// Completed and canceled sessions accept no further changes.
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Completed | Status::Canceled)
    }
}

/// One line: the item and quantity the agent requested, and the shop's product data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Line id, `li_1`, `li_2`, ... in request order.
    pub id: String,
    pub item_id: String,
    pub quantity: u64,
    /// The shop's product data when the line was last priced.
    pub product: Product,
}

/// The payment data kassa keeps: never the credential itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentRecord {
    pub handler_id: String,
    pub instrument_type: Option<String>,
    pub credential_type: Option<String>,
}

/// A message shown to the agent (ACP `MessageInfo`/`Warning`/`Error`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// `info`, `warning` or `error`.
    pub kind: String,
    pub code: Option<String>,
    pub param: Option<String>,
    pub content: String,
    pub resolution: Option<String>,
}

impl Message {
    pub fn error(
        code: &str,
        param: impl Into<String>,
        content: impl Into<String>,
        resolution: &str,
    ) -> Message {
        Message {
            kind: "error".to_string(),
            code: Some(code.to_string()),
            param: Some(param.into()),
            content: content.into(),
            resolution: Some(resolution.to_string()),
        }
    }

    pub fn warning(code: &str, param: impl Into<String>, content: impl Into<String>) -> Message {
        Message {
            kind: "warning".to_string(),
            code: Some(code.to_string()),
            param: Some(param.into()),
            content: content.into(),
            resolution: None,
        }
    }

    /// Errors block payment; warnings and info do not.
    pub fn is_blocking(&self) -> bool {
        self.kind == "error"
    }
}

/// A stored checkout session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    /// The agent that created it; other agents cannot see it.
    pub agent: String,
    pub status: Status,
    /// Lower-case ISO 4217 code.
    pub currency: String,
    pub lines: Vec<Line>,
    pub buyer: Option<Buyer>,
    pub fulfillment_details: Option<FulfillmentDetails>,
    pub fulfillment_groups: Option<Vec<Value>>,
    pub selected_options: Vec<SelectedOption>,
    pub messages: Vec<Message>,
    /// Interventions both the agent and kassa support.
    pub interventions: Vec<String>,
    pub discount_codes: Vec<String>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub quote_id: Option<String>,
    pub metadata: Option<serde_json::Map<String, Value>>,
    pub order_notes: Option<String>,
    pub payment: Option<PaymentRecord>,
    pub order: Option<CreatedOrder>,
    /// Values the mapping saved from shop responses (`session.refs`).
    pub refs: BTreeMap<String, Value>,
    pub protocol_version: String,
    /// RFC 3339 timestamps.
    pub created_at: String,
    pub updated_at: String,
    pub expires_at: String,
}

impl Session {
    /// Returns the buyer's email: `buyer.email`, else `fulfillment_details.email`.
    pub fn email(&self) -> Option<&str> {
        self.buyer
            .as_ref()
            .map(|buyer| buyer.email.as_str())
            .or_else(|| self.fulfillment_details.as_ref()?.email.as_deref())
    }

    /// True when at least one line needs shipping.
    pub fn needs_shipping(&self) -> bool {
        self.lines.iter().any(|line| line.product.requires_shipping)
    }
}
