//! `POST /api/v1/widget/session`: the widget's first call after the visitor interacts.
//! Resumes the visitor from their token (or mints a new visitor) and returns their open
//! conversation with a short-lived token to join it.

use serde::Deserialize;
use shared::api::WidgetSessionResponse;
use shared::token::{self, Claims, TokenKind};
use shared::{ids, ApiError, ErrorCode};
use worker::{Env, Request, Response};

use crate::config::{now_secs, random_bytes, session_secret};
use crate::db::{self, Db};
use crate::error::{json_response, EdgeResult};
use crate::http::{self, allow_origin, origin, read_json};

/// The request body, read loosely so that each bad field gets its own message.
#[derive(Deserialize)]
struct Body {
    merchant_id: Option<serde_json::Value>,
    visitor_token: Option<serde_json::Value>,
}

pub async fn create(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let body: Body = read_json(&mut req).await?;
    let merchant_id = match body.merchant_id {
        Some(serde_json::Value::String(s)) if ids::is_valid_merchant(&s) => s,
        Some(_) => {
            return Err(ApiError::field(
                ErrorCode::InvalidField,
                "merchant_id",
                "merchant_id is not a valid shop id",
            )
            .into())
        }
        None => {
            return Err(ApiError::field(
                ErrorCode::InvalidField,
                "merchant_id",
                "merchant_id is required",
            )
            .into())
        }
    };
    let visitor_token = match body.visitor_token {
        Some(serde_json::Value::String(s)) => Some(s),
        None | Some(serde_json::Value::Null) => None,
        Some(_) => {
            return Err(ApiError::field(
                ErrorCode::InvalidField,
                "visitor_token",
                "visitor_token must be a string",
            )
            .into())
        }
    };

    let db = Db::new(env)?;
    let merchant = db
        .merchant(&merchant_id)
        .await?
        .ok_or(ErrorCode::MerchantNotFound)?;
    let origin = origin(&req);
    if let Some(o) = &origin {
        if !db.origin_allowed(&merchant.id, o).await? {
            return Err(ErrorCode::OriginNotAllowed.into());
        }
    }

    let secret = session_secret(env)?;
    let now = now_secs();
    let known_visitor = visitor_token
        .and_then(|t| token::verify_claims(&secret, &t, TokenKind::Visitor, &merchant.id, now).ok())
        .map(|c| c.visitor);
    let (visitor_id, conversation_id) = match known_visitor {
        Some(v) => match db.open_conversation(&merchant.id, &v).await? {
            Some(c) => (v, c),
            None => {
                let c = ids::from_random(ids::CONVERSATION_PREFIX, random_bytes()?);
                db.start_conversation(&merchant.id, &v, &c).await?;
                (v, c)
            }
        },
        None => {
            let v = ids::from_random(ids::VISITOR_PREFIX, random_bytes()?);
            let c = ids::from_random(ids::CONVERSATION_PREFIX, random_bytes()?);
            db.start_conversation(&merchant.id, &v, &c).await?;
            (v, c)
        }
    };

    let visitor_token = token::sign(
        &secret,
        &Claims {
            kind: TokenKind::Visitor,
            merchant: merchant.id.clone(),
            visitor: visitor_id.clone(),
            conversation: None,
            exp: now + token::VISITOR_TOKEN_SECS,
        },
    );
    let conversation_token = token::sign(
        &secret,
        &Claims {
            kind: TokenKind::Conversation,
            merchant: merchant.id.clone(),
            visitor: visitor_id.clone(),
            conversation: Some(conversation_id.clone()),
            exp: now + token::CONVERSATION_TOKEN_SECS,
        },
    );
    let body = WidgetSessionResponse {
        visitor_token,
        visitor_id,
        conversation_id,
        conversation_token,
        merchant_name: merchant.name,
    };
    let resp = json_response(&body, 200);
    Ok(match origin {
        Some(o) => allow_origin(resp, &o),
        None => resp,
    })
}

/// CORS preflight: allowed if the origin belongs to some merchant (the real request is then
/// checked against that merchant's own list).
pub async fn preflight(req: &Request, env: &Env) -> EdgeResult<Response> {
    let origin = origin(req).ok_or(ErrorCode::OriginNotAllowed)?;
    if !db::Db::new(env)?.origin_known(&origin).await? {
        return Err(ErrorCode::OriginNotAllowed.into());
    }
    http::preflight(&origin)
}
