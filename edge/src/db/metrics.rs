//! The dashboard's reads (shared::metrics): the daily rollups that migration 0005's
//! triggers keep in step with every write (conversations, surveys, subscriptions and
//! cancellations by local day), over the window of the current and the previous range, in
//! one D1 batch; only the conversations still waiting and the newest comments come from the
//! raw tables. The formulas stay in `shared`: D1 hands back per-day counts, score counts and
//! the exact first response times, which the route feeds to `shared::metrics`.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use shared::support::Channel;
use shared::surveys::SurveyComment;
use worker::{query, D1Result};

use super::Db;
use crate::error::{EdgeError, EdgeResult};

const DAY_MS: i64 = 86_400_000;

/// What to read: `[start_ms, end_ms)` (previous range start → current range end, at local
/// midnights), where the current range starts, the merchant's UTC offset (days are local),
/// "now" for waiting times, and the agent and channel filters.
pub struct Window<'a> {
    pub start_ms: i64,
    pub current_ms: i64,
    pub end_ms: i64,
    pub offset_ms: i64,
    pub now: i64,
    pub agent: Option<&'a str>,
    pub channel: Option<Channel>,
}

impl Window<'_> {
    /// The local day number (days since 1970-01-01) starting at `ms`, a local midnight.
    fn day(&self, ms: i64) -> i64 {
        (ms + self.offset_ms).div_euclid(DAY_MS)
    }
}

/// Conversations that began on one local day, of one channel and assignee.
#[derive(Debug, Deserialize)]
pub struct ConversationDay {
    pub day: i64,
    pub channel: String,
    /// JSON array of first response times, ms.
    pub frt: String,
    pub resolved: i64,
    pub resolution_ms: i64,
    /// Resolved with no reopen and no escalation / reopened / escalated (not reopened).
    pub clean: i64,
    pub reopened: i64,
    pub escalated: i64,
}

/// A conversation still waiting for its first response: how long it has waited so far.
#[derive(Debug, Deserialize)]
pub struct Waiting {
    pub day: i64,
    pub channel: String,
    pub waited: i64,
}

/// Surveys of one kind: answers by the day answered (`scores`: JSON array, the count of
/// each score 0–10), shown / answered by the day shown.
#[derive(Debug, Deserialize)]
pub struct SurveyDay {
    pub day: i64,
    pub kind: String,
    pub scores: String,
    pub shown: i64,
    pub answered: i64,
}

#[derive(Debug, Deserialize)]
pub struct SubscriptionDay {
    pub day: i64,
    pub created: i64,
    pub cancels: i64,
}

#[derive(Debug, Deserialize)]
pub struct KeyCount {
    pub key: String,
    pub n: i64,
}

/// Subscriptions created and cancellations before the window (for churn's denominator).
#[derive(Debug, Default, Deserialize)]
pub struct Before {
    #[serde(default)]
    pub created: Option<i64>,
    #[serde(default)]
    pub cancelled: Option<i64>,
}

/// Everything the dashboard reads.
pub struct DashboardRows {
    pub conversations: Vec<ConversationDay>,
    pub waiting: Vec<Waiting>,
    pub contact_reasons: Vec<KeyCount>,
    pub surveys: Vec<SurveyDay>,
    pub subscriptions: Vec<SubscriptionDay>,
    pub cancel_reasons: Vec<KeyCount>,
    pub before: Before,
    pub comments: Vec<SurveyComment>,
}

