//! In-memory state of the demo shop: products with their prices and stock,
//! and orders. All money arithmetic uses `rust_decimal`.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rand::distr::{Alphanumeric, SampleString};
use rust_decimal::Decimal;
use serde_json::Value;
use time::OffsetDateTime;

use super::catalogue::{ProductType, Seed, SeedStock, StockStatus, SEEDS};
use super::error::ApiError;
use super::params::{
    parse_money, Address, LineItemRequest, OrderRequest, OrderUpdate, ProductUpdate,
};

/// Id of the first order a fresh demo shop creates.
const FIRST_ORDER_ID: u64 = 1001;

/// Length of the random part of an order key, the same as in WooCommerce's
/// `wc_generate_order_key`.
const ORDER_KEY_RANDOM_CHARS: usize = 13;

/// Order statuses from which a `set_paid` request moves the order to
/// `processing`, as WooCommerce's `payment_complete` does.
const PAYABLE_STATUSES: &[&str] = &[
    "pending",
    "on-hold",
    "failed",
    "cancelled",
    "checkout-draft",
];

/// The shop state shared by all connections of one server.
pub(super) type SharedShop = Mutex<Shop>;

/// Locks the shop state. A lock poisoned by a panicking task is taken over
/// as it is, so one panic does not fail every later request.
pub(super) fn lock(shop: &SharedShop) -> MutexGuard<'_, Shop> {
    shop.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A product or variation with its current price and stock.
#[derive(Debug)]
pub(super) struct Product {
    /// The fixed catalogue data: names, texts, categories and attributes.
    pub seed: &'static Seed,
    pub regular_price: Option<Decimal>,
    pub sale_price: Option<Decimal>,
    pub manage_stock: bool,
    /// `None` exactly when `manage_stock` is false.
    pub stock_quantity: Option<i64>,
    pub stock_status: StockStatus,
}

impl Product {
    /// Builds the starting state of a catalogue entry.
    fn from_seed(seed: &'static Seed) -> Product {
        let (manage_stock, stock_quantity, stock_status) = match seed.stock {
            SeedStock::Managed(quantity) => (true, Some(quantity), managed_status(quantity)),
            SeedStock::Unmanaged(status) => (false, None, status),
            SeedStock::FromVariations => (false, None, StockStatus::InStock),
        };
        Product {
            seed,
            regular_price: seed_price(seed.regular_price),
            sale_price: seed_price(seed.sale_price),
            manage_stock,
            stock_quantity,
            stock_status,
        }
    }

    pub(super) fn id(&self) -> u64 {
        self.seed.id
    }

    pub(super) fn product_type(&self) -> ProductType {
        self.seed.product_type
    }

    /// Tells whether the sale price applies, following WooCommerce: a sale
    /// price is set and is lower than the regular price.
    pub(super) fn is_on_sale(&self) -> bool {
        matches!(
            (self.sale_price, self.regular_price),
            (Some(sale), Some(regular)) if sale < regular
        )
    }

    /// Returns the price a buyer pays for this product or variation, or
    /// `None` when it has no price. A variable product's price comes from
    /// [`Shop::price`] instead.
    pub(super) fn own_price(&self) -> Option<Decimal> {
        if self.is_on_sale() {
            self.sale_price
        } else {
            self.regular_price
        }
    }

    /// Sets the stock quantity of a managed product and derives its status:
    /// WooCommerce without backorders marks 0 or less as out of stock.
    fn set_managed_quantity(&mut self, quantity: i64) {
        self.manage_stock = true;
        self.stock_quantity = Some(quantity);
        self.stock_status = managed_status(quantity);
    }
}

fn managed_status(quantity: i64) -> StockStatus {
    if quantity > 0 {
        StockStatus::InStock
    } else {
        StockStatus::OutOfStock
    }
}

