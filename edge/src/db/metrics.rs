//! The dashboard's reads (shared::metrics): compact per-day rows over the window of the
//! current and the previous range, in one D1 batch. The formulas stay in `shared`: D1
//! only groups rows by local day and hands back the raw values (times as JSON arrays,
//! scores as lists) or plain counts (cancellations, subscriptions, surveys shown/answered,
//! reasons), which the route feeds to `shared::metrics`.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use shared::surveys::SurveyComment;
use worker::{query, D1PreparedStatement, D1Result};

use super::Db;
use crate::error::{EdgeError, EdgeResult};

/// What to read: `[start_ms, end_ms)` (previous range start → current range end), where the
/// current range starts, the merchant's UTC offset (days are local), "now" for waiting
/// times, and the agent filter.
pub struct Window<'a> {
    pub start_ms: i64,
    pub current_ms: i64,
    pub end_ms: i64,
    pub offset_ms: i64,
    pub now: i64,
    pub agent: Option<&'a str>,
}

/// Conversations that began on one local day (days since 1970-01-01).
#[derive(Debug, Deserialize)]
pub struct ConversationDay {
    pub day: i64,
    /// JSON arrays of ms: first response times, waits of the still unanswered, resolutions.
    pub frt: String,
    pub waiting: String,
    pub resolution: String,
    /// Resolved with no reopen and no escalation / reopened / escalated (not reopened).
    pub clean: i64,
    pub reopened: i64,
    pub escalated: i64,
}

/// Survey answers of one kind on one day: the scores, comma-separated.
#[derive(Debug, Deserialize)]
pub struct AnswerDay {
    pub day: i64,
    pub kind: String,
    pub scores: String,
}

#[derive(Debug, Deserialize)]
pub struct ShownDay {
    pub day: i64,
    pub shown: i64,
    pub answered: i64,
}

#[derive(Debug, Deserialize)]
pub struct DayCount {
    pub day: i64,
    pub n: i64,
}

#[derive(Debug, Deserialize)]
pub struct KeyCount {
    pub key: String,
    pub n: i64,
}

/// Subscriptions created and cancellations before the window (for churn's denominator).
#[derive(Debug, Default, Deserialize)]
pub struct Before {
    pub created: i64,
    pub cancelled: i64,
}

/// Everything the dashboard reads.
pub struct DashboardRows {
    pub conversations: Vec<ConversationDay>,
    pub contact_reasons: Vec<KeyCount>,
    pub answers: Vec<AnswerDay>,
    pub shown: Vec<ShownDay>,
    pub cancels: Vec<DayCount>,
    pub cancel_reasons: Vec<KeyCount>,
    pub before: Before,
    pub created: Vec<DayCount>,
    pub comments: Vec<SurveyComment>,
}

/// Conversations that are more than an empty widget session.
const REAL: &str =
    "(opened_at IS NOT NULL OR first_response_at IS NOT NULL OR resolved_at IS NOT NULL)";

