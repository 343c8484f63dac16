//! Post-interaction surveys (CSAT, CES, NPS) and the support dashboard: the rules of when a
//! survey is asked and what an answer may be, and the API contract between the widget, the
//! console and the edge. The formulas are in [`crate::metrics`].
//!
//! Widget calls carry `Authorization: Bearer <visitor token>`; dashboard calls the agent
//! cookie (reading metrics: any agent of the merchant; changing targets: a lead).

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::metrics::{Better, Period, Slice, Standing, Targets};
use crate::support::Channel;

// ---------------------------------------------------------------------------------------
// Surveys
// ---------------------------------------------------------------------------------------

/// `GET` → [`PendingSurveyResponse`]: the one survey to show the visitor now, if any.
pub const PENDING_SURVEY_PATH: &str = "/api/v1/surveys/pending";
/// Longest survey comment, in characters.
pub const MAX_SURVEY_COMMENT_CHARS: usize = 1000;
/// NPS is asked at most once per this many days per subscriber.
pub const NPS_INTERVAL_DAYS: i64 = 90;
/// NPS is asked only after this many delivered boxes.
pub const NPS_AFTER_BOXES: u32 = 3;

/// `POST` [`SurveyAnswer`] → 204: answer a survey. A repeat is ignored (still 204).
pub fn answer_path(survey_id: &str) -> String {
    format!("/api/v1/surveys/{survey_id}/answer")
}

/// `POST` → 204: the visitor closed the survey; it is not asked again.
pub fn dismiss_path(survey_id: &str) -> String {
    format!("/api/v1/surveys/{survey_id}/dismiss")
}

/// Which survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// "How satisfied were you?" 1–5, after an agent resolves a conversation.
    Csat,
    /// "How easy was it?" 1–7, right after a self-service subscription change.
    Ces,
    /// "How likely are you to recommend us?" 0–10, at most every 90 days after the third
    /// delivered box.
    Nps,
}

impl SurveyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csat => "csat",
            Self::Ces => "ces",
            Self::Nps => "nps",
        }
    }

    /// The lowest and highest score.
    pub fn scale(self) -> (u8, u8) {
        match self {
            Self::Csat => (1, 5),
            Self::Ces => (1, 7),
            Self::Nps => (0, 10),
        }
    }

    pub fn accepts(self, score: u8) -> bool {
        let (lo, hi) = self.scale();
        (lo..=hi).contains(&score)
    }
}

/// Whether a subscriber is due an NPS survey: at least [`NPS_AFTER_BOXES`] delivered boxes
/// and none asked (shown, answered or not) in the last [`NPS_INTERVAL_DAYS`].
pub fn nps_due(delivered_boxes: u32, last_asked_at_ms: Option<i64>, now_ms: i64) -> bool {
    delivered_boxes >= NPS_AFTER_BOXES
        && last_asked_at_ms.is_none_or(|t| now_ms - t >= NPS_INTERVAL_DAYS * 86_400_000)
}

/// A survey waiting for the visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSurvey {
    pub id: String,
    pub kind: SurveyKind,
    /// The conversation a CSAT survey is about.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// The agent who resolved it (CSAT), for "How did Maya do?".
    #[serde(default)]
    pub agent_name: Option<String>,
    /// The self-service change a CES survey is about (its audit event id).
    #[serde(default)]
    pub event_id: Option<String>,
}

/// `GET /api/v1/surveys/pending`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSurveyResponse {
    #[serde(default)]
    pub survey: Option<PendingSurvey>,
}

/// Body of an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub score: u8,
    #[serde(default)]
    pub comment: Option<String>,
}

/// Why an answer is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AnswerError {
    #[error("Pick a score from {min} to {max}.")]
    ScoreOutOfRange { min: u8, max: u8 },
    #[error("The comment can be at most {max} characters.")]
    CommentTooLong { max: u16 },
}

impl AnswerError {
    pub fn code(self) -> &'static str {
        match self {
            Self::ScoreOutOfRange { .. } => "score_out_of_range",
            Self::CommentTooLong { .. } => "comment_too_long",
        }
    }
}

impl SurveyAnswer {
    /// The answer with its comment trimmed (empty is none), or why it is refused.
    pub fn validate(&self, kind: SurveyKind) -> Result<SurveyAnswer, AnswerError> {
        if !kind.accepts(self.score) {
            let (min, max) = kind.scale();
            return Err(AnswerError::ScoreOutOfRange { min, max });
        }
        let comment = self
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > MAX_SURVEY_COMMENT_CHARS) {
            return Err(AnswerError::CommentTooLong {
                max: MAX_SURVEY_COMMENT_CHARS as u16,
            });
        }
        Ok(SurveyAnswer {
            score: self.score,
            comment: comment.map(str::to_owned),
        })
    }
}