/// Converts a catalogue price literal. An empty literal means no price.
fn seed_price(text: &str) -> Option<Decimal> {
    if text.is_empty() {
        return None;
    }
    let price = parse_money(text);
    if price.is_none() {
        // NOTE: unreachable for the shipped catalogue, whose prices a test reads back.
        tracing::error!(price = text, "invalid price literal in the demo catalogue");
    }
    price
}

/// One line of an order.
#[derive(Debug, Clone)]
pub(super) struct LineItem {
    pub id: u64,
    pub name: String,
    /// The parent product id when the line is a variation.
    pub product_id: u64,
    /// 0 unless the line is a variation.
    pub variation_id: u64,
    pub parent_name: Option<String>,
    pub quantity: u64,
    /// Unit price at the time of ordering.
    pub price: Decimal,
    pub subtotal: Decimal,
    pub total: Decimal,
    pub sku: String,
}

/// One shipping line of an order.
#[derive(Debug, Clone)]
pub(super) struct ShippingLine {
    pub id: u64,
    pub method_id: String,
    pub method_title: String,
    pub total: Decimal,
}

/// One `meta_data` entry of an order.
#[derive(Debug, Clone)]
pub(super) struct MetaEntry {
    pub id: u64,
    pub key: String,
    pub value: Value,
}

/// A stored order.
#[derive(Debug, Clone)]
pub(super) struct Order {
    pub id: u64,
    pub order_key: String,
    pub status: String,
    pub created: OffsetDateTime,
    pub modified: OffsetDateTime,
    pub paid: Option<OffsetDateTime>,
    pub completed: Option<OffsetDateTime>,
    pub payment_method: String,
    pub payment_method_title: String,
    pub transaction_id: String,
    pub customer_note: String,
    pub billing: Address,
    pub shipping: Address,
    pub line_items: Vec<LineItem>,
    pub shipping_lines: Vec<ShippingLine>,
    pub meta_data: Vec<MetaEntry>,
    pub shipping_total: Decimal,
    pub total: Decimal,
    /// Whether the order's quantities are currently taken out of stock;
    /// cancelling the order puts them back once.
    pub stock_reduced: bool,
}

/// The whole mutable state of one demo shop.
#[derive(Debug)]
pub(super) struct Shop {
    products: BTreeMap<u64, Product>,
    /// Orders sorted by ascending id.
    orders: Vec<Order>,
    next_order_id: u64,
    /// Next id for line items, shipping lines and meta entries, which share
    /// one sequence as WooCommerce order items do.
    next_item_id: u64,
}

/// A line item resolved to a purchasable product, before stock changes.
struct ResolvedLine<'a> {
    product: &'a Product,
    quantity: u64,
}

impl Shop {
    /// Builds a shop with the full catalogue, its starting stock and no orders.
    pub(super) fn new() -> Shop {
        let products = SEEDS
            .iter()
            .map(|seed| (seed.id, Product::from_seed(seed)))
            .collect();
        Shop {
            products,
            orders: Vec::new(),
            next_order_id: FIRST_ORDER_ID,
            next_item_id: 1,
        }
    }

    /// Returns the product or variation with `id`.
    pub(super) fn product(&self, id: u64) -> Option<&Product> {
        self.products.get(&id)
    }

    /// Returns every product and variation, sorted by id.
    pub(super) fn all_products(&self) -> impl Iterator<Item = &Product> {
        self.products.values()
    }

    /// Returns the products that `GET /products` lists: every product
    /// except variations, sorted by id.
    pub(super) fn listed_products(&self) -> impl Iterator<Item = &Product> {
        self.products
            .values()
            .filter(|product| product.product_type() != ProductType::Variation)
    }

    /// Returns the variations of `parent_id`, sorted by id.
    pub(super) fn variations_of(&self, parent_id: u64) -> Vec<&Product> {
        self.products
            .values()
            .filter(|product| {
                product.product_type() == ProductType::Variation
                    && product.seed.parent_id == parent_id
            })
            .collect()
    }

