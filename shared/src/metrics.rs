//! Support metrics, as pure formulas over plain numbers (DOMAIN.md, "Service levels and
//! metrics"): CSAT, NPS, CES, first response time (median and p90), average resolution
//! time, first contact resolution, SLA compliance, churn, breakdowns (cancel and contact
//! reasons) and survey response rate; the default targets and how a value compares with its
//! target; and the day / week / month periods metrics are grouped by.
//!
//! Every formula takes the items of one group (a period, an agent, a channel) and answers
//! `None` when the group is empty: "no data" is not 0 %.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::support::Channel;

/// A percentage, 0–100.
pub type Percent = f64;

/// CSAT: the share of 4–5 answers among 1–5 answers. Answers outside 1–5 are ignored.
pub fn csat(scores: &[u8]) -> Option<Percent> {
    let valid: Vec<u8> = scores
        .iter()
        .copied()
        .filter(|s| (1..=5).contains(s))
        .collect();
    share(valid.iter().filter(|s| **s >= 4).count(), valid.len())
}

/// NPS: % promoters (9–10) minus % detractors (0–6) among 0–10 answers, −100 to 100.
pub fn nps(scores: &[u8]) -> Option<f64> {
    let valid: Vec<u8> = scores.iter().copied().filter(|s| *s <= 10).collect();
    let promoters = share(valid.iter().filter(|s| **s >= 9).count(), valid.len())?;
    let detractors = share(valid.iter().filter(|s| **s <= 6).count(), valid.len())?;
    Some(promoters - detractors)
}

/// CES: the mean of 1–7 answers (higher is easier). Answers outside 1–7 are ignored.
pub fn ces(scores: &[u8]) -> Option<f64> {
    let valid: Vec<f64> = scores
        .iter()
        .filter(|s| (1..=7).contains(*s))
        .map(|s| f64::from(*s))
        .collect();
    mean(&valid)
}

/// The `p`-th percentile (0–100) by nearest rank: the smallest value with at least `p` % of
/// the values at or below it. `percentile(&[1, 2, 3, 4], 50.0) == Some(2)`.
pub fn percentile(values: &[i64], p: f64) -> Option<i64> {
    if values.is_empty() || !(0.0..=100.0).contains(&p) {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// First response times (ms) of a group: median and p90.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseTimes {
    pub median_ms: i64,
    pub p90_ms: i64,
}

/// Median and p90 of first response times (opened → first agent message, ms), over the
/// conversations that got a first response.
pub fn first_response(times_ms: &[i64]) -> Option<ResponseTimes> {
    Some(ResponseTimes {
        median_ms: percentile(times_ms, 50.0)?,
        p90_ms: percentile(times_ms, 90.0)?,
    })
}

/// Average resolution time (opened → resolved, ms) over resolved conversations.
pub fn average_resolution_ms(times_ms: &[i64]) -> Option<i64> {
    average_ms(times_ms.iter().sum(), times_ms.len())
}

/// The mean of `n` times that add up to `total_ms`, rounded to the millisecond (what daily
/// rollups keep instead of every resolution time).
pub fn average_ms(total_ms: i64, n: usize) -> Option<i64> {
    (n > 0).then(|| (total_ms as f64 / n as f64).round() as i64)
}

/// How a conversation ended, for first contact resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub resolved: bool,
    pub reopened: bool,
    pub escalated: bool,
}

/// FCR: the share of resolved conversations resolved with no reopen and no escalation.
pub fn first_contact_resolution(outcomes: &[Outcome]) -> Option<Percent> {
    let resolved: Vec<&Outcome> = outcomes.iter().filter(|o| o.resolved).collect();
    share(
        resolved
            .iter()
            .filter(|o| !o.reopened && !o.escalated)
            .count(),
        resolved.len(),
    )
}

/// SLA compliance: the share of conversations whose first response came within the target.
/// A conversation still unanswered counts as a breach once it has waited longer than the
/// target, and is left out while it still can comply.
pub fn sla_compliance(first_responses: &[FirstResponse], target_ms: i64) -> Option<Percent> {
    SlaTally::of(first_responses, target_ms).percent()
}

/// The conversations SLA compliance counts and those that met their target; tallies of
/// groups with different targets (chat, offline messages) add up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlaTally {
    pub met: usize,
    pub counted: usize,
}

impl SlaTally {
    pub fn of(first_responses: &[FirstResponse], target_ms: i64) -> SlaTally {
        let mut t = SlaTally::default();
        for r in first_responses {
            match *r {
                FirstResponse::Answered { after_ms } => {
                    t.counted += 1;
                    if after_ms <= target_ms {
                        t.met += 1;
                    }
                }
                FirstResponse::Waiting { for_ms } if for_ms > target_ms => t.counted += 1,
                FirstResponse::Waiting { .. } => {}
            }
        }
        t
    }