// ---------------------------------------------------------------------------------------
// Contact reasons
// ---------------------------------------------------------------------------------------

/// Why a subscriber contacted support (DOMAIN.md), set by the agent when resolving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactReason {
    WrongOrder,
    ProductQuality,
    DeliveryDelay,
    SubscriptionManagement,
    Billing,
    Other,
}

impl ContactReason {
    pub const ALL: [ContactReason; 6] = [
        Self::WrongOrder,
        Self::ProductQuality,
        Self::DeliveryDelay,
        Self::SubscriptionManagement,
        Self::Billing,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::WrongOrder => "wrong_order",
            Self::ProductQuality => "product_quality",
            Self::DeliveryDelay => "delivery_delay",
            Self::SubscriptionManagement => "subscription_management",
            Self::Billing => "billing",
            Self::Other => "other",
        }
    }
}

// ---------------------------------------------------------------------------------------
// Dashboard
// ---------------------------------------------------------------------------------------

/// `GET ?from=YYYY-MM-DD&to=YYYY-MM-DD&period=day|week|month[&agent=ID]` → [`MetricsResponse`].
/// A range with `from` after `to`, or longer than [`MAX_RANGE_DAYS`], is a 400.
pub const METRICS_PATH: &str = "/api/v1/agent/metrics";
/// `GET` → [`Targets`]; `PUT` [`Targets`] (leads only) → [`Targets`].
pub const TARGETS_PATH: &str = "/api/v1/agent/targets";
/// Longest range the dashboard asks for.
pub const MAX_RANGE_DAYS: i32 = 366;

/// A validated date range, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

/// Why a range is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RangeError {
    #[error("Dates are written YYYY-MM-DD.")]
    InvalidDate,
    #[error("The start is after the end.")]
    Reversed,
    #[error("Pick at most {max} days.")]
    TooLong { max: i32 },
}

impl DateRange {
    pub fn parse(from: &str, to: &str) -> Result<DateRange, RangeError> {
        let from = Date::parse(from).map_err(|_| RangeError::InvalidDate)?;
        let to = Date::parse(to).map_err(|_| RangeError::InvalidDate)?;
        if from > to {
            return Err(RangeError::Reversed);
        }
        if from.days_until(to) + 1 > MAX_RANGE_DAYS {
            return Err(RangeError::TooLong {
                max: MAX_RANGE_DAYS,
            });
        }
        Ok(DateRange { from, to })
    }

    /// Days in the range.
    pub fn days(&self) -> i32 {
        self.from.days_until(self.to) + 1
    }

    /// The range of the same length just before this one (for trends).
    pub fn previous(&self) -> DateRange {
        DateRange {
            from: self.from.add_days(-self.days()),
            to: self.from.add_days(-1),
        }
    }
}

/// A metric on the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    Csat,
    Nps,
    Ces,
    /// First response time, median, in minutes.
    FrtMedian,
    /// First response time, p90, in minutes.
    FrtP90,
    /// Average resolution time, in hours.
    Resolution,
    Fcr,
    Sla,
    Churn,
    ResponseRate,
}

impl MetricKind {
    pub const ALL: [MetricKind; 10] = [
        Self::Csat,
        Self::Nps,
        Self::Ces,
        Self::FrtMedian,
        Self::FrtP90,
        Self::Resolution,
        Self::Fcr,
        Self::Sla,
        Self::Churn,
        Self::ResponseRate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csat => "csat",
            Self::Nps => "nps",
            Self::Ces => "ces",
            Self::FrtMedian => "frt_median",
            Self::FrtP90 => "frt_p90",
            Self::Resolution => "resolution",
            Self::Fcr => "fcr",
            Self::Sla => "sla",
            Self::Churn => "churn",
            Self::ResponseRate => "response_rate",
        }
    }

    /// Which way is better.
    pub fn better(self) -> Better {
        match self {
            Self::FrtMedian | Self::FrtP90 | Self::Resolution | Self::Churn => Better::Lower,
            _ => Better::Higher,
        }
    }

    /// The target for this metric among the merchant's targets (`None`: no target); first
    /// response times stand against the channel's target (live chat's without a channel).
    pub fn target(self, t: &Targets, channel: Option<Channel>) -> Option<f64> {
        Some(match self {
            Self::Csat => t.csat_percent,
            Self::Nps => t.nps,
            Self::Ces => t.ces,
            Self::FrtMedian | Self::FrtP90 => {
                t.first_response_ms(channel.unwrap_or(Channel::Chat)) as f64 / 60_000.0
            }
            Self::Resolution => f64::from(t.resolution_hours),
            Self::Fcr => t.fcr_percent,
            Self::Sla => t.sla_percent,
            Self::Churn => t.churn_percent,
            Self::ResponseRate => return None,
        })
    }
}

