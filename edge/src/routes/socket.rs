//! `GET /api/v1/conversations/:id/ws?token=…`: checks the conversation token, then hands
//! the WebSocket upgrade to that conversation's Durable Object with the verified identity.

use shared::token::{self, Claims, TokenKind};
use shared::{ids, ErrorCode};
use worker::{Env, Headers, Method, Request, RequestInit, Response};

use crate::config::{now_secs, session_secret};
use crate::conversation::{Peer, PEER_HEADER};
use crate::error::{EdgeError, EdgeResult};

pub async fn connect(req: Request, env: &Env, conversation_id: &str) -> EdgeResult<Response> {
    if !ids::is_valid(ids::CONVERSATION_PREFIX, conversation_id) {
        return Err(ErrorCode::NotFound.into());
    }
    let url = req.url()?;
    let token = url
        .query_pairs()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .ok_or(ErrorCode::Unauthorized)?;
    let claims: Claims =
        token::verify(&session_secret(env)?, &token).map_err(|_| ErrorCode::Unauthorized)?;
    let scoped = claims.kind == TokenKind::Conversation
        && claims.conversation.as_deref() == Some(conversation_id)
        && claims.exp > now_secs();
    if !scoped {
        return Err(ErrorCode::Unauthorized.into());
    }
    let upgrade = req.headers().get("upgrade")?.unwrap_or_default();
    if !upgrade.eq_ignore_ascii_case("websocket") {
        return Err(ErrorCode::UpgradeRequired.into());
    }

    let peer = Peer::visitor(claims.visitor);
    let headers = Headers::new();
    headers.set("upgrade", "websocket")?;
    headers.set(
        PEER_HEADER,
        &serde_json::to_string(&peer).map_err(|e| EdgeError::Platform(e.to_string()))?,
    )?;
    let mut init = RequestInit::new();
    init.with_method(Method::Get).with_headers(headers);
    let inner = Request::new_with_init("https://conversation.internal/ws", &init)?;
    let stub = env
        .durable_object("CONVERSATIONS")?
        .id_from_name(conversation_id)?
        .get_stub()?;
    Ok(stub.fetch_with_request(inner).await?)
}