    pub fn percent(self) -> Option<Percent> {
        share(self.met, self.counted)
    }
}

impl std::ops::Add for SlaTally {
    type Output = SlaTally;

    fn add(self, other: SlaTally) -> SlaTally {
        SlaTally {
            met: self.met + other.met,
            counted: self.counted + other.counted,
        }
    }
}

impl std::iter::Sum for SlaTally {
    fn sum<I: Iterator<Item = SlaTally>>(iter: I) -> SlaTally {
        iter.fold(SlaTally::default(), |a, b| a + b)
    }
}

/// A conversation's first response, for SLA compliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FirstResponse {
    Answered { after_ms: i64 },
    Waiting { for_ms: i64 },
}

/// Churn rate: cancellations in the period ÷ subscriptions active at its start.
pub fn churn_rate(cancellations: usize, active_at_start: usize) -> Option<Percent> {
    share(cancellations, active_at_start)
}

/// Survey response rate: answers ÷ surveys shown.
pub fn response_rate(answered: usize, asked: usize) -> Option<Percent> {
    share(answered, asked)
}

/// One row of a breakdown (cancel reasons, contact reasons).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slice {
    pub key: String,
    pub count: usize,
    pub share: Percent,
}

/// Counts and shares of each key, most frequent first (ties by key), shares summing to 100.
pub fn breakdown<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<Slice> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for k in keys {
        match counts.iter_mut().find(|(key, _)| key == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((k.to_owned(), 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
        .into_iter()
        .map(|(key, count)| Slice {
            key,
            count,
            share: share(count, total).unwrap_or(0.0),
        })
        .collect()
}

fn share(part: usize, whole: usize) -> Option<Percent> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

// ---------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------

/// The merchant's targets, defaults from DOMAIN.md (editable in the dashboard).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    /// Chat first response, minutes.
    pub first_response_minutes: u32,
    /// First response to an offline message (answered by email), hours: "1 business day".
    pub offline_first_response_hours: u32,
    /// Average resolution, hours.
    pub resolution_hours: u32,
    pub fcr_percent: f64,
    pub csat_percent: f64,
    pub nps: f64,
    pub ces: f64,
    /// Monthly churn the merchant accepts, percent.
    pub churn_percent: f64,
    pub sla_percent: f64,
}

impl Targets {
    /// The first-response target of a channel, ms.
    pub fn first_response_ms(&self, channel: Channel) -> i64 {
        match channel {
            Channel::Chat => i64::from(self.first_response_minutes) * 60_000,
            Channel::Email => i64::from(self.offline_first_response_hours) * 3_600_000,
        }
    }
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            first_response_minutes: 5,
            offline_first_response_hours: 24,
            resolution_hours: 24,
            fcr_percent: 70.0,
            csat_percent: 90.0,
            nps: 70.0,
            ces: 5.5,
            churn_percent: 5.0,
            sla_percent: 90.0,
        }
    }
}

/// Which way is better for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// How a value stands against its target: on target; slipping (missing it by at most 10 % of
/// the target); off target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    OnTarget,
    Slipping,
    OffTarget,
    NoData,
}

/// The standing of `value` against `target`.
pub fn standing(value: Option<f64>, target: f64, better: Better) -> Standing {
    let Some(v) = value else {
        return Standing::NoData;
    };
    let margin = target.abs() * 0.1;
    let (met, near) = match better {
        Better::Higher => (v >= target, v >= target - margin),
        Better::Lower => (v <= target, v <= target + margin),
    };
    match (met, near) {
        (true, _) => Standing::OnTarget,
        (false, true) => Standing::Slipping,
        (false, false) => Standing::OffTarget,
    }
}

/// Change from the previous period's value, `None` when either is missing.
pub fn trend(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    Some(current? - previous?)
}

// ---------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------

/// How metrics are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    /// Monday to Sunday.
    Week,
    Month,
}

impl Period {
    /// The first day of the period containing `d`.
    pub fn start(self, d: Date) -> Date {
        match self {
            Self::Day => d,
            Self::Week => d.add_days(-i32::from(d.weekday()) + 1),
            Self::Month => Date::from_ymd(d.year(), d.month(), 1).unwrap_or(d),
        }
    }

    /// The first day of the period after the one starting at `start`.
    pub fn next(self, start: Date) -> Date {
        match self {
            Self::Day => start.add_days(1),
            Self::Week => start.add_days(7),
            Self::Month => start.add_months(1),
        }
    }

