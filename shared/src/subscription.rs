//! Self-service subscription rules (DOMAIN.md, "Self-service subscription rules"): the
//! subscription's state, its box schedule, the merchant's cutoff, and every self-service
//! action as a pure function from (subscription, action, now, policy) to a [`Change`] with
//! its [`Effect`], or a typed [`ActionError`].
//!
//! The cutoff rule: a box whose cutoff (default 48 h before it ships) has passed ships as
//! planned, to the address it was packed for; a change then applies from the following
//! box, and the [`Effect`] says so before the subscriber confirms.
//!
//! The flow at the edge: [`preview`] shows the effect; the subscriber confirms; [`confirm`]
//! re-runs the action, checks the version and that the effect is still the one shown, and
//! [`apply`] gives the new state (version + 1).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::address::{check_wine_destination, demo_wine_regions, Address, Region, ShippingError};
use crate::date::{days_in_month, Date, DAY_MS, HOUR_MS, MINUTE_MS};

/// A pause for a number of boxes covers 1 to 12 boxes.
pub const MIN_PAUSE_BOXES: u8 = 1;
pub const MAX_PAUSE_BOXES: u8 = 12;
/// Longest cancel comment (characters).
pub const MAX_COMMENT_CHARS: usize = 500;
/// Default cutoff before a box ships.
pub const DEFAULT_CUTOFF_HOURS: u32 = 48;
/// Longest cutoff a merchant may set: one week, so at most one box is past its cutoff.
pub const MAX_CUTOFF_HOURS: u32 = 7 * 24;
/// Default longest pause until a date, in months from today.
pub const DEFAULT_MAX_PAUSE_MONTHS: u8 = 6;

// ---------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------

/// How often a box ships. Serialised as the D1 values `weekly`, `biweekly`, `monthly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    /// Every two weeks.
    Biweekly,
    /// The same day every month; days 29–31 fall on the last day of shorter months.
    Monthly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Self::Weekly, Self::Biweekly, Self::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Biweekly => "biweekly",
            Self::Monthly => "monthly",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Days between boxes, for the weekly kinds.
    fn days(self) -> Option<i32> {
        match self {
            Self::Weekly => Some(7),
            Self::Biweekly => Some(14),
            Self::Monthly => None,
        }
    }
}

/// Where a subscription stands. Flattened into the subscription's JSON as
/// `"status": "active" | "paused" | "cancelled"` (the D1 values) with the details beside it:
/// `pause_until` or `pause_boxes`, and `cancel_effective`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    Active,
    /// Paused as the subscriber asked: until a date or for a number of boxes (at most one
    /// is set; neither for a pause recorded without details, e.g. by an agent or in older
    /// rows). `from` is the first box the pause skipped: resuming never brings back a box
    /// before it. The box the pause ends with is the subscription's next box, or the box
    /// after next when a box past its cutoff still ships first.
    Paused {
        #[serde(
            rename = "pause_from",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        from: Option<Date>,
        #[serde(
            rename = "pause_until",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        until: Option<Date>,
        #[serde(
            rename = "pause_boxes",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        boxes: Option<u8>,
    },
    /// Cancelled. `effective` is the day it took effect: the day of cancelling, or the day
    /// of the last box when one past its cutoff still ships.
    Cancelled {
        #[serde(rename = "cancel_effective")]
        effective: Date,
    },
}

impl Status {
    /// The actions a subscription in this status offers, in button order: a paused one can
    /// be resumed but not paused again or skipped; a cancelled one offers none.
    pub fn actions(&self) -> &'static [ActionKind] {
        match self {
            Self::Active => &[
                ActionKind::SkipNext,
                ActionKind::Pause,
                ActionKind::ChangeFrequency,
                ActionKind::ChangeAddress,
                ActionKind::Cancel,
            ],
            Self::Paused { .. } => &[
                ActionKind::Resume,
                ActionKind::ChangeFrequency,
                ActionKind::ChangeAddress,
                ActionKind::Cancel,
            ],
            Self::Cancelled { .. } => &[],
        }
    }

    /// The D1 `status` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Paused { .. } => "paused",
            Self::Cancelled { .. } => "cancelled",
        }
    }
}

/// How long to pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseFor {
    /// Skip this many boxes (1–12), starting with the next one that can still change.
    Boxes(u8),
    /// Skip every box before this date (at most `max_pause_months` from today); the first
    /// box on or after it ships.
    Until(Date),
}

/// Why the subscriber cancels: a fixed list, so the dashboard can count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    TooExpensive,
    TooMuchProduct,
    NotEnjoying,
    Moving,
    DeliveryProblems,
    Other,
}

impl CancelReason {
    pub const ALL: [CancelReason; 6] = [
        Self::TooExpensive,
        Self::TooMuchProduct,
        Self::NotEnjoying,
        Self::Moving,
        Self::DeliveryProblems,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::TooExpensive => "too_expensive",
            Self::TooMuchProduct => "too_much_product",
            Self::NotEnjoying => "not_enjoying",
            Self::Moving => "moving",
            Self::DeliveryProblems => "delivery_problems",
            Self::Other => "other",
        }
    }
}

/// A self-service action, as the widget sends it: `{"action":"pause","boxes":2}`,
/// `{"action":"change_frequency","frequency":"monthly"}`, `{"action":"cancel","reason":"moving"}`.
/// `A` is the address: a validated [`Address`] here, the unvalidated input in a request
/// (`selfservice::ActionInput`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action<A = Address> {
    Pause(PauseFor),
    Resume,
    SkipNext,
    ChangeFrequency {
        frequency: Frequency,
    },
    ChangeAddress {
        address: A,
    },
    /// The reason is optional: cancelling must be as easy as signing up (DOMAIN.md).
    Cancel {
        #[serde(default)]
        reason: Option<CancelReason>,
        #[serde(default)]
        comment: Option<String>,
    },
}

/// The kind of an action, for effects and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Pause,
    Resume,
    SkipNext,
    ChangeFrequency,
    ChangeAddress,
    Cancel,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pause => "pause",
            Self::Resume => "resume",
            Self::SkipNext => "skip_next",
            Self::ChangeFrequency => "change_frequency",
            Self::ChangeAddress => "change_address",
            Self::Cancel => "cancel",
        }
    }

    fn label_en(self) -> &'static str {
        match self {
            Self::Pause => "Pause",
            Self::Resume => "Resume",
            Self::SkipNext => "Skip next box",
            Self::ChangeFrequency => "Change frequency",
            Self::ChangeAddress => "Change address",
            Self::Cancel => "Cancel",
        }
    }
}

impl<A> Action<A> {
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::Pause(_) => ActionKind::Pause,
            Self::Resume => ActionKind::Resume,
            Self::SkipNext => ActionKind::SkipNext,
            Self::ChangeFrequency { .. } => ActionKind::ChangeFrequency,
            Self::ChangeAddress { .. } => ActionKind::ChangeAddress,
            Self::Cancel { .. } => ActionKind::Cancel,
        }
    }

    /// The same action with its address (if it has one) passed through `f`.
    pub fn try_map_address<B, E>(
        &self,
        f: impl FnOnce(&A) -> Result<B, E>,
    ) -> Result<Action<B>, E> {
        Ok(match self {
            Self::Pause(p) => Action::Pause(*p),
            Self::Resume => Action::Resume,
            Self::SkipNext => Action::SkipNext,
            Self::ChangeFrequency { frequency } => Action::ChangeFrequency {
                frequency: *frequency,
            },
            Self::ChangeAddress { address } => Action::ChangeAddress {
                address: f(address)?,
            },
            Self::Cancel { reason, comment } => Action::Cancel {
                reason: *reason,
                comment: comment.clone(),
            },
        })
    }
}

// ---------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------

/// The merchant's rules for self-service changes. Reads from the merchant's settings JSON
/// (unknown keys ignored, missing keys take the defaults) and is validated when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PolicySettings")]
pub struct Policy {
    /// Changes to a box are accepted until this long before it ships (0–168).
    pub cutoff_hours: u32,
    /// The merchant's zone, as a fixed offset from UTC in minutes (−840–840).
    pub utc_offset_minutes: i32,
    /// Boxes ship at this hour (0–23) of their date in the merchant's zone.
    pub ship_hour: u8,
    /// Where wine may ship. Empty (the default) means nowhere: a merchant selling wine
    /// must list its regions.
    pub allowed_regions: Vec<Region>,
    /// Longest pause until a date, in months from today (1–12).
    pub max_pause_months: u8,
}

impl Default for Policy {
    /// 48 h cutoff, UTC, boxes ship at 09:00, no wine regions, pauses up to 6 months.
    fn default() -> Self {
        Self {
            cutoff_hours: DEFAULT_CUTOFF_HOURS,
            utc_offset_minutes: 0,
            ship_hour: 9,
            allowed_regions: Vec::new(),
            max_pause_months: DEFAULT_MAX_PAUSE_MONTHS,
        }
    }
}

/// The policy as stored, before validation.
#[derive(Deserialize)]
#[serde(default)]
struct PolicySettings {
    cutoff_hours: u32,
    utc_offset_minutes: i32,
    ship_hour: u8,
    allowed_regions: Vec<Region>,
    max_pause_months: u8,
}

impl Default for PolicySettings {
    fn default() -> Self {
        let p = Policy::default();
        Self {
            cutoff_hours: p.cutoff_hours,
            utc_offset_minutes: p.utc_offset_minutes,
            ship_hour: p.ship_hour,
            allowed_regions: p.allowed_regions,
            max_pause_months: p.max_pause_months,
        }
    }
}

