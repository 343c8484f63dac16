//! Typed calls to the agent API (same origin, so the `cd_agent` cookie rides along). JSON in
//! and out; every failure becomes a [`shared::ApiError`] `{code, message, field?}`, except on
//! the self-service subscription endpoints, whose richer error body is a
//! [`SubscriptionApiError`] (field errors, the current state, the effect as it is now).

use browser::fetch_json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::api::{
    agent_conversation_path, Agent, AgentPresence, AgentSessionResponse, CannedReply,
    ConversationContext, EscalateRequest, QueueItem, SignInRequest, TransferRequest,
    AGENT_AGENTS_PATH, AGENT_CANNED_PATH, AGENT_ME_PATH, AGENT_SESSION_PATH,
};
use shared::metrics::Targets;
use shared::selfservice::{
    agent_apply_path, agent_preview_path, agent_subscriptions_path, ActionRequest,
    AgentSubscriptionsResponse, ApplyRequest, ApplyResponse, PreviewResponse, SubscriptionApiError,
    IDEMPOTENCY_HEADER,
};
use shared::surveys::{MetricsResponse, METRICS_PATH, TARGETS_PATH};
use shared::{ApiError, ErrorCode};

use crate::dashboard::Query;
use crate::i18n::{t, Key};

/// An agent action on a conversation (each answers with the updated [`QueueItem`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Claim,
    Transfer { agent_id: String },
    Escalate { note: String },
    Resolve,
}

impl Command {
    /// The path segment after `/conversations/:id/`.
    pub fn action(&self) -> &'static str {
        match self {
            Self::Claim => "claim",
            Self::Transfer { .. } => "transfer",
            Self::Escalate { .. } => "escalate",
            Self::Resolve => "resolve",
        }
    }

    /// The JSON body, if the action takes one.
    pub fn body(&self) -> Option<String> {
        match self {
            Self::Claim | Self::Resolve => None,
            Self::Transfer { agent_id } => to_json(&TransferRequest {
                agent_id: agent_id.clone(),
            }),
            Self::Escalate { note } => to_json(&EscalateRequest { note: note.clone() }),
        }
    }
}

/// The error for a request that never got an answer.
pub fn network_error() -> ApiError {
    ApiError {
        code: ErrorCode::Internal,
        message: t(Key::ErrNetwork).into(),
        field: None,
    }
}

/// Turns a status and body into the expected value or the API error. An empty 2xx body
/// reads as JSON `null` (so `()` decodes a 204); an error body that is not `{code,message}`
/// becomes a code guessed from the status.
pub fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        let text = if text.trim().is_empty() { "null" } else { text };
        return serde_json::from_str(text).map_err(|_| ApiError::new(ErrorCode::Internal));
    }
    let guess = match status {
        401 => ErrorCode::Unauthorized,
        404 => ErrorCode::NotFound,
        429 => ErrorCode::TooManyAttempts,
        _ => ErrorCode::Internal,
    };
    let Ok(loose) = serde_json::from_str::<LooseError>(text) else {
        return Err(ApiError::new(guess));
    };
    // A code this build does not know keeps the server's message under the guessed code.
    let code = serde_json::from_value(serde_json::Value::String(loose.code)).unwrap_or(guess);
    let message = if loose.message.is_empty() {
        code.to_string()
    } else {
        loose.message
    };
    Err(ApiError {
        code,
        message,
        field: loose.field,
    })
}

/// An error body read leniently, so an unknown code still yields its message.
#[derive(Deserialize)]
struct LooseError {
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    field: Option<String>,
}

fn to_json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

/// One request: `method path` with an optional JSON body, decoded as `T`.
async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    let a = fetch_json(method, path, body.as_deref(), &[])
        .await
        .map_err(|_| network_error())?;
    decode(a.status, &a.text)
}

/// A conversation path with the id escaped (ids come from the server, but never trust a path).
fn conversation_path(id: &str, action: &str) -> String {
    agent_conversation_path(&String::from(js_sys::encode_uri_component(id)), action)
}

/// `GET /api/v1/agent/me`: the signed-in agent, or `unauthorized`.
pub async fn me() -> Result<Agent, ApiError> {
    call::<AgentSessionResponse>("GET", AGENT_ME_PATH, None)
        .await
        .map(|r| r.agent)
}

