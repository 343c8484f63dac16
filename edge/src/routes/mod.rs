//! Named handlers, one module per feature.

pub mod actions;
pub mod agent;
pub mod dev;
pub mod health;
pub mod metrics;
pub mod socket;
pub mod subscriptions;
pub mod surveys;
pub mod web;
pub mod widget;