impl TryFrom<PolicySettings> for Policy {
    type Error = PolicyError;

    fn try_from(s: PolicySettings) -> Result<Self, Self::Error> {
        let p = Policy {
            cutoff_hours: s.cutoff_hours,
            utc_offset_minutes: s.utc_offset_minutes,
            ship_hour: s.ship_hour,
            allowed_regions: s.allowed_regions,
            max_pause_months: s.max_pause_months,
        };
        p.validate()?;
        Ok(p)
    }
}

/// A policy value out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PolicyError {
    #[error("The cutoff can be at most {max} hours.")]
    CutoffTooLong { max: u32 },
    #[error("The UTC offset must be between -14:00 and +14:00.")]
    InvalidUtcOffset,
    #[error("The ship hour must be between 0 and 23.")]
    InvalidShipHour,
    #[error("The longest pause must be between 1 and 12 months.")]
    InvalidMaxPauseMonths,
}

impl PolicyError {
    /// The stable snake_case code, as serialised.
    pub fn code(self) -> &'static str {
        match self {
            Self::CutoffTooLong { .. } => "cutoff_too_long",
            Self::InvalidUtcOffset => "invalid_utc_offset",
            Self::InvalidShipHour => "invalid_ship_hour",
            Self::InvalidMaxPauseMonths => "invalid_max_pause_months",
        }
    }
}

impl Policy {
    /// The default policy with the demo shop's wine regions.
    pub fn demo() -> Self {
        Self {
            allowed_regions: demo_wine_regions(),
            ..Self::default()
        }
    }

    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.cutoff_hours > MAX_CUTOFF_HOURS {
            return Err(PolicyError::CutoffTooLong {
                max: MAX_CUTOFF_HOURS,
            });
        }
        if !(-840..=840).contains(&self.utc_offset_minutes) {
            return Err(PolicyError::InvalidUtcOffset);
        }
        if self.ship_hour > 23 {
            return Err(PolicyError::InvalidShipHour);
        }
        if !(1..=12).contains(&self.max_pause_months) {
            return Err(PolicyError::InvalidMaxPauseMonths);
        }
        Ok(())
    }

    // Values used in arithmetic are clamped into range, so a policy built in code without
    // `validate` still gives total, panic-free results.
    fn offset_ms(&self) -> i64 {
        i64::from(self.utc_offset_minutes.clamp(-840, 840)) * MINUTE_MS
    }

    fn cutoff_ms(&self) -> i64 {
        i64::from(self.cutoff_hours.min(MAX_CUTOFF_HOURS)) * HOUR_MS
    }

    /// Milliseconds from UTC midnight of a date to its ship instant.
    fn ship_ms_in_day(&self) -> i64 {
        i64::from(self.ship_hour.min(23)) * HOUR_MS - self.offset_ms()
    }

    /// When the box of `date` ships (unix ms).
    pub fn ship_at(&self, date: Date) -> i64 {
        i64::from(date.days()) * DAY_MS + self.ship_ms_in_day()
    }

    /// The last moment the box of `date` can change (unix ms): changes at or after it
    /// apply from the following box.
    pub fn cutoff_at(&self, date: Date) -> i64 {
        self.ship_at(date) - self.cutoff_ms()
    }

    /// True if the box of `date` can still change at `now_ms`.
    pub fn is_open(&self, date: Date, now_ms: i64) -> bool {
        now_ms < self.cutoff_at(date)
    }

    /// Today in the merchant's zone.
    pub fn today(&self, now_ms: i64) -> Date {
        Date::from_unix_ms(now_ms, self.utc_offset_minutes.clamp(-840, 840))
    }

    /// The first date whose box has not shipped at `now_ms`.
    fn first_unshipped(&self, now_ms: i64) -> Date {
        Date::from_days_clamped((now_ms - self.ship_ms_in_day()).div_euclid(DAY_MS) + 1)
    }

    /// The first date whose box can still change at `now_ms`.
    pub fn first_open_date(&self, now_ms: i64) -> Date {
        Date::from_days_clamped(
            (now_ms - self.ship_ms_in_day() + self.cutoff_ms()).div_euclid(DAY_MS) + 1,
        )
    }
}

// ---------------------------------------------------------------------------------------
// Schedule
// ---------------------------------------------------------------------------------------

/// The `k`-th box from `from` (earlier if `k` < 0) at `frequency`; monthly boxes fall on
/// `day`, or the month's last day.
fn step(from: Date, frequency: Frequency, day: u8, k: i32) -> Date {
    match frequency.days() {
        Some(n) => from.add_days(n.saturating_mul(k)),
        None => from.add_months_on_day(k, day),
    }
}

/// The first box on or after `target` on the grid through `start` (which may be before or
/// after `target`).
fn grid_on_or_after(start: Date, frequency: Frequency, day: u8, target: Date) -> Date {
    match frequency.days() {
        Some(n) => {
            let diff = start.days_until(target);
            let k = diff.div_euclid(n) + i32::from(diff.rem_euclid(n) != 0);
            start.add_days(k.saturating_mul(n))
        }
        None => {
            let (sy, sm, _) = start.ymd();
            let (ty, tm, _) = target.ymd();
            let months = (ty - sy) * 12 + i32::from(tm) - i32::from(sm);
            let candidate = start.add_months_on_day(months, day);
            if candidate < target {
                start.add_months_on_day(months + 1, day)
            } else {
                candidate
            }
        }
    }
}

/// A run of boxes: `first`, then `second` (or one step after `first`), then regular steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cadence {
    first: Date,
    second: Option<Date>,
    frequency: Frequency,
    /// Monthly day of the month (1–31); unused for the weekly kinds.
    day: u8,
}

impl Cadence {
    fn step(&self, from: Date, k: i32) -> Date {
        step(from, self.frequency, self.day, k)
    }

    fn after_first(&self) -> Date {
        self.second.unwrap_or_else(|| self.step(self.first, 1))
    }

    /// Without its first box.
    fn pop(self) -> Cadence {
        Cadence {
            first: self.after_first(),
            second: None,
            ..self
        }
    }

    /// Without every box before `date`.
    fn drop_before(self, date: Date) -> Cadence {
        if self.first >= date {
            return self;
        }
        let rest = self.pop();
        if rest.first >= date {
            return rest;
        }
        Cadence {
            first: grid_on_or_after(rest.first, rest.frequency, rest.day, date),
            ..rest
        }
    }

    /// True if a cadence could start at `date` (monthly: it falls on the cadence's day).
    fn fits(&self, date: Date) -> bool {
        self.frequency != Frequency::Monthly
            || date.day() == self.day.min(days_in_month(date.year(), date.month()))
    }

    fn boxes(&self, n: usize) -> Vec<Date> {
        let mut out = Vec::with_capacity(n.min(64));
        let mut at = self.first;
        for i in 0..n {
            out.push(at);
            at = if i == 0 {
                self.after_first()
            } else {
                self.step(at, 1)
            };
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// Subscription
// ---------------------------------------------------------------------------------------

/// A subscription as stored (D1 row, API JSON), before validation. Build a
/// [`Subscription`] from it with `Subscription::try_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FlatSubscriptionData")]
pub struct SubscriptionData {
    pub id: String,
    pub plan: String,
    #[serde(flatten)]
    pub status: Status,
    pub frequency: Frequency,
    /// The next box that ships; `None` only when cancelled with no box left to ship.
    #[serde(default)]
    pub next_box: Option<Date>,
    /// The box after `next_box`, when a change made after `next_box`'s cutoff moved it off
    /// the regular step (a skip, a pause, a new frequency). `None`: one step after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub box_after_next: Option<Date>,
    /// The monthly day when it is 29–31 (so February does not move it for good); `None`
    /// means the day of the box the regular steps start from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_day: Option<u8>,
    pub address: Address,
    #[serde(default = "first_version")]
    pub version: u32,
    #[serde(default)]
    pub is_wine: bool,
}

fn first_version() -> u32 {
    1
}

/// The status of [`SubscriptionData`] as stored, without its details.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum StatusName {
    Active,
    Paused,
    Cancelled,
}

/// [`SubscriptionData`]'s JSON read field by field. (Deriving `Deserialize` with the flattened,
/// internally tagged status buffers every field first: the same JSON, several times the code
/// in every wasm bundle that reads it.)
#[derive(Deserialize)]
struct FlatSubscriptionData {
    id: String,
    plan: String,
    status: StatusName,
    #[serde(default)]
    pause_from: Option<Date>,
    #[serde(default)]
    pause_until: Option<Date>,
    #[serde(default)]
    pause_boxes: Option<u8>,
    #[serde(default)]
    cancel_effective: Option<Date>,
    frequency: Frequency,
    #[serde(default)]
    next_box: Option<Date>,
    #[serde(default)]
    box_after_next: Option<Date>,
    #[serde(default)]
    monthly_day: Option<u8>,
    address: Address,
    #[serde(default = "first_version")]
    version: u32,
    #[serde(default)]
    is_wine: bool,
}

impl TryFrom<FlatSubscriptionData> for SubscriptionData {
    type Error = &'static str;

    fn try_from(f: FlatSubscriptionData) -> Result<Self, Self::Error> {
        let status = match f.status {
            StatusName::Active => Status::Active,
            StatusName::Paused => Status::Paused {
                from: f.pause_from,
                until: f.pause_until,
                boxes: f.pause_boxes,
            },
            StatusName::Cancelled => Status::Cancelled {
                effective: f
                    .cancel_effective
                    .ok_or("a cancelled subscription needs cancel_effective")?,
            },
        };
        Ok(Self {
            id: f.id,
            plan: f.plan,
            status,
            frequency: f.frequency,
            next_box: f.next_box,
            box_after_next: f.box_after_next,
            monthly_day: f.monthly_day,
            address: f.address,
            version: f.version,
            is_wine: f.is_wine,
        })
    }
}

/// Why stored data is not a valid subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SubscriptionError {
    #[error("The subscription id is missing.")]
    MissingId,
    #[error("The plan is missing.")]
    MissingPlan,
    #[error("An active or paused subscription needs a next box date.")]
    MissingNextBox,
    #[error("A pause has an end date or a number of boxes from 1 to 12 (not both), and starts before it ends.")]
    InvalidPause,
    #[error("The box after next must be at least a week after the next box, and not on a cancelled subscription.")]
    InvalidBoxAfterNext,
    #[error("The monthly day does not match the box dates.")]
    InvalidMonthlyDay,
}

impl SubscriptionError {
    /// The stable snake_case code, as serialised.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingId => "missing_id",
            Self::MissingPlan => "missing_plan",
            Self::MissingNextBox => "missing_next_box",
            Self::InvalidPause => "invalid_pause",
            Self::InvalidBoxAfterNext => "invalid_box_after_next",
            Self::InvalidMonthlyDay => "invalid_monthly_day",
        }
    }
}

