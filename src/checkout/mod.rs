//! The checkout use cases: create, update, retrieve, complete and cancel a
//! session. Handlers validate the request, read the shop through the
//! catalog, and return the response plus the session to store; the caller
//! commits the session together with the idempotency record.

pub mod lines;
pub mod order_view;
pub mod render;
pub mod session;
pub mod totals;

use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;
use rand::Rng;
use serde_json::Value;

use crate::acp::wire::{
    self, CancelRequest, CompleteRequest, CreateRequest, Patch, SelectedOption, UpdateRequest,
};
use crate::catalog::Catalog;
use crate::config::Config;
use crate::error::AcpError;
use crate::mapping::Outcome;
use crate::money::Currency;
use crate::shop::ShopFailure;
use crate::store::{Store, Write};
use session::{Message, PaymentRecord, Session, Status};

/// How long a session stays open, for `expires_at`.
const SESSION_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Interventions kassa can carry out itself; none yet, so the intersection is empty.
const SELLER_INTERVENTIONS: &[&str] = &[];

/// A handler's result: status, body, and the session to store with it.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub session: Option<Session>,
}

/// The checkout service.
pub struct Checkout {
    config: Arc<Config>,
    catalog: Arc<Catalog>,
    store: Store,
}

impl Checkout {
    pub fn new(config: Arc<Config>, catalog: Arc<Catalog>, store: Store) -> Checkout {
        Checkout {
            config,
            catalog,
            store,
        }
    }

    /// `POST /checkout_sessions`.
    pub async fn create(
        &self,
        agent: &str,
        version: &str,
        body: &Value,
    ) -> Result<Answer, AcpError> {
        let request: CreateRequest = wire::parse(body)?;
        self.check_currency(&request.currency)?;
        check_emails(request.buyer.as_ref(), request.fulfillment_details.as_ref())?;
        check_affiliate(request.affiliate_attribution.as_ref())?;
        let requested =
            lines::validate_items(&request.line_items, self.config.checkout.max_quantity)?;
        let priced = lines::price_lines(&self.catalog, &requested, false).await?;

        let now = now();
        let mut session = Session {
            id: new_session_id(),
            agent: agent.to_string(),
            status: Status::NotReadyForPayment,
            currency: self.config.checkout.currency.lower(),
            lines: priced,
            buyer: request.buyer,
            fulfillment_details: request.fulfillment_details,
            fulfillment_groups: request.fulfillment_groups,
            selected_options: Vec::new(),
            messages: Vec::new(),
            interventions: intersect_interventions(&request.capabilities),
            discount_codes: discount_codes(request.discounts.map(|d| d.codes), request.coupons),
            locale: request.locale,
            timezone: request.timezone,
            quote_id: request.quote_id,
            metadata: request.metadata,
            order_notes: request.order_notes,
            payment: None,
            order: None,
            refs: Default::default(),
            protocol_version: version.to_string(),
            created_at: format_time(now),
            updated_at: format_time(now),
            expires_at: format_time(now + SESSION_LIFETIME),
        };
        self.settle(&mut session);
        Ok(self.answer(StatusCode::CREATED, session))
    }

    /// `GET /checkout_sessions/{id}`.
    pub async fn get(&self, agent: &str, id: &str) -> Result<Answer, AcpError> {
        let session = self.load(agent, id).await?;
        Ok(Answer {
            status: StatusCode::OK,
            body: render::render(&session, &self.config),
            session: None,
        })
    }

    /// `POST /checkout_sessions/{id}`.
    pub async fn update(&self, agent: &str, id: &str, body: &Value) -> Result<Answer, AcpError> {
        let request: UpdateRequest = wire::parse(body)?;
        let buyer = match &request.buyer {
            Patch::Value(buyer) => Some(buyer),
            _ => None,
        };
        let details = match &request.fulfillment_details {
            Patch::Value(details) => Some(details),
            _ => None,
        };
        check_emails(buyer, details)?;
        let mut session = self.load(agent, id).await?;
        reject_terminal(&session, "updated")?;

        self.apply_update(&mut session, request).await?;
        session.updated_at = format_time(now());
        self.settle(&mut session);
        Ok(self.answer(StatusCode::OK, session))
    }

