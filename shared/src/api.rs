//! HTTP API paths and DTOs (JSON bodies) shared by the clients and the edge.

use serde::{Deserialize, Serialize};

/// Largest JSON request body the edge reads.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024;

pub const HEALTH_PATH: &str = "/api/health";
pub const WIDGET_SESSION_PATH: &str = "/api/v1/widget/session";

/// Path of a conversation's WebSocket.
pub fn conversation_socket_path(conversation_id: &str) -> String {
    format!("/api/v1/conversations/{conversation_id}/ws")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// `POST /api/v1/widget/session`: the widget asks for (or resumes) a visitor and their
/// open conversation on first interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSessionRequest {
    pub merchant_id: String,
    #[serde(default)]
    pub visitor_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSessionResponse {
    pub visitor_token: String,
    pub visitor_id: String,
    pub conversation_id: String,
    pub conversation_token: String,
    pub merchant_name: String,
}
