//! Surveys (shared::surveys): asking once per interaction, the widget's pending survey,
//! answers and dismissals.

use serde::Deserialize;
use shared::surveys::{PendingSurvey, SurveyAnswer, SurveyKind, NPS_INTERVAL_DAYS};
use worker::query;

use super::Db;
use crate::error::EdgeResult;

/// Who a survey is for.
pub struct Respondent<'a> {
    pub visitor_id: Option<&'a str>,
    pub subscriber_id: Option<&'a str>,
}

/// A survey as the widget endpoints need it.
#[derive(Debug, Deserialize)]
pub struct SurveyRow {
    pub id: String,
    pub kind: SurveyKind,
    pub conversation_id: Option<String>,
    pub event_id: Option<String>,
    pub agent_name: Option<String>,
}

impl From<SurveyRow> for PendingSurvey {
    fn from(r: SurveyRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            conversation_id: r.conversation_id,
            agent_name: r.agent_name,
            event_id: r.event_id,
        }
    }
}

#[derive(Deserialize)]
struct NpsFacts {
    delivered: i64,
    last_asked: Option<i64>,
}

const SURVEY_COLUMNS: &str = "s.id, s.kind, s.conversation_id, s.event_id, a.name AS agent_name
    FROM surveys s LEFT JOIN agents a ON a.merchant_id = s.merchant_id AND a.id = s.agent_id";

impl Db {
    /// A CSAT survey for a resolved conversation; a second resolution asks nothing new.
    pub async fn create_csat_survey(
        &self,
        merchant_id: &str,
        id: &str,
        conversation_id: &str,
        agent_id: &str,
        now: i64,
    ) -> EdgeResult<()> {
        query!(
            &self.0,
            "INSERT OR IGNORE INTO surveys (merchant_id, id, kind, visitor_id, subscriber_id, conversation_id, agent_id, created_at)
             SELECT merchant_id, ?3, 'csat', visitor_id, subscriber_id, id, ?4, ?5
               FROM conversations WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            conversation_id,
            id,
            agent_id,
            now
        )?
        .run()
        .await?;
        Ok(())
    }

    /// A CES survey for a subscriber's own self-service change (its audit event).
    pub async fn create_ces_survey(
        &self,
        merchant_id: &str,
        id: &str,
        subscriber_id: &str,
        event_id: &str,
        now: i64,
    ) -> EdgeResult<()> {
        query!(
            &self.0,
            "INSERT OR IGNORE INTO surveys (merchant_id, id, kind, subscriber_id, event_id, created_at)
             VALUES (?1, ?2, 'ces', ?3, ?4, ?5)",
            merchant_id,
            id,
            subscriber_id,
            event_id,
            now
        )?
        .run()
        .await?;
        Ok(())
    }

    /// The newest survey this visitor (or subscriber, on any device) has not been shown yet,
    /// created after `since`: a survey shown once and left unanswered is not asked again.
    pub async fn open_survey(
        &self,
        merchant_id: &str,
        who: &Respondent<'_>,
        since: i64,
    ) -> EdgeResult<Option<SurveyRow>> {
        let sql = format!(
            "SELECT {SURVEY_COLUMNS}
             WHERE s.merchant_id = ?1 AND (s.visitor_id = ?2 OR s.subscriber_id = ?3)
               AND s.created_at > ?4 AND s.answered_at IS NULL AND s.dismissed_at IS NULL
               AND s.shown_at IS NULL
             ORDER BY s.created_at DESC LIMIT 1"
        );
        Ok(query!(
            &self.0,
            &sql,
            merchant_id,
            who.visitor_id,
            who.subscriber_id,
            since
        )?
        .first::<SurveyRow>(None)
        .await?)
    }