    async fn apply_update(
        &self,
        session: &mut Session,
        request: UpdateRequest,
    ) -> Result<(), AcpError> {
        session.lines = match request.line_items {
            Patch::Value(items) => {
                let requested = lines::validate_items(&items, self.config.checkout.max_quantity)?;
                lines::price_lines(&self.catalog, &requested, false).await?
            }
            Patch::Null => {
                return Err(AcpError::invalid(
                    "invalid_request",
                    "line_items cannot be cleared; cancel the session instead",
                )
                .at("$.line_items"))
            }
            Patch::Absent => lines::refresh_lines(&self.catalog, &session.lines, false).await?,
        };
        apply_patch(&mut session.buyer, request.buyer);
        apply_patch(
            &mut session.fulfillment_details,
            request.fulfillment_details,
        );
        apply_patch(&mut session.fulfillment_groups, request.fulfillment_groups);
        apply_patch(&mut session.order_notes, request.order_notes);

        match request.selected_fulfillment_options {
            Patch::Value(selection) => {
                self.check_selection(session, &selection)?;
                session.selected_options = selection;
            }
            Patch::Null => session.selected_options.clear(),
            Patch::Absent => {}
        }
        let codes = match (request.discounts, request.coupons) {
            (Patch::Value(discounts), _) => Some(discounts.codes),
            (Patch::Null, _) => Some(Vec::new()),
            (Patch::Absent, Patch::Value(coupons)) => Some(coupons),
            (Patch::Absent, Patch::Null) => Some(Vec::new()),
            (Patch::Absent, Patch::Absent) => None,
        };
        if let Some(codes) = codes {
            session.discount_codes = discount_codes(Some(codes), None);
        }
        Ok(())
    }

    fn check_selection(
        &self,
        session: &Session,
        selection: &[SelectedOption],
    ) -> Result<(), AcpError> {
        let options = totals::applicable_options(session, &self.config.fulfillment_options);
        for (index, selected) in selection.iter().enumerate() {
            let known = options.iter().any(|option| option.id == selected.option_id);
            if !known {
                let ids: Vec<&str> = options.iter().map(|option| option.id.as_str()).collect();
                return Err(AcpError::invalid(
                    "invalid_fulfillment_option",
                    format!("fulfillment option `{}` is not offered for this session; choose one of: {}", selected.option_id, ids.join(", ")),
                )
                .at(format!("$.selected_fulfillment_options[{index}].option_id")));
            }
            for (item_index, item_id) in selected.item_ids.iter().enumerate() {
                let known_item = session
                    .lines
                    .iter()
                    .any(|line| &line.item_id == item_id || &line.id == item_id);
                if !known_item {
                    return Err(AcpError::invalid(
                        "invalid_item_id",
                        format!("`{item_id}` is not an item or line of this session"),
                    )
                    .at(format!(
                        "$.selected_fulfillment_options[{index}].item_ids[{item_index}]"
                    )));
                }
            }
        }
        Ok(())
    }

    /// `POST /checkout_sessions/{id}/complete`.
    pub async fn complete(&self, agent: &str, id: &str, body: &Value) -> Result<Answer, AcpError> {
        let request: CompleteRequest = wire::parse(body)?;
        check_emails(request.buyer.as_ref(), None)?;
        let mut session = self.load(agent, id).await?;
        reject_terminal(&session, "completed")?;
        let payment = self.check_payment(&request)?;
        check_affiliate(request.affiliate_attribution.as_ref())?;

        if let Some(buyer) = request.buyer {
            session.buyer = Some(buyer);
        }
        if let Some(notes) = request.order_notes {
            session.order_notes = Some(notes);
        }
        session.updated_at = format_time(now());

        let previous = session.lines.clone();
        session.lines = lines::refresh_lines(&self.catalog, &session.lines, true).await?;
        self.settle(&mut session);
        let price_changes = price_change_messages(&previous, &session.lines);
        if session.status != Status::ReadyForPayment || !price_changes.is_empty() {
            session.messages.extend(price_changes);
            return Ok(self.answer(StatusCode::OK, session));
        }

        session.payment = Some(payment);
        self.place_order(session).await
    }

