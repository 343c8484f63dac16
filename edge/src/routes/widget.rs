//! Widget endpoints: `POST /api/v1/widget/session` (the widget's first call after the
//! visitor interacts), `POST /api/v1/widget/follow-up` (an email for offline replies) and
//! `GET /api/v1/widget/availability` (an open widget's recheck of who can answer). All
//! answer CORS only for the merchant's own origins.

use serde::Deserialize;
use serde_json::Value;
use shared::api::{
    Availability, FollowUpRequest, PresenceStatus, SubscriberInfo, WidgetSessionResponse,
};
use shared::support::is_valid_email;
use shared::token::{self, Claims, TokenKind};
use shared::{ids, ApiError, ErrorCode};
use worker::{Env, Request, Response};

use crate::config::{now_millis, now_secs, random_bytes, session_secret};
use crate::db::{Db, Merchant};
use crate::error::{json_response, EdgeResult};
use crate::http::{self, origin, read_json};
use crate::inbox::PresenceSummary;

/// The request body, read loosely so that each bad field gets its own message.
#[derive(Deserialize)]
struct Body {
    merchant_id: Option<Value>,
    visitor_token: Option<Value>,
    subscriber_token: Option<Value>,
}

fn optional_string(v: Option<Value>, field: &str) -> EdgeResult<Option<String>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::field(
            ErrorCode::InvalidField,
            field,
            format!("{field} must be a string"),
        )
        .into()),
    }
}

/// `POST /api/v1/widget/session`. Refusals carry CORS too, so a widget on the merchant's
/// storefront can read a 401 for its subscriber token and carry on as a guest.
pub async fn session(req: Request, env: &Env) -> EdgeResult<Response> {
    let origin = origin(&req);
    let result = open_session(req, env, origin.as_deref()).await;
    http::widget_cors(env, origin, result).await
}

