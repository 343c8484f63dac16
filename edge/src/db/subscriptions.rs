//! Subscriptions for self-service changes: rows read as `shared::subscription` data (D1
//! builds the JSON), the audit log, idempotency records, and one atomic batch per applied
//! change (row, event, webhook outbox row, idempotency record — all or nothing).

use serde::Deserialize;
use shared::subscription::Subscription;
use worker::query;

use super::Db;
use crate::error::{EdgeError, EdgeResult};

/// The row as `SubscriptionData` JSON (the names `shared` reads).
const SUBSCRIPTION_JSON: &str = "json_object('id', id, 'plan', plan, 'status', status,
    'pause_from', pause_from, 'pause_until', pause_until, 'pause_boxes', pause_boxes,
    'cancel_effective', cancel_effective, 'frequency', frequency, 'next_box', next_box_date,
    'box_after_next', box_after_next, 'monthly_day', monthly_day, 'address', json(address),
    'version', version, 'is_wine', json(CASE WHEN is_wine THEN 'true' ELSE 'false' END))";

/// A stored subscription and what the views need beside it.
#[derive(Debug, Clone)]
pub struct StoredSubscription {
    pub subscription: Subscription,
    pub subscriber_id: String,
    pub price_cents: i64,
}

#[derive(Deserialize)]
struct SubscriptionRow {
    data: String,
    subscriber_id: String,
    price_cents: i64,
}

impl TryFrom<SubscriptionRow> for StoredSubscription {
    type Error = EdgeError;

    fn try_from(r: SubscriptionRow) -> EdgeResult<Self> {
        Ok(Self {
            subscription: serde_json::from_str(&r.data)
                .map_err(|e| EdgeError::Platform(format!("stored subscription: {e}")))?,
            subscriber_id: r.subscriber_id,
            price_cents: r.price_cents,
        })
    }
}

#[derive(Deserialize)]
struct DataRow {
    data: String,
}

/// A stored answer to an applied request.
#[derive(Debug, Deserialize)]
pub struct IdempotencyRecord {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// Everything one applied change writes, serialised.
pub struct ChangeRecord<'a> {
    pub merchant_id: &'a str,
    pub subscription_id: &'a str,
    pub subscriber_id: &'a str,
    pub base_version: u32,
    /// `SubscriptionData` JSON after the change.
    pub after: &'a str,
    pub before: &'a str,
    pub effect: &'a str,
    pub action: &'a str,
    pub cancel_reason: Option<&'a str>,
    pub cancel_comment: Option<&'a str>,
    pub event_id: &'a str,
    pub reference: &'a str,
    pub actor_kind: &'a str,
    pub actor_id: &'a str,
    pub actor_name: Option<&'a str>,
    pub webhook_type: &'a str,
    pub webhook_body: &'a str,
    /// `subscriber:<id>` or `agent:<id>`: keys are scoped per actor.
    pub idempotency_actor: &'a str,
    pub idempotency_key: &'a str,
    pub request_hash: &'a str,
    pub response: &'a str,
    pub at: i64,
}

