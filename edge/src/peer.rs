//! The verified identity the Worker hands to a Durable Object with each WebSocket upgrade.
//! Objects are reachable only through the Worker, which sets it after checking the token or
//! session cookie; it is kept as the socket's attachment so it survives hibernation.

use serde::{Deserialize, Serialize};
use shared::protocol::Author;
use worker::{Headers, Request};

use crate::error::{EdgeError, EdgeResult};
use crate::inbox::QueueSeed;

/// Header carrying the peer (JSON) on Worker → object requests.
pub const PEER_HEADER: &str = "x-cellar-peer";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Peer {
    pub author: Author,
    /// Visitor id or agent id.
    pub id: String,
    /// Display name: the agent's name, the subscriber's name or "Visitor ABCD".
    pub name: String,
    pub merchant: String,
    /// For conversation sockets: what the merchant's inbox needs to list the conversation.
    #[serde(default)]
    pub seed: Option<QueueSeed>,
}

impl Peer {
    /// A request that upgrades to a WebSocket on the object, carrying this peer.
    pub fn upgrade_request(&self, path: &str) -> EdgeResult<Request> {
        let peer = serde_json::to_string(self).map_err(|e| EdgeError::Platform(e.to_string()))?;
        upgrade_with(path, &[(PEER_HEADER, &peer)])
    }

    /// The peer on an object's incoming request.
    pub fn from_request(req: &Request) -> Option<Self> {
        req.headers()
            .get(PEER_HEADER)
            .ok()
            .flatten()
            .and_then(|h| serde_json::from_str(&h).ok())
    }
}

/// A WebSocket upgrade from one object to another, on `path`.
pub fn internal_upgrade(path: &str) -> EdgeResult<Request> {
    upgrade_with(path, &[])
}

/// A WebSocket upgrade request to an object's `path`, with `extra` headers.
fn upgrade_with(path: &str, extra: &[(&str, &str)]) -> EdgeResult<Request> {
    let headers = Headers::new();
    headers.set("upgrade", "websocket")?;
    for (name, value) in extra {
        headers.set(name, value)?;
    }
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Get).with_headers(headers);
    Ok(Request::new_with_init(
        &format!("https://object.internal{path}"),
        &init,
    )?)
}

/// A JSON request from the Worker (or another object) to an object.
pub fn internal_post<T: Serialize>(path: &str, body: &T) -> EdgeResult<Request> {
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    let mut init = worker::RequestInit::new();
    let body = serde_json::to_string(body).map_err(|e| EdgeError::Platform(e.to_string()))?;
    init.with_method(worker::Method::Post)
        .with_headers(headers)
        .with_body(Some(body.into()));
    Ok(Request::new_with_init(
        &format!("https://object.internal{path}"),
        &init,
    )?)
}
