//! The support dashboard (`shared::surveys` contract, `shared::metrics` formulas): tiles,
//! series, breakdowns and recent comments for any agent of the merchant, and the targets
//! (changed by leads only).

use serde_json::Value;
use shared::api::AgentRole;
use shared::date::Date;
use shared::metrics::{
    self as f, Better, FirstResponse, Outcome, Period, Slice, Standing, Targets,
};
use shared::surveys::{DateRange, MetricKind, MetricsResponse, Point, RangeError, Series, Tile};
use shared::{ApiError, ErrorCode};
use worker::{Env, Request, Response};

use crate::auth::require_agent;
use crate::config::now_millis;
use crate::db::{DashboardRows, DayCount, Db, KeyCount, Window};
use crate::error::{json_response, EdgeError, EdgeResult};
use crate::http::{query_param, read_json};

const DAY_MS: i64 = 86_400_000;

/// `GET /api/v1/agent/metrics?from&to&period[&agent]`.
pub async fn metrics(req: Request, env: &Env) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    let param = |k: &str| query_param(&req, k).unwrap_or_default();
    let (from, to) = (param("from"), param("to"));
    for (field, value) in [("from", &from), ("to", &to)] {
        if Date::parse(value).is_err() {
            return Err(EdgeError::field_error(
                "invalid_date",
                field,
                RangeError::InvalidDate.to_string(),
            ));
        }
    }
    let range = DateRange::parse(&from, &to)?;
    let period: Period = serde_json::from_value(Value::String(param("period"))).map_err(|_| {
        EdgeError::field_error(
            "invalid_period",
            "period",
            "Pick day, week or month.".into(),
        )
    })?;
    let db = Db::new(env)?;
    let m = session.merchant_id.as_str();
    let agent = query_param(&req, "agent").filter(|a| !a.is_empty());
    if let Some(a) = &agent {
        if !db.agents(m).await?.iter().any(|x| &x.id == a) {
            return Err(EdgeError::field_error(
                "unknown_agent",
                "agent",
                "No such agent on your team.".into(),
            ));
        }
    }
    let settings = db
        .merchant(m)
        .await?
        .ok_or(ErrorCode::Unauthorized)?
        .settings();
    let offset_ms = i64::from(settings.business_hours.utc_offset_minutes) * 60_000;
    let previous = range.previous();
    let day_start = |d: Date| i64::from(d.days()) * DAY_MS - offset_ms;
    let window = Window {
        start_ms: day_start(previous.from),
        current_ms: day_start(range.from),
        end_ms: day_start(range.to.add_days(1)),
        offset_ms,
        now: now_millis(),
        agent: agent.as_deref(),
    };
    // Wall-clock time only moves across I/O in Workers, so this is the D1 batch's time;
    // the rest of a response's time is the Worker's own work.
    let started = now_millis();
    let rows = db.dashboard(m, &window).await?;
    let d1_ms = now_millis() - started;
    let body = build(rows, range, period, agent, settings.targets)?;
    let resp = json_response(&body, 200);
    resp.headers()
        .set("server-timing", &format!("d1;dur={d1_ms}"))?;
    Ok(resp)
}

/// `GET /api/v1/agent/targets`.
pub async fn targets(req: Request, env: &Env) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    let settings = Db::new(env)?
        .merchant(&session.merchant_id)
        .await?
        .ok_or(ErrorCode::Unauthorized)?
        .settings();
    Ok(json_response(&settings.targets, 200))
}

/// Each target's field, whether it must be whole, and its allowed range.
const TARGET_RANGES: [(&str, bool, f64, f64); 8] = [
    ("first_response_minutes", true, 1.0, 10_080.0),
    ("resolution_hours", true, 1.0, 2_160.0),
    ("fcr_percent", false, 0.0, 100.0),
    ("csat_percent", false, 0.0, 100.0),
    ("nps", false, -100.0, 100.0),
    ("ces", false, 1.0, 7.0),
    ("churn_percent", false, 0.0, 100.0),
    ("sla_percent", false, 0.0, 100.0),
];

