//! Cellar Door edge: the Cloudflare Worker behind the widget and the console.
//!
//! `fetch` hands every request to [`router::handle`], which answers `/api/*` and passes
//! anything else to the static files' Worker (`wrangler.web.toml`) behind the `WEB` binding. Each
//! conversation is a [`conversation::Conversation`] Durable Object; each merchant's live
//! queue is an [`inbox::Inbox`] Durable Object; each merchant's webhook deliveries a
//! [`webhooks::Webhooks`] Durable Object. Build with
//! `worker-build --release` (see scripts/build); run with `wrangler dev` (scripts/demo).

mod auth;
mod config;
mod conversation;
mod db;
mod error;
mod http;
mod inbox;
mod peer;
mod router;
mod routes;
mod sockets;
mod webhooks;

use worker::{event, Context, Env, Request, Response, Result};

pub use conversation::Conversation;
pub use inbox::Inbox;
pub use webhooks::Webhooks;

#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Ok(router::handle(req, env).await)
}