/// A validated subscription. Read it from [`SubscriptionData`] (or JSON, which validates
/// too); change it only through [`preview`] / [`confirm`] and [`apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SubscriptionData", into = "SubscriptionData")]
pub struct Subscription {
    id: String,
    plan: String,
    status: Status,
    frequency: Frequency,
    next_box: Option<Date>,
    box_after_next: Option<Date>,
    /// Canonical: `Some` only for monthly subscriptions on days 29–31.
    monthly_day: Option<u8>,
    address: Address,
    version: u32,
    is_wine: bool,
}

impl TryFrom<SubscriptionData> for Subscription {
    type Error = SubscriptionError;

    fn try_from(d: SubscriptionData) -> Result<Self, Self::Error> {
        use SubscriptionError as E;
        let id = d.id.trim().to_owned();
        let plan = d.plan.trim().to_owned();
        if id.is_empty() {
            return Err(E::MissingId);
        }
        if plan.is_empty() {
            return Err(E::MissingPlan);
        }
        let cancelled = matches!(d.status, Status::Cancelled { .. });
        if let Status::Paused { from, until, boxes } = d.status {
            let boxes_ok = boxes.is_none_or(|n| (MIN_PAUSE_BOXES..=MAX_PAUSE_BOXES).contains(&n));
            let resumes = d.box_after_next.or(d.next_box);
            let from_ok = from.is_none_or(|f| resumes.is_some_and(|r| f < r));
            if (until.is_some() && boxes.is_some()) || !boxes_ok || !from_ok {
                return Err(E::InvalidPause);
            }
        }
        if !cancelled && d.next_box.is_none() {
            return Err(E::MissingNextBox);
        }
        if let Some(after) = d.box_after_next {
            let far_enough = d.next_box.is_some_and(|n| n.days_until(after) >= 7);
            if cancelled || !far_enough {
                return Err(E::InvalidBoxAfterNext);
            }
        }
        let mut monthly_day = None;
        if !cancelled {
            if let Some(day) = d.monthly_day {
                let start = d.box_after_next.or(d.next_box).ok_or(E::MissingNextBox)?;
                let probe = Cadence {
                    first: start,
                    second: None,
                    frequency: d.frequency,
                    day,
                };
                if d.frequency != Frequency::Monthly
                    || !(1..=31).contains(&day)
                    || !probe.fits(start)
                {
                    return Err(E::InvalidMonthlyDay);
                }
                monthly_day = (day > 28).then_some(day);
            }
        }
        Ok(Subscription {
            id,
            plan,
            status: d.status,
            frequency: d.frequency,
            next_box: d.next_box,
            box_after_next: d.box_after_next,
            monthly_day: if d.frequency == Frequency::Monthly {
                monthly_day
            } else {
                None
            },
            address: d.address,
            version: d.version,
            is_wine: d.is_wine,
        })
    }
}

impl From<Subscription> for SubscriptionData {
    fn from(s: Subscription) -> Self {
        SubscriptionData {
            id: s.id,
            plan: s.plan,
            status: s.status,
            frequency: s.frequency,
            next_box: s.next_box,
            box_after_next: s.box_after_next,
            monthly_day: s.monthly_day,
            address: s.address,
            version: s.version,
            is_wine: s.is_wine,
        }
    }
}