impl Db {
    /// A subscriber's subscriptions, oldest first.
    pub async fn subscriptions_of(
        &self,
        merchant_id: &str,
        subscriber_id: &str,
    ) -> EdgeResult<Vec<StoredSubscription>> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_JSON} AS data, subscriber_id, price_cents FROM subscriptions
             WHERE merchant_id = ?1 AND subscriber_id = ?2 ORDER BY created_at, id"
        );
        let rows: Vec<SubscriptionRow> = query!(&self.0, &sql, merchant_id, subscriber_id)?
            .all()
            .await?
            .results()?;
        rows.into_iter().map(TryFrom::try_from).collect()
    }

    /// One subscription of the merchant; of that subscriber only when `subscriber_id` is set.
    pub async fn subscription_of(
        &self,
        merchant_id: &str,
        subscriber_id: Option<&str>,
        id: &str,
    ) -> EdgeResult<Option<StoredSubscription>> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_JSON} AS data, subscriber_id, price_cents FROM subscriptions
             WHERE merchant_id = ?1 AND id = ?2 AND (?3 IS NULL OR subscriber_id = ?3)"
        );
        query!(&self.0, &sql, merchant_id, id, subscriber_id)?
            .first::<SubscriptionRow>(None)
            .await?
            .map(TryFrom::try_from)
            .transpose()
    }

    /// A subscriber's audit log, newest first, at most `limit`: a JSON array of
    /// `SubscriptionEventView`, built by D1 and passed through as it is.
    pub async fn subscription_events_json(
        &self,
        merchant_id: &str,
        subscriber_id: &str,
        limit: u32,
    ) -> EdgeResult<String> {
        let row = query!(
            &self.0,
            "SELECT COALESCE(json_group_array(json(data)), '[]') AS data FROM (
                SELECT json_object('id', id, 'subscription_id', subscription_id,
                    'actor', json(CASE actor_kind
                        WHEN 'agent' THEN json_object('kind', 'agent', 'id', actor_id, 'name', COALESCE(actor_name, ''))
                        ELSE json_object('kind', 'subscriber', 'id', actor_id) END),
                    'action', action, 'effect', json(effect), 'before', json(before),
                    'after', json(after), 'at', at, 'reference', reference) AS data
                FROM subscription_events WHERE merchant_id = ?1 AND subscriber_id = ?2
                ORDER BY at DESC, version DESC LIMIT ?3)",
            merchant_id,
            subscriber_id,
            limit
        )?
        .first::<DataRow>(None)
        .await?;
        Ok(row.map_or_else(|| "[]".to_owned(), |r| r.data))
    }

    pub async fn idempotency_record(
        &self,
        merchant_id: &str,
        actor: &str,
        key: &str,
    ) -> EdgeResult<Option<IdempotencyRecord>> {
        Ok(query!(
            &self.0,
            "SELECT request_hash, status, body FROM idempotency_keys
             WHERE merchant_id = ?1 AND actor = ?2 AND key = ?3",
            merchant_id,
            actor,
            key
        )?
        .first::<IdempotencyRecord>(None)
        .await?)
    }

    /// Writes an applied change in one transaction: the row moves from `base_version` only
    /// if it is still there, and the event, the outbox row and the idempotency record are
    /// written only if it moved (`changes() = 1`; the event's unique version and the key's
    /// primary key fail the whole batch otherwise). False if the row had moved on.
    pub async fn commit_change(&self, c: &ChangeRecord<'_>) -> EdgeResult<bool> {
        let m = c.merchant_id;
        let update = query!(
            &self.0,
            "UPDATE subscriptions SET
                status = json_extract(?4, '$.status'),
                frequency = json_extract(?4, '$.frequency'),
                next_box_date = json_extract(?4, '$.next_box'),
                box_after_next = json_extract(?4, '$.box_after_next'),
                monthly_day = json_extract(?4, '$.monthly_day'),
                pause_from = json_extract(?4, '$.pause_from'),
                pause_until = json_extract(?4, '$.pause_until'),
                pause_boxes = json_extract(?4, '$.pause_boxes'),
                cancel_effective = json_extract(?4, '$.cancel_effective'),
                address = json_extract(?4, '$.address'),
                version = json_extract(?4, '$.version'),
                cancel_reason = COALESCE(?6, cancel_reason),
                cancel_comment = COALESCE(?7, cancel_comment),
                updated_at = ?8
             WHERE merchant_id = ?1 AND id = ?2 AND subscriber_id = ?5 AND version = ?3",
            m,
            c.subscription_id,
            c.base_version,
            c.after,
            c.subscriber_id,
            c.cancel_reason,
            c.cancel_comment,
            c.at
        )?;
        let event = query!(
            &self.0,
            "INSERT INTO subscription_events (merchant_id, id, subscription_id, subscriber_id, version,
                actor_kind, actor_id, actor_name, action, before, after, effect, reason, comment, reference, at)
             SELECT ?1, ?2, ?3, ?4, json_extract(?10, '$.version'), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15
             WHERE changes() = 1",
            m,
            c.event_id,
            c.subscription_id,
            c.subscriber_id,
            c.actor_kind,
            c.actor_id,
            c.actor_name,
            c.action,
            c.before,
            c.after,
            c.effect,
            c.cancel_reason,
            c.cancel_comment,
            c.reference,
            c.at
        )?;
        let outbox = query!(
            &self.0,
            "INSERT INTO webhook_outbox (merchant_id, event_id, type, body, next_attempt_at, created_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?5 WHERE changes() = 1",
            m,
            c.event_id,
            c.webhook_type,
            c.webhook_body,
            c.at
        )?;
        let key = query!(
            &self.0,
            "INSERT INTO idempotency_keys (merchant_id, actor, key, request_hash, status, body, created_at)
             SELECT ?1, ?2, ?3, ?4, 200, ?5, ?6 WHERE changes() = 1",
            m,
            c.idempotency_actor,
            c.idempotency_key,
            c.request_hash,
            c.response,
            c.at
        )?;
        let results = self.0.batch(vec![update, event, outbox, key]).await?;
        let changed = |i: usize| {
            results
                .get(i)
                .and_then(|r| r.meta().ok().flatten())
                .and_then(|m| m.changes)
                .unwrap_or(0)
        };
        Ok(changed(0) == 1 && changed(3) == 1)
    }
}