/// `POST /api/v1/agent/session`.
pub async fn sign_in(req: SignInRequest) -> Result<Agent, ApiError> {
    call::<AgentSessionResponse>("POST", AGENT_SESSION_PATH, to_json(&req))
        .await
        .map(|r| r.agent)
}

/// `DELETE /api/v1/agent/session`.
pub async fn sign_out() -> Result<(), ApiError> {
    call::<serde_json::Value>("DELETE", AGENT_SESSION_PATH, None)
        .await
        .map(|_| ())
}

/// `GET /api/v1/agent/agents`.
pub async fn agents() -> Result<Vec<AgentPresence>, ApiError> {
    call("GET", AGENT_AGENTS_PATH, None).await
}

/// `GET /api/v1/agent/canned-replies`.
pub async fn canned_replies() -> Result<Vec<CannedReply>, ApiError> {
    call("GET", AGENT_CANNED_PATH, None).await
}

/// `GET /api/v1/agent/conversations/:id/context`.
pub async fn context(id: &str) -> Result<ConversationContext, ApiError> {
    call("GET", &conversation_path(id, "context"), None).await
}

/// `POST /api/v1/agent/conversations/:id/{claim|transfer|escalate|resolve}`.
pub async fn command(id: &str, cmd: &Command) -> Result<QueueItem, ApiError> {
    call("POST", &conversation_path(id, cmd.action()), cmd.body()).await
}

/// `GET /api/v1/agent/metrics?from&to&period[&agent]`: the dashboard's numbers.
pub async fn metrics(q: &Query) -> Result<MetricsResponse, ApiError> {
    let path = format!("{METRICS_PATH}?{}", q.to_query_string(escape));
    call("GET", &path, None).await
}

/// `GET /api/v1/agent/targets`.
pub async fn targets() -> Result<Targets, ApiError> {
    call("GET", TARGETS_PATH, None).await
}

/// `PUT /api/v1/agent/targets` (leads only): the saved targets.
pub async fn save_targets(t: &Targets) -> Result<Targets, ApiError> {
    call("PUT", TARGETS_PATH, to_json(t)).await
}

/// What the subscription endpoints answer: the value or their error (boxed: it may carry a
/// whole subscription).
pub type SubResult<T> = Result<T, Box<SubscriptionApiError>>;

/// The subscription endpoints' error for a request that never got an answer.
pub fn sub_network_error() -> Box<SubscriptionApiError> {
    sub_error(ErrorCode::Internal.as_str(), t(Key::ErrNetwork))
}

fn sub_error(code: &str, message: &str) -> Box<SubscriptionApiError> {
    Box::new(SubscriptionApiError {
        code: code.into(),
        message: message.into(),
        field: None,
        fields: Vec::new(),
        current: None,
        effect: None,
    })
}

/// Like [`decode`], for the self-service subscription endpoints: an error body is read as a
/// [`SubscriptionApiError`]; one that is not becomes a code guessed from the status.
pub fn decode_sub<T: DeserializeOwned>(status: u16, text: &str) -> SubResult<T> {
    if (200..300).contains(&status) {
        let text = if text.trim().is_empty() { "null" } else { text };
        return serde_json::from_str(text)
            .map_err(|_| sub_error(ErrorCode::Internal.as_str(), t(Key::ErrGeneric)));
    }
    if let Ok(e) = serde_json::from_str::<SubscriptionApiError>(text) {
        return Err(Box::new(e));
    }
    let guess = match status {
        401 => ErrorCode::Unauthorized,
        404 => ErrorCode::NotFound,
        429 => ErrorCode::RateLimited,
        _ => ErrorCode::Internal,
    };
    Err(sub_error(guess.as_str(), ""))
}

async fn call_sub<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    extra_headers: &[(&str, &str)],
) -> SubResult<T> {
    let a = fetch_json(method, path, body.as_deref(), extra_headers)
        .await
        .map_err(|_| sub_network_error())?;
    decode_sub(a.status, &a.text)
}