    /// Returns the `price` WooCommerce shows for `product`. For a variable
    /// product that is its cheapest priced variation.
    pub(super) fn price(&self, product: &Product) -> Option<Decimal> {
        if product.product_type() != ProductType::Variable {
            return product.own_price();
        }
        self.variations_of(product.id())
            .iter()
            .filter_map(|variation| variation.own_price())
            .min()
    }

    /// Returns the `stock_status` of `product`. A variable product is in
    /// stock when any variation is, else on backorder when any is, else out
    /// of stock.
    pub(super) fn stock_status(&self, product: &Product) -> StockStatus {
        if product.product_type() != ProductType::Variable {
            return product.stock_status;
        }
        let statuses: Vec<StockStatus> = self
            .variations_of(product.id())
            .iter()
            .map(|variation| variation.stock_status)
            .collect();
        [StockStatus::InStock, StockStatus::OnBackorder]
            .into_iter()
            .find(|status| statuses.contains(status))
            .unwrap_or(StockStatus::OutOfStock)
    }

    /// Tells whether a variable product shows a sale, which it does when any
    /// variation is on sale.
    pub(super) fn is_on_sale(&self, product: &Product) -> bool {
        if product.product_type() != ProductType::Variable {
            return product.is_on_sale();
        }
        self.variations_of(product.id())
            .iter()
            .any(|variation| variation.is_on_sale())
    }

    /// Applies a `PUT /products/{id}` update and returns the product.
    ///
    /// Price and stock fields of a variable product are ignored because they
    /// come from its variations. With `manage_stock` true the stock status
    /// follows the quantity, so a requested `stock_status` is ignored, as
    /// WooCommerce does.
    pub(super) fn update_product(
        &mut self,
        id: u64,
        update: ProductUpdate,
    ) -> Result<&Product, ApiError> {
        let product = self
            .products
            .get_mut(&id)
            .ok_or_else(ApiError::product_not_found)?;
        if product.product_type() != ProductType::Variable {
            if let Some(price) = update.regular_price {
                product.regular_price = price;
            }
            if let Some(price) = update.sale_price {
                product.sale_price = price;
            }
        }
        apply_stock_update(product, &update);
        Ok(product)
    }

    /// Returns the order with `id`.
    pub(super) fn order(&self, id: u64) -> Option<&Order> {
        self.orders.iter().find(|order| order.id == id)
    }

    /// Returns every order, newest first.
    pub(super) fn orders_newest_first(&self) -> impl Iterator<Item = &Order> {
        self.orders.iter().rev()
    }

    /// Validates and places an order, then reduces stock.
    ///
    /// Every line is checked (product exists, is purchasable, is in stock
    /// for the summed quantity of all lines naming it) before any stock
    /// changes, so a rejected order leaves the shop unchanged.
    pub(super) fn create_order(
        &mut self,
        request: OrderRequest,
        now: OffsetDateTime,
    ) -> Result<&Order, ApiError> {
        let resolved = self.resolve_lines(&request.line_items)?;
        check_stock(&resolved)?;
        let mut line_items = build_line_items(&resolved, self)?;
        let shipping_total = sum(request.shipping_lines.iter().map(|line| line.total))?;
        let line_total = sum(line_items.iter().map(|line| line.total))?;
        let total = line_total
            .checked_add(shipping_total)
            .ok_or_else(ApiError::amount_overflow)?;

        let reductions: Vec<(u64, u64)> = resolved
            .iter()
            .map(|line| (line.product.id(), line.quantity))
            .collect();
        for (product_id, quantity) in reductions {
            self.change_stock(product_id, -i128::from(quantity));
        }

        for line in &mut line_items {
            line.id = self.take_item_id();
        }
        let shipping_lines = request
            .shipping_lines
            .into_iter()
            .map(|line| ShippingLine {
                id: self.take_item_id(),
                method_id: line.method_id,
                method_title: line.method_title,
                total: line.total,
            })
            .collect();
        let meta_data = request
            .meta_data
            .into_iter()
            .map(|(key, value)| MetaEntry {
                id: self.take_item_id(),
                key,
                value,
            })
            .collect();

        let mut order = Order {
            id: self.next_order_id,
            order_key: new_order_key(),
            status: request.status,
            created: now,
            modified: now,
            paid: None,
            completed: None,
            payment_method: request.payment_method,
            payment_method_title: request.payment_method_title,
            transaction_id: request.transaction_id,
            customer_note: request.customer_note,
            billing: request.billing,
            shipping: request.shipping,
            line_items,
            shipping_lines,
            meta_data,
            shipping_total,
            total,
            stock_reduced: true,
        };
        if request.set_paid {
            mark_paid(&mut order, now);
        }
        mark_completed_if_needed(&mut order, now);
        self.next_order_id += 1;
        self.orders.push(order);
        Ok(&self.orders[self.orders.len() - 1])
    }