/// An undelivered webhook event.
#[derive(Debug, Deserialize)]
pub struct OutboxRow {
    pub event_id: String,
    pub body: String,
    pub attempts: u32,
}

#[derive(Deserialize)]
struct AtRow {
    at: Option<i64>,
}

/// The webhook outbox, for the merchant's `Webhooks` object.
impl Db {
    /// Events due for an attempt at `now`, oldest first.
    pub async fn due_webhooks(
        &self,
        merchant_id: &str,
        now: i64,
        limit: u32,
    ) -> EdgeResult<Vec<OutboxRow>> {
        Ok(query!(
            &self.0,
            "SELECT event_id, body, attempts FROM webhook_outbox
             WHERE merchant_id = ?1 AND delivered_at IS NULL AND next_attempt_at <= ?2
             ORDER BY created_at, rowid LIMIT ?3",
            merchant_id,
            now,
            limit
        )?
        .all()
        .await?
        .results()?)
    }

    /// When the next undelivered event is due, if one is.
    pub async fn next_webhook_due(&self, merchant_id: &str) -> EdgeResult<Option<i64>> {
        let row = query!(
            &self.0,
            "SELECT MIN(next_attempt_at) AS at FROM webhook_outbox
             WHERE merchant_id = ?1 AND delivered_at IS NULL AND next_attempt_at IS NOT NULL",
            merchant_id
        )?
        .first::<AtRow>(None)
        .await?;
        Ok(row.and_then(|r| r.at))
    }

    /// Records an attempt: delivered at `delivered_at`, or failed with `error` and retried
    /// at `next_attempt_at` (never again when `None`).
    pub async fn webhook_attempted(
        &self,
        merchant_id: &str,
        event_id: &str,
        delivered_at: Option<i64>,
        next_attempt_at: Option<i64>,
        error: Option<&str>,
    ) -> EdgeResult<()> {
        query!(
            &self.0,
            "UPDATE webhook_outbox SET attempts = attempts + 1, delivered_at = ?3,
                next_attempt_at = ?4, last_error = ?5
             WHERE merchant_id = ?1 AND event_id = ?2 AND delivered_at IS NULL",
            merchant_id,
            event_id,
            delivered_at,
            next_attempt_at,
            error
        )?
        .run()
        .await?;
        Ok(())
    }
}

/// Development helpers (dev endpoints only).
impl Db {
    /// Sets the merchant's `webhook` settings (JSON).
    pub async fn set_webhook_settings(&self, merchant_id: &str, webhook: &str) -> EdgeResult<()> {
        query!(
            &self.0,
            "UPDATE merchants SET settings = json_set(settings, '$.webhook', json(?2)) WHERE id = ?1",
            merchant_id,
            webhook
        )?
        .run()
        .await?;
        Ok(())
    }

    /// Copies a subscription to a new id for another subscriber of the same merchant, fresh
    /// (version 1, active), optionally with another next box date. False if nothing to copy.
    pub async fn copy_subscription(
        &self,
        merchant_id: &str,
        from: &str,
        id: &str,
        subscriber_id: &str,
        next_box: Option<&str>,
        now: i64,
    ) -> EdgeResult<bool> {
        let r = query!(
            &self.0,
            "INSERT INTO subscriptions (merchant_id, id, subscriber_id, plan, status, frequency,
                next_box_date, price_cents, address, is_wine, created_at)
             SELECT merchant_id, ?3, ?4, plan, 'active', frequency, COALESCE(?5, next_box_date),
                price_cents, address, is_wine, ?6
             FROM subscriptions WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            from,
            id,
            subscriber_id,
            next_box,
            now
        )?
        .run()
        .await?;
        Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
    }
}
