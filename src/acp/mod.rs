//! The protocol edge: ACP wire types, agent authentication, API-Version
//! negotiation and idempotency. Everything here runs before the checkout
//! logic and does not depend on the shop.

pub mod auth;
pub mod canonical;
pub mod idempotency;
pub mod version;
pub mod wire;