/// One tile: the value over the range, the previous range's, the target and the standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tile {
    pub metric: MetricKind,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub trend: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    pub better: Better,
    pub standing: Standing,
    /// How many items the value is computed from (answers, conversations, subscriptions).
    pub sample: u64,
}

/// One point of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The first day of the period.
    pub start: Date,
    pub value: Option<f64>,
    pub sample: u64,
}

/// A line chart's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub metric: MetricKind,
    pub points: Vec<Point>,
}

/// A recent survey comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyComment {
    pub kind: SurveyKind,
    pub score: u8,
    pub comment: String,
    #[serde(default)]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Unix ms.
    pub at: i64,
}

/// `GET /api/v1/agent/metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsResponse {
    pub range: DateRange,
    pub period: Period,
    #[serde(default)]
    pub agent_id: Option<String>,
    /// Conversation metrics (and CSAT) of one channel only.
    #[serde(default)]
    pub channel: Option<Channel>,
    pub targets: Targets,
    /// One per [`MetricKind::ALL`], in that order.
    pub tiles: Vec<Tile>,
    /// CSAT, NPS, FRT median and churn per period.
    pub series: Vec<Series>,
    pub contact_reasons: Vec<Slice>,
    pub cancel_reasons: Vec<Slice>,
    /// Newest first, at most 20.
    pub comments: Vec<SurveyComment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_answers() {
        assert!(SurveyKind::Csat.accepts(1) && SurveyKind::Csat.accepts(5));
        assert!(!SurveyKind::Csat.accepts(0) && !SurveyKind::Csat.accepts(6));
        assert!(SurveyKind::Ces.accepts(7) && !SurveyKind::Ces.accepts(8));
        assert!(SurveyKind::Nps.accepts(0) && SurveyKind::Nps.accepts(10));
        let a = SurveyAnswer {
            score: 4,
            comment: Some("  great  ".into()),
        };
        assert_eq!(
            a.validate(SurveyKind::Csat).unwrap().comment.as_deref(),
            Some("great")
        );
        assert_eq!(
            SurveyAnswer {
                score: 9,
                comment: None
            }
            .validate(SurveyKind::Csat),
            Err(AnswerError::ScoreOutOfRange { min: 1, max: 5 })
        );
        let long = SurveyAnswer {
            score: 5,
            comment: Some("x".repeat(1001)),
        };
        assert_eq!(
            long.validate(SurveyKind::Csat).unwrap_err().code(),
            "comment_too_long"
        );
        let blank = SurveyAnswer {
            score: 5,
            comment: Some("   ".into()),
        };
        assert_eq!(blank.validate(SurveyKind::Csat).unwrap().comment, None);
    }

    #[test]
    fn nps_after_three_boxes_every_ninety_days() {
        let day = 86_400_000;
        let now = 1_000 * day;
        assert!(!nps_due(2, None, now));
        assert!(nps_due(3, None, now));
        assert!(!nps_due(5, Some(now - 89 * day), now));
        assert!(nps_due(5, Some(now - 90 * day), now));
    }

    #[test]
    fn date_ranges() {
        let r = DateRange::parse("2026-11-01", "2026-11-30").unwrap();
        assert_eq!(r.days(), 30);
        assert_eq!(
            r.previous(),
            DateRange::parse("2026-10-02", "2026-10-31").unwrap()
        );
        assert_eq!(
            DateRange::parse("2026-11-30", "2026-11-01"),
            Err(RangeError::Reversed)
        );
        assert_eq!(
            DateRange::parse("2026-13-01", "2026-11-01"),
            Err(RangeError::InvalidDate)
        );
        assert_eq!(
            DateRange::parse("2025-01-01", "2026-11-01"),
            Err(RangeError::TooLong { max: 366 })
        );
        assert!(DateRange::parse("2026-01-01", "2026-01-01").is_ok());
    }

    #[test]
    fn metric_targets_and_directions() {
        let t = Targets::default();
        assert_eq!(MetricKind::Csat.target(&t, None), Some(90.0));
        assert_eq!(MetricKind::FrtMedian.target(&t, None), Some(5.0));
        assert_eq!(
            MetricKind::FrtP90.target(&t, Some(Channel::Email)),
            Some(1440.0)
        );
        assert_eq!(MetricKind::ResponseRate.target(&t, None), None);
        assert_eq!(MetricKind::Churn.better(), Better::Lower);
        assert_eq!(MetricKind::Nps.better(), Better::Higher);
        assert_eq!(MetricKind::ALL.len(), 10);
    }
}
