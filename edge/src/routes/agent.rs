//! Agent session endpoints: sign in, sign out, who am I, the team, canned replies.

use serde::Deserialize;
use shared::api::{
    AgentPresence, AgentSessionResponse, PresenceStatus, AGENT_SESSION_SECS, SIGN_IN_MAX_FAILURES,
    SIGN_IN_WINDOW_SECS,
};
use shared::support::default_canned_replies;
use shared::{ApiError, ErrorCode};
use worker::{Env, Request, Response};

use crate::auth::{self, require_agent, session_key};
use crate::config::now_millis;
use crate::db::Db;
use crate::error::{json_response, EdgeResult};
use crate::http::read_json;
use crate::inbox::PresenceSummary;

#[derive(Deserialize)]
struct SignIn {
    email: Option<String>,
    password: Option<String>,
}

pub async fn sign_in(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let body: SignIn = read_json(&mut req).await?;
    let email = body.email.unwrap_or_default().trim().to_lowercase();
    let password = body.password.unwrap_or_default();
    if email.is_empty() || email.len() > 254 {
        return Err(
            ApiError::field(ErrorCode::InvalidField, "email", "Enter your work email.").into(),
        );
    }
    if password.is_empty() || password.len() > 256 {
        return Err(
            ApiError::field(ErrorCode::InvalidField, "password", "Enter your password.").into(),
        );
    }
    let db = Db::new(env)?;
    let now = now_millis();
    let window_start = now - SIGN_IN_WINDOW_SECS * 1000;
    if !db
        .claim_sign_in_attempt(&email, now, window_start, SIGN_IN_MAX_FAILURES)
        .await?
    {
        return Err(ErrorCode::TooManyAttempts.into());
    }
    let login = db.agent_by_email(&email).await?;
    let ok = match &login {
        Some(l) => auth::verify_password(&password, &l.password_hash).await?,
        None => {
            auth::burn_password_check(&password).await?;
            false
        }
    };
    let Some(login) = login.filter(|_| ok) else {
        // The claimed attempt stays as the failure.
        return Err(ErrorCode::InvalidCredentials.into());
    };
    let token = auth::new_session_token()?;
    db.create_session(
        &session_key(&token),
        &login.session,
        now,
        now + AGENT_SESSION_SECS * 1000,
    )
    .await?;
    let mut resp = json_response(
        &AgentSessionResponse {
            agent: login.session.agent,
        },
        200,
    );
    resp.headers_mut()
        .set("set-cookie", &auth::session_cookie(&token))?;
    Ok(resp)
}

pub async fn sign_out(req: Request, env: &Env) -> EdgeResult<Response> {
    if let Some(token) = auth::session_token(&req) {
        Db::new(env)?.delete_session(&session_key(&token)).await?;
    }
    let mut resp = Response::empty()?.with_status(204);
    resp.headers_mut()
        .set("set-cookie", &auth::clear_cookie())?;
    Ok(resp)
}

pub async fn me(req: Request, env: &Env) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    Ok(json_response(
        &AgentSessionResponse {
            agent: session.agent,
        },
        200,
    ))
}

/// The merchant's agents with their presence (for transfers).
pub async fn agents(req: Request, env: &Env) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    let agents = Db::new(env)?.agents(&session.merchant_id).await?;
    let stub = env
        .durable_object("INBOXES")?
        .id_from_name(&session.merchant_id)?
        .get_stub()?;
    let presence: PresenceSummary = stub
        .fetch_with_str("https://object.internal/presence")
        .await?
        .json()
        .await?;
    let list: Vec<AgentPresence> = agents
        .into_iter()
        .map(|a| {
            let status = presence
                .agents
                .iter()
                .find(|p| p.id == a.id)
                .map_or(PresenceStatus::Offline, |p| p.status);
            AgentPresence {
                id: a.id,
                name: a.name,
                status,
            }
        })
        .collect();
    Ok(json_response(&list, 200))
}

pub async fn canned_replies(req: Request, env: &Env) -> EdgeResult<Response> {
    require_agent(&req, env).await?;
    Ok(json_response(&default_canned_replies(), 200))
}