    fn check_payment(&self, request: &CompleteRequest) -> Result<PaymentRecord, AcpError> {
        let data = &request.payment_data;
        let (Some(handler_id), Some(instrument)) = (&data.handler_id, &data.instrument) else {
            let message = if data.purchase_order_number.is_some() {
                "purchase orders are not accepted; pay with one of the advertised payment handlers"
            } else {
                "payment_data needs `handler_id` and `instrument`"
            };
            return Err(AcpError::invalid("invalid_payment_data", message).at("$.payment_data"));
        };

        let advertised = self
            .config
            .payment_handlers
            .iter()
            .any(|handler| handler["id"].as_str() == Some(handler_id.as_str()));
        if !advertised {
            let ids: Vec<&str> = self
                .config
                .payment_handlers
                .iter()
                .filter_map(|h| h["id"].as_str())
                .collect();
            return Err(AcpError::invalid(
                "invalid_payment_handler",
                format!(
                    "payment handler `{handler_id}` is not offered; use one of: {}",
                    ids.join(", ")
                ),
            )
            .at("$.payment_data.handler_id"));
        }
        Ok(PaymentRecord {
            handler_id: handler_id.clone(),
            instrument_type: Some(instrument.kind.clone()),
            credential_type: Some(instrument.credential.kind.clone()),
        })
    }

    /// Creates the shop order. The session is marked `complete_in_progress`
    /// and stored first, so a crash mid-way leaves a visible trace.
    async fn place_order(&self, mut session: Session) -> Result<Answer, AcpError> {
        session.status = Status::CompleteInProgress;
        self.persist(&session).await?;

        let currency = self.config.checkout.currency;
        let view = order_view::session_view(&session, &self.config, currency);
        // NOTE: a lost or timed-out order request keeps the session for the
        // merchant; an order lookup operation could settle it automatically.
        match self.catalog.shop().create_order(view, currency).await {
            Ok(order) => Ok(self.finish_order(session, order, currency)),
            Err(failure) => self.order_failed(session, failure).await,
        }
    }

    fn finish_order(
        &self,
        mut session: Session,
        order: crate::shop::CreatedOrder,
        currency: Currency,
    ) -> Answer {
        let amounts = totals::session_amounts(
            &session,
            totals::selected_option(&session, &self.config.fulfillment_options),
        );
        if let Some(charged) = order
            .charged_total
            .filter(|charged| *charged != amounts.total)
        {
            tracing::warn!(session_id = %session.id, order_id = %order.order_id, charged, expected = amounts.total, "the shop recorded a different order total");
            session.messages.push(Message::warning(
                "price_change",
                "$.totals",
                format!(
                    "the shop recorded a total of {} {}, not {}",
                    currency.format_major(charged),
                    currency.code(),
                    currency.format_major(amounts.total)
                ),
            ));
        }
        tracing::info!(session_id = %session.id, order_id = %order.order_id, "order created in the shop");
        session.refs.extend(order.saved.clone());
        session.order = Some(order);
        session.status = Status::Completed;
        self.answer(StatusCode::OK, session)
    }

    async fn order_failed(
        &self,
        mut session: Session,
        failure: ShopFailure,
    ) -> Result<Answer, AcpError> {
        if failure.step == "result" || failure.maybe_processed {
            return Err(self.hold(&session, &failure));
        }
        tracing::warn!(session_id = %session.id, step = %failure.step, outcome = ?failure.outcome, "the shop did not create the order");
        session.status = Status::ReadyForPayment;
        let param = failure
            .line_index
            .map_or("$".to_string(), |index| format!("$.line_items[{index}]"));
        let message = match failure.outcome {
            Outcome::OutOfStock => Message::error(
                "out_of_stock",
                param,
                failure.message.clone(),
                "requires_buyer_input",
            ),
            Outcome::Invalid | Outcome::NotFound => Message::error(
                "invalid",
                param,
                format!("the shop rejected the order: {}", failure.message),
                "requires_buyer_input",
            ),
            Outcome::Unavailable => {
                self.persist(&session).await?;
                return Err(AcpError::shop_unavailable(format!(
                    "the shop could not create the order; retry later: {}",
                    failure.message
                )));
            }
            Outcome::Error => {
                self.persist(&session).await?;
                return Err(AcpError::shop_failed(format!(
                    "the shop could not create the order: {}",
                    failure.message
                )));
            }
        };
        session.status = Status::NotReadyForPayment;
        session.messages.push(message);
        Ok(self.answer(StatusCode::OK, session))
    }

