//! Cellar Door agent console (Leptos CSR, served at /console/): sign-in, the live queue,
//! conversations with the subscriber and their context, and the support metrics dashboard. `main.rs` only mounts [`app::App`].
//! Pure logic (queue, thread, alerts, self-service drafts, formatting, forms, the dashboard's
//! numbers, CSV and chart geometry) is tested natively with `cargo test -p console`; the browser-facing modules are `api`, `socket`, `browser`, `views`.

pub mod alerts;
pub mod api;
pub mod app;
pub mod browser;
pub mod chart;
pub mod dashboard;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod queue;
pub mod selfservice;
pub mod socket;
pub mod thread;
pub mod views;