    /// Applies a `PUT /orders/{id}` update and returns the order.
    ///
    /// Moving an order to `cancelled` puts its quantities back into stock,
    /// once, as WooCommerce does for orders whose stock was reduced.
    /// NOTE: unlike WooCommerce, moving a cancelled order back to another
    /// status does not take the stock again.
    pub(super) fn update_order(
        &mut self,
        id: u64,
        update: OrderUpdate,
        now: OffsetDateTime,
    ) -> Result<&Order, ApiError> {
        let index = self
            .orders
            .iter()
            .position(|order| order.id == id)
            .ok_or_else(ApiError::order_not_found)?;
        let mut order = self.orders[index].clone();
        apply_order_fields(&mut order, &update);
        for (key, value) in update.meta_data {
            match order.meta_data.iter_mut().find(|entry| entry.key == key) {
                Some(entry) => entry.value = value,
                None => {
                    let id = self.take_item_id();
                    order.meta_data.push(MetaEntry { id, key, value });
                }
            }
        }
        if let Some(status) = update.status {
            order.status = status;
        }
        if update.set_paid && order.paid.is_none() {
            mark_paid(&mut order, now);
        }
        mark_completed_if_needed(&mut order, now);
        if order.status == "cancelled" && order.stock_reduced {
            for line in &order.line_items {
                let product_id = stock_product_id(line);
                self.change_stock(product_id, i128::from(line.quantity));
            }
            order.stock_reduced = false;
        }
        order.modified = now;
        self.orders[index] = order;
        Ok(&self.orders[index])
    }

    /// Builds the rows of [`super::catalogue_summary`].
    pub(super) fn summary(&self) -> Vec<(u64, String, String, String)> {
        self.products
            .values()
            .map(|product| {
                let price = self
                    .price(product)
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                (
                    product.id(),
                    product.seed.name.to_owned(),
                    price,
                    self.describe_stock(product),
                )
            })
            .collect()
    }

    /// Describes stock for people, for example "25 in stock" or
    /// "in stock (not tracked)".
    pub(super) fn describe_stock(&self, product: &Product) -> String {
        if product.product_type() == ProductType::Variable {
            let ids: Vec<String> = self
                .variations_of(product.id())
                .iter()
                .map(|variation| variation.id().to_string())
                .collect();
            return format!("see variations {}", ids.join(", "));
        }
        match (product.stock_quantity, product.stock_status) {
            (Some(quantity), _) if quantity > 0 => format!("{quantity} in stock"),
            (_, StockStatus::OutOfStock) => "out of stock".to_owned(),
            (_, StockStatus::OnBackorder) => "on backorder".to_owned(),
            (_, StockStatus::InStock) => "in stock (not tracked)".to_owned(),
        }
    }

