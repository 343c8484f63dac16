//! Self-service subscription changes (`shared::selfservice`): the subscriber's own
//! subscriptions with a visitor token (`Authorization: Bearer`), and an agent's view and
//! actions on a subscriber's behalf with the agent cookie. Every rule is
//! `shared::subscription`'s; this module loads, calls it, and stores the result atomically
//! with its audit event, webhook outbox row and idempotency record.

use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};
use shared::selfservice::{
    self, ActionInput, Actor, ApplyRequest, ApplyResponse, PreviewResponse, SubscriptionView,
    SubscriptionsResponse, WebhookEvent, IDEMPOTENCY_HEADER,
};
use shared::subscription::{self as rules, Action, ActionError, Policy, Subscription};
use shared::{ids, ApiError, ErrorCode};
use worker::{console_error, Env, Request, Response};

use crate::auth::{require_agent, require_visitor};
use crate::config::{now_millis, random_bytes};
use crate::db::{ChangeRecord, Db, IdempotencyRecord, Merchant, StoredSubscription};
use crate::error::{json_response, EdgeError, EdgeResult};
use crate::http::{origin, read_json, widget_cors};
use crate::routes::dev;
use crate::routes::surveys::SURVEY_PREFIX;

/// Dev-only header that replaces "now" (unix ms) so tests can stand either side of a cutoff.
const NOW_HEADER: &str = "x-cellar-now";
/// Most audit events an agent sees.
const AGENT_EVENTS_LIMIT: u32 = 50;