/// `PUT /api/v1/agent/targets` (leads only): every field checked, 400 naming the first
/// wrong one; fields left out keep their defaults.
pub async fn put_targets(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let session = require_agent(&req, env).await?;
    if session.agent.role != AgentRole::Lead {
        return Err(EdgeError::custom(
            403,
            "forbidden",
            "Only a support lead can change the targets.",
        ));
    }
    let body: Value = read_json(&mut req).await?;
    let obj = body.as_object().ok_or(ErrorCode::InvalidJson)?;
    for (field, whole, lo, hi) in TARGET_RANGES {
        let Some(v) = obj.get(field) else { continue };
        let ok = v
            .as_f64()
            .is_some_and(|n| (lo..=hi).contains(&n) && (!whole || n.fract() == 0.0));
        if !ok {
            return Err(ApiError::field(
                ErrorCode::InvalidField,
                field,
                format!("{field} must be a number from {lo} to {hi}."),
            )
            .into());
        }
    }
    let targets: Targets = serde_json::from_value(body).map_err(|_| ErrorCode::InvalidJson)?;
    let json = serde_json::to_string(&targets).map_err(|e| EdgeError::Platform(e.to_string()))?;
    Db::new(env)?
        .set_targets(&session.merchant_id, &json)
        .await?;
    Ok(json_response(&targets, 200))
}

/// The values one group of days holds, ready for the formulas.
#[derive(Default)]
struct Group {
    frt: Vec<i64>,
    waiting: Vec<i64>,
    resolution: Vec<i64>,
    outcomes: Vec<Outcome>,
    csat: Vec<u8>,
    nps: Vec<u8>,
    ces: Vec<u8>,
    shown: usize,
    answered: usize,
    cancels: usize,
    active_at_start: usize,
}

/// One day of conversations, parsed: first response times, waits, resolution times (ms),
/// and resolved clean / reopened / escalated counts.
type ConversationValues = (i64, Vec<i64>, Vec<i64>, Vec<i64>, [usize; 3]);

/// The rows parsed once, by day.
struct Days {
    conversations: Vec<ConversationValues>,
    answers: Vec<(i64, String, Vec<u8>)>,
    rows: DashboardRows,
}

