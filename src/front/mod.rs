//! The front door: one listener that handles ACP routes and passes every
//! other path through to the shop.

pub mod pipeline;
pub mod proxy;
pub mod router;
