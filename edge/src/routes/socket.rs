//! WebSocket upgrades. Each checks who is connecting, then hands the upgrade to the right
//! Durable Object with the verified peer:
//! - `GET /api/v1/conversations/:id/ws?token=…` — a visitor, by conversation token;
//! - `GET /api/v1/agent/conversations/:id/ws` — an agent of the conversation's merchant;
//! - `GET /api/v1/agent/inbox/ws` — an agent, to their merchant's inbox.

use shared::protocol::Author;
use shared::token::{self, Claims, TokenKind};
use shared::{ids, ErrorCode};
use worker::{Env, Request, Response};

use crate::auth::require_agent;
use crate::config::{now_millis, now_secs, session_secret};
use crate::db::Db;
use crate::error::EdgeResult;
use crate::inbox::QueueSeed;
use crate::peer::Peer;
use crate::routes::actions::seed_for;

fn require_upgrade(req: &Request) -> EdgeResult<()> {
    let upgrade = req.headers().get("upgrade")?.unwrap_or_default();
    if upgrade.eq_ignore_ascii_case("websocket") {
        Ok(())
    } else {
        Err(ErrorCode::UpgradeRequired.into())
    }
}

async fn to_conversation(env: &Env, conversation_id: &str, peer: &Peer) -> EdgeResult<Response> {
    let stub = env
        .durable_object("CONVERSATIONS")?
        .id_from_name(conversation_id)?
        .get_stub()?;
    Ok(stub
        .fetch_with_request(peer.upgrade_request("/ws")?)
        .await?)
}

pub async fn visitor(req: Request, env: &Env, conversation_id: &str) -> EdgeResult<Response> {
    if !ids::is_valid(ids::CONVERSATION_PREFIX, conversation_id) {
        return Err(ErrorCode::NotFound.into());
    }
    let token = crate::http::query_param(&req, "token").ok_or(ErrorCode::Unauthorized)?;
    let claims: Claims =
        token::verify(&session_secret(env)?, &token).map_err(|_| ErrorCode::Unauthorized)?;
    let scoped = claims.kind == TokenKind::Conversation
        && claims.conversation.as_deref() == Some(conversation_id)
        && claims.exp > now_secs();
    if !scoped {
        return Err(ErrorCode::Unauthorized.into());
    }
    require_upgrade(&req)?;
    let name = claims.subscriber.as_ref().map_or_else(
        || shared::queue::anonymous_name(&claims.visitor),
        |s| s.name.clone(),
    );
    let peer = Peer {
        author: Author::Visitor,
        id: claims.visitor.clone(),
        name: name.clone(),
        merchant: claims.merchant.clone(),
        seed: Some(QueueSeed {
            merchant_id: claims.merchant,
            conversation_id: conversation_id.to_owned(),
            visitor_id: claims.visitor,
            subscriber: claims.subscriber,
            display_name: name,
            created_at: now_millis(),
        }),
    };
    to_conversation(env, conversation_id, &peer).await
}

pub async fn agent(req: Request, env: &Env, conversation_id: &str) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    if !ids::is_valid(ids::CONVERSATION_PREFIX, conversation_id) {
        return Err(ErrorCode::NotFound.into());
    }
    let db = Db::new(env)?;
    let row = db
        .conversation(&session.merchant_id, conversation_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    require_upgrade(&req)?;
    let peer = Peer {
        author: Author::Agent,
        id: session.agent.id,
        name: session.agent.name,
        merchant: session.merchant_id.clone(),
        seed: Some(seed_for(&db, &session.merchant_id, &row).await?),
    };
    to_conversation(env, conversation_id, &peer).await
}

pub async fn inbox(req: Request, env: &Env) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    require_upgrade(&req)?;
    let peer = Peer {
        author: Author::Agent,
        id: session.agent.id,
        name: session.agent.name,
        merchant: session.merchant_id.clone(),
        seed: None,
    };
    let stub = env
        .durable_object("INBOXES")?
        .id_from_name(&session.merchant_id)?
        .get_stub()?;
    Ok(stub
        .fetch_with_request(peer.upgrade_request("/ws")?)
        .await?)
}