/// What a request asks for.
pub enum Op<'a> {
    /// The caller's subscriptions (subscriber), or a subscriber's (agent).
    List(Option<&'a str>),
    Preview(&'a str),
    Apply(&'a str),
}

/// A verified caller: the merchant, the subscriber the call is limited to (none for an
/// agent, who may act on any subscriber of the merchant), and who is acting.
struct Caller {
    merchant: Merchant,
    subscriber: Option<String>,
    actor: Actor,
}

impl Caller {
    fn idempotency_actor(&self) -> String {
        match &self.actor {
            Actor::Subscriber { id } => format!("subscriber:{id}"),
            Actor::Agent { id, .. } => format!("agent:{id}"),
        }
    }
}

/// Widget calls: answered with CORS for the merchant's origins, errors included, so the
/// widget can read a 409's current state.
pub async fn widget(req: Request, env: &Env, op: Op<'_>) -> EdgeResult<Response> {
    let origin = origin(&req);
    let result = match subscriber_caller(&req, env).await {
        Ok(caller) => run(req, env, caller, op).await,
        Err(e) => Err(e),
    };
    widget_cors(env, origin, result).await
}

/// Console calls (agent cookie, same merchant only).
pub async fn agent(req: Request, env: &Env, op: Op<'_>) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    let merchant = Db::new(env)?
        .merchant(&session.merchant_id)
        .await?
        .ok_or(ErrorCode::Unauthorized)?;
    let caller = Caller {
        merchant,
        subscriber: None,
        actor: Actor::Agent {
            id: session.agent.id,
            name: session.agent.name,
        },
    };
    run(req, env, caller, op).await
}

async fn subscriber_caller(req: &Request, env: &Env) -> EdgeResult<Caller> {
    let claims = require_visitor(req, env).await?;
    let subscriber = claims.subscriber.ok_or_else(|| {
        EdgeError::custom(
            403,
            "subscriber_required",
            "Sign in to your account on the shop to manage your subscriptions.",
        )
    })?;
    let merchant = Db::new(env)?
        .merchant(&claims.merchant)
        .await?
        .ok_or(ErrorCode::Unauthorized)?;
    Ok(Caller {
        merchant,
        actor: Actor::Subscriber {
            id: subscriber.id.clone(),
        },
        subscriber: Some(subscriber.id),
    })
}

async fn run(mut req: Request, env: &Env, caller: Caller, op: Op<'_>) -> EdgeResult<Response> {
    let now = clock(&req, env);
    let db = Db::new(env)?;
    let policy = caller.merchant.policy()?;
    match op {
        Op::List(subscriber) => list(&db, &caller, subscriber, &policy, now).await,
        Op::Preview(id) => {
            // An `ActionRequest`, read as the apply body it is a part of.
            let body: ApplyRequest = parse(read_json(&mut req).await?)?;
            let stored = load(&db, &caller, id).await?;
            let action = body.action.validate()?;
            let change = check(&stored, &action, body.version, None, now, &policy)?;
            let after = view(&change.subscription, stored.price_cents, &policy);
            Ok(json_response(
                &PreviewResponse {
                    effect: change.effect,
                    after,
                },
                200,
            ))
        }
        Op::Apply(id) => apply(req, env, &db, &caller, id, &policy, now).await,
    }
}

/// "Now" for the rules: the dev clock override when enabled, else the real time.
fn clock(req: &Request, env: &Env) -> i64 {
    let forced = || req.headers().get(NOW_HEADER).ok().flatten()?.parse().ok();
    match dev::enabled(env).then(forced).flatten() {
        Some(ms) => ms,
        None => now_millis(),
    }
}

/// A body of the expected shape, or 400 naming the first field that is wrong.
fn parse<T: DeserializeOwned>(v: Value) -> EdgeResult<T> {
    serde_json::from_value(v.clone()).map_err(|e| {
        let Some(obj) = v.as_object() else {
            return ApiError::new(ErrorCode::InvalidJson).into();
        };
        let version_ok = obj
            .get("version")
            .and_then(Value::as_u64)
            .is_some_and(|n| u32::try_from(n).is_ok());
        let action_ok = obj
            .get("action")
            .is_some_and(|a| serde_json::from_value::<ActionInput>(a.clone()).is_ok());
        let field = match (version_ok, action_ok) {
            (false, _) => "version",
            (_, false) => "action",
            _ => "effect",
        };
        ApiError::field(ErrorCode::InvalidField, field, format!("{field}: {e}")).into()
    })
}

async fn load(db: &Db, caller: &Caller, id: &str) -> EdgeResult<StoredSubscription> {
    if id.is_empty() || id.len() > 100 {
        return Err(ErrorCode::NotFound.into());
    }
    db.subscription_of(&caller.merchant.id, caller.subscriber.as_deref(), id)
        .await?
        .ok_or_else(|| ErrorCode::NotFound.into())
}

/// A subscription as clients show it.
fn view(s: &Subscription, price_cents: i64, policy: &Policy) -> SubscriptionView {
    SubscriptionView {
        subscription: s.to_data(),
        price_cents,
        cutoff_at: s
            .next_box()
            .filter(|_| !s.is_cancelled())
            .map(|d| policy.cutoff_at(d)),
        upcoming: s.next_boxes(3),
    }
}

/// The subscription as it stands at `now`.
fn current(stored: &StoredSubscription, now: i64, policy: &Policy) -> SubscriptionView {
    view(
        &stored.subscription.catch_up(now, policy),
        stored.price_cents,
        policy,
    )
}

/// The change `action` makes, checked against the version (and the effect) the client saw.
fn check(
    stored: &StoredSubscription,
    action: &Action,
    version: u32,
    effect: Option<&rules::Effect>,
    now: i64,
    policy: &Policy,
) -> EdgeResult<rules::Change> {
    let sub = &stored.subscription;
    let result = match effect {
        Some(e) => rules::confirm(sub, action, now, policy, version, e),
        None if version != sub.version() => Err(ActionError::VersionConflict {
            current: sub.version(),
        }),
        None => rules::preview(sub, action, now, policy),
    };
    result.map_err(|e| match e {
        ActionError::VersionConflict { .. } => {
            EdgeError::version_conflict(current(stored, now, policy))
        }
        e => e.into(),
    })
}

async fn list(
    db: &Db,
    caller: &Caller,
    subscriber: Option<&str>,
    policy: &Policy,
    now: i64,
) -> EdgeResult<Response> {
    let m = &caller.merchant.id;
    let subscriber = match (&caller.subscriber, subscriber) {
        (Some(mine), _) => mine.clone(),
        (None, Some(id)) => {
            db.subscriber(m, id).await?.ok_or(ErrorCode::NotFound)?;
            id.to_owned()
        }
        (None, None) => return Err(ErrorCode::NotFound.into()),
    };
    let subscriptions: Vec<SubscriptionView> = db
        .subscriptions_of(m, &subscriber)
        .await?
        .iter()
        .map(|s| current(s, now, policy))
        .collect();
    if caller.subscriber.is_some() {
        let body = SubscriptionsResponse {
            subscriptions,
            discount_offer: caller.merchant.settings().discount_offer,
            cutoff_hours: policy.cutoff_hours,
        };
        return Ok(json_response(&body, 200));
    }
    // An `AgentSubscriptionsResponse`; the events come from D1 as JSON, passed through.
    let events = db
        .subscription_events_json(m, &subscriber, AGENT_EVENTS_LIMIT)
        .await?;
    json_text(
        format!(
            r#"{{"subscriptions":{},"events":{events},"cutoff_hours":{}}}"#,
            to_json(&subscriptions)?,
            policy.cutoff_hours
        ),
        200,
    )
}

fn hex_sha256(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn json_text(body: String, status: u16) -> EdgeResult<Response> {
    let mut resp = Response::ok(body)?.with_status(status);
    resp.headers_mut().set("content-type", "application/json")?;
    Ok(resp)
}

/// The first answer to a repeated key, or 422 if the key came with another request.
fn replay(record: IdempotencyRecord, hash: &str) -> EdgeResult<Response> {
    if record.request_hash != hash {
        return Err(EdgeError::custom(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different request.",
        ));
    }
    let mut resp = json_text(record.body, record.status)?;
    resp.headers_mut().set("idempotent-replayed", "true")?;
    Ok(resp)
}

async fn apply(
    mut req: Request,
    env: &Env,
    db: &Db,
    caller: &Caller,
    id: &str,
    policy: &Policy,
    now: i64,
) -> EdgeResult<Response> {
    let key = req
        .headers()
        .get(IDEMPOTENCY_HEADER)?
        .filter(|k| selfservice::is_valid_idempotency_key(k))
        .ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidField,
                IDEMPOTENCY_HEADER,
                "An Idempotency-Key header of 1-100 letters, digits, - or _ is required.",
            )
        })?;
    let body: ApplyRequest = parse(read_json(&mut req).await?)?;
    let canonical = to_json(&body)?;
    let hash = hex_sha256(&format!("{id}\n{canonical}"));
    let m = caller.merchant.id.as_str();
    let actor_key = caller.idempotency_actor();
    if let Some(record) = db.idempotency_record(m, &actor_key, &key).await? {
        return replay(record, &hash);
    }

    let stored = load(db, caller, id).await?;
    let action = body.action.validate()?;
    let change = check(
        &stored,
        &action,
        body.version,
        body.effect.as_ref(),
        now,
        policy,
    )?;
    let after = rules::apply(&stored.subscription, &change)?;
    let event_id = ids::from_random("evt_", random_bytes()?);
    let at = now_millis();
    let response = ApplyResponse {
        reference: selfservice::reference(&event_id),
        event_id: event_id.clone(),
        effect: change.effect,
        subscription: view(&after, stored.price_cents, policy),
    };
    let kind = change.effect.action;
    let webhook = WebhookEvent {
        id: event_id.clone(),
        kind: selfservice::webhook_event_type(kind).to_owned(),
        merchant_id: m.to_owned(),
        subscriber_id: stored.subscriber_id.clone(),
        subscription_id: stored.subscription.id().to_owned(),
        actor: caller.actor.clone(),
        effect: change.effect,
        subscription: after.to_data(),
        created_at: at,
    };
    let (cancel_reason, cancel_comment) = match &change.action {
        Action::Cancel { reason, comment } => (reason.map(|r| r.as_str()), comment.as_deref()),
        _ => (None, None),
    };
    let (actor_kind, actor_id, actor_name) = match &caller.actor {
        Actor::Subscriber { id } => ("subscriber", id.as_str(), None),
        Actor::Agent { id, name } => ("agent", id.as_str(), Some(name.as_str())),
    };
    let response_json = to_json(&response)?;
    let record = ChangeRecord {
        merchant_id: m,
        subscription_id: stored.subscription.id(),
        subscriber_id: &stored.subscriber_id,
        base_version: change.base_version,
        after: &to_json(&after.to_data())?,
        before: &to_json(&stored.subscription.catch_up(now, policy).to_data())?,
        effect: &to_json(&change.effect)?,
        action: kind.as_str(),
        cancel_reason,
        cancel_comment,
        event_id: &event_id,
        reference: &response.reference,
        actor_kind,
        actor_id,
        actor_name,
        webhook_type: &webhook.kind,
        webhook_body: &to_json(&webhook)?,
        idempotency_actor: &actor_key,
        idempotency_key: &key,
        request_hash: &hash,
        response: &response_json,
        at,
    };
    let committed = db.commit_change(&record).await;
    if !matches!(committed, Ok(true)) {
        // Someone else got there first: the same request racing this one, or another change.
        if let Some(record) = db.idempotency_record(m, &actor_key, &key).await? {
            return replay(record, &hash);
        }
        let now_stored = load(db, caller, id).await?;
        if now_stored.subscription.version() != stored.subscription.version() {
            return Err(EdgeError::version_conflict(current(
                &now_stored,
                now,
                policy,
            )));
        }
        committed?;
        return Err(EdgeError::Platform("change not written".into()));
    }
    if let Actor::Subscriber { id: subscriber } = &caller.actor {
        // Ask how easy it was (CES), once per change; a failure here loses only the survey.
        let survey = ids::from_random(SURVEY_PREFIX, random_bytes()?);
        if let Err(e) = db
            .create_ces_survey(m, &survey, subscriber, &event_id, at)
            .await
        {
            console_error!("ces survey: {e:?}");
        }
    }
    if let Err(e) = crate::webhooks::kick(env, m).await {
        // The change is stored and its outbox row waits for the next kick or alarm.
        console_error!("webhooks kick: {e:?}");
    }
    json_text(response_json, 200)
}

/// Serialising our own types cannot fail in practice; if it does, it is internal.
fn to_json<T: serde::Serialize>(v: &T) -> EdgeResult<String> {
    serde_json::to_string(v).map_err(|e| EdgeError::Platform(e.to_string()))
}
