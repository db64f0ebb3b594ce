//! kassa: an Agentic Commerce Protocol (ACP) sidecar for existing shops.
//!
//! The request path, in module order: `front` (pingora listener, routing,
//! pass-through) → `acp` (auth, API-Version, idempotency, wire types) →
//! `checkout` (session use cases, totals, messages) → `mapping` (the
//! declarative shop mapping language) → `shop` (HTTP client and workflow
//! runner) → back out through `checkout::render`. Side rooms: `catalog`
//! (product cache), `store` (sessions and idempotency records), `metrics`,
//! `config`, and `demo` (the built-in demo shop).

pub mod acp;
pub mod catalog;
pub mod checkout;
pub mod cli;
pub mod config;
pub mod demo;
pub mod discovery;
pub mod error;
pub mod front;
pub mod mapping;
pub mod metrics;
pub mod money;
pub mod server;
pub mod shop;
pub mod store;
