//! Cellar Door shared crate: domain types and rules, the WebSocket protocol, API DTOs and
//! error codes used by the widget, the console and the edge. Pure Rust with no I/O, so it
//! builds natively and for wasm. Test it with `cargo test -p shared --all-features`.

pub mod address;
pub mod api;
pub mod chat;
pub mod date;
pub mod error;
pub mod ids;
pub mod lang;
pub mod metrics;
pub mod protocol;
pub mod queue;
pub mod selfservice;
pub mod subscription;
pub mod support;
pub mod surveys;
pub mod thread;
#[cfg(feature = "crypto")]
pub mod token;

pub use error::{ApiError, ErrorCode};
