//! Named handlers, one module per feature.

pub mod health;
pub mod session;
pub mod socket;