impl Db {
    pub async fn dashboard(&self, merchant_id: &str, w: &Window<'_>) -> EdgeResult<DashboardRows> {
        let db = &self.0;
        let m = merchant_id;
        let (start, current, end) = (w.day(w.start_ms), w.day(w.current_ms), w.day(w.end_ms));
        let (agent, channel) = (w.agent, w.channel.map(Channel::as_str));
        let stmts = vec![
            query!(
                db,
                "SELECT day, channel, frt, resolved, resolution_ms, clean, reopened, escalated
                   FROM conversation_days
                  WHERE merchant_id = ?1 AND day >= ?2 AND day < ?3
                    AND (?4 IS NULL OR agent_id = ?4) AND (?5 IS NULL OR channel = ?5)",
                m, start, end, agent, channel
            )?,
            query!(
                db,
                "SELECT (created_at + CAST(?2 AS INTEGER)) / 86400000 AS day, channel,
                        CAST(?5 AS INTEGER) - COALESCE(opened_at, created_at) AS waited
                   FROM conversations
                  WHERE merchant_id = ?1 AND created_at >= ?3 AND created_at < ?4
                    AND first_response_at IS NULL AND resolved_at IS NULL AND opened_at IS NOT NULL
                    AND (?6 IS NULL OR assignee_id = ?6) AND (?7 IS NULL OR channel = ?7)",
                m, w.offset_ms, w.start_ms, w.end_ms, w.now, agent, channel
            )?,
            query!(
                db,
                "SELECT reason AS key, SUM(n) AS n FROM contact_reason_days
                  WHERE merchant_id = ?1 AND day >= ?2 AND day < ?3
                    AND (?4 IS NULL OR agent_id = ?4) AND (?5 IS NULL OR channel = ?5)
                  GROUP BY reason HAVING SUM(n) > 0",
                m, current, end, agent, channel
            )?,
            // NPS and CES are about the shop, not an agent or a channel: filters narrow CSAT.
            query!(
                db,
                "SELECT day, kind, scores, shown, answered FROM survey_days
                  WHERE merchant_id = ?1 AND day >= ?2 AND day < ?3
                    AND (?4 IS NULL OR kind != 'csat' OR agent_id = ?4)
                    AND (?5 IS NULL OR kind != 'csat' OR channel = ?5)",
                m, start, end, agent, channel
            )?,
            query!(
                db,
                "SELECT day, created, cancels FROM subscription_days
                  WHERE merchant_id = ?1 AND day >= ?2 AND day < ?3",
                m, start, end
            )?,
            query!(
                db,
                "SELECT reason AS key, SUM(n) AS n FROM cancel_reason_days
                  WHERE merchant_id = ?1 AND day >= ?2 AND day < ?3
                  GROUP BY reason HAVING SUM(n) > 0",
                m, current, end
            )?,
            query!(
                db,
                "SELECT SUM(created) AS created, SUM(cancels) AS cancelled FROM subscription_days
                  WHERE merchant_id = ?1 AND day < ?2",
                m, start
            )?,
            query!(
                db,
                "SELECT s.kind, s.score, s.comment, s.conversation_id, a.name AS agent_name, s.answered_at AS at
                   FROM surveys s
                   LEFT JOIN agents a ON a.merchant_id = s.merchant_id AND a.id = s.agent_id
                   LEFT JOIN conversations c ON c.merchant_id = s.merchant_id AND c.id = s.conversation_id
                  WHERE s.merchant_id = ?1 AND s.comment IS NOT NULL AND s.answered_at >= ?2 AND s.answered_at < ?3
                    AND (?4 IS NULL OR (s.kind = 'csat' AND s.agent_id = ?4))
                    AND (?5 IS NULL OR (s.kind = 'csat' AND c.channel = ?5))
                  ORDER BY s.answered_at DESC LIMIT 20",
                m, w.current_ms, w.end_ms, agent, channel
            )?,
        ];
        let mut results = db.batch(stmts).await?.into_iter();
        let mut next = || {
            results
                .next()
                .ok_or_else(|| EdgeError::Platform("dashboard batch: missing result".into()))
        };
        Ok(DashboardRows {
            conversations: rows(next()?)?,
            waiting: rows(next()?)?,
            contact_reasons: rows(next()?)?,
            surveys: rows(next()?)?,
            subscriptions: rows(next()?)?,
            cancel_reasons: rows(next()?)?,
            before: rows(next()?)?.into_iter().next().unwrap_or_default(),
            comments: rows(next()?)?,
        })
    }
}

impl Db {
    /// Stores the merchant's targets (JSON `Targets`) in its settings.
    pub async fn set_targets(&self, merchant_id: &str, targets_json: &str) -> EdgeResult<()> {
        query!(
            &self.0,
            "UPDATE merchants SET settings = json_set(settings, '$.targets', json(?2)) WHERE id = ?1",
            merchant_id,
            targets_json
        )?
        .run()
        .await?;
        Ok(())
    }
}

fn rows<T: DeserializeOwned>(r: D1Result) -> EdgeResult<Vec<T>> {
    Ok(r.results()?)
}

impl Db {
    /// Runs dev fixture statements (SQL and JSON arguments) in one batch (dev only).
    pub async fn load_fixture(
        &self,
        _merchant_id: &str,
        stmts: &[(&'static str, Vec<serde_json::Value>)],
    ) -> EdgeResult<()> {
        let mut batch = Vec::with_capacity(stmts.len());
        for (sql, args) in stmts {
            let args: Vec<wasm_bindgen::JsValue> = args
                .iter()
                .map(|v| match v {
                    serde_json::Value::Null => wasm_bindgen::JsValue::NULL,
                    serde_json::Value::Bool(b) => wasm_bindgen::JsValue::from(*b),
                    serde_json::Value::Number(n) => {
                        wasm_bindgen::JsValue::from_f64(n.as_f64().unwrap_or_default())
                    }
                    serde_json::Value::String(s) => wasm_bindgen::JsValue::from_str(s),
                    other => wasm_bindgen::JsValue::from_str(&other.to_string()),
                })
                .collect();
            batch.push(self.0.prepare(*sql).bind(&args)?);
        }
        self.0.batch(batch).await?;
        Ok(())
    }
}