impl Db {
    pub async fn dashboard(&self, merchant_id: &str, w: &Window<'_>) -> EdgeResult<DashboardRows> {
        let db = &self.0;
        let m = merchant_id;
        // `?6` is the agent; without one the filter is the constant `?6 IS NULL`, so each
        // query keeps its index.
        let by_agent = |with: &str| {
            if w.agent.is_some() {
                with.to_owned()
            } else {
                "?6 IS NULL".to_owned()
            }
        };
        let conv_agent = by_agent("assignee_id = ?6");
        let conversations = format!(
            "SELECT (created_at + CAST(?2 AS INTEGER)) / 86400000 AS day,
               json_group_array(first_response_at - COALESCE(opened_at, created_at)) FILTER (WHERE first_response_at IS NOT NULL) AS frt,
               json_group_array(CAST(?5 AS INTEGER) - COALESCE(opened_at, created_at)) FILTER (WHERE first_response_at IS NULL AND resolved_at IS NULL AND opened_at IS NOT NULL) AS waiting,
               json_group_array(resolved_at - COALESCE(opened_at, created_at)) FILTER (WHERE resolved_at IS NOT NULL) AS resolution,
               COUNT(*) FILTER (WHERE resolved_at IS NOT NULL AND reopened = 0 AND escalated_at IS NULL) AS clean,
               COUNT(*) FILTER (WHERE resolved_at IS NOT NULL AND reopened = 1) AS reopened,
               COUNT(*) FILTER (WHERE resolved_at IS NOT NULL AND reopened = 0 AND escalated_at IS NOT NULL) AS escalated
             FROM conversations
             WHERE merchant_id = ?1 AND created_at >= ?3 AND created_at < ?4 AND {REAL} AND {conv_agent}
             GROUP BY day"
        );
        let reasons = format!(
            "SELECT contact_reason AS key, COUNT(*) AS n FROM conversations
             WHERE merchant_id = ?1 AND created_at >= ?3 AND created_at < ?4 AND contact_reason IS NOT NULL
               AND {conv_agent}
             GROUP BY contact_reason"
        );
        // NPS and CES are about the shop, not an agent: the filter narrows CSAT only.
        let answer_agent = by_agent("(kind != 'csat' OR agent_id = ?6)");
        let answers = format!(
            "SELECT (answered_at + CAST(?2 AS INTEGER)) / 86400000 AS day, kind, group_concat(score) AS scores FROM surveys
             WHERE merchant_id = ?1 AND answered_at >= ?3 AND answered_at < ?4 AND {answer_agent}
             GROUP BY day, kind"
        );
        let shown_agent = by_agent("kind = 'csat' AND agent_id = ?6");
        let shown = format!(
            "SELECT (shown_at + CAST(?2 AS INTEGER)) / 86400000 AS day, COUNT(*) AS shown, COUNT(answered_at) AS answered FROM surveys
             WHERE merchant_id = ?1 AND shown_at >= ?3 AND shown_at < ?4 AND {shown_agent}
             GROUP BY day"
        );
        let comment_agent = by_agent("s.kind = 'csat' AND s.agent_id = ?6");
        let comments = format!(
            "SELECT s.kind, s.score, s.comment, s.conversation_id, a.name AS agent_name, s.answered_at AS at
             FROM surveys s LEFT JOIN agents a ON a.merchant_id = s.merchant_id AND a.id = s.agent_id
             WHERE s.merchant_id = ?1 AND s.comment IS NOT NULL AND s.answered_at >= ?3 AND s.answered_at < ?4
               AND {comment_agent}
             ORDER BY s.answered_at DESC LIMIT 20"
        );
        let agent = w.agent;
        let (off, start, current, end, now) =
            (w.offset_ms, w.start_ms, w.current_ms, w.end_ms, w.now);
        let ranged = |sql: &str, from: i64| -> worker::Result<D1PreparedStatement> {
            query!(db, sql, m, off, from, end, now, agent)
        };
        let stmts = vec![
            ranged(&conversations, start)?,
            ranged(&reasons, current)?,
            ranged(&answers, start)?,
            ranged(&shown, start)?,
            ranged(&comments, current)?,
            query!(
                db,
                "SELECT (at + CAST(?2 AS INTEGER)) / 86400000 AS day, COUNT(*) AS n FROM subscription_events
                 WHERE merchant_id = ?1 AND action = 'cancel' AND at >= ?3 AND at < ?4 GROUP BY day",
                m, off, start, end
            )?,
            query!(
                db,
                "SELECT reason AS key, COUNT(*) AS n FROM subscription_events
                 WHERE merchant_id = ?1 AND action = 'cancel' AND at >= ?2 AND at < ?3 AND reason IS NOT NULL
                 GROUP BY reason",
                m, current, end
            )?,
            query!(
                db,
                "SELECT (SELECT COUNT(*) FROM subscriptions WHERE merchant_id = ?1 AND created_at < ?2) AS created,
                        (SELECT COUNT(*) FROM subscription_events WHERE merchant_id = ?1 AND action = 'cancel' AND at < ?2) AS cancelled",
                m, start
            )?,
            query!(
                db,
                "SELECT (created_at + CAST(?2 AS INTEGER)) / 86400000 AS day, COUNT(*) AS n FROM subscriptions
                 WHERE merchant_id = ?1 AND created_at >= ?3 AND created_at < ?4 GROUP BY day",
                m, off, start, end
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
            contact_reasons: rows(next()?)?,
            answers: rows(next()?)?,
            shown: rows(next()?)?,
            comments: rows(next()?)?,
            cancels: rows(next()?)?,
            cancel_reasons: rows(next()?)?,
            before: rows(next()?)?.into_iter().next().unwrap_or_default(),
            created: rows(next()?)?,
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