async fn open_session(mut req: Request, env: &Env, origin: Option<&str>) -> EdgeResult<Response> {
    let body: Body = read_json(&mut req).await?;
    let merchant_id = match body.merchant_id {
        Some(Value::String(s)) if ids::is_valid_merchant(&s) => s,
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
    let visitor_token = optional_string(body.visitor_token, "visitor_token")?;
    let subscriber_token = optional_string(body.subscriber_token, "subscriber_token")?;

    let db = Db::new(env)?;
    let merchant = db.widget_merchant(&merchant_id, origin).await?;

    let now = now_secs();
    let mut identity_exp = None;
    let subscriber = match subscriber_token {
        Some(t) => {
            let claims = (!merchant.widget_secret.is_empty())
                .then(|| {
                    token::verify_subscriber(
                        merchant.widget_secret.as_bytes(),
                        &t,
                        &merchant.id,
                        now,
                    )
                    .ok()
                })
                .flatten()
                .ok_or(ErrorCode::InvalidSubscriberToken)?;
            db.upsert_subscriber(&merchant.id, &claims).await?;
            identity_exp = Some(claims.exp);
            Some(SubscriberInfo {
                id: claims.subscriber,
                name: claims.name,
                email: claims.email,
            })
        }
        None => None,
    };

    let secret = session_secret(env)?;
    let known_visitor = visitor_token
        .and_then(|t| token::verify_claims(&secret, &t, TokenKind::Visitor, &merchant.id, now).ok())
        .map(|c| c.visitor);
    let visitor_id = match known_visitor {
        Some(v) => v,
        None => ids::from_random(ids::VISITOR_PREFIX, random_bytes()?),
    };
    let subscriber_id = subscriber.as_ref().map(|s| s.id.as_str());
    let conversation_id = match db
        .open_conversation(&merchant.id, &visitor_id, subscriber_id)
        .await?
    {
        Some(c) => {
            db.start_visit(&merchant.id, &visitor_id, subscriber_id, None)
                .await?;
            c
        }
        None => {
            let c = ids::from_random(ids::CONVERSATION_PREFIX, random_bytes()?);
            db.start_visit(&merchant.id, &visitor_id, subscriber_id, Some(&c))
                .await?;
            c
        }
    };
    let follow_up_email = match subscriber {
        Some(_) => None,
        None => db.visitor_email(&merchant.id, &visitor_id).await?,
    };

    let claims = |kind, conversation: Option<String>, secs| Claims {
        kind,
        merchant: merchant.id.clone(),
        visitor: visitor_id.clone(),
        conversation,
        subscriber: subscriber.clone(),
        exp: token::issued_exp(now, secs, identity_exp),
    };
    let body = WidgetSessionResponse {
        visitor_token: token::sign(
            &secret,
            &claims(TokenKind::Visitor, None, token::VISITOR_TOKEN_SECS),
        ),
        conversation_token: token::sign(
            &secret,
            &claims(
                TokenKind::Conversation,
                Some(conversation_id.clone()),
                token::CONVERSATION_TOKEN_SECS,
            ),
        ),
        visitor_id: visitor_id.clone(),
        conversation_id,
        availability: availability(env, &merchant).await?,
        merchant_name: merchant.name,
        subscriber,
        follow_up_email,
    };
    Ok(json_response(&body, 200))
}

/// Whether an agent is online and the shop is within its hours.
async fn availability(env: &Env, merchant: &Merchant) -> EdgeResult<Availability> {
    let settings = merchant.settings();
    let now = now_millis();
    let stub = env
        .durable_object("INBOXES")?
        .id_from_name(&merchant.id)?
        .get_stub()?;
    let mut resp = stub
        .fetch_with_str("https://object.internal/presence")
        .await?;
    let presence: PresenceSummary = resp.json().await?;
    let agents_online = presence
        .agents
        .iter()
        .any(|a| a.status == PresenceStatus::Online);
    Ok(Availability::at(
        &settings.business_hours,
        now,
        agents_online,
        settings.first_response_minutes,
    ))
}

/// `GET /api/v1/widget/availability?merchant=ID`: whether someone can answer now, for a
/// widget that is already open (it asks again when the hours flip and every couple of
/// minutes). Reads only: no visitor, no token.
pub async fn availability_now(req: Request, env: &Env) -> EdgeResult<Response> {
    let origin = origin(&req);
    let result = availability_for(&req, env, origin.as_deref()).await;
    http::widget_cors(env, origin, result).await
}

async fn availability_for(req: &Request, env: &Env, origin: Option<&str>) -> EdgeResult<Response> {
    let merchant_id = http::query_param(req, "merchant")
        .filter(|m| ids::is_valid_merchant(m))
        .ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidField,
                "merchant",
                "merchant is not a valid shop id",
            )
        })?;
    let db = Db::new(env)?;
    let merchant = db.widget_merchant(&merchant_id, origin).await?;
    Ok(json_response(&availability(env, &merchant).await?, 200))
}

/// `POST /api/v1/widget/follow-up`, with CORS on refusals as on the session call.
pub async fn follow_up(req: Request, env: &Env) -> EdgeResult<Response> {
    let origin = origin(&req);
    let result = save_follow_up(req, env, origin.as_deref()).await;
    http::widget_cors(env, origin, result).await
}

async fn save_follow_up(mut req: Request, env: &Env, origin: Option<&str>) -> EdgeResult<Response> {
    let body: FollowUpRequest = read_json(&mut req).await?;
    let email = body.email.trim().to_owned();
    if !is_valid_email(&email) {
        return Err(ApiError::field(
            ErrorCode::InvalidField,
            "email",
            "Please enter a valid email address.",
        )
        .into());
    }
    let claims: Claims = token::verify(&session_secret(env)?, &body.visitor_token)
        .map_err(|_| ErrorCode::Unauthorized)?;
    if claims.kind != TokenKind::Visitor || claims.exp <= now_secs() {
        return Err(ErrorCode::Unauthorized.into());
    }
    let db = Db::new(env)?;
    db.require_origin(&claims.merchant, origin).await?;
    if !db
        .set_visitor_email(&claims.merchant, &claims.visitor, &email)
        .await?
    {
        return Err(ErrorCode::Unauthorized.into());
    }
    Ok(Response::empty()?.with_status(204))
}

/// CORS preflight: allowed if the origin belongs to some merchant (the real request is then
/// checked against that merchant's own list).
pub async fn preflight(req: &Request, env: &Env) -> EdgeResult<Response> {
    let origin = origin(req).ok_or(ErrorCode::OriginNotAllowed)?;
    if !Db::new(env)?.origin_known(&origin).await? {
        return Err(ErrorCode::OriginNotAllowed.into());
    }
    http::preflight(&origin)
}
