//! The support dashboard (`shared::surveys` contract, `shared::metrics` formulas): tiles,
//! series, breakdowns and recent comments for any agent of the merchant, and the targets
//! (changed by leads only).

use serde_json::Value;
use shared::api::AgentRole;
use shared::date::Date;
use shared::metrics::{
    self as f, Better, FirstResponse, Outcome, Period, SlaTally, Slice, Standing, Targets,
};
use shared::support::Channel;
use shared::surveys::{
    DateRange, MetricKind, MetricsResponse, Point, RangeError, Series, SurveyKind, Tile,
};
use shared::{ApiError, ErrorCode};
use worker::{Env, Request, Response};

use crate::auth::require_agent;
use crate::config::now_millis;
use crate::db::{DashboardRows, Db, KeyCount, Window};
use crate::error::{json_response, EdgeError, EdgeResult};
use crate::http::{query_param, read_json};

const DAY_MS: i64 = 86_400_000;

/// `GET /api/v1/agent/metrics?from&to&period[&agent][&channel]`.
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
    let channel = match query_param(&req, "channel").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(Channel::parse(&c).ok_or_else(|| {
            EdgeError::field_error("invalid_channel", "channel", "Pick chat or email.".into())
        })?),
    };
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
        channel,
    };
    // Wall-clock time only moves across I/O in Workers, so this is the D1 batch's time;
    // the rest of a response's time is the Worker's own work.
    let started = now_millis();
    let rows = db.dashboard(m, &window).await?;
    let d1_ms = now_millis() - started;
    let body = build(rows, range, period, agent, channel, settings.targets)?;
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
const TARGET_RANGES: [(&str, bool, f64, f64); 9] = [
    ("first_response_minutes", true, 1.0, 10_080.0),
    ("offline_first_response_hours", true, 1.0, 720.0),
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

/// The values one group of days holds, ready for the formulas; first responses by
/// channel (each channel has its own target).
#[derive(Default)]
struct Group {
    frt: [Vec<i64>; 2],
    waiting: [Vec<i64>; 2],
    resolved: usize,
    resolution_ms: i64,
    /// Resolved clean / reopened / escalated.
    outcomes: [usize; 3],
    csat: Vec<u8>,
    nps: Vec<u8>,
    ces: Vec<u8>,
    shown: usize,
    answered: usize,
    cancels: usize,
    active_at_start: usize,
}

/// One day of one channel's conversations, parsed.
struct ConversationValues {
    day: i64,
    channel: usize,
    frt: Vec<i64>,
    resolved: usize,
    resolution_ms: i64,
    outcomes: [usize; 3],
}

/// The rows parsed once, by day.
struct Days {
    conversations: Vec<ConversationValues>,
    waiting: Vec<(i64, usize, i64)>,
    /// Day, kind, count of each score 0–10, shown, answered.
    surveys: Vec<(i64, SurveyKind, [usize; 11], usize, usize)>,
    /// With an agent or channel filter, the response rate counts CSAT only.
    filtered: bool,
    rows: DashboardRows,
}

fn parse<T: serde::de::DeserializeOwned>(s: &str) -> EdgeResult<T> {
    serde_json::from_str(s).map_err(|e| EdgeError::Platform(format!("dashboard rollup: {e}")))
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn channel_index(c: &str) -> Option<usize> {
    Channel::ALL.iter().position(|x| x.as_str() == c)
}

impl Days {
    fn new(mut rows: DashboardRows, filtered: bool) -> EdgeResult<Days> {
        let mut conversations = Vec::with_capacity(rows.conversations.len());
        for c in std::mem::take(&mut rows.conversations) {
            let Some(channel) = channel_index(&c.channel) else {
                continue;
            };
            conversations.push(ConversationValues {
                day: c.day,
                channel,
                frt: parse(&c.frt)?,
                resolved: count(c.resolved),
                resolution_ms: c.resolution_ms,
                outcomes: [count(c.clean), count(c.reopened), count(c.escalated)],
            });
        }
        let waiting = std::mem::take(&mut rows.waiting)
            .into_iter()
            .filter_map(|w| Some((w.day, channel_index(&w.channel)?, w.waited)))
            .collect();
        let mut surveys = Vec::with_capacity(rows.surveys.len());
        for s in std::mem::take(&mut rows.surveys) {
            let Ok(kind) = serde_json::from_value(Value::String(s.kind)) else {
                continue;
            };
            let scores: Vec<i64> = parse(&s.scores)?;
            let mut counts = [0; 11];
            for (c, n) in counts.iter_mut().zip(scores) {
                *c = count(n);
            }
            surveys.push((s.day, kind, counts, count(s.shown), count(s.answered)));
        }
        Ok(Days {
            conversations,
            waiting,
            surveys,
            filtered,
            rows,
        })
    }

    /// Subscriptions active at the start of local day `day`: created before it, less the
    /// cancellations before it.
    fn active_at(&self, day: i64) -> usize {
        let before = &self.rows.before;
        let (mut created, mut cancelled) =
            (before.created.unwrap_or(0), before.cancelled.unwrap_or(0));
        for d in self.rows.subscriptions.iter().filter(|d| d.day < day) {
            created += d.created;
            cancelled += d.cancels;
        }
        count(created - cancelled)
    }

    /// Everything between local days `lo` and `hi`, both included.
    fn group(&self, lo: i64, hi: i64) -> Group {
        let inside = |d: i64| (lo..=hi).contains(&d);
        let mut g = Group::default();
        for c in self.conversations.iter().filter(|c| inside(c.day)) {
            g.frt[c.channel].extend_from_slice(&c.frt);
            g.resolved += c.resolved;
            g.resolution_ms += c.resolution_ms;
            for (sum, n) in g.outcomes.iter_mut().zip(c.outcomes) {
                *sum += n;
            }
        }
        for &(day, channel, waited) in &self.waiting {
            if inside(day) {
                g.waiting[channel].push(waited);
            }
        }
        for (day, kind, scores, shown, answered) in &self.surveys {
            if !inside(*day) {
                continue;
            }
            let into = match kind {
                SurveyKind::Csat => &mut g.csat,
                SurveyKind::Nps => &mut g.nps,
                SurveyKind::Ces => &mut g.ces,
            };
            for (score, &n) in (0u8..).zip(scores) {
                into.extend(std::iter::repeat_n(score, n));
            }
            if !self.filtered || *kind == SurveyKind::Csat {
                g.shown += shown;
                g.answered += answered;
            }
        }
        for d in self.rows.subscriptions.iter().filter(|d| inside(d.day)) {
            g.cancels += count(d.cancels);
        }
        g.active_at_start = self.active_at(lo);
        g
    }
}

impl Group {
    /// A metric's value (in the dashboard's unit) and its sample size.
    fn value(&self, metric: MetricKind, t: &Targets) -> (Option<f64>, usize) {
        let minutes = |ms: i64| ms as f64 / 60_000.0;
        let frt = || self.frt.concat();
        match metric {
            MetricKind::Csat => (f::csat(&self.csat), self.csat.len()),
            MetricKind::Nps => (f::nps(&self.nps), self.nps.len()),
            MetricKind::Ces => (f::ces(&self.ces), self.ces.len()),
            MetricKind::FrtMedian => {
                let all = frt();
                (
                    f::first_response(&all).map(|r| minutes(r.median_ms)),
                    all.len(),
                )
            }
            MetricKind::FrtP90 => {
                let all = frt();
                (
                    f::first_response(&all).map(|r| minutes(r.p90_ms)),
                    all.len(),
                )
            }
            MetricKind::Resolution => (
                f::average_ms(self.resolution_ms, self.resolved).map(|ms| ms as f64 / 3_600_000.0),
                self.resolved,
            ),
            MetricKind::Fcr => {
                let o = |reopened, escalated| Outcome {
                    resolved: true,
                    reopened,
                    escalated,
                };
                let [clean, reopened, escalated] = self.outcomes;
                let outcomes: Vec<Outcome> = std::iter::repeat_n(o(false, false), clean)
                    .chain(std::iter::repeat_n(o(true, false), reopened))
                    .chain(std::iter::repeat_n(o(false, true), escalated))
                    .collect();
                (f::first_contact_resolution(&outcomes), outcomes.len())
            }
            MetricKind::Sla => {
                let tally = Channel::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, &channel)| {
                        let firsts: Vec<FirstResponse> = self.frt[i]
                            .iter()
                            .map(|&after_ms| FirstResponse::Answered { after_ms })
                            .chain(
                                self.waiting[i]
                                    .iter()
                                    .map(|&for_ms| FirstResponse::Waiting { for_ms }),
                            )
                            .collect();
                        SlaTally::of(&firsts, t.first_response_ms(channel))
                    })
                    .sum::<SlaTally>();
                (tally.percent(), tally.counted)
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
    channel: Option<Channel>,
    targets: Targets,
) -> EdgeResult<MetricsResponse> {
    let days = Days::new(rows, agent_id.is_some() || channel.is_some())?;
    let previous = range.previous();
    let now = days.group(day_of(range.from), day_of(range.to));
    let before = days.group(day_of(previous.from), day_of(previous.to));
    let tiles = MetricKind::ALL
        .iter()
        .map(|&metric| {
            let (value, sample) = now.value(metric, &targets);
            let (prev, _) = before.value(metric, &targets);
            let target = metric.target(&targets, channel);
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
        channel,
        contact_reasons: slices(&days.rows.contact_reasons),
        cancel_reasons: slices(&days.rows.cancel_reasons),
        comments: days.rows.comments,
        targets,
        tiles,
        series,
    })
}