    /// Resolves every requested line to a purchasable product.
    fn resolve_lines<'a>(
        &'a self,
        lines: &[LineItemRequest],
    ) -> Result<Vec<ResolvedLine<'a>>, ApiError> {
        lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let product = self.resolve_product(index, line)?;
                self.check_purchasable(product)?;
                Ok(ResolvedLine {
                    product,
                    quantity: line.quantity,
                })
            })
            .collect()
    }

    /// Finds the product a line item names, following WooCommerce:
    /// `variation_id` wins over `product_id`, which wins over `sku`.
    fn resolve_product(&self, index: usize, line: &LineItemRequest) -> Result<&Product, ApiError> {
        if line.variation_id != 0 {
            let variation = self
                .product(line.variation_id)
                .filter(|product| product.product_type() == ProductType::Variation)
                .ok_or_else(|| {
                    ApiError::unknown_line_product(format!(
                        "line_items[{index}][variation_id] {} is not a product variation.",
                        line.variation_id
                    ))
                })?;
            if line.product_id != 0 && variation.seed.parent_id != line.product_id {
                return Err(ApiError::unknown_line_product(format!(
                    "Variation {} belongs to product {}, not to product {}.",
                    line.variation_id, variation.seed.parent_id, line.product_id
                )));
            }
            return Ok(variation);
        }
        if line.product_id != 0 {
            return self.product(line.product_id).ok_or_else(|| {
                ApiError::unknown_line_product(format!(
                    "Product ID {} in line_items[{index}] is invalid.",
                    line.product_id
                ))
            });
        }
        let Some(sku) = &line.sku else {
            return Err(ApiError::missing_line_product(index));
        };
        self.products
            .values()
            .find(|product| product.seed.sku == sku)
            .ok_or_else(|| {
                ApiError::unknown_line_product(format!(
                    "SKU \"{sku}\" in line_items[{index}] matches no product."
                ))
            })
    }

    /// Rejects variable products and products without a price.
    fn check_purchasable(&self, product: &Product) -> Result<(), ApiError> {
        let name = product.seed.name;
        if product.product_type() == ProductType::Variable {
            let ids: Vec<String> = self
                .variations_of(product.id())
                .iter()
                .map(|variation| variation.id().to_string())
                .collect();
            return Err(ApiError::not_purchasable(format!(
                "{name} is a variable product and cannot be bought itself. Order one of its variations ({}) with variation_id.",
                ids.join(", ")
            )));
        }
        if product.own_price().is_none() {
            return Err(ApiError::not_purchasable(format!(
                "{name} cannot be purchased because it has no price."
            )));
        }
        Ok(())
    }

    /// Adds `delta` to a managed product's stock; unmanaged products are
    /// left alone. The result saturates at the bounds of `i64`.
    fn change_stock(&mut self, product_id: u64, delta: i128) {
        let Some(product) = self.products.get_mut(&product_id) else {
            return;
        };
        let Some(quantity) = product.stock_quantity.filter(|_| product.manage_stock) else {
            return;
        };
        let changed =
            (i128::from(quantity) + delta).clamp(i128::from(i64::MIN), i128::from(i64::MAX));
        product.set_managed_quantity(i64::try_from(changed).unwrap_or(i64::MAX));
    }

    fn take_item_id(&mut self) -> u64 {
        let id = self.next_item_id;
        self.next_item_id += 1;
        id
    }
}

/// Applies the stock part of a product update. Turning `manage_stock` on
/// without a quantity starts from 0, as WooCommerce treats a missing quantity.
fn apply_stock_update(product: &mut Product, update: &ProductUpdate) {
    if product.product_type() == ProductType::Variable {
        return;
    }
    let manage_stock = update.manage_stock.unwrap_or(product.manage_stock);
    if manage_stock {
        let quantity = update
            .stock_quantity
            .or(product.stock_quantity)
            .unwrap_or(0);
        product.set_managed_quantity(quantity);
    } else {
        product.manage_stock = false;
        product.stock_quantity = None;
        if let Some(status) = update.stock_status {
            product.stock_status = status;
        }
    }
}