    /// Keeps the session `complete_in_progress` (as stored before the shop
    /// call) when the order may exist in the shop: every step succeeded but
    /// the result could not be read, or a request timed out or lost its
    /// connection after it was sent. A retry then gets 409 instead of
    /// placing a second order.
    fn hold(&self, session: &Session, failure: &ShopFailure) -> AcpError {
        tracing::error!(session_id = %session.id, step = %failure.step, "the shop may hold an order kassa could not confirm; the session is held");
        let mut error = AcpError::shop_failed(format!(
            "the shop may have created the order, but kassa could not confirm it ({}); the session is held so no second order is placed; ask the merchant to check the shop",
            failure.message
        ));
        error.code = "order_outcome_unknown".to_string();
        error
    }

    /// `POST /checkout_sessions/{id}/cancel`.
    pub async fn cancel(
        &self,
        agent: &str,
        id: &str,
        body: Option<&Value>,
    ) -> Result<Answer, AcpError> {
        let request: CancelRequest = match body {
            Some(body) => wire::parse(body)?,
            None => CancelRequest::default(),
        };
        check_intent_trace(&request)?;
        let mut session = self.load(agent, id).await?;
        if session.status == Status::CompleteInProgress {
            return Err(held(&session, "canceled"));
        }
        if session.status.is_terminal() {
            return Err(AcpError::rejected(
                StatusCode::METHOD_NOT_ALLOWED,
                "session_not_cancelable",
                format!(
                    "checkout session `{id}` is already {} and cannot be canceled",
                    session.status.as_str()
                ),
            ));
        }

        // The intent trace is write-only: logged as a reason code, never returned.
        if let Some(trace) = &request.intent_trace {
            tracing::info!(session_id = %session.id, reason_code = %trace.reason_code, "session canceled with an intent trace");
        }
        session.status = Status::Canceled;
        session.messages.clear();
        session.updated_at = format_time(now());
        Ok(self.answer(StatusCode::OK, session))
    }

    async fn load(&self, agent: &str, id: &str) -> Result<Session, AcpError> {
        let stored: Option<Session> = self
            .store
            .session(id)
            .await
            .map_err(|error| AcpError::internal(error.to_string()))?;
        stored
            .filter(|session| session.agent == agent)
            .ok_or_else(|| AcpError::session_not_found(id))
    }

    async fn persist(&self, session: &Session) -> Result<(), AcpError> {
        let bytes =
            serde_json::to_vec(session).map_err(|error| AcpError::internal(error.to_string()))?;
        self.store
            .commit(Write {
                session: Some((&session.id, bytes)),
                record: None,
            })
            .await
            .map_err(|error| AcpError::internal(error.to_string()))
    }

    fn check_currency(&self, requested: &str) -> Result<(), AcpError> {
        let settles = self.config.checkout.currency;
        match Currency::parse(requested) {
            Ok(currency) if currency == settles => Ok(()),
            Ok(_) | Err(_) => Err(AcpError::invalid(
                "unsupported_currency",
                format!(
                    "currency `{requested}` is not supported; this shop settles in `{}`",
                    settles.lower()
                ),
            )
            .at("$.currency")),
        }
    }

    /// Selects a default fulfillment option when needed, then recomputes
    /// messages and status.
    fn settle(&self, session: &mut Session) {
        let options = &self.config.fulfillment_options;
        if totals::selected_option(session, options).is_none() {
            session.selected_options = totals::applicable_options(session, options)
                .first()
                .map(|option| default_selection(session, option))
                .into_iter()
                .collect();
        }
        session.messages = lines::evaluate_messages(session, &self.config);
        session.status = if session.messages.iter().any(Message::is_blocking) {
            Status::NotReadyForPayment
        } else {
            Status::ReadyForPayment
        };
    }

    fn answer(&self, status: StatusCode, session: Session) -> Answer {
        Answer {
            status,
            body: render::render(&session, &self.config),
            session: Some(session),
        }
    }
}

fn default_selection(
    session: &Session,
    option: &crate::config::FulfillmentOptionConfig,
) -> SelectedOption {
    let kind = match option.kind {
        crate::config::FulfillmentKind::Shipping => "shipping",
        crate::config::FulfillmentKind::Digital => "digital",
    };
    SelectedOption {
        kind: kind.to_string(),
        option_id: option.id.clone(),
        item_ids: session
            .lines
            .iter()
            .map(|line| line.item_id.clone())
            .collect(),
    }
}

fn check_emails(
    buyer: Option<&wire::Buyer>,
    details: Option<&wire::FulfillmentDetails>,
) -> Result<(), AcpError> {
    lines::check_email(buyer.map(|b| b.email.as_str()), "$.buyer.email")?;
    lines::check_email(
        details.and_then(|d| d.email.as_deref()),
        "$.fulfillment_details.email",
    )
}

