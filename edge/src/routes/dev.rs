//! Demo-only endpoints for the storefront's "signed in as" switcher. They answer only when
//! the Worker runs with `ENVIRONMENT=development` (edge/.dev.vars, written by the local
//! scripts); everywhere else they are 404 like any unknown path.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::selfservice::WEBHOOK_SIGNATURE_HEADER;
use shared::token::{self, SubscriberClaims};
use shared::ErrorCode;
use worker::{Env, Request, Response};

use crate::config::{now_millis, now_secs};
use crate::db::Db;
use crate::error::{json_response, EdgeError, EdgeResult};
use crate::http::read_json;
use crate::webhooks::{self, SinkEntry};

/// The demo shop (edge/seed/demo.sql), the default of the dev endpoints.
const DEMO_MERCHANT: &str = "demo-wines";

pub fn enabled(env: &Env) -> bool {
    env.var("ENVIRONMENT")
        .map(|v| v.to_string() == "development")
        .unwrap_or(false)
}

fn query(req: &Request, key: &str) -> EdgeResult<String> {
    Ok(crate::http::query_param(req, key).unwrap_or_default())
}

pub async fn subscribers(req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let list = Db::new(env)?.subscribers(&query(&req, "merchant")?).await?;
    Ok(json_response(&list, 200))
}

#[derive(Serialize)]
struct TokenBody {
    token: String,
}

pub async fn subscriber_token(req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let db = Db::new(env)?;
    let merchant = db
        .merchant(&query(&req, "merchant")?)
        .await?
        .ok_or(ErrorCode::MerchantNotFound)?;
    let sub = db
        .subscriber(&merchant.id, &query(&req, "subscriber")?)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let claims = SubscriberClaims {
        merchant: merchant.id,
        subscriber: sub.id,
        email: sub.email,
        name: sub.name,
        exp: now_secs() + 3600,
    };
    Ok(json_response(
        &TokenBody {
            token: token::sign(merchant.widget_secret.as_bytes(), &claims),
        },
        200,
    ))
}

/// `POST /api/dev/merchant-webhook` `{url, secret, retry_scale?, merchant?}`: sets a merchant's
/// webhook settings (default the demo shop), for tests and the demo.
pub async fn merchant_webhook(mut req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let mut body: serde_json::Map<String, Value> = read_json(&mut req).await?;
    let merchant = match body.remove("merchant") {
        Some(Value::String(m)) => m,
        _ => DEMO_MERCHANT.to_owned(),
    };
    let settings = Value::Object(body).to_string();
    Db::new(env)?
        .set_webhook_settings(&merchant, &settings)
        .await?;
    Ok(Response::empty()?.with_status(204))
}

/// `POST /api/dev/webhook-sink`: a demo receiver. Verifies the signature with the
/// merchant's secret and keeps the delivery; `GET` lists them (`?merchant=`).
pub async fn webhook_sink_post(mut req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let signature = req
        .headers()
        .get(WEBHOOK_SIGNATURE_HEADER)?
        .unwrap_or_default();
    let body = req
        .text()
        .await
        .map_err(|_| EdgeError::from(ErrorCode::InvalidJson))?;
    let event: Value = serde_json::from_str(&body).map_err(|_| ErrorCode::InvalidJson)?;
    let merchant_id = event["merchant_id"].as_str().unwrap_or_default();
    let db = Db::new(env)?;
    let merchant = db
        .merchant(merchant_id)
        .await?
        .ok_or(ErrorCode::MerchantNotFound)?;
    let secret = merchant
        .settings()
        .webhook
        .map(|w| w.secret)
        .unwrap_or_default();
    let verified =
        token::verify_webhook_signature(secret.as_bytes(), &signature, &body, now_secs(), 300);
    let entry = SinkEntry {
        received_at: now_millis(),
        signature,
        verified,
        event,
    };
    webhooks::sink_record(env, &merchant.id, &entry).await?;
    Ok(Response::empty()?.with_status(if verified { 204 } else { 401 }))
}

pub async fn webhook_sink_get(req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let mut merchant = query(&req, "merchant")?;
    if merchant.is_empty() {
        merchant = DEMO_MERCHANT.to_owned();
    }
    Ok(json_response(
        &webhooks::sink_list(env, &merchant).await?,
        200,
    ))
}

#[derive(Deserialize)]
struct CopyBody {
    #[serde(default)]
    merchant: Option<String>,
    from: String,
    id: String,
    subscriber: String,
    #[serde(default)]
    next_box: Option<String>,
}

/// `POST /api/dev/subscriptions` `{from, id, subscriber, next_box?}`: a fresh copy of a seeded
/// subscription for another (already signed-in) subscriber, so tests do not share state.
pub async fn copy_subscription(mut req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let b: CopyBody = read_json(&mut req).await?;
    let merchant = b.merchant.as_deref().unwrap_or(DEMO_MERCHANT);
    let copied = Db::new(env)?
        .copy_subscription(
            merchant,
            &b.from,
            &b.id,
            &b.subscriber,
            b.next_box.as_deref(),
            now_millis(),
        )
        .await?;
    if !copied {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(Response::empty()?.with_status(204))
}