fn parse_times(s: &str) -> EdgeResult<Vec<i64>> {
    serde_json::from_str(s).map_err(|e| EdgeError::Platform(format!("dashboard times: {e}")))
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

impl Days {
    fn new(mut rows: DashboardRows) -> EdgeResult<Days> {
        let mut conversations = Vec::with_capacity(rows.conversations.len());
        for c in std::mem::take(&mut rows.conversations) {
            conversations.push((
                c.day,
                parse_times(&c.frt)?,
                parse_times(&c.waiting)?,
                parse_times(&c.resolution)?,
                [count(c.clean), count(c.reopened), count(c.escalated)],
            ));
        }
        let answers = std::mem::take(&mut rows.answers)
            .into_iter()
            .map(|a| {
                let scores = a
                    .scores
                    .split(',')
                    .filter_map(|s| s.trim().parse().ok())
                    .collect();
                (a.day, a.kind, scores)
            })
            .collect();
        Ok(Days {
            conversations,
            answers,
            rows,
        })
    }

    /// Subscriptions active at the start of local day `day`: created before it, less the
    /// cancellations before it.
    fn active_at(&self, day: i64) -> usize {
        let sum = |v: &[DayCount]| -> i64 { v.iter().filter(|d| d.day < day).map(|d| d.n).sum() };
        let created = self.rows.before.created + sum(&self.rows.created);
        let cancelled = self.rows.before.cancelled + sum(&self.rows.cancels);
        count(created - cancelled)
    }

    /// Everything between local days `lo` and `hi`, both included.
    fn group(&self, lo: i64, hi: i64) -> Group {
        let inside = |d: i64| (lo..=hi).contains(&d);
        let mut g = Group::default();
        for (day, frt, waiting, resolution, [clean, reopened, escalated]) in &self.conversations {
            if !inside(*day) {
                continue;
            }
            g.frt.extend_from_slice(frt);
            g.waiting.extend_from_slice(waiting);
            g.resolution.extend_from_slice(resolution);
            let o = |reopened, escalated| Outcome {
                resolved: true,
                reopened,
                escalated,
            };
            g.outcomes
                .extend(std::iter::repeat_n(o(false, false), *clean));
            g.outcomes
                .extend(std::iter::repeat_n(o(true, false), *reopened));
            g.outcomes
                .extend(std::iter::repeat_n(o(false, true), *escalated));
        }
        for (day, kind, scores) in &self.answers {
            if !inside(*day) {
                continue;
            }
            match kind.as_str() {
                "csat" => g.csat.extend_from_slice(scores),
                "nps" => g.nps.extend_from_slice(scores),
                "ces" => g.ces.extend_from_slice(scores),
                _ => {}
            }
        }
        for s in self.rows.shown.iter().filter(|s| inside(s.day)) {
            g.shown += count(s.shown);
            g.answered += count(s.answered);
        }
        g.cancels = self
            .rows
            .cancels
            .iter()
            .filter(|c| inside(c.day))
            .map(|c| count(c.n))
            .sum();
        g.active_at_start = self.active_at(lo);
        g
    }
}

impl Group {
    /// A metric's value (in the dashboard's unit) and its sample size.
    fn value(&self, metric: MetricKind, t: &Targets) -> (Option<f64>, usize) {
        let minutes = |ms: i64| ms as f64 / 60_000.0;
        match metric {
            MetricKind::Csat => (f::csat(&self.csat), self.csat.len()),
            MetricKind::Nps => (f::nps(&self.nps), self.nps.len()),
            MetricKind::Ces => (f::ces(&self.ces), self.ces.len()),
            MetricKind::FrtMedian => (
                f::first_response(&self.frt).map(|r| minutes(r.median_ms)),
                self.frt.len(),
            ),
            MetricKind::FrtP90 => (
                f::first_response(&self.frt).map(|r| minutes(r.p90_ms)),
                self.frt.len(),
            ),
            MetricKind::Resolution => (
                f::average_resolution_ms(&self.resolution).map(|ms| ms as f64 / 3_600_000.0),
                self.resolution.len(),
            ),
            MetricKind::Fcr => (
                f::first_contact_resolution(&self.outcomes),
                self.outcomes.len(),
            ),
            MetricKind::Sla => {
                let firsts: Vec<FirstResponse> = self
                    .frt
                    .iter()
                    .map(|&after_ms| FirstResponse::Answered { after_ms })
                    .chain(
                        self.waiting
                            .iter()
                            .map(|&for_ms| FirstResponse::Waiting { for_ms }),
                    )
                    .collect();
                let target_ms = i64::from(t.first_response_minutes) * 60_000;
                (f::sla_compliance(&firsts, target_ms), firsts.len())
            }
            MetricKind::Churn => (
                f::churn_rate(self.cancels, self.active_at_start),
                self.active_at_start,
            ),
            MetricKind::ResponseRate => (f::response_rate(self.answered, self.shown), self.shown),
        }
    }
}

fn day_of(d: Date) -> i64 {
    i64::from(d.days())
}

fn slices(rows: &[KeyCount]) -> Vec<Slice> {
    f::breakdown(
        rows.iter()
            .flat_map(|r| std::iter::repeat_n(r.key.as_str(), count(r.n))),
    )
}

fn build(
    rows: DashboardRows,
    range: DateRange,
    period: Period,
    agent_id: Option<String>,
    targets: Targets,
) -> EdgeResult<MetricsResponse> {
    let days = Days::new(rows)?;
    let previous = range.previous();
    let now = days.group(day_of(range.from), day_of(range.to));
    let before = days.group(day_of(previous.from), day_of(previous.to));
    let tiles = MetricKind::ALL
        .iter()
        .map(|&metric| {
            let (value, sample) = now.value(metric, &targets);
            let (prev, _) = before.value(metric, &targets);
            let target = metric.target(&targets);
            let better: Better = metric.better();
            // A metric without a target (response rate) has nothing to stand against.
            let standing = match target {
                Some(t) => f::standing(value, t, better),
                None => Standing::NoData,
            };
            Tile {
                metric,
                value,
                previous: prev,
                trend: f::trend(value, prev),
                target,
                better,
                standing,
                sample: sample as u64,
            }
        })
        .collect();
    let mut periods = Vec::new();
    let mut start = period.start(range.from);
    while start <= range.to {
        let next = period.next(start);
        let lo = day_of(start.max(range.from));
        let hi = day_of(next.add_days(-1).min(range.to));
        periods.push((start, days.group(lo, hi)));
        start = next;
    }
    let series = [
        MetricKind::Csat,
        MetricKind::Nps,
        MetricKind::FrtMedian,
        MetricKind::Churn,
    ]
    .into_iter()
    .map(|metric| Series {
        metric,
        points: periods
            .iter()
            .map(|(start, g)| {
                let (value, sample) = g.value(metric, &targets);
                Point {
                    start: *start,
                    value,
                    sample: sample as u64,
                }
            })
            .collect(),
    })
    .collect();
    Ok(MetricsResponse {
        range,
        period,
        agent_id,
        contact_reasons: slices(&days.rows.contact_reasons),
        cancel_reasons: slices(&days.rows.cancel_reasons),
        comments: days.rows.comments,
        targets,
        tiles,
        series,
    })
}