fn apply_patch<T>(field: &mut Option<T>, patch: Patch<T>) {
    match patch {
        Patch::Value(value) => *field = Some(value),
        Patch::Null => *field = None,
        Patch::Absent => {}
    }
}

/// Builds the error for a session whose order creation stopped half-way.
/// The order may exist in the shop, so nothing may change until the merchant checks.
fn held(session: &Session, action: &str) -> AcpError {
    AcpError::rejected(
        StatusCode::CONFLICT,
        "order_outcome_unknown",
        format!(
            "checkout session `{}` stopped while its order was being created, so the shop may hold the order; it cannot be {action} until the merchant checks the shop",
            session.id
        ),
    )
}

fn reject_terminal(session: &Session, action: &str) -> Result<(), AcpError> {
    if session.status == Status::CompleteInProgress {
        return Err(held(session, action));
    }
    if !session.status.is_terminal() {
        return Ok(());
    }
    Err(AcpError::rejected(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("session_{}", session.status.as_str()),
        format!(
            "checkout session `{}` is {} and cannot be {action}; create a new session",
            session.id,
            session.status.as_str()
        ),
    ))
}

fn price_change_messages(previous: &[session::Line], current: &[session::Line]) -> Vec<Message> {
    previous
        .iter()
        .zip(current)
        .enumerate()
        .filter(|(_, (old, new))| {
            old.product.unit_amount != new.product.unit_amount
                || old.product.unit_tax != new.product.unit_tax
        })
        .map(|(index, (_, new))| {
            let mut message = Message::warning(
                "price_change",
                format!("$.line_items[{index}]"),
                format!(
                    "the price of {} changed; review the new totals and complete again",
                    new.product.title
                ),
            );
            message.resolution = Some("requires_buyer_review".to_string());
            message
        })
        .collect()
}

fn intersect_interventions(capabilities: &wire::AgentCapabilities) -> Vec<String> {
    let requested = capabilities
        .interventions
        .as_ref()
        .map(|i| i.supported.as_slice())
        .unwrap_or_default();
    requested
        .iter()
        .filter_map(Value::as_str)
        .filter(|name| SELLER_INTERVENTIONS.contains(name))
        .map(str::to_string)
        .collect()
}

/// Discount codes, `discounts.codes` winning over the deprecated `coupons`;
/// deduplicated case-insensitively.
fn discount_codes(codes: Option<Vec<String>>, coupons: Option<Vec<String>>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for code in codes.or(coupons).unwrap_or_default() {
        if !unique.iter().any(|known| known.eq_ignore_ascii_case(&code)) {
            unique.push(code);
        }
    }
    unique
}

fn check_affiliate(attribution: Option<&Value>) -> Result<(), AcpError> {
    let Some(attribution) = attribution else {
        return Ok(());
    };
    let has_provider = attribution
        .get("provider")
        .and_then(Value::as_str)
        .is_some();
    let has_reference =
        attribution.get("token").is_some() || attribution.get("publisher_id").is_some();
    if has_provider && has_reference {
        return Ok(());
    }
    Err(AcpError::invalid(
        "invalid_affiliate_attribution",
        "affiliate_attribution needs `provider` and `token` or `publisher_id`",
    )
    .at("$.affiliate_attribution"))
}

fn check_intent_trace(request: &CancelRequest) -> Result<(), AcpError> {
    let Some(trace) = &request.intent_trace else {
        return Ok(());
    };
    if trace
        .trace_summary
        .as_ref()
        .is_some_and(|summary| summary.chars().count() > 500)
    {
        return Err(AcpError::invalid(
            "invalid_intent_trace",
            "trace_summary is at most 500 characters",
        )
        .at("$.intent_trace.trace_summary"));
    }
    for (key, value) in trace.metadata.iter().flatten() {
        if value.is_object() || value.is_array() || value.is_null() {
            return Err(AcpError::invalid(
                "invalid_intent_trace",
                "intent_trace.metadata values must be strings, numbers or booleans",
            )
            .at(format!("$.intent_trace.metadata.{key}")));
        }
    }
    Ok(())
}

fn new_session_id() -> String {
    format!("cs_{}", hex::encode(rand::rng().random::<[u8; 16]>()))
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
}

fn format_time(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
