//! Demo-only endpoints for the storefront's "signed in as" switcher. They answer only when
//! the Worker runs with `ENVIRONMENT=development` (edge/.dev.vars, written by the local
//! scripts); everywhere else they are 404 like any unknown path.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::selfservice::WEBHOOK_SIGNATURE_HEADER;
use shared::support::Channel;
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

#[derive(Deserialize)]
struct FixtureAgent {
    id: String,
    email: String,
    name: String,
    role: String,
}

#[derive(Deserialize)]
struct FixtureConversation {
    id: String,
    #[serde(default)]
    agent: Option<String>,
    created_at: i64,
    #[serde(default)]
    first_response_ms: Option<i64>,
    #[serde(default)]
    resolution_ms: Option<i64>,
    #[serde(default)]
    reopened: bool,
    #[serde(default)]
    escalated: bool,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    channel: Option<Channel>,
}

#[derive(Deserialize)]
struct FixtureSurvey {
    id: String,
    kind: String,
    #[serde(default)]
    score: Option<u8>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    agent: Option<String>,
    #[serde(default)]
    conversation: Option<String>,
    shown_at: i64,
    #[serde(default)]
    answered_at: Option<i64>,
}

#[derive(Deserialize)]
struct FixtureSubscription {
    id: String,
    created_at: i64,
    #[serde(default)]
    cancelled_at: Option<i64>,
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /api/dev/metrics-fixture`: a new merchant with exactly the given agents (password
/// `maya-demo-pass`), conversations, surveys and subscriptions, so dashboard tests can check
/// numbers computed by hand.
#[derive(Deserialize)]
struct Fixture {
    merchant: String,
    #[serde(default)]
    agents: Vec<FixtureAgent>,
    #[serde(default)]
    conversations: Vec<FixtureConversation>,
    #[serde(default)]
    surveys: Vec<FixtureSurvey>,
    #[serde(default)]
    subscriptions: Vec<FixtureSubscription>,
}

pub async fn metrics_fixture(mut req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let body = req
        .text()
        .await
        .map_err(|_| EdgeError::from(ErrorCode::InvalidJson))?;
    let f: Fixture = serde_json::from_str(&body).map_err(|_| ErrorCode::InvalidJson)?;
    if !shared::ids::is_valid_merchant(&f.merchant) {
        return Err(ErrorCode::InvalidField.into());
    }
    Db::new(env)?
        .load_fixture(&f.merchant, &to_rows(&f))
        .await?;
    Ok(Response::empty()?.with_status(204))
}

/// The fixture as SQL statements with their arguments (JSON values).
fn to_rows(f: &Fixture) -> Vec<(&'static str, Vec<Value>)> {
    use serde_json::json;
    let now = now_millis();
    let m = &f.merchant;
    let mut out: Vec<(&'static str, Vec<Value>)> = vec![
        (
            "INSERT INTO merchants (id, name, settings, created_at) VALUES (?1, ?1, '{}', ?2)",
            vec![json!(m), json!(now)],
        ),
        (
            "INSERT INTO subscribers (merchant_id, id, email, name, created_at) VALUES (?1, 'sub_fx', ?2, 'Fixture', ?3)",
            vec![json!(m), json!(format!("fx@{m}.test")), json!(now)],
        ),
        (
            "INSERT INTO visitors (merchant_id, id, subscriber_id, created_at) VALUES (?1, 'v_fx', 'sub_fx', ?2)",
            vec![json!(m), json!(now)],
        ),
    ];
    for a in &f.agents {
        out.push((
            "INSERT INTO agents (merchant_id, id, email, name, role, password_hash, created_at)
             SELECT ?1, ?2, ?3, ?4, ?5, password_hash, ?6 FROM agents WHERE merchant_id = 'demo-wines' AND id = 'agt_maya'",
            vec![json!(m), json!(a.id), json!(a.email), json!(a.name), json!(a.role), json!(now)],
        ));
    }
    for c in &f.conversations {
        let resolved = c.resolution_ms.map(|r| c.created_at + r);
        out.push((
            "INSERT INTO conversations (merchant_id, id, visitor_id, subscriber_id, status, channel, created_at, opened_at,
                assignee_id, first_response_at, resolved_at, reopened, escalated_at, contact_reason)
             VALUES (?1, ?2, 'v_fx', 'sub_fx', ?3, ?11, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            vec![
                json!(m),
                json!(c.id),
                json!(if resolved.is_some() { "resolved" } else { "open" }),
                json!(c.created_at),
                json!(c.agent),
                json!(c.first_response_ms.map(|r| c.created_at + r)),
                json!(resolved),
                json!(i64::from(c.reopened)),
                json!(c.escalated.then_some(c.created_at + 1)),
                json!(c.reason),
                json!(c.channel.unwrap_or(Channel::Chat)),
            ],
        ));
    }
    for s in &f.surveys {
        out.push((
            "INSERT INTO surveys (merchant_id, id, kind, visitor_id, subscriber_id, conversation_id, agent_id, event_id,
                created_at, shown_at, answered_at, score, comment)
             VALUES (?1, ?2, ?3, 'v_fx', 'sub_fx', ?4, ?5, CASE WHEN ?3 = 'csat' THEN NULL ELSE ?2 END, ?6, ?6, ?7, ?8, ?9)",
            vec![
                json!(m),
                json!(s.id),
                json!(s.kind),
                json!(s.conversation),
                json!(s.agent),
                json!(s.shown_at),
                json!(s.answered_at),
                json!(s.score),
                json!(s.comment),
            ],
        ));
    }
    for s in &f.subscriptions {
        out.push((
            "INSERT INTO subscriptions (merchant_id, id, subscriber_id, plan, status, frequency, price_cents, created_at)
             VALUES (?1, ?2, 'sub_fx', 'Fixture', ?3, 'monthly', 1000, ?4)",
            vec![
                json!(m),
                json!(s.id),
                json!(if s.cancelled_at.is_some() { "cancelled" } else { "active" }),
                json!(s.created_at),
            ],
        ));
        if let Some(at) = s.cancelled_at {
            out.push((
                "INSERT INTO subscription_events (merchant_id, id, subscription_id, subscriber_id, version, actor_kind,
                    actor_id, action, before, after, effect, reason, reference, at)
                 VALUES (?1, ?2 || '_cancel', ?2, 'sub_fx', 2, 'subscriber', 'sub_fx', 'cancel', '{}', '{}', '{}', ?3, 'CD-FIXTURE', ?4)",
                vec![json!(m), json!(s.id), json!(s.reason), json!(at)],
            ));
        }
    }
    out
}

#[derive(Deserialize)]
struct DeliveredBody {
    subscriber: String,
    count: u32,
}

/// `POST /api/dev/delivered-orders` `{subscriber, count}`: that many delivered boxes for a
/// subscriber of the demo shop (NPS is asked after the third).
pub async fn delivered_orders(mut req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let b: DeliveredBody = read_json(&mut req).await?;
    let now = now_millis();
    let rows: Vec<(&'static str, Vec<Value>)> = (0..b.count.min(50))
        .map(|i| {
            (
                "INSERT INTO orders (merchant_id, id, subscriber_id, status, items, total_cents, placed_at, delivered_at)
                 VALUES (?1, ?2, ?3, 'delivered', '[]', 1000, ?4, ?4)",
                vec![
                    Value::from(DEMO_MERCHANT),
                    Value::from(format!("ord_{}_{now}_{i}", b.subscriber)),
                    Value::from(b.subscriber.as_str()),
                    Value::from(now - i64::from(i) * 86_400_000),
                ],
            )
        })
        .collect();
    Db::new(env)?.load_fixture(DEMO_MERCHANT, &rows).await?;
    Ok(Response::empty()?.with_status(204))
}