/// Checks stock for the summed quantity of each product across all lines.
/// Products marked out of stock are rejected even when stock is not managed.
fn check_stock(lines: &[ResolvedLine<'_>]) -> Result<(), ApiError> {
    let mut requested: BTreeMap<u64, (&Product, u128)> = BTreeMap::new();
    for line in lines {
        let entry = requested
            .entry(line.product.id())
            .or_insert((line.product, 0));
        entry.1 += u128::from(line.quantity);
    }
    for (product, quantity) in requested.into_values() {
        let name = product.seed.name;
        let available = product.stock_quantity.filter(|_| product.manage_stock);
        if let Some(available) = available {
            let enough = i128::try_from(quantity).is_ok_and(|q| q <= i128::from(available));
            if !enough || product.stock_status == StockStatus::OutOfStock {
                let left = available.max(0);
                return Err(ApiError::out_of_stock(format!(
                    "{name} is out of stock (only {left} left)."
                )));
            }
        } else if product.stock_status == StockStatus::OutOfStock {
            return Err(ApiError::out_of_stock(format!("{name} is out of stock.")));
        }
    }
    Ok(())
}

/// Prices the resolved lines. Item ids are filled in later, when the order
/// is stored.
fn build_line_items(lines: &[ResolvedLine<'_>], shop: &Shop) -> Result<Vec<LineItem>, ApiError> {
    lines
        .iter()
        .map(|line| {
            let product = line.product;
            let price = product.own_price().unwrap_or(Decimal::ZERO);
            let subtotal = price
                .checked_mul(Decimal::from(line.quantity))
                .ok_or_else(ApiError::amount_overflow)?;
            let is_variation = product.product_type() == ProductType::Variation;
            let parent = is_variation
                .then(|| shop.product(product.seed.parent_id))
                .flatten();
            Ok(LineItem {
                id: 0,
                name: product.seed.name.to_owned(),
                product_id: parent.map_or(product.id(), Product::id),
                variation_id: if is_variation { product.id() } else { 0 },
                parent_name: parent.map(|parent| parent.seed.name.to_owned()),
                quantity: line.quantity,
                price,
                subtotal,
                total: subtotal,
                sku: product.seed.sku.to_owned(),
            })
        })
        .collect()
}

/// Returns the id whose stock a line item took: the variation if any.
fn stock_product_id(line: &LineItem) -> u64 {
    if line.variation_id != 0 {
        line.variation_id
    } else {
        line.product_id
    }
}

fn sum(mut amounts: impl Iterator<Item = Decimal>) -> Result<Decimal, ApiError> {
    amounts.try_fold(Decimal::ZERO, |total, amount| {
        total
            .checked_add(amount)
            .ok_or_else(ApiError::amount_overflow)
    })
}

fn apply_order_fields(order: &mut Order, update: &OrderUpdate) {
    let fields = [
        (&update.customer_note, &mut order.customer_note),
        (&update.transaction_id, &mut order.transaction_id),
        (&update.payment_method, &mut order.payment_method),
        (
            &update.payment_method_title,
            &mut order.payment_method_title,
        ),
    ];
    for (requested, stored) in fields {
        if let Some(value) = requested {
            stored.clone_from(value);
        }
    }
}

/// Records payment and moves a payable order to `processing`.
fn mark_paid(order: &mut Order, now: OffsetDateTime) {
    order.paid = Some(now);
    if PAYABLE_STATUSES.contains(&order.status.as_str()) {
        order.status = "processing".to_owned();
    }
}

/// Sets the completion date when an order first becomes `completed`.
fn mark_completed_if_needed(order: &mut Order, now: OffsetDateTime) {
    if order.status == "completed" && order.completed.is_none() {
        order.completed = Some(now);
    }
}

/// Generates a WooCommerce-style order key: `wc_order_` and 13 random
/// alphanumeric characters.
fn new_order_key() -> String {
    let random = Alphanumeric.sample_string(&mut rand::rng(), ORDER_KEY_RANDOM_CHARS);
    format!("wc_order_{random}")
}