    /// Delivered boxes and when NPS was last asked, for `shared::surveys::nps_due`.
    pub async fn nps_facts(
        &self,
        merchant_id: &str,
        subscriber_id: &str,
    ) -> EdgeResult<(u32, Option<i64>)> {
        let row = query!(
            &self.0,
            "SELECT (SELECT COUNT(*) FROM orders WHERE merchant_id = ?1 AND subscriber_id = ?2 AND status = 'delivered') AS delivered,
                    (SELECT MAX(created_at) FROM surveys WHERE merchant_id = ?1 AND subscriber_id = ?2 AND kind = 'nps') AS last_asked",
            merchant_id,
            subscriber_id
        )?
        .first::<NpsFacts>(None)
        .await?;
        Ok(row.map_or((0, None), |r| {
            (u32::try_from(r.delivered).unwrap_or(0), r.last_asked)
        }))
    }

    /// Asks NPS, unless another request asked it within the interval meanwhile (one
    /// statement, so two racing requests create one survey).
    pub async fn create_nps_survey(
        &self,
        merchant_id: &str,
        id: &str,
        who: &Respondent<'_>,
        now: i64,
    ) -> EdgeResult<()> {
        let since = now - NPS_INTERVAL_DAYS * 86_400_000;
        query!(
            &self.0,
            "INSERT INTO surveys (merchant_id, id, kind, visitor_id, subscriber_id, created_at)
             SELECT ?1, ?2, 'nps', ?3, ?4, ?5
              WHERE NOT EXISTS (SELECT 1 FROM surveys WHERE merchant_id = ?1 AND subscriber_id = ?4
                                  AND kind = 'nps' AND created_at > ?6)",
            merchant_id,
            id,
            who.visitor_id,
            who.subscriber_id,
            now,
            since
        )?
        .run()
        .await?;
        Ok(())
    }

    pub async fn mark_survey_shown(&self, merchant_id: &str, id: &str, now: i64) -> EdgeResult<()> {
        query!(
            &self.0,
            "UPDATE surveys SET shown_at = COALESCE(shown_at, ?3) WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            id,
            now
        )?
        .run()
        .await?;
        Ok(())
    }

    /// The survey `id` if it belongs to this visitor or subscriber.
    pub async fn survey_of(
        &self,
        merchant_id: &str,
        id: &str,
        who: &Respondent<'_>,
    ) -> EdgeResult<Option<SurveyRow>> {
        let sql = format!(
            "SELECT {SURVEY_COLUMNS}
             WHERE s.merchant_id = ?1 AND s.id = ?2 AND (s.visitor_id = ?3 OR s.subscriber_id = ?4)"
        );
        Ok(query!(
            &self.0,
            &sql,
            merchant_id,
            id,
            who.visitor_id,
            who.subscriber_id
        )?
        .first::<SurveyRow>(None)
        .await?)
    }

    /// Stores the first answer; a repeat, or an answer after a dismissal, changes nothing.
    pub async fn answer_survey(
        &self,
        merchant_id: &str,
        id: &str,
        answer: &SurveyAnswer,
        now: i64,
    ) -> EdgeResult<()> {
        query!(
            &self.0,
            "UPDATE surveys SET answered_at = ?3, score = ?4, comment = ?5, shown_at = COALESCE(shown_at, ?3)
             WHERE merchant_id = ?1 AND id = ?2 AND answered_at IS NULL AND dismissed_at IS NULL",
            merchant_id,
            id,
            now,
            answer.score,
            answer.comment.as_deref()
        )?
        .run()
        .await?;
        Ok(())
    }

    pub async fn dismiss_survey(&self, merchant_id: &str, id: &str, now: i64) -> EdgeResult<()> {
        query!(
            &self.0,
            "UPDATE surveys SET dismissed_at = ?3, shown_at = COALESCE(shown_at, ?3)
             WHERE merchant_id = ?1 AND id = ?2 AND answered_at IS NULL AND dismissed_at IS NULL",
            merchant_id,
            id,
            now
        )?
        .run()
        .await?;
        Ok(())
    }
}
