//! The front door: one listener that answers ACP routes and passes every
//! other path through to the shop.

pub mod pipeline;
pub mod proxy;
pub mod router;