fn escape(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

/// `GET /api/v1/agent/subscribers/:id/subscriptions`: the subscriber's subscriptions and
/// their audit log (newest first).
pub async fn subscriber_subscriptions(
    subscriber_id: &str,
) -> SubResult<AgentSubscriptionsResponse> {
    call_sub(
        "GET",
        &agent_subscriptions_path(&escape(subscriber_id)),
        None,
        &[],
    )
    .await
}

/// `POST /api/v1/agent/subscriptions/:id/preview`: what an action would do.
pub async fn preview_action(
    subscription_id: &str,
    req: &ActionRequest,
) -> SubResult<PreviewResponse> {
    call_sub(
        "POST",
        &agent_preview_path(&escape(subscription_id)),
        to_json(req),
        &[],
    )
    .await
}

/// `POST /api/v1/agent/subscriptions/:id/actions` with `Idempotency-Key: key`: applies an
/// action on the subscriber's behalf (recorded as the signed-in agent).
pub async fn apply_action(
    subscription_id: &str,
    req: &ApplyRequest,
    key: &str,
) -> SubResult<ApplyResponse> {
    call_sub(
        "POST",
        &agent_apply_path(&escape(subscription_id)),
        to_json(req),
        &[(IDEMPOTENCY_HEADER, key)],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_values_and_errors() {
        let agent: AgentSessionResponse = decode(
            200,
            r#"{"agent":{"id":"a_maya","name":"Maya Lindqvist","email":"maya@demo-wines.test","role":"agent"}}"#,
        )
        .unwrap();
        assert_eq!(agent.agent.name, "Maya Lindqvist");
        assert_eq!(decode::<()>(204, ""), Ok(()));
        let err = decode::<AgentSessionResponse>(
            429,
            r#"{"code":"too_many_attempts","message":"Too many failed sign-ins. Please wait and try again."}"#,
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::TooManyAttempts);
        let err = decode::<()>(
            400,
            r#"{"code":"invalid_field","message":"bad","field":"note"}"#,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("note"));
        // Not our error shape: guessed from the status.
        assert_eq!(
            decode::<()>(401, "<html>").unwrap_err().code,
            ErrorCode::Unauthorized
        );
        assert_eq!(decode::<()>(502, "").unwrap_err().code, ErrorCode::Internal);
        // A code this build does not know keeps the server's message.
        let err = decode::<()>(
            409,
            r#"{"code":"already_claimed","message":"Sam claimed it first."}"#,
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (ErrorCode::Internal, "Sam claimed it first.")
        );
        // A 2xx that is not the expected shape is an error, not a panic.
        assert_eq!(
            decode::<Agent>(200, "{}").unwrap_err().code,
            ErrorCode::Internal
        );
    }

    #[test]
    fn decodes_subscription_errors() {
        let err = decode_sub::<()>(
            400,
            r#"{"code":"invalid_field","message":"Check the address.","fields":[{"field":"postal_code","code":"required"}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.code, "invalid_field");
        assert_eq!(err.fields.len(), 1);
        assert_eq!(err.fields[0].field.as_str(), "postal_code");
        let err = decode_sub::<()>(
            409,
            r#"{"code":"effect_changed","message":"m","effect":{"action":"skip_next","first_affected_box":"2026-12-18","cutoff_passed":true,"next_box":"2026-12-04"}}"#,
        )
        .unwrap_err();
        assert!(err.effect.is_some_and(|e| e.cutoff_passed));
        assert_eq!(
            decode_sub::<()>(404, "Not Found").unwrap_err().code,
            "not_found"
        );
        assert_eq!(decode_sub::<()>(401, "").unwrap_err().code, "unauthorized");
        assert_eq!(decode_sub::<()>(204, ""), Ok(()));
    }

    #[test]
    fn commands_map_to_paths_and_bodies() {
        assert_eq!(Command::Claim.action(), "claim");
        assert_eq!(Command::Resolve.body(), None);
        assert_eq!(
            Command::Transfer {
                agent_id: "a_sam".into()
            }
            .body()
            .as_deref(),
            Some(r#"{"agent_id":"a_sam"}"#)
        );
        assert_eq!(
            Command::Escalate {
                note: "x\"y".into()
            }
            .body()
            .as_deref(),
            Some(r#"{"note":"x\"y"}"#)
        );
        assert_eq!(
            Command::Escalate {
                note: String::new()
            }
            .action(),
            "escalate"
        );
    }
}