    /// The first day of the period before the one starting at `start`.
    pub fn previous(self, start: Date) -> Date {
        match self {
            Self::Day => start.add_days(-1),
            Self::Week => start.add_days(-7),
            Self::Month => start.add_months(-1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn csat_counts_fours_and_fives() {
        assert_eq!(csat(&[]), None);
        assert!(close(csat(&[5]), 100.0));
        assert!(close(csat(&[3]), 0.0));
        // 4, 5, 5 of 1, 2, 3, 4, 5, 5 → 3 of 6.
        assert!(close(csat(&[1, 2, 3, 4, 5, 5]), 50.0));
        // Out-of-range answers are ignored: 4 of {4, 2} → 50 %.
        assert!(close(csat(&[0, 4, 2, 9]), 50.0));
        assert_eq!(csat(&[0, 6]), None);
    }

    #[test]
    fn nps_is_promoters_minus_detractors() {
        assert_eq!(nps(&[]), None);
        assert!(close(nps(&[10]), 100.0));
        assert!(close(nps(&[0]), -100.0));
        assert!(close(nps(&[7, 8]), 0.0));
        // 10 answers: promoters 9, 10, 10, 9 (40 %), detractors 0, 3, 6 (30 %) → 10.
        assert!(close(nps(&[9, 10, 10, 9, 0, 3, 6, 7, 8, 8]), 10.0));
        assert!(close(nps(&[11, 10]), 100.0));
    }

    #[test]
    fn ces_is_the_mean() {
        assert_eq!(ces(&[]), None);
        assert!(close(ces(&[6]), 6.0));
        assert!(close(ces(&[7, 5, 6, 4]), 5.5));
        assert!(close(ces(&[0, 8, 7]), 7.0));
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[42], 50.0), Some(42));
        assert_eq!(percentile(&[42], 90.0), Some(42));
        assert_eq!(percentile(&[4, 1, 3, 2], 50.0), Some(2));
        assert_eq!(percentile(&[4, 1, 3, 2], 90.0), Some(4));
        let ten: Vec<i64> = (1..=10).map(|m| m * 60_000).collect();
        assert_eq!(
            first_response(&ten),
            Some(ResponseTimes {
                median_ms: 300_000,
                p90_ms: 540_000
            })
        );
        assert_eq!(percentile(&[1, 2], 0.0), Some(1));
        assert_eq!(percentile(&[1, 2], 100.0), Some(2));
        assert_eq!(percentile(&[1, 2], 101.0), None);
    }

    #[test]
    fn resolution_average() {
        assert_eq!(average_resolution_ms(&[]), None);
        assert_eq!(average_resolution_ms(&[3_600_000]), Some(3_600_000));
        assert_eq!(average_resolution_ms(&[1, 2]), Some(2)); // 1.5 rounds half away
        assert_eq!(
            average_resolution_ms(&[60_000, 120_000, 180_000]),
            Some(120_000)
        );
    }

    #[test]
    fn fcr_counts_clean_resolutions() {
        let o = |resolved, reopened, escalated| Outcome {
            resolved,
            reopened,
            escalated,
        };
        assert_eq!(first_contact_resolution(&[]), None);
        assert_eq!(first_contact_resolution(&[o(false, false, false)]), None);
        assert!(close(
            first_contact_resolution(&[o(true, false, false)]),
            100.0
        ));
        // 4 resolved (one reopened, one escalated), 1 open → 2 of 4.
        let set = [
            o(true, false, false),
            o(true, false, false),
            o(true, true, false),
            o(true, false, true),
            o(false, false, false),
        ];
        assert!(close(first_contact_resolution(&set), 50.0));
    }

    #[test]
    fn sla_counts_overdue_waiting_as_breaches() {
        let five = 5 * 60_000;
        assert_eq!(sla_compliance(&[], five), None);
        let set = [
            FirstResponse::Answered { after_ms: 60_000 },
            FirstResponse::Answered { after_ms: five },
            FirstResponse::Answered { after_ms: five + 1 },
            FirstResponse::Waiting {
                for_ms: 10 * 60_000,
            },
            FirstResponse::Waiting { for_ms: 60_000 },
        ];
        // Met: 2; counted: 3 answered + 1 overdue = 4 → 50 %.
        assert!(close(sla_compliance(&set, five), 50.0));
        assert_eq!(
            sla_compliance(&[FirstResponse::Waiting { for_ms: 1 }], five),
            None
        );
    }

    #[test]
    fn sla_tallies_of_channels_with_different_targets_add_up() {
        let t = Targets::default();
        let chat = SlaTally::of(
            &[
                FirstResponse::Answered { after_ms: 60_000 },
                FirstResponse::Answered {
                    after_ms: 10 * 60_000,
                },
            ],
            t.first_response_ms(Channel::Chat),
        );
        // Ten hours is late for chat but within the offline message's day.
        let offline = SlaTally::of(
            &[FirstResponse::Answered {
                after_ms: 10 * 3_600_000,
            }],
            t.first_response_ms(Channel::Email),
        );
        assert_eq!(chat, SlaTally { met: 1, counted: 2 });
        assert_eq!(offline, SlaTally { met: 1, counted: 1 });
        let both = [chat, offline]
            .into_iter()
            .sum::<SlaTally>()
            .percent()
            .unwrap();
        assert!((both - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(SlaTally::default().percent(), None);
    }

    #[test]
    fn average_of_totals() {
        assert_eq!(average_ms(0, 0), None);
        assert_eq!(average_ms(10, 4), Some(3));
        assert_eq!(average_resolution_ms(&[1, 2, 3, 5]), average_ms(11, 4));
    }

    #[test]
    fn churn_and_response_rate() {
        assert_eq!(churn_rate(3, 0), None);
        assert!(close(churn_rate(0, 10), 0.0));
        assert!(close(churn_rate(3, 120), 2.5));
        assert_eq!(response_rate(0, 0), None);
        assert!(close(response_rate(1, 4), 25.0));
    }

    #[test]
    fn breakdowns_sort_by_count_then_key() {
        assert!(breakdown([]).is_empty());
        let b = breakdown(["moving", "too_expensive", "moving", "other"]);
        assert_eq!(
            b.iter()
                .map(|s| (s.key.as_str(), s.count))
                .collect::<Vec<_>>(),
            [("moving", 2), ("other", 1), ("too_expensive", 1)]
        );
        assert!(close(Some(b[0].share), 50.0));
        assert!(close(Some(b.iter().map(|s| s.share).sum()), 100.0));
        let one = breakdown(["late_delivery"]);
        assert!(close(Some(one[0].share), 100.0));
    }

    #[test]
    fn standing_against_targets() {
        use Better::*;
        assert_eq!(standing(None, 90.0, Higher), Standing::NoData);
        assert_eq!(standing(Some(92.0), 90.0, Higher), Standing::OnTarget);
        assert_eq!(standing(Some(90.0), 90.0, Higher), Standing::OnTarget);
        assert_eq!(standing(Some(81.0), 90.0, Higher), Standing::Slipping);
        assert_eq!(standing(Some(80.9), 90.0, Higher), Standing::OffTarget);
        // FRT 5 min target (lower is better): 5.4 slips, 6 is off.
        assert_eq!(standing(Some(5.4), 5.0, Lower), Standing::Slipping);
        assert_eq!(standing(Some(6.0), 5.0, Lower), Standing::OffTarget);
        assert_eq!(standing(Some(4.0), 5.0, Lower), Standing::OnTarget);
        assert!(close(trend(Some(91.0), Some(88.5)), 2.5));
        assert_eq!(trend(Some(1.0), None), None);
        let t = Targets::default();
        assert_eq!(
            (t.first_response_minutes, t.csat_percent, t.nps, t.ces),
            (5, 90.0, 70.0, 5.5)
        );
        assert_eq!(t.fcr_percent, 70.0);
    }

    #[test]
    fn periods_start_on_mondays_and_firsts() {
        let d = |s| Date::parse(s).unwrap();
        // 2026-11-25 is a Wednesday.
        assert_eq!(Period::Week.start(d("2026-11-25")), d("2026-11-23"));
        assert_eq!(Period::Week.start(d("2026-11-23")), d("2026-11-23"));
        assert_eq!(Period::Week.start(d("2026-11-29")), d("2026-11-23"));
        assert_eq!(Period::Month.start(d("2026-11-25")), d("2026-11-01"));
        assert_eq!(Period::Day.start(d("2026-11-25")), d("2026-11-25"));
        assert_eq!(Period::Month.next(d("2026-12-01")), d("2027-01-01"));
        assert_eq!(Period::Month.previous(d("2026-01-01")), d("2025-12-01"));
        assert_eq!(Period::Week.next(d("2026-11-23")), d("2026-11-30"));
        assert_eq!(Period::Day.previous(d("2026-03-01")), d("2026-02-28"));
    }

    proptest::proptest! {
        #[test]
        fn scores_stay_in_range(scores in proptest::collection::vec(0u8..=12, 0..60)) {
            if let Some(c) = csat(&scores) { proptest::prop_assert!((0.0..=100.0).contains(&c)); }
            if let Some(n) = nps(&scores) { proptest::prop_assert!((-100.0..=100.0).contains(&n)); }
            if let Some(e) = ces(&scores) { proptest::prop_assert!((1.0..=7.0).contains(&e)); }
        }

        #[test]
        fn median_never_exceeds_p90(times in proptest::collection::vec(0i64..10_000_000, 1..60)) {
            let r = first_response(&times).unwrap();
            proptest::prop_assert!(r.median_ms <= r.p90_ms);
            proptest::prop_assert!(times.contains(&r.median_ms) && times.contains(&r.p90_ms));
        }
    }
}