impl Subscription {
    /// A new active subscription (version 1) whose first box is `first_box`. Monthly boxes
    /// then keep its day of the month.
    pub fn new(
        id: &str,
        plan: &str,
        frequency: Frequency,
        first_box: Date,
        address: Address,
        is_wine: bool,
    ) -> Result<Self, SubscriptionError> {
        Subscription::try_from(SubscriptionData {
            id: id.to_owned(),
            plan: plan.to_owned(),
            status: Status::Active,
            frequency,
            next_box: Some(first_box),
            box_after_next: None,
            monthly_day: (frequency == Frequency::Monthly).then(|| first_box.day()),
            address,
            version: 1,
            is_wine,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn plan(&self) -> &str {
        &self.plan
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    /// The next box that ships; `None` when cancelled with nothing left to ship.
    pub fn next_box(&self) -> Option<Date> {
        self.next_box
    }

    /// See [`SubscriptionData::box_after_next`].
    pub fn box_after_next(&self) -> Option<Date> {
        self.box_after_next
    }

    /// The day of the month monthly boxes ship on (29–31 fall on the last day of shorter
    /// months); `None` for the weekly kinds and when cancelled.
    pub fn monthly_day(&self) -> Option<u8> {
        (self.frequency == Frequency::Monthly && !self.is_cancelled()).then(|| self.cadence_day())
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    /// Incremented by every applied change (optimistic concurrency at the edge).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Wine only ships to the merchant's allowed regions.
    pub fn is_wine(&self) -> bool {
        self.is_wine
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(self.status, Status::Cancelled { .. })
    }

    /// The stored form.
    pub fn to_data(&self) -> SubscriptionData {
        self.clone().into()
    }

    fn cadence_day(&self) -> u8 {
        self.monthly_day
            .unwrap_or_else(|| self.box_after_next.or(self.next_box).map_or(1, |d| d.day()))
    }

    /// The schedule of an active or paused subscription.
    fn cadence(&self) -> Option<Cadence> {
        if self.is_cancelled() {
            return None;
        }
        Some(Cadence {
            first: self.next_box?,
            second: self.box_after_next,
            frequency: self.frequency,
            day: self.cadence_day(),
        })
    }

    /// The next `n` boxes that will ship, in order, as stored (see [`Self::catch_up`] for
    /// boxes that have shipped since). A paused subscription lists the boxes after its
    /// pause; a cancelled one only a last box past its cutoff, if any.
    pub fn next_boxes(&self, n: usize) -> Vec<Date> {
        match self.cadence() {
            Some(c) => c.boxes(n),
            None => self.next_box.into_iter().take(n).collect(),
        }
    }

    /// The subscription as it stands at `now_ms`: boxes that have shipped are behind it,
    /// and a pause whose last box is past its cutoff is over. Does not change the version;
    /// the edge may store the result.
    pub fn catch_up(&self, now_ms: i64, policy: &Policy) -> Subscription {
        let mut s = self.clone();
        let unshipped = policy.first_unshipped(now_ms);
        let Some(mut next) = s.next_box else {
            return s;
        };
        if s.is_cancelled() {
            if next < unshipped {
                s.next_box = None;
            }
            return s;
        }
        let day = s.cadence_day();
        if next < unshipped {
            if let Some(after) = s.box_after_next.take() {
                // The box before a change shipped; what follows (a pause, say) stays.
                next = after;
            }
        }
        if next < unshipped {
            // The start of the regular steps shipped, so any pause is over.
            if matches!(s.status, Status::Paused { .. }) {
                s.status = Status::Active;
            }
            next = grid_on_or_after(next, s.frequency, day, unshipped);
        }
        s.next_box = Some(next);
        if matches!(s.status, Status::Paused { .. })
            && s.box_after_next.is_none()
            && !policy.is_open(next, now_ms)
        {
            // The box the pause ends with can no longer change: the pause is over.
            s.status = Status::Active;
        }
        s
    }
}

// ---------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------

/// What a change does, as data the UI renders in any language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    pub action: ActionKind,
    /// The first box the change applies to: the first paused or skipped box, the first box
    /// on the new frequency or to the new address, the first box that no longer ships
    /// (cancel), or the first box that ships again (resume).
    pub first_affected_box: Date,
    /// A box this change would otherwise have applied to is past its cutoff: it ships as
    /// planned and the change applies from `first_affected_box`.
    pub cutoff_passed: bool,
    /// Cancel only: the day the cancellation takes effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// The next box that ships after the change; `None` when none will.
    pub next_box: Option<Date>,
}

impl Effect {
    /// English summary for logs and tests, like `Skip next box: cutoff passed: applies from
    /// Dec 18; next box Dec 4`. Clients render the fields in the subscriber's language.
    pub fn describe(&self) -> String {
        let first = self.first_affected_box.short_en();
        let mut s = if self.cutoff_passed {
            format!(
                "{}: cutoff passed: applies from {first}",
                self.action.label_en()
            )
        } else {
            format!("{}: applies to the box of {first}", self.action.label_en())
        };
        if let Some(e) = self.effective {
            s.push_str(&format!("; effective {}", e.short_en()));
        }
        match self.next_box {
            Some(n) => s.push_str(&format!("; next box {}", n.short_en())),
            None => s.push_str("; no more boxes"),
        }
        s
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A previewed change: the action (normalised), its effect, and the state it leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub action: Action,
    pub effect: Effect,
    /// The version the change was computed from.
    pub base_version: u32,
    /// The new state (version `base_version + 1`).
    pub subscription: Subscription,
}

/// Why an action cannot happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ActionError {
    #[error("This subscription is cancelled.")]
    SubscriptionCancelled,
    #[error("This subscription is paused. Resume it first.")]
    SubscriptionPaused,
    #[error("This subscription is not paused.")]
    NotPaused,
    #[error("Pause for {min} to {max} boxes.")]
    PauseBoxesOutOfRange { min: u8, max: u8 },
    #[error("Pick a date after your next box ({next_box}).")]
    PauseTooShort { next_box: Date },
    #[error("A pause can last until {latest} at the latest.")]
    PauseTooLong { latest: Date },
    #[error("The subscription already has this frequency.")]
    SameFrequency,
    #[error("This is already the delivery address.")]
    SameAddress,
    #[error("We can't ship wine to {}.", .region.label_en())]
    WineRegionNotAllowed { region: Region },
    #[error("The comment can be at most {max} characters.")]
    CommentTooLong { max: u16 },
    #[error("The subscription changed in the meantime. Please review and try again.")]
    VersionConflict { current: u32 },
    #[error("The cutoff passed in the meantime. Please review the change again.")]
    EffectChanged { effect: Effect },
}

impl ActionError {
    /// The stable snake_case code, as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            Self::SubscriptionCancelled => "subscription_cancelled",
            Self::SubscriptionPaused => "subscription_paused",
            Self::NotPaused => "not_paused",
            Self::PauseBoxesOutOfRange { .. } => "pause_boxes_out_of_range",
            Self::PauseTooShort { .. } => "pause_too_short",
            Self::PauseTooLong { .. } => "pause_too_long",
            Self::SameFrequency => "same_frequency",
            Self::SameAddress => "same_address",
            Self::WineRegionNotAllowed { .. } => "wine_region_not_allowed",
            Self::CommentTooLong { .. } => "comment_too_long",
            Self::VersionConflict { .. } => "version_conflict",
            Self::EffectChanged { .. } => "effect_changed",
        }
    }

    /// HTTP status when answered over HTTP: 400 for a bad request, 409 when the
    /// subscription's state refuses it.
    pub fn status(&self) -> u16 {
        match self {
            Self::PauseBoxesOutOfRange { .. }
            | Self::PauseTooShort { .. }
            | Self::PauseTooLong { .. }
            | Self::WineRegionNotAllowed { .. }
            | Self::CommentTooLong { .. } => 400,
            _ => 409,
        }
    }
}

impl From<ShippingError> for ActionError {
    fn from(e: ShippingError) -> Self {
        match e {
            ShippingError::WineRegionNotAllowed { region } => Self::WineRegionNotAllowed { region },
        }
    }
}

/// A trimmed comment of at most 500 characters; empty is none.
fn clean_comment(comment: Option<&str>) -> Result<Option<String>, ActionError> {
    let Some(c) = comment.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    if c.chars().count() > MAX_COMMENT_CHARS {
        return Err(ActionError::CommentTooLong {
            max: MAX_COMMENT_CHARS as u16,
        });
    }
    Ok(Some(c.to_owned()))
}

/// What `action` would do to `sub` at `now_ms` (unix ms) under `policy`.
pub fn preview(
    sub: &Subscription,
    action: &Action,
    now_ms: i64,
    policy: &Policy,
) -> Result<Change, ActionError> {
    let cur = sub.catch_up(now_ms, policy);
    let Some(cadence) = cur.cadence() else {
        return Err(ActionError::SubscriptionCancelled);
    };
    let paused = matches!(cur.status, Status::Paused { .. });
    // A next box past its cutoff ships as planned; the change works on the boxes after it.
    let locked = (!policy.is_open(cadence.first, now_ms)).then_some(cadence.first);
    let open = if locked.is_some() {
        cadence.pop()
    } else {
        cadence
    };
    let mut first_affected = open.first;
    let mut cutoff_passed = locked.is_some();
    let mut effective = None;
    let mut status = cur.status;
    let mut new_open = Some(open);
    let mut address = cur.address.clone();
    let mut normalised = action.clone();

    match action {
        Action::Pause(pause) => {
            if paused {
                return Err(ActionError::SubscriptionPaused);
            }
            let after = match *pause {
                PauseFor::Boxes(n) => {
                    if !(MIN_PAUSE_BOXES..=MAX_PAUSE_BOXES).contains(&n) {
                        return Err(ActionError::PauseBoxesOutOfRange {
                            min: MIN_PAUSE_BOXES,
                            max: MAX_PAUSE_BOXES,
                        });
                    }
                    (0..n).fold(open, |c, _| c.pop())
                }
                PauseFor::Until(until) => {
                    let months = policy.max_pause_months.clamp(1, 12);
                    let latest = policy.today(now_ms).add_months(i32::from(months));
                    if until > latest {
                        return Err(ActionError::PauseTooLong { latest });
                    }
                    if until <= open.first {
                        return Err(ActionError::PauseTooShort {
                            next_box: open.first,
                        });
                    }
                    open.drop_before(until)
                }
            };
            status = match *pause {
                PauseFor::Boxes(n) => Status::Paused {
                    from: Some(open.first),
                    until: None,
                    boxes: Some(n),
                },
                PauseFor::Until(d) => Status::Paused {
                    from: Some(open.first),
                    until: Some(d),
                    boxes: None,
                },
            };
            new_open = Some(after);
        }
        Action::Resume => {
            let Status::Paused { from, .. } = cur.status else {
                return Err(ActionError::NotPaused);
            };
            // Back on the cadence the pause ends with: the earliest of its boxes that can
            // still change, comes after any box still shipping, and is not before the
            // first box the pause skipped.
            let floor = policy
                .first_open_date(now_ms)
                .max(locked.map_or(Date::MIN, |l| l.add_days(1)))
                .max(from.unwrap_or(Date::MIN));
            let resume =
                grid_on_or_after(open.first, open.frequency, open.day, floor).min(open.first);
            let before = open.step(resume, -1);
            cutoff_passed =
                before >= policy.first_unshipped(now_ms) && locked.is_none_or(|l| before > l);
            first_affected = resume;
            status = Status::Active;
            new_open = Some(Cadence {
                first: resume,
                second: None,
                ..open
            });
        }
        Action::SkipNext => {
            if paused {
                return Err(ActionError::SubscriptionPaused);
            }
            new_open = Some(open.pop());
        }
        Action::ChangeFrequency { frequency } => {
            if *frequency == cur.frequency {
                return Err(ActionError::SameFrequency);
            }
            // The first box that can change keeps its date; the new spacing follows it.
            new_open = Some(Cadence {
                first: open.first,
                second: None,
                frequency: *frequency,
                day: open.first.day(),
            });
        }
        Action::ChangeAddress { address: new } => {
            if *new == cur.address {
                return Err(ActionError::SameAddress);
            }
            if cur.is_wine {
                check_wine_destination(new, &policy.allowed_regions)?;
            }
            address = new.clone();
        }
        Action::Cancel { reason, comment } => {
            let comment = clean_comment(comment.as_deref())?;
            normalised = Action::Cancel {
                reason: *reason,
                comment,
            };
            let on = locked.unwrap_or_else(|| policy.today(now_ms));
            effective = Some(on);
            status = Status::Cancelled { effective: on };
            new_open = None;
        }
    }

    let mut after = assemble(&cur, status, locked, new_open, address);
    after.version = cur.version.saturating_add(1);
    Ok(Change {
        action: normalised,
        effect: Effect {
            action: action.kind(),
            first_affected_box: first_affected,
            cutoff_passed,
            effective,
            next_box: after.next_box,
        },
        base_version: cur.version,
        subscription: after,
    })
}

/// The subscription after a change: a locked box (if any) first, then the open cadence.
fn assemble(
    cur: &Subscription,
    status: Status,
    locked: Option<Date>,
    open: Option<Cadence>,
    address: Address,
) -> Subscription {
    let mut s = Subscription {
        status,
        address,
        box_after_next: None,
        monthly_day: None,
        ..cur.clone()
    };
    let Some(open) = open else {
        s.next_box = locked;
        return s;
    };
    s.frequency = open.frequency;
    match locked {
        Some(l) => {
            s.next_box = Some(l);
            // A paused subscription always names the box its pause ends with, even when it
            // happens to be one step after the locked box.
            let regular = !matches!(status, Status::Paused { .. })
                && open.second.is_none()
                && open.fits(l)
                && open.step(l, 1) == open.first;
            if !regular {
                s.box_after_next = Some(open.first);
            }
        }
        None => {
            s.next_box = Some(open.first);
            s.box_after_next = open.second;
        }
    }
    if open.frequency == Frequency::Monthly && open.day > 28 {
        s.monthly_day = Some(open.day);
    }
    s
}

/// Re-runs a previewed action when the subscriber confirms it: refuses if the subscription
/// changed since (`expected_version`) or if the effect is no longer the one shown (a cutoff
/// passed in between), so what was previewed is what happens.
pub fn confirm(
    sub: &Subscription,
    action: &Action,
    now_ms: i64,
    policy: &Policy,
    expected_version: u32,
    expected: &Effect,
) -> Result<Change, ActionError> {
    if sub.version != expected_version {
        return Err(ActionError::VersionConflict {
            current: sub.version,
        });
    }
    let change = preview(sub, action, now_ms, policy)?;
    if change.effect != *expected {
        return Err(ActionError::EffectChanged {
            effect: change.effect,
        });
    }
    Ok(change)
}

/// The subscription after `change`, which must have been computed from this version.
pub fn apply(sub: &Subscription, change: &Change) -> Result<Subscription, ActionError> {
    if sub.version != change.base_version {
        return Err(ActionError::VersionConflict {
            current: sub.version,
        });
    }
    Ok(change.subscription.clone())
}

#[cfg(test)]
mod tests {
    #[test]
    fn actions_follow_the_status() {
        assert_eq!(Status::Active.actions().len(), 5);
        let paused = Status::Paused {
            from: None,
            until: None,
            boxes: Some(1),
        }
        .actions();
        assert_eq!(paused[0], ActionKind::Resume);
        assert!(!paused.contains(&ActionKind::SkipNext) && !paused.contains(&ActionKind::Pause));
        let effective = Date::parse("2026-12-04").unwrap();
        assert!(Status::Cancelled { effective }.actions().is_empty());
    }

    use super::*;
    use crate::address::AddressInput;
    use proptest::prelude::*;

    const MIN: i64 = MINUTE_MS;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn addr(country: &str, region: &str, postal: &str) -> Address {
        Address::parse(&AddressInput {
            name: "Ava Martin".into(),
            line1: "410 Vine St".into(),
            city: "Somewhere".into(),
            region: region.into(),
            postal_code: postal.into(),
            country: country.into(),
            ..AddressInput::default()
        })
        .unwrap()
    }

    fn sub(frequency: Frequency, next: &str) -> Subscription {
        Subscription::new(
            "subn_ava_cellar",
            "Cellar Club — 3 bottles",
            frequency,
            d(next),
            addr("US", "CA", "95814"),
            true,
        )
        .unwrap()
    }

    /// Unix ms of `date` at `hh:mm` UTC.
    fn at(date: &str, hh: i64, mm: i64) -> i64 {
        i64::from(d(date).days()) * DAY_MS + hh * HOUR_MS + mm * MIN
    }

    fn run(s: &Subscription, action: Action, now: i64, policy: &Policy) -> Change {
        preview(s, &action, now, policy).unwrap()
    }

    #[test]
    fn cutoff_is_48_hours_before_the_ship_hour() {
        let p = Policy::default();
        // 2026-11-23 00:00 UTC is 1_795_392_000_000; Dec 2 09:00 is 9 days 9 hours later.
        assert_eq!(p.cutoff_at(d("2026-12-04")), 1_796_202_000_000);
        assert_eq!(p.ship_at(d("2026-12-04")), at("2026-12-04", 9, 0));
        let la = Policy {
            utc_offset_minutes: -480,
            ..Policy::default()
        };
        // 09:00 in UTC−8 is 17:00 UTC.
        assert_eq!(la.ship_at(d("2026-12-04")), at("2026-12-04", 17, 0));
        assert_eq!(la.today(at("2026-12-04", 7, 59)), d("2026-12-03"));
        assert!(p.is_open(d("2026-12-04"), 1_796_202_000_000 - 1));
        assert!(!p.is_open(d("2026-12-04"), 1_796_202_000_000));
        assert_eq!(p.first_open_date(1_796_202_000_000 - 1), d("2026-12-04"));
        assert_eq!(p.first_open_date(1_796_202_000_000), d("2026-12-05"));
    }

    #[test]
    fn skip_one_minute_before_and_after_the_cutoff() {
        let p = Policy::demo();
        let s = sub(Frequency::Biweekly, "2026-12-04");
        assert_eq!(
            s.next_boxes(3),
            [d("2026-12-04"), d("2026-12-18"), d("2027-01-01")]
        );

        let before = run(&s, Action::SkipNext, at("2026-12-02", 8, 59), &p);
        assert_eq!(
            before.effect.describe(),
            "Skip next box: applies to the box of Dec 4; next box Dec 18"
        );
        assert_eq!(
            before.subscription.next_boxes(2),
            [d("2026-12-18"), d("2027-01-01")]
        );
        assert_eq!(before.subscription.version(), 2);

        let after = run(&s, Action::SkipNext, at("2026-12-02", 9, 1), &p);
        assert_eq!(
            after.effect.describe(),
            "Skip next box: cutoff passed: applies from Dec 18; next box Dec 4"
        );
        assert_eq!(
            after.subscription.next_boxes(3),
            [d("2026-12-04"), d("2027-01-01"), d("2027-01-15")]
        );
        assert_eq!(after.subscription.box_after_next(), Some(d("2027-01-01")));

        // Once the Dec 4 box has shipped, the schedule continues after the skip.
        let later = after.subscription.catch_up(at("2026-12-04", 9, 0), &p);
        assert_eq!(later.next_boxes(2), [d("2027-01-01"), d("2027-01-15")]);
        assert_eq!(later.box_after_next(), None);
    }

    #[test]
    fn pause_for_boxes_and_resume() {
        let p = Policy::demo();
        let s = sub(Frequency::Weekly, "2026-12-04");
        let now = at("2026-11-30", 12, 0);
        let paused = run(&s, Action::Pause(PauseFor::Boxes(3)), now, &p);
        assert_eq!(
            paused.effect.describe(),
            "Pause: applies to the box of Dec 4; next box Dec 25"
        );
        let ps = apply(&s, &paused).unwrap();
        assert_eq!(
            ps.status(),
            Status::Paused {
                from: Some(d("2026-12-04")),
                until: None,
                boxes: Some(3)
            }
        );
        assert_eq!(
            preview(&ps, &Action::SkipNext, now, &p),
            Err(ActionError::SubscriptionPaused)
        );
        // Resuming right away gives back the original schedule.
        let resumed = run(&ps, Action::Resume, now, &p);
        assert_eq!(resumed.subscription.next_boxes(4), s.next_boxes(4));
        assert_eq!(resumed.subscription.status(), Status::Active);
        // Resuming on Dec 10 after 09:00: Dec 11 is past its cutoff, so Dec 18.
        let late = run(&ps, Action::Resume, at("2026-12-09", 9, 0), &p);
        assert_eq!(
            late.effect.describe(),
            "Resume: cutoff passed: applies from Dec 18; next box Dec 18"
        );
        assert_eq!(
            preview(&s, &Action::Resume, now, &p),
            Err(ActionError::NotPaused)
        );
        assert_eq!(
            preview(&ps, &Action::Pause(PauseFor::Boxes(1)), now, &p),
            Err(ActionError::SubscriptionPaused)
        );
        for n in [0, 13] {
            assert_eq!(
                preview(&s, &Action::Pause(PauseFor::Boxes(n)), now, &p)
                    .unwrap_err()
                    .code(),
                "pause_boxes_out_of_range"
            );
        }
    }

    #[test]
    fn pause_until_a_date_within_six_months() {
        let p = Policy::demo();
        let s = sub(Frequency::Weekly, "2026-12-04");
        let now = at("2026-11-30", 12, 0);
        let c = run(&s, Action::Pause(PauseFor::Until(d("2027-01-10"))), now, &p);
        // Fridays Dec 4 … Jan 8 are skipped; the first box on or after Jan 10 is Jan 15.
        assert_eq!(
            c.subscription.next_boxes(2),
            [d("2027-01-15"), d("2027-01-22")]
        );
        assert_eq!(
            c.subscription.status(),
            Status::Paused {
                from: Some(d("2026-12-04")),
                until: Some(d("2027-01-10")),
                boxes: None
            }
        );
        let pause = |until: &str| preview(&s, &Action::Pause(PauseFor::Until(d(until))), now, &p);
        assert!(pause("2027-05-30").is_ok());
        assert_eq!(
            pause("2027-05-31"),
            Err(ActionError::PauseTooLong {
                latest: d("2027-05-30")
            })
        );
        assert_eq!(
            pause("2026-12-04"),
            Err(ActionError::PauseTooShort {
                next_box: d("2026-12-04")
            })
        );
        assert_eq!(
            pause("2026-12-04").unwrap_err().to_string(),
            "Pick a date after your next box (2026-12-04)."
        );
    }

    #[test]
    fn a_pause_after_the_cutoff_keeps_the_locked_box_and_ends_at_its_last_cutoff() {
        let p = Policy::demo();
        let s = sub(Frequency::Weekly, "2026-12-04");
        let c = run(
            &s,
            Action::Pause(PauseFor::Boxes(2)),
            at("2026-12-02", 10, 0),
            &p,
        );
        assert_eq!(
            c.effect.describe(),
            "Pause: cutoff passed: applies from Dec 11; next box Dec 4"
        );
        let ps = c.subscription;
        assert_eq!(
            ps.next_boxes(3),
            [d("2026-12-04"), d("2026-12-25"), d("2027-01-01")]
        );
        let shipped = ps.catch_up(at("2026-12-04", 9, 0), &p);
        assert!(matches!(shipped.status(), Status::Paused { .. }));
        assert_eq!(shipped.next_box(), Some(d("2026-12-25")));
        assert!(matches!(
            ps.catch_up(at("2026-12-23", 8, 59), &p).status(),
            Status::Paused { .. }
        ));
        let over = ps.catch_up(at("2026-12-23", 9, 0), &p);
        assert_eq!(
            (over.status(), over.next_box()),
            (Status::Active, Some(d("2026-12-25")))
        );
        assert_eq!(
            preview(&ps, &Action::Resume, at("2026-12-23", 9, 0), &p),
            Err(ActionError::NotPaused)
        );
    }

    #[test]
    fn frequency_changes_keep_the_first_box_that_can_change() {
        let p = Policy::demo();
        let s = sub(Frequency::Biweekly, "2026-12-04");
        let monthly = Action::ChangeFrequency {
            frequency: Frequency::Monthly,
        };
        let c = run(&s, monthly.clone(), at("2026-11-30", 0, 0), &p);
        assert_eq!(
            c.subscription.next_boxes(3),
            [d("2026-12-04"), d("2027-01-04"), d("2027-02-04")]
        );
        assert_eq!(c.subscription.monthly_day(), Some(4));
        let late = run(&s, monthly, at("2026-12-03", 0, 0), &p);
        assert_eq!(
            late.effect.describe(),
            "Change frequency: cutoff passed: applies from Dec 18; next box Dec 4"
        );
        assert_eq!(
            late.subscription.next_boxes(4),
            [
                d("2026-12-04"),
                d("2026-12-18"),
                d("2027-01-18"),
                d("2027-02-18")
            ]
        );
        assert_eq!(
            preview(
                &s,
                &Action::ChangeFrequency {
                    frequency: Frequency::Biweekly
                },
                0,
                &p
            ),
            Err(ActionError::SameFrequency)
        );
    }

    #[test]
    fn monthly_boxes_on_the_31st_come_back_after_february() {
        let p = Policy::demo();
        let s = sub(Frequency::Monthly, "2027-01-31");
        assert_eq!(
            s.next_boxes(4),
            [
                d("2027-01-31"),
                d("2027-02-28"),
                d("2027-03-31"),
                d("2027-04-30")
            ]
        );
        let feb = s.catch_up(at("2027-02-01", 0, 0), &p);
        assert_eq!(feb.next_box(), Some(d("2027-02-28")));
        assert_eq!(feb.next_boxes(2)[1], d("2027-03-31"));
        let json = serde_json::to_value(&feb).unwrap();
        assert_eq!(json["monthly_day"], 31);
        let back: Subscription = serde_json::from_value(json).unwrap();
        assert_eq!(back, feb);
        let mut data = feb.to_data();
        data.next_box = Some(d("2027-02-27"));
        assert_eq!(
            Subscription::try_from(data),
            Err(SubscriptionError::InvalidMonthlyDay)
        );
        // Pause two boxes and resume: still the last day of the month.
        let now = at("2027-02-01", 0, 0);
        let paused = apply(&feb, &run(&feb, Action::Pause(PauseFor::Boxes(2)), now, &p)).unwrap();
        assert_eq!(paused.next_box(), Some(d("2027-04-30")));
        let resumed = run(&paused, Action::Resume, now, &p).subscription;
        assert_eq!(resumed.next_boxes(3), feb.next_boxes(3));
    }

    #[test]
    fn wine_address_changes_name_the_refused_region() {
        let p = Policy::demo();
        let s = sub(Frequency::Monthly, "2026-12-04");
        let to = |a: Address| Action::ChangeAddress { address: a };
        let err = preview(&s, &to(addr("US", "UT", "84101")), 0, &p).unwrap_err();
        assert_eq!(err.to_string(), "We can't ship wine to Utah (US-UT).");
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({"code": "wine_region_not_allowed", "region": "US-UT"})
        );
        let err = preview(&s, &to(addr("SE", "", "11455")), 0, &p).unwrap_err();
        assert_eq!(err.to_string(), "We can't ship wine to Sweden (SE).");

        let oregon = addr("US", "OR", "97201");
        let c = run(&s, to(oregon.clone()), at("2026-12-01", 0, 0), &p);
        assert_eq!(
            c.effect.describe(),
            "Change address: applies to the box of Dec 4; next box Dec 4"
        );
        assert_eq!(c.subscription.address(), &oregon);
        let late = run(&s, to(oregon.clone()), at("2026-12-03", 0, 0), &p);
        assert_eq!(
            late.effect.describe(),
            "Change address: cutoff passed: applies from Jan 4; next box Dec 4"
        );
        assert_eq!(late.subscription.next_boxes(3), s.next_boxes(3));
        assert_eq!(
            preview(&s, &to(s.address().clone()), 0, &p),
            Err(ActionError::SameAddress)
        );
        // Not wine: anywhere goes. Wine with no regions configured: nowhere.
        let mut cheese = s.to_data();
        cheese.is_wine = false;
        let cheese = Subscription::try_from(cheese).unwrap();
        assert!(preview(&cheese, &to(addr("US", "UT", "84101")), 0, &p).is_ok());
        assert!(preview(&s, &to(oregon), 0, &Policy::default()).is_err());
    }

    #[test]
    fn cancel_before_and_after_the_cutoff() {
        let p = Policy::demo();
        let s = sub(Frequency::Biweekly, "2026-12-04");
        let cancel = Action::Cancel {
            reason: Some(CancelReason::TooMuchProduct),
            comment: Some("  Lovely, but too much.  ".into()),
        };
        let c = run(&s, cancel.clone(), at("2026-11-30", 15, 0), &p);
        assert_eq!(
            c.effect.describe(),
            "Cancel: applies to the box of Dec 4; effective Nov 30; no more boxes"
        );
        assert_eq!(
            c.action,
            Action::Cancel {
                reason: Some(CancelReason::TooMuchProduct),
                comment: Some("Lovely, but too much.".into())
            }
        );
        assert!(c.subscription.next_boxes(5).is_empty());
        assert_eq!(
            c.subscription.status(),
            Status::Cancelled {
                effective: d("2026-11-30")
            }
        );

        let late = run(&s, cancel, at("2026-12-03", 15, 0), &p);
        assert_eq!(
            late.effect.describe(),
            "Cancel: cutoff passed: applies from Dec 18; effective Dec 4; next box Dec 4"
        );
        let cs = late.subscription;
        assert_eq!(cs.next_boxes(5), [d("2026-12-04")]);
        assert_eq!(cs.catch_up(at("2026-12-04", 9, 0), &p).next_box(), None);

        let bare = Action::Cancel {
            reason: None,
            comment: Some(" ".into()),
        };
        assert_eq!(
            run(&s, bare, 0, &p).action,
            Action::Cancel {
                reason: None,
                comment: None
            }
        );
        let long = Action::Cancel {
            reason: Some(CancelReason::Other),
            comment: Some("é".repeat(501)),
        };
        assert_eq!(
            preview(&s, &long, 0, &p),
            Err(ActionError::CommentTooLong { max: 500 })
        );
        for action in [
            Action::Resume,
            Action::SkipNext,
            Action::Pause(PauseFor::Boxes(1)),
        ] {
            assert_eq!(
                preview(&cs, &action, 0, &p),
                Err(ActionError::SubscriptionCancelled)
            );
        }
    }

    #[test]
    fn confirm_refuses_a_stale_version_or_a_changed_effect() {
        let p = Policy::demo();
        let s = sub(Frequency::Biweekly, "2026-12-04");
        let shown = run(&s, Action::SkipNext, at("2026-12-02", 8, 59), &p);
        assert_eq!(
            confirm(
                &s,
                &Action::SkipNext,
                at("2026-12-02", 8, 59),
                &p,
                1,
                &shown.effect
            ),
            Ok(shown.clone())
        );
        let err = confirm(
            &s,
            &Action::SkipNext,
            at("2026-12-02", 9, 1),
            &p,
            1,
            &shown.effect,
        )
        .unwrap_err();
        assert_eq!(err.code(), "effect_changed");
        assert!(matches!(err, ActionError::EffectChanged { effect } if effect.cutoff_passed));
        assert_eq!(
            confirm(&s, &Action::SkipNext, 0, &p, 7, &shown.effect),
            Err(ActionError::VersionConflict { current: 1 })
        );
        let newer = apply(&s, &shown).unwrap();
        assert_eq!(newer.version(), 2);
        assert_eq!(
            apply(&newer, &shown),
            Err(ActionError::VersionConflict { current: 2 })
        );
    }

    #[test]
    fn stale_rows_catch_up_to_now() {
        let p = Policy::demo();
        let s = sub(Frequency::Weekly, "2026-12-04");
        let now = at("2026-12-20", 12, 0);
        assert_eq!(s.catch_up(now, &p).next_box(), Some(d("2026-12-25")));
        // An action on a stale row works from the boxes still to come.
        let c = run(&s, Action::SkipNext, now, &p);
        assert_eq!(c.effect.first_affected_box, d("2026-12-25"));
        assert_eq!(c.subscription.next_box(), Some(d("2027-01-01")));
        assert_eq!(s.catch_up(at("2026-12-04", 8, 59), &p), s);
    }

    #[test]
    fn json_shapes() {
        let s = sub(Frequency::Weekly, "2026-12-04");
        let paused = run(
            &s,
            Action::Pause(PauseFor::Boxes(3)),
            at("2026-11-30", 0, 0),
            &Policy::demo(),
        )
        .subscription;
        let json = serde_json::to_value(&paused).unwrap();
        assert_eq!(json["status"], "paused");
        assert_eq!(json["pause_boxes"], 3);
        assert_eq!(json["pause_from"], "2026-12-04");
        assert_eq!(json["frequency"], "weekly");
        assert_eq!(json["next_box"], "2026-12-25");
        assert_eq!(json["version"], 2);
        assert_eq!(json["address"]["region"], "CA");
        assert!(json.get("box_after_next").is_none() && json.get("monthly_day").is_none());
        assert_eq!(
            serde_json::from_value::<Subscription>(json).unwrap(),
            paused
        );

        // A seed row: paused with no details, no version yet.
        let row = serde_json::json!({
            "id": "subn_eero_bread", "plan": "Artisan Bread & Provisions", "status": "paused",
            "frequency": "weekly", "next_box": "2026-12-14",
            "address": {"name":"Eero Virtanen","line1":"Mannerheimintie 5","city":"Helsinki","region":"","postal_code":"00100","country":"FI"}
        });
        let eero: Subscription = serde_json::from_value(row).unwrap();
        assert_eq!(
            (eero.version(), eero.status().as_str(), eero.is_wine()),
            (1, "paused", false)
        );

        let actions = [
            (
                Action::Pause(PauseFor::Boxes(3)),
                r#"{"action":"pause","boxes":3}"#,
            ),
            (
                Action::Pause(PauseFor::Until(d("2027-01-10"))),
                r#"{"action":"pause","until":"2027-01-10"}"#,
            ),
            (Action::Resume, r#"{"action":"resume"}"#),
            (Action::SkipNext, r#"{"action":"skip_next"}"#),
            (
                Action::ChangeFrequency {
                    frequency: Frequency::Biweekly,
                },
                r#"{"action":"change_frequency","frequency":"biweekly"}"#,
            ),
            (
                Action::Cancel {
                    reason: Some(CancelReason::DeliveryProblems),
                    comment: None,
                },
                r#"{"action":"cancel","reason":"delivery_problems","comment":null}"#,
            ),
        ];
        for (action, text) in actions {
            assert_eq!(serde_json::to_string(&action).unwrap(), text);
            assert_eq!(serde_json::from_str::<Action>(text).unwrap(), action);
        }
        assert_eq!(
            serde_json::from_str::<Action>(r#"{"action":"cancel"}"#).unwrap(),
            Action::Cancel {
                reason: None,
                comment: None
            }
        );
        assert!(serde_json::from_str::<Action>(r#"{"action":"cancel","reason":"bored"}"#).is_err());

        let effect = run(
            &s,
            Action::SkipNext,
            at("2026-12-03", 0, 0),
            &Policy::demo(),
        )
        .effect;
        assert_eq!(
            serde_json::to_value(effect).unwrap(),
            serde_json::json!({
                "action": "skip_next", "first_affected_box": "2026-12-11",
                "cutoff_passed": true, "next_box": "2026-12-04"
            })
        );
    }

    #[test]
    fn error_codes_match_serde() {
        let region = Region::parse("US-UT").unwrap();
        let effect = Effect {
            action: ActionKind::Pause,
            first_affected_box: Date::MIN,
            cutoff_passed: false,
            effective: None,
            next_box: None,
        };
        let errors = [
            ActionError::SubscriptionCancelled,
            ActionError::SubscriptionPaused,
            ActionError::NotPaused,
            ActionError::PauseBoxesOutOfRange { min: 1, max: 12 },
            ActionError::PauseTooShort {
                next_box: Date::MIN,
            },
            ActionError::PauseTooLong { latest: Date::MIN },
            ActionError::SameFrequency,
            ActionError::SameAddress,
            ActionError::WineRegionNotAllowed { region },
            ActionError::CommentTooLong { max: 500 },
            ActionError::VersionConflict { current: 1 },
            ActionError::EffectChanged { effect },
        ];
        for e in errors {
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["code"], e.code());
            assert_eq!(serde_json::from_value::<ActionError>(json).unwrap(), e);
            assert!(!e.to_string().is_empty());
            assert!(matches!(e.status(), 400 | 409));
        }
        for e in [
            SubscriptionError::MissingId,
            SubscriptionError::MissingPlan,
            SubscriptionError::MissingNextBox,
            SubscriptionError::InvalidPause,
            SubscriptionError::InvalidBoxAfterNext,
            SubscriptionError::InvalidMonthlyDay,
        ] {
            assert_eq!(serde_json::to_value(e).unwrap()["code"], e.code());
        }
        for e in [
            PolicyError::CutoffTooLong { max: 168 },
            PolicyError::InvalidUtcOffset,
            PolicyError::InvalidShipHour,
            PolicyError::InvalidMaxPauseMonths,
        ] {
            assert_eq!(serde_json::to_value(e).unwrap()["code"], e.code());
        }
        for f in Frequency::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
            assert_eq!(Frequency::parse(f.as_str()), Some(f));
        }
        for r in CancelReason::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }

    #[test]
    fn stored_data_is_validated() {
        let good = sub(Frequency::Weekly, "2026-12-04").to_data();
        let bad = |f: fn(&mut SubscriptionData)| {
            let mut data = good.clone();
            f(&mut data);
            Subscription::try_from(data).unwrap_err()
        };
        assert_eq!(bad(|d| d.id = " ".into()), SubscriptionError::MissingId);
        assert_eq!(bad(|d| d.plan.clear()), SubscriptionError::MissingPlan);
        assert_eq!(
            bad(|d| d.next_box = None),
            SubscriptionError::MissingNextBox
        );
        assert_eq!(
            bad(|d| d.status = Status::Paused {
                from: None,
                until: Some(Date::MIN),
                boxes: Some(1)
            }),
            SubscriptionError::InvalidPause
        );
        assert_eq!(
            bad(|d| d.status = Status::Paused {
                from: None,
                until: None,
                boxes: Some(13)
            }),
            SubscriptionError::InvalidPause
        );
        assert_eq!(
            bad(|d| d.status = Status::Paused {
                from: d.next_box,
                until: None,
                boxes: Some(2)
            }),
            SubscriptionError::InvalidPause
        );
        assert_eq!(
            bad(|d| d.box_after_next = d.next_box.map(|n| n.add_days(6))),
            SubscriptionError::InvalidBoxAfterNext
        );
        assert_eq!(
            bad(|d| d.monthly_day = Some(4)),
            SubscriptionError::InvalidMonthlyDay
        );
        let mut cancelled = good.clone();
        cancelled.status = Status::Cancelled {
            effective: Date::MIN,
        };
        cancelled.next_box = None;
        assert!(Subscription::try_from(cancelled).is_ok());
    }

    #[test]
    fn policy_reads_merchant_settings() {
        let p: Policy = serde_json::from_str(
            r#"{"cutoff_hours":48,"first_response_minutes":5,"business_hours":{"days":[1,2,3]}}"#,
        )
        .unwrap();
        assert_eq!(p, Policy::default());
        let p: Policy = serde_json::from_str(
            r#"{"cutoff_hours":24,"utc_offset_minutes":120,"ship_hour":6,"allowed_regions":["us-ca","FI"]}"#,
        )
        .unwrap();
        assert_eq!(p.allowed_regions[0].to_string(), "US-CA");
        assert_eq!(p.ship_at(d("2026-12-04")), at("2026-12-04", 4, 0));
        assert!(serde_json::from_str::<Policy>(r#"{"cutoff_hours":169}"#).is_err());
        assert!(serde_json::from_str::<Policy>(r#"{"ship_hour":24}"#).is_err());
        assert!(serde_json::from_str::<Policy>(r#"{"allowed_regions":["Utah"]}"#).is_err());
        assert_eq!(
            Policy {
                max_pause_months: 0,
                ..Policy::default()
            }
            .validate(),
            Err(PolicyError::InvalidMaxPauseMonths)
        );
        assert_eq!(Policy::demo().validate(), Ok(()));
    }

    // ---- properties --------------------------------------------------------------------

    #[derive(Debug, Clone)]
    enum Seed {
        PauseBoxes(u8),
        PauseUntil(i32),
        Resume,
        Skip,
        Frequency(Frequency),
        Address(usize),
        Cancel(Option<CancelReason>, usize),
    }

    const PLACES: [(&str, &str, &str); 5] = [
        ("US", "CA", "95814"),
        ("US", "OR", "97201"),
        ("US", "UT", "84101"),
        ("FI", "", "00100"),
        ("SE", "", "11455"),
    ];

    fn action_of(seed: &Seed, now: i64, policy: &Policy) -> Action {
        match *seed {
            Seed::PauseBoxes(n) => Action::Pause(PauseFor::Boxes(n)),
            Seed::PauseUntil(days) => {
                Action::Pause(PauseFor::Until(policy.today(now).add_days(days)))
            }
            Seed::Resume => Action::Resume,
            Seed::Skip => Action::SkipNext,
            Seed::Frequency(frequency) => Action::ChangeFrequency { frequency },
            Seed::Address(i) => {
                let (c, r, z) = PLACES[i % PLACES.len()];
                Action::ChangeAddress {
                    address: addr(c, r, z),
                }
            }
            Seed::Cancel(reason, len) => Action::Cancel {
                reason,
                comment: (len > 0).then(|| "x".repeat(len)),
            },
        }
    }

    fn frequency() -> impl Strategy<Value = Frequency> {
        prop::sample::select(Frequency::ALL.to_vec())
    }

    fn seed() -> impl Strategy<Value = Seed> {
        prop_oneof![
            (0u8..=13).prop_map(Seed::PauseBoxes),
            (-5i32..=200).prop_map(Seed::PauseUntil),
            Just(Seed::Resume),
            Just(Seed::Skip),
            frequency().prop_map(Seed::Frequency),
            (0usize..PLACES.len()).prop_map(Seed::Address),
            (
                proptest::option::of(prop::sample::select(CancelReason::ALL.to_vec())),
                0usize..=505
            )
                .prop_map(|(r, n)| Seed::Cancel(r, n)),
        ]
    }

    fn policy() -> impl Strategy<Value = Policy> {
        (0u32..=MAX_CUTOFF_HOURS, -720i32..=840, 0u8..=23).prop_map(
            |(cutoff_hours, off, ship_hour)| Policy {
                cutoff_hours,
                utc_offset_minutes: off,
                ship_hour,
                ..Policy::demo()
            },
        )
    }

    /// A fresh subscription and a moment around its first box (up to 30 days before, or a
    /// few days after when the row is stale).
    fn start() -> impl Strategy<Value = (Subscription, i64)> {
        (
            frequency(),
            0i32..730,
            1u8..=31,
            any::<bool>(),
            1u32..1000,
            -5 * DAY_MS..30 * DAY_MS,
        )
            .prop_map(|(f, offset, day, is_wine, version, before)| {
                let base = d("2026-01-01").add_days(offset);
                let first = if f == Frequency::Monthly {
                    base.add_months_on_day(0, day)
                } else {
                    base
                };
                let mut data = sub(f, "2026-01-01").to_data();
                data.next_box = Some(first);
                data.monthly_day = (f == Frequency::Monthly).then_some(day);
                data.version = version;
                data.is_wine = is_wine;
                let s = Subscription::try_from(data).unwrap();
                let now = i64::from(first.days()) * DAY_MS - before;
                (s, now)
            })
    }

    fn strictly_increasing(boxes: &[Date]) -> bool {
        boxes.windows(2).all(|w| w[0] < w[1])
    }

    /// The effect a preview promised is what the new state does.
    fn check_effect(
        before: &Subscription,
        change: &Change,
        now: i64,
        policy: &Policy,
    ) -> Result<(), TestCaseError> {
        let old = before.next_boxes(40);
        let new = change.subscription.next_boxes(40);
        let e = change.effect;
        let f = e.first_affected_box;
        prop_assert!(policy.is_open(f, now), "the affected box can still change");
        prop_assert!(strictly_increasing(&new));
        prop_assert!(
            new.iter().all(|b| policy.ship_at(*b) > now),
            "no box in the past"
        );
        let untouched = |v: &[Date]| v.iter().copied().filter(|b| *b < f).collect::<Vec<_>>();
        prop_assert_eq!(
            untouched(&old),
            untouched(&new),
            "boxes before the effect stay"
        );
        prop_assert_eq!(e.next_box, change.subscription.next_box());
        prop_assert_eq!(e.action, change.action.kind());
        if e.action != ActionKind::Resume {
            prop_assert_eq!(e.cutoff_passed, !policy.is_open(old[0], now));
        }
        if e.cutoff_passed && e.action != ActionKind::Resume {
            prop_assert_eq!(new.first(), old.first(), "the locked box still ships");
        }
        match &change.action {
            Action::Pause(_) | Action::SkipNext => {
                prop_assert!(old.contains(&f) && !new.contains(&f));
            }
            Action::Resume => prop_assert!(new.contains(&f)),
            Action::ChangeFrequency { frequency } => {
                let i = new.iter().position(|b| *b == f);
                prop_assert!(i.is_some());
                let i = i.unwrap_or_default();
                prop_assert_eq!(new[i + 1], step(f, *frequency, f.day(), 1));
                prop_assert_eq!(change.subscription.frequency(), *frequency);
            }
            Action::ChangeAddress { address } => {
                prop_assert_eq!(&old, &new);
                prop_assert_eq!(change.subscription.address(), address);
            }
            Action::Cancel { .. } => {
                prop_assert!(new.len() <= 1 && !new.contains(&f));
                let effective = match change.subscription.status() {
                    Status::Cancelled { effective } => Some(effective),
                    _ => None,
                };
                prop_assert_eq!(e.effective, effective);
            }
        }
        Ok(())
    }

    proptest! {
        /// Schedule never goes backwards: boxes are strictly increasing through any run of
        /// actions, no change schedules a box in the past, and catching up only moves forward.
        #[test]
        fn the_schedule_never_goes_backwards(
            (s, now) in start(), p in policy(),
            steps in prop::collection::vec((0..10 * DAY_MS, seed()), 1..10),
            later in 0..60 * DAY_MS,
        ) {
            let mut s = s;
            let mut now = now;
            for (dt, seed) in steps {
                now += dt;
                prop_assert!(strictly_increasing(&s.next_boxes(30)));
                let up = s.catch_up(now, &p);
                if let (Some(a), Some(b)) = (s.next_box(), up.next_box()) {
                    prop_assert!(b >= a);
                }
                prop_assert_eq!(up.catch_up(now + later, &p), s.catch_up(now + later, &p));
                if let Ok(change) = preview(&s, &action_of(&seed, now, &p), now, &p) {
                    s = apply(&s, &change).unwrap();
                    prop_assert!(s.next_boxes(30).iter().all(|b| p.ship_at(*b) > now));
                }
            }
        }

        /// A preview and its confirmation give the same change, and the state it leads to
        /// does what the effect says.
        #[test]
        fn preview_and_confirmation_agree(
            (s, now) in start(), p in policy(),
            steps in prop::collection::vec((0..10 * DAY_MS, seed()), 1..10),
        ) {
            let mut s = s;
            let mut now = now;
            for (dt, seed) in steps {
                now += dt;
                let action = action_of(&seed, now, &p);
                let Ok(change) = preview(&s, &action, now, &p) else { continue };
                let confirmed = confirm(&s, &action, now, &p, s.version(), &change.effect);
                prop_assert_eq!(confirmed.as_ref(), Ok(&change));
                check_effect(&s.catch_up(now, &p), &change, now, &p)?;
                let next = apply(&s, &change).unwrap();
                prop_assert_eq!(next.version(), s.version() + 1);
                let json = serde_json::to_string(&next).unwrap();
                prop_assert_eq!(serde_json::from_str::<Subscription>(&json).unwrap(), next.clone());
                s = next;
            }
        }

        /// Nothing can be done to a cancelled subscription.
        #[test]
        fn a_cancelled_subscription_refuses_every_action(
            (s, now) in start(), p in policy(), later in 0..90 * DAY_MS, seed in seed(),
        ) {
            let cancel = Action::Cancel { reason: None, comment: None };
            let cancelled = apply(&s, &preview(&s, &cancel, now, &p).unwrap()).unwrap();
            let then = now + later;
            prop_assert_eq!(
                preview(&cancelled, &action_of(&seed, then, &p), then, &p),
                Err(ActionError::SubscriptionCancelled)
            );
            prop_assert_eq!(
                preview(&cancelled, &cancel, then, &p),
                Err(ActionError::SubscriptionCancelled)
            );
        }

        /// Pause then resume comes back to the original cadence (same weekday or day of the
        /// month, same spacing); resuming at once gives back the very same boxes.
        #[test]
        fn pause_then_resume_returns_to_the_cadence(
            (s, now) in start(), p in policy(),
            (by_date, boxes, days) in (any::<bool>(), 1u8..=12, 1i32..=180),
            wait in prop_oneof![Just(0i64), 0..120 * DAY_MS],
        ) {
            let original = s.catch_up(now, &p);
            let pause = if by_date {
                PauseFor::Until(p.today(now).add_days(days))
            } else {
                PauseFor::Boxes(boxes)
            };
            let Ok(paused) = preview(&s, &Action::Pause(pause), now, &p) else { return Ok(()) };
            let paused = apply(&s, &paused).unwrap();
            let then = now + wait;
            let Ok(resumed) = preview(&paused, &Action::Resume, then, &p) else {
                // Only once the pause is over.
                prop_assert_eq!(paused.catch_up(then, &p).status(), Status::Active);
                return Ok(());
            };
            let boxes = resumed.subscription.next_boxes(24);
            let start = original.next_box().unwrap();
            let on_cadence = |b: Date| match original.frequency() {
                Frequency::Monthly => b.day() == original.cadence_day().min(days_in_month(b.year(), b.month())),
                f => start.days_until(b).rem_euclid(f.days().unwrap_or(7)) == 0,
            };
            prop_assert!(boxes.iter().all(|b| on_cadence(*b)), "{:?} vs {:?}", boxes, original.next_boxes(3));
            if original.frequency() != Frequency::Monthly {
                prop_assert!(boxes.iter().all(|b| b.weekday() == start.weekday()));
            }
            prop_assert!(strictly_increasing(&boxes));
            if wait == 0 {
                prop_assert_eq!(boxes, original.next_boxes(24));
            }
        }
    }
}
