//! `GET /api/health`.

use shared::api::Health;
use worker::Response;

use crate::error::{json_response, EdgeResult};

pub fn get() -> EdgeResult<Response> {
    let body = Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    Ok(json_response(&body, 200))
}
