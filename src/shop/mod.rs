//! The shop side of kassa: an HTTP client bound to one shop and the runner
//! that executes a mapping's operations, turning their results into typed
//! products and orders.

pub mod client;
pub mod workflow;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::config::ShopConfig;
use crate::mapping::scope::Scope;
use crate::mapping::{Mapping, Outcome};
use crate::money::Currency;
use client::ShopClient;
pub use workflow::ShopFailure;

/// One purchasable item as the shop describes it, prices in minor units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub item_id: String,
    pub title: String,
    /// Upper-case ISO 4217 code; `None` when the shop gives no price.
    pub currency: Option<String>,
    /// Price of one unit before tax; `None` when the item has no price.
    pub unit_amount: Option<i64>,
    /// Tax on one unit. Default 0.
    pub unit_tax: i64,
    pub available: bool,
    /// Units in stock; `None` when the shop does not track stock.
    pub stock_quantity: Option<i64>,
    /// True for a parent product that must be bought as one of its variants.
    pub has_variants: bool,
    pub variant_ids: Vec<String>,
    /// False for digital goods. Default true.
    pub requires_shipping: bool,
    pub image_url: Option<String>,
    pub description: Option<String>,
    pub product_id: Option<String>,
    pub variant_id: Option<String>,
    pub sku: Option<String>,
}

/// The order the shop created at complete.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedOrder {
    pub order_id: String,
    pub order_number: Option<String>,
    pub permalink_url: String,
    pub status: Option<String>,
    /// The total the shop recorded, in minor units, when the mapping reads it.
    pub charged_total: Option<i64>,
    /// Captures the mapping saves on the session.
    pub saved: BTreeMap<String, Value>,
}

/// A shop: its client, its compiled mapping and its config variables.
pub struct Shop {
    client: ShopClient,
    mapping: Arc<Mapping>,
    vars: BTreeMap<String, String>,
}

impl Shop {
    pub fn new(config: &ShopConfig, mapping: Arc<Mapping>) -> Result<Shop, String> {
        Ok(Shop {
            client: ShopClient::new(config)?,
            mapping,
            vars: config.vars.clone(),
        })
    }

    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    fn base_scope(&self) -> Scope {
        let shop = json!({
            "base_url": self.client.base_url(),
            "host": self.client.host(),
            "port": self.client.port(),
            "vars": self.vars,
        });
        Scope::new().with("shop", shop)
    }

    /// Reads one item through the mapping's `product` operation.
    pub async fn read_product(&self, item_id: &str) -> Result<Product, ShopFailure> {
        let scope = self.base_scope().with("item", json!({ "id": item_id }));
        let output = workflow::run(&self.client, &self.mapping.product, scope, None).await?;

        let title = output
            .string("title")
            .ok_or_else(|| missing("product", "title"))?;
        let available = output
            .boolean("available")
            .ok_or_else(|| missing("product", "available"))?;
        let currency = output
            .string("currency")
            .and_then(|code| Currency::parse(&code).ok())
            .map(|currency| currency.code().to_string());
        Ok(Product {
            item_id: item_id.to_string(),
            title,
            currency,
            unit_amount: output.integer("unit_amount"),
            unit_tax: output.integer("unit_tax").unwrap_or(0),
            available,
            stock_quantity: output.integer("stock_quantity"),
            has_variants: output.boolean("has_variants").unwrap_or(false),
            variant_ids: output.list("variant_ids"),
            requires_shipping: output.boolean("requires_shipping").unwrap_or(true),
            image_url: output.string("image_url"),
            description: output.string("description"),
            product_id: output.string("product_id"),
            variant_id: output.string("variant_id"),
            sku: output.string("sku"),
        })
    }

    /// Creates the order through the mapping's `order_create` operation;
    /// `session` is the session view described in the mapping docs.
    pub async fn create_order(
        &self,
        session: Value,
        currency: Currency,
    ) -> Result<CreatedOrder, ShopFailure> {
        let scope = self.base_scope().with("session", session);
        let output = workflow::run(
            &self.client,
            &self.mapping.order_create,
            scope,
            Some(currency),
        )
        .await?;

        Ok(CreatedOrder {
            order_id: output
                .string("order_id")
                .ok_or_else(|| missing("order_create", "order_id"))?,
            order_number: output.string("order_number"),
            permalink_url: output
                .string("permalink_url")
                .ok_or_else(|| missing("order_create", "permalink_url"))?,
            status: output.string("status"),
            charged_total: output.integer("charged_total"),
            saved: output.saved,
        })
    }
}

fn missing(operation: &str, field: &str) -> ShopFailure {
    ShopFailure {
        outcome: Outcome::Error,
        message: format!(
            "the `{operation}` result field `{field}` found no value in the shop's response"
        ),
        step: "result".to_string(),
        line_index: None,
        maybe_processed: false,
    }
}
