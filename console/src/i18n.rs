//! Console strings (agents work in English for now; the catalogue keeps every string in one
//! place, including the parameterised ones and the text of system events and error codes).

use shared::address::{country_name_en, FieldProblem};
use shared::api::{PresenceStatus, QueueStatus};
use shared::date::Date;
use shared::protocol::SystemEvent;
use shared::selfservice::{Actor, SubscriptionApiError};
use shared::subscription::{ActionKind, CancelReason, Effect, Frequency, Status};
use shared::{ApiError, ErrorCode};

use shared::metrics::{Period, Standing};
use shared::support::Channel;
use shared::surveys::{ContactReason, MetricKind, RangeError, SurveyKind};

use crate::dashboard::{Direction, TargetField, TargetProblem, Unit};
use crate::format::format_day;

/// The document title without a badge.
pub const TITLE: &str = "Cellar Door — Agent console";
/// Money is shown with this symbol (the API gives amounts in cents only).
pub const CURRENCY_SYMBOL: &str = "$";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Product,
    SignInTitle,
    SignInLead,
    Email,
    Password,
    SignIn,
    SigningIn,
    Loading,
    // Shell
    AgentConsole,
    Status,
    Online,
    Away,
    Offline,
    Sound,
    SignOut,
    ConnConnecting,
    ConnLive,
    ConnReconnecting,
    // Queue
    Queue,
    Waiting,
    Mine,
    Others,
    Resolved,
    Escalated,
    EmptySection,
    WaitingTime,
    ResponseTime,
    Unread,
    // Conversation
    PickConversation,
    PickConversationLead,
    Conversation,
    Actions,
    Claim,
    TransferTo,
    ChooseAgent,
    Transfer,
    EscalateNote,
    EscalateNotePlaceholder,
    Escalate,
    Resolve,
    Working,
    Messages,
    NoMessages,
    You,
    Visitor,
    System,
    Sending,
    Sent,
    NotSent,
    Read,
    CannedReply,
    CannedPlaceholder,
    Composer,
    ComposerPlaceholder,
    Send,
    // Context
    Customer,
    AnonymousVisitor,
    FollowUpEmail,
    NoEmail,
    Subscriptions,
    NoSubscriptions,
    NextBox,
    Orders,
    NoOrders,
    Previous,
    NoPrevious,
    NotRated,
    ContextUnavailable,
    Today,
    Tomorrow,
    // Subscriptions on the subscriber's behalf
    SubscriptionsUnavailable,
    ChangeHistory,
    NoChanges,
    ChangesUntil,
    CutoffPassedNow,
    ShipTo,
    ActOnBehalf,
    PauseForBoxes,
    PauseUntilDate,
    Boxes,
    ResumeOnOrAfter,
    NewFrequency,
    CancelReasonLabel,
    NoReasonGiven,
    CommentLabel,
    AddressName,
    AddressLine1,
    AddressLine2,
    AddressCity,
    AddressRegion,
    AddressPostalCode,
    AddressCountry,
    PreviewChange,
    Checking,
    Applying,
    CloseForm,
    SubscriberActor,
    ReferenceLabel,
    ErrPauseBoxes,
    ErrPauseDate,
    ErrCheckAddress,
    ErrConflict,
    ErrEffectChanged,
    ErrSubscriptionGone,
    // Dashboard
    ConsoleSections,
    NavInbox,
    NavDashboard,
    DashTitle,
    DashLead,
    DashFilters,
    DateFrom,
    DateTo,
    GroupBy,
    Daily,
    Weekly,
    Monthly,
    AgentFilter,
    WholeTeam,
    ChannelFilter,
    AllChannels,
    LiveChat,
    OfflineMessages,
    Updating,
    MetricsUnavailable,
    TryAgain,
    Tiles,
    TargetLabel,
    NoTarget,
    VsPrevious,
    NoAnswers,
    DownloadCsv,
    DownloadTilesCsv,
    Trends,
    Breakdowns,
    ContactReasons,
    CancelReasons,
    NothingRecorded,
    PeriodStart,
    ValueLabel,
    AnswersLabel,
    ReasonLabel,
    CountLabel,
    ShareLabel,
    // CSV columns (with ValueLabel, AnswersLabel, TargetLabel, PeriodStart, ReasonLabel, CountLabel)
    MetricCodeLabel,
    MetricLabel,
    UnitLabel,
    PreviousPeriodLabel,
    ChangeLabel,
    StandingLabel,
    ReasonCodeLabel,
    SharePercentLabel,
    RecentComments,
    NoComments,
    OpenConversation,
    ScoreLabel,
    AgentLabel,
    Targets,
    TargetsLeadOnly,
    SaveTargets,
    Saving,
    TargetsSaved,
    TargetsUnavailable,
    CheckTargets,
    // Errors
    ErrNetwork,
    ErrGeneric,
    ErrSessionExpired,
}

pub fn t(key: Key) -> &'static str {
    match key {
        Key::Product => "Cellar Door",
        Key::SignInTitle => "Agent console",
        Key::SignInLead => "Sign in to answer subscribers and see your team's metrics.",
        Key::Email => "Work email",
        Key::Password => "Password",
        Key::SignIn => "Sign in",
        Key::SigningIn => "Signing in…",
        Key::Loading => "Loading…",
        Key::AgentConsole => "Agent console",
        Key::Status => "Status",
        Key::Online => "Online",
        Key::Away => "Away",
        Key::Offline => "Offline",
        Key::Sound => "Sound alerts",
        Key::SignOut => "Sign out",
        Key::ConnConnecting => "Connecting…",
        Key::ConnLive => "Live",
        Key::ConnReconnecting => "Reconnecting…",
        Key::Queue => "Conversations",
        Key::Waiting => "Waiting",
        Key::Mine => "Mine",
        Key::Others => "Others",
        Key::Resolved => "Resolved",
        Key::Escalated => "Escalated",
        Key::EmptySection => "Nothing here.",
        Key::WaitingTime => "Waiting time",
        Key::ResponseTime => "First response time",
        Key::Unread => "unread",
        Key::PickConversation => "No conversation open",
        Key::PickConversationLead => "Choose a conversation from the queue to read and reply.",
        Key::Conversation => "Conversation",
        Key::Actions => "Conversation actions",
        Key::Claim => "Claim",
        Key::TransferTo => "Transfer to",
        Key::ChooseAgent => "Choose an agent…",
        Key::Transfer => "Transfer",
        Key::EscalateNote => "Escalation note",
        Key::EscalateNotePlaceholder => "What does the specialist need to know?",
        Key::Escalate => "Escalate",
        Key::Resolve => "Resolve",
        Key::Working => "Working…",
        Key::Messages => "Messages",
        Key::NoMessages => "No messages yet.",
        Key::You => "You",
        Key::Visitor => "Visitor",
        Key::System => "System",
        Key::Sending => "Sending…",
        Key::Sent => "Sent",
        Key::NotSent => "Not sent",
        Key::Read => "Read",
        Key::CannedReply => "Canned reply",
        Key::CannedPlaceholder => "Insert a canned reply…",
        Key::Composer => "Reply",
        Key::ComposerPlaceholder => "Write a reply — Enter sends, Shift+Enter adds a line",
        Key::Send => "Send",
        Key::Customer => "Customer",
        Key::AnonymousVisitor => "Anonymous visitor",
        Key::FollowUpEmail => "Follow-up email",
        Key::NoEmail => "No email left yet.",
        Key::Subscriptions => "Subscriptions",
        Key::NoSubscriptions => "No subscriptions.",
        Key::NextBox => "Next box",
        Key::Orders => "Recent orders",
        Key::NoOrders => "No orders yet.",
        Key::Previous => "Previous conversations",
        Key::NoPrevious => "No earlier conversations.",
        Key::NotRated => "Not rated",
        Key::ContextUnavailable => "Customer details are unavailable right now.",
        Key::Today => "today",
        Key::Tomorrow => "tomorrow",
        Key::SubscriptionsUnavailable => "Subscription details are unavailable right now.",
        Key::ChangeHistory => "Subscription changes",
        Key::NoChanges => "No changes yet.",
        Key::ChangesUntil => "Changes until",
        Key::CutoffPassedNow => "Cutoff passed for this box",
        Key::ShipTo => "Ship to",
        Key::ActOnBehalf => "Change on the subscriber's behalf",
        Key::PauseForBoxes => "For a number of boxes",
        Key::PauseUntilDate => "Until a date",
        Key::Boxes => "Boxes to pause (1–12)",
        Key::ResumeOnOrAfter => "Pause until",
        Key::NewFrequency => "New frequency",
        Key::CancelReasonLabel => "Reason (optional)",
        Key::NoReasonGiven => "No reason given",
        Key::CommentLabel => "Comment (optional)",
        Key::AddressName => "Name",
        Key::AddressLine1 => "Address line 1",
        Key::AddressLine2 => "Address line 2 (optional)",
        Key::AddressCity => "City",
        Key::AddressRegion => "State / region",
        Key::AddressPostalCode => "Postal code",
        Key::AddressCountry => "Country (2 letters)",
        Key::PreviewChange => "Preview",
        Key::Checking => "Checking…",
        Key::Applying => "Applying…",
        Key::CloseForm => "Close",
        Key::SubscriberActor => "Subscriber",
        Key::ReferenceLabel => "Reference",
        Key::ErrPauseBoxes => "Pause for 1 to 12 boxes.",
        Key::ErrPauseDate => "Pick a valid date.",
        Key::ErrCheckAddress => "Check the highlighted address fields.",
        Key::ErrConflict => "The subscription changed in the meantime.",
        Key::ErrEffectChanged => {
            "The cutoff passed in the meantime. Review the new effect and confirm again."
        }
        Key::ErrSubscriptionGone => "This subscription no longer exists.",
        Key::ConsoleSections => "Console sections",
        Key::NavInbox => "Inbox",
        Key::NavDashboard => "Dashboard",
        Key::DashTitle => "Support metrics",
        Key::DashLead => "Service levels, satisfaction and churn against the team's targets.",
        Key::DashFilters => "Filters",
        Key::DateFrom => "From",
        Key::DateTo => "To",
        Key::GroupBy => "Group by",
        Key::Daily => "Day",
        Key::Weekly => "Week",
        Key::Monthly => "Month",
        Key::AgentFilter => "Agent",
        Key::WholeTeam => "Whole team",
        Key::ChannelFilter => "Channel",
        Key::AllChannels => "All channels",
        Key::LiveChat => "Live chat",
        Key::OfflineMessages => "Offline messages",
        Key::Updating => "Updating…",
        Key::MetricsUnavailable => "Metrics are unavailable right now.",
        Key::TryAgain => "Try again",
        Key::Tiles => "Metrics for the period",
        Key::TargetLabel => "Target",
        Key::NoTarget => "No target",
        Key::VsPrevious => "vs previous period",
        Key::NoAnswers => "No answers in this period",
        Key::DownloadCsv => "Download CSV",
        Key::DownloadTilesCsv => "Download all metrics (CSV)",
        Key::Trends => "Trends",
        Key::Breakdowns => "Why subscribers got in touch or left",
        Key::ContactReasons => "Contact reasons",
        Key::CancelReasons => "Cancel reasons",
        Key::NothingRecorded => "Nothing recorded in this period",
        Key::PeriodStart => "Period starting",
        Key::ValueLabel => "Value",
        Key::AnswersLabel => "Sample",
        Key::ReasonLabel => "Reason",
        Key::CountLabel => "Count",
        Key::ShareLabel => "Share",
        Key::MetricCodeLabel => "Metric code",
        Key::MetricLabel => "Metric",
        Key::UnitLabel => "Unit",
        Key::PreviousPeriodLabel => "Previous period",
        Key::ChangeLabel => "Change",
        Key::StandingLabel => "Standing",
        Key::ReasonCodeLabel => "Reason code",
        Key::SharePercentLabel => "Share (%)",
        Key::RecentComments => "Recent survey comments",
        Key::NoComments => "No comments in this period.",
        Key::OpenConversation => "Open conversation",
        Key::ScoreLabel => "Score",
        Key::AgentLabel => "Agent",
        Key::Targets => "Targets",
        Key::TargetsLeadOnly => "Only a support lead can change the targets.",
        Key::SaveTargets => "Save targets",
        Key::Saving => "Saving…",
        Key::TargetsSaved => "Targets saved.",
        Key::TargetsUnavailable => "Targets are unavailable right now.",
        Key::CheckTargets => "Check the highlighted targets.",
        Key::ErrNetwork => "Can't reach Cellar Door. Check your connection and try again.",
        Key::ErrGeneric => "Something went wrong. Please try again.",
        Key::ErrSessionExpired => "Your session has ended. Please sign in again.",
    }
}

/// The text to show for an error code.
pub fn error_code_text(code: ErrorCode) -> String {
    match code {
        ErrorCode::InvalidCredentials => "Email or password is incorrect.".into(),
        ErrorCode::TooManyAttempts => {
            "Too many failed sign-ins. Please wait a few minutes and try again.".into()
        }
        ErrorCode::MessageEmpty => "Write a message first.".into(),
        ErrorCode::MessageTooLong => {
            format!(
                "This message is too long (at most {} characters).",
                shared::chat::MAX_BODY_CHARS
            )
        }
        ErrorCode::RateLimited => "You're sending quickly — retrying in a moment.".into(),
        ErrorCode::Unauthorized => t(Key::ErrSessionExpired).into(),
        ErrorCode::NotFound => "This conversation no longer exists.".into(),
        ErrorCode::Internal => t(Key::ErrGeneric).into(),
        other => other.to_string(),
    }
}

/// The text to show for an API error: our wording for known codes, else the server's.
pub fn api_error_text(e: &ApiError) -> String {
    match e.code {
        ErrorCode::InvalidField | ErrorCode::InvalidJson if !e.message.is_empty() => {
            e.message.clone()
        }
        ErrorCode::Internal if !e.message.is_empty() => e.message.clone(),
        code => error_code_text(code),
    }
}

/// The escalation-note rule's message.
pub fn note_error(len: usize) -> String {
    if len == 0 {
        "Add a note for the specialist.".into()
    } else {
        format!(
            "The note is too long ({len} of {} characters).",
            shared::api::MAX_NOTE_CHARS
        )
    }
}

pub fn presence(status: PresenceStatus) -> &'static str {
    match status {
        PresenceStatus::Online => t(Key::Online),
        PresenceStatus::Away => t(Key::Away),
        PresenceStatus::Offline => t(Key::Offline),
    }
}

/// The conversation status as the header shows it.
pub fn status_label(status: QueueStatus, assignee: Option<&str>) -> String {
    match (status, assignee) {
        (QueueStatus::Waiting, _) => t(Key::Waiting).into(),
        (QueueStatus::Assigned, Some(name)) => format!("Assigned to {name}"),
        (QueueStatus::Assigned, None) => "Assigned".into(),
        (QueueStatus::Escalated, _) => t(Key::Escalated).into(),
        (QueueStatus::Resolved, _) => t(Key::Resolved).into(),
    }
}

/// A section heading with its count: `Waiting (2)`.
pub fn section_heading(label: &str, n: usize) -> String {
    format!("{label} ({n})")
}

/// `Ava is typing…`.
pub fn typing(name: &str) -> String {
    format!("{name} is typing…")
}

/// `3 unread`.
pub fn unread(n: u32) -> String {
    format!("{n} {}", t(Key::Unread))
}

/// A system event as agents read it (the escalation note is shown, unlike the visitor text).
pub fn system_event(ev: &SystemEvent, date: impl Fn(i64) -> String) -> String {
    match ev {
        SystemEvent::AgentJoined { agent_name } => format!("{agent_name} joined the conversation."),
        SystemEvent::Transferred { from_name, to_name } => {
            format!("{from_name} transferred the conversation to {to_name}.")
        }
        SystemEvent::Escalated { note, expected_by } => {
            format!(
                "Escalated to a specialist (news expected by {}). Note: {note}",
                date(*expected_by)
            )
        }
        SystemEvent::Resolved { agent_name } => {
            format!("{agent_name} marked the conversation as resolved.")
        }
    }
}

pub fn frequency(f: &str) -> String {
    match f {
        "weekly" => "Weekly".into(),
        "biweekly" => "Every 2 weeks".into(),
        "monthly" => "Monthly".into(),
        other => capitalise(other),
    }
}

/// A frequency as the console shows it.
pub fn frequency_label(f: Frequency) -> String {
    frequency(f.as_str())
}

/// The label of an action (its button and the audit log's "what").
pub fn action_label(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Pause => "Pause",
        ActionKind::Resume => "Resume",
        ActionKind::SkipNext => "Skip next box",
        ActionKind::ChangeFrequency => "Change frequency",
        ActionKind::ChangeAddress => "Change address",
        ActionKind::Cancel => "Cancel subscription",
    }
}

/// `Confirm: Skip next box`.
pub fn confirm_label(kind: ActionKind) -> String {
    format!("Confirm: {}", action_label(kind))
}

pub fn cancel_reason(r: CancelReason) -> &'static str {
    match r {
        CancelReason::TooExpensive => "Too expensive",
        CancelReason::TooMuchProduct => "Too much product",
        CancelReason::NotEnjoying => "Not enjoying it",
        CancelReason::Moving => "Moving",
        CancelReason::DeliveryProblems => "Delivery problems",
        CancelReason::Other => "Other",
    }
}

/// Who made a change: `Subscriber`, or the agent's name.
pub fn actor(a: &Actor) -> String {
    match a {
        Actor::Subscriber { .. } => t(Key::SubscriberActor).into(),
        Actor::Agent { name, .. } => name.clone(),
    }
}

/// The headline of an effect: `Applies to the box of Dec 4` or `Cutoff passed: applies from
/// Dec 18`.
pub fn effect_line(e: &Effect) -> String {
    let first = format_day(e.first_affected_box);
    if e.cutoff_passed {
        format!("Cutoff passed: applies from {first}")
    } else {
        format!("Applies to the box of {first}")
    }
}

/// The rest of an effect: `Effective Dec 4 · Next box: Jan 4` or `No more boxes`.
pub fn effect_details(e: &Effect) -> String {
    let mut parts = Vec::new();
    if let Some(d) = e.effective {
        parts.push(format!("Effective {}", format_day(d)));
    }
    parts.push(match e.next_box {
        Some(d) => format!("{}: {}", t(Key::NextBox), format_day(d)),
        None => "No more boxes".into(),
    });
    parts.join(" · ")
}

/// An effect in one line, for the audit log.
pub fn effect_summary(e: &Effect) -> String {
    format!("{} · {}", effect_line(e), effect_details(e))
}

/// The status with its details: `Paused for 2 boxes from Dec 4`, `Cancelled, effective Dec 18`.
pub fn status_detail(s: &Status) -> String {
    match *s {
        Status::Active => "Active".into(),
        Status::Paused { from, until, boxes } => {
            let mut text = String::from("Paused");
            if let Some(n) = boxes {
                text.push_str(&format!(
                    " for {n} {}",
                    if n == 1 { "box" } else { "boxes" }
                ));
            }
            if let Some(f) = from {
                text.push_str(&format!(" from {}", format_day(f)));
            }
            if let Some(u) = until {
                text.push_str(&format!(" until {}", format_day(u)));
            }
            text
        }
        Status::Cancelled { effective } => {
            format!("Cancelled, effective {}", format_day(effective))
        }
    }
}

/// `Next box: Dec 4 → Jan 4` and the like, for what differs between two states.
pub fn change_line(field: &str, before: &str, after: &str) -> String {
    format!("{field}: {before} → {after}")
}

/// The label of an address field in the address form.
pub fn address_field_label(f: shared::address::AddressField) -> &'static str {
    use shared::address::AddressField as F;
    t(match f {
        F::Name => Key::AddressName,
        F::Line1 => Key::AddressLine1,
        F::Line2 => Key::AddressLine2,
        F::City => Key::AddressCity,
        F::Region => Key::AddressRegion,
        F::PostalCode => Key::AddressPostalCode,
        F::Country => Key::AddressCountry,
    })
}

/// `(48 h before it ships)`.
pub fn cutoff_hours(h: u32) -> String {
    format!("({h} h before it ships)")
}

/// `Upcoming: Dec 4, Jan 4, Feb 4`.
pub fn upcoming(days: &[Date]) -> String {
    let list: Vec<_> = days.iter().map(|d| format_day(*d)).collect();
    format!("Upcoming: {}", list.join(", "))
}

/// Field names used in change lines.
pub fn field_name(field: &str) -> &'static str {
    match field {
        "status" => "Status",
        "frequency" => "Frequency",
        "next_box" => t(Key::NextBox),
        "address" => "Address",
        _ => "Plan",
    }
}

/// A box date or `none`.
pub fn maybe_day(d: Option<Date>) -> String {
    d.map_or_else(|| "none".into(), format_day)
}

/// Text for an address field's problem.
pub fn field_problem(p: &FieldProblem) -> String {
    let country = |c: &str| country_name_en(c).unwrap_or(c).to_owned();
    match p {
        FieldProblem::Required => "This field is required.".into(),
        FieldProblem::TooLong { max } => format!("Use at most {max} characters."),
        FieldProblem::InvalidCharacters => "Remove line breaks and control characters.".into(),
        FieldProblem::InvalidCountry => "Use a two-letter country code, like US or FI.".into(),
        FieldProblem::InvalidPostalCode { country: c } => {
            format!("This is not a valid postal code for {}.", country(c))
        }
        FieldProblem::UnknownRegion { country: c } => {
            format!("Choose a state or province of {}.", country(c))
        }
    }
}

/// `The comment can be at most 500 characters.`
pub fn comment_too_long(max: usize) -> String {
    format!("The comment can be at most {max} characters.")
}

/// `Done. Reference CD-7K3P9QXM.`
pub fn applied(reference: &str) -> String {
    format!("Done. {} {reference}.", t(Key::ReferenceLabel))
}

/// The text for an error of the subscription endpoints: our wording for codes we know
/// without parameters, else the server's message.
pub fn subscription_error_text(e: &SubscriptionApiError) -> String {
    let known = match e.code.as_str() {
        "subscription_cancelled" => Some("This subscription is cancelled."),
        "subscription_paused" => Some("This subscription is paused. Resume it first."),
        "not_paused" => Some("This subscription is not paused."),
        "same_frequency" => Some("The subscription already has this frequency."),
        "same_address" => Some("This is already the delivery address."),
        "version_conflict" => Some(t(Key::ErrConflict)),
        "effect_changed" => Some(t(Key::ErrEffectChanged)),
        "invalid_field" if !e.fields.is_empty() => Some(t(Key::ErrCheckAddress)),
        "unauthorized" => Some(t(Key::ErrSessionExpired)),
        "not_found" => Some(t(Key::ErrSubscriptionGone)),
        "rate_limited" => Some("Too many changes too quickly. Please wait a moment."),
        _ => None,
    };
    match known {
        Some(text) => text.into(),
        None if !e.message.is_empty() => e.message.clone(),
        None => t(Key::ErrGeneric).into(),
    }
}

/// Canned-reply category headings.
pub fn category(c: &str) -> String {
    match c {
        "general" => "General".into(),
        "apology" => "Apologies".into(),
        other => capitalise(other),
    }
}

/// `in 9 days`, `today`, `3 days ago`.
pub fn relative_days(days: i64) -> String {
    match days {
        0 => t(Key::Today).into(),
        1 => t(Key::Tomorrow).into(),
        d if d > 1 => format!("in {d} days"),
        -1 => "yesterday".into(),
        d => format!("{} days ago", -d),
    }
}

/// `2 × Willamette Pinot Noir 2021`.
pub fn order_item(qty: u32, name: &str) -> String {
    format!("{qty} × {name}")
}

/// `4/5`.
pub fn rating(r: u8) -> String {
    format!("{r}/5")
}

pub fn month_short(m: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// Upper-cases the first letter and turns `_` into spaces (`out_for_delivery` → `Out for delivery`).
pub fn capitalise(s: &str) -> String {
    let s = s.replace('_', " ");
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

// ---------------------------------------------------------------------------------------
// Dashboard
// ---------------------------------------------------------------------------------------

/// What a tile shows without a value.
pub const NO_VALUE: &str = "—";

/// The unit after a value: `92.3%`, `4.5 min`.
pub fn unit_suffix(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "%",
        Unit::Score => "",
        Unit::Minutes => " min",
        Unit::Hours => " h",
    }
}

/// The unit after a change: percentages change by points.
pub fn trend_suffix(u: Unit) -> &'static str {
    match u {
        Unit::Percent => " pts",
        other => unit_suffix(other),
    }
}

/// A unit's name: the CSV's unit column and the charts' value column.
pub fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "percent",
        Unit::Score => "score",
        Unit::Minutes => "minutes",
        Unit::Hours => "hours",
    }
}

/// A change's unit in words, for screen readers (`pts` and `min` read badly): percentages
/// change by points; scores have no unit.
fn trend_unit_spoken(u: Unit) -> &'static str {
    match u {
        Unit::Percent => " points",
        Unit::Score => "",
        Unit::Minutes => " minutes",
        Unit::Hours => " hours",
    }
}

/// A trend in words, the text alternative of `▲ 2.5 pts vs previous period`:
/// `Up 2.5 points, better than the previous period`, `No change from the previous period`.
pub fn trend_spoken(dir: Direction, amount: &str, u: Unit, improved: Option<bool>) -> String {
    match dir {
        Direction::Flat => trend_meaning(None).to_owned(),
        _ => format!(
            "{} {amount}{}, {}",
            direction_word(dir),
            trend_unit_spoken(u),
            trend_meaning(improved)
        ),
    }
}

pub fn metric_name(m: MetricKind) -> &'static str {
    match m {
        MetricKind::Csat => "CSAT",
        MetricKind::Nps => "NPS",
        MetricKind::Ces => "CES",
        MetricKind::FrtMedian => "First response (median)",
        MetricKind::FrtP90 => "First response (90th percentile)",
        MetricKind::Resolution => "Average resolution time",
        MetricKind::Fcr => "First contact resolution",
        MetricKind::Sla => "SLA compliance",
        MetricKind::Churn => "Churn rate",
        MetricKind::ResponseRate => "Survey response rate",
    }
}

pub fn standing_label(s: Standing) -> &'static str {
    match s {
        Standing::OnTarget => "On target",
        Standing::Slipping => "Slipping",
        Standing::OffTarget => "Off target",
        Standing::NoData => "No data",
    }
}

/// Whether a change is good news, for screen readers (the arrow's colour says it visually).
pub fn trend_meaning(improved: Option<bool>) -> &'static str {
    match improved {
        Some(true) => "better than the previous period",
        Some(false) => "worse than the previous period",
        None => "No change from the previous period",
    }
}

/// A trend's direction in words (the arrow is hidden from screen readers).
pub fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Up => "Up",
        Direction::Down => "Down",
        Direction::Flat => "Unchanged",
    }
}

/// A channel's name in the dashboard's channel filter.
pub fn channel_label(c: Channel) -> &'static str {
    t(match c {
        Channel::Chat => Key::LiveChat,
        Channel::Email => Key::OfflineMessages,
    })
}

/// `Target: 90.0%`.
pub fn target_text(value: &str) -> String {
    format!("{}: {value}", t(Key::TargetLabel))
}

/// `Sample: 12`.
pub fn sample_text(n: u64) -> String {
    format!("{}: {n}", t(Key::AnswersLabel))
}

pub fn period_label(p: Period) -> &'static str {
    t(match p {
        Period::Day => Key::Daily,
        Period::Week => Key::Weekly,
        Period::Month => Key::Monthly,
    })
}

/// A line chart's heading: `CSAT by week`.
pub fn chart_title(m: MetricKind, p: Period) -> String {
    format!("{} by {}", metric_name(m), period_label(p).to_lowercase())
}

/// A line chart's text alternative.
pub fn line_summary(title: &str, points: &[(String, Option<String>)]) -> String {
    let with: Vec<String> = points
        .iter()
        .filter_map(|(when, v)| v.as_ref().map(|v| format!("{when}: {v}")))
        .collect();
    let gaps = points.len() - with.len();
    let mut s = format!("{title}. ");
    if with.is_empty() {
        s.push_str(t(Key::NoAnswers));
        s.push('.');
        return s;
    }
    s.push_str(&with.join("; "));
    s.push('.');
    if gaps > 0 {
        s.push_str(&format!(
            " {gaps} {} without data.",
            if gaps == 1 { "period" } else { "periods" }
        ));
    }
    s
}

/// A bar chart's text alternative: `Contact reasons. Billing: 3 (50.0%); …`.
pub fn bar_summary(title: &str, bars: &[(String, usize, String)]) -> String {
    if bars.is_empty() {
        return format!("{title}. {}.", t(Key::NothingRecorded));
    }
    let items: Vec<String> = bars
        .iter()
        .map(|(label, n, share)| format!("{label}: {n} ({share}%)"))
        .collect();
    format!("{title}. {}.", items.join("; "))
}

/// A contact or cancel reason's label (unknown keys are written out).
pub fn reason_label(key: &str) -> String {
    if let Some(r) = ContactReason::ALL.iter().find(|r| r.as_str() == key) {
        return match r {
            ContactReason::WrongOrder => "Wrong order",
            ContactReason::ProductQuality => "Product quality",
            ContactReason::DeliveryDelay => "Delivery delay",
            ContactReason::SubscriptionManagement => "Subscription management",
            ContactReason::Billing => "Billing",
            ContactReason::Other => "Other",
        }
        .into();
    }
    if let Some(r) = CancelReason::ALL.iter().find(|r| r.as_str() == key) {
        return cancel_reason(*r).into();
    }
    capitalise(key)
}

pub fn survey_kind(k: SurveyKind) -> &'static str {
    match k {
        SurveyKind::Csat => "CSAT",
        SurveyKind::Ces => "CES",
        SurveyKind::Nps => "NPS",
    }
}

/// `4 of 5`, `9 of 10`, `6 of 7`.
pub fn survey_score(k: SurveyKind, score: u8) -> String {
    format!("{score} of {}", k.scale().1)
}

pub fn target_field_label(f: TargetField) -> &'static str {
    match f {
        TargetField::CsatPercent => "CSAT (%)",
        TargetField::Nps => "NPS",
        TargetField::Ces => "CES (1–7)",
        TargetField::FirstResponseMinutes => "First response in live chat (minutes)",
        TargetField::OfflineFirstResponseHours => "First response to offline messages (hours)",
        TargetField::ResolutionHours => "Resolution (hours)",
        TargetField::FcrPercent => "First contact resolution (%)",
        TargetField::SlaPercent => "SLA compliance (%)",
        TargetField::ChurnPercent => "Churn (%)",
    }
}

pub fn target_problem(p: TargetProblem) -> String {
    match p {
        TargetProblem::NotANumber => "Enter a number.".into(),
        TargetProblem::NotWhole => "Enter a whole number.".into(),
        TargetProblem::OutOfRange { min, max } => format!("Enter a value from {min} to {max}."),
    }
}

pub fn range_error(e: RangeError) -> String {
    match e {
        RangeError::InvalidDate => "Pick a start and an end date.".into(),
        RangeError::Reversed => "The start date is after the end date.".into(),
        RangeError::TooLong { max } => format!("Pick a range of at most {max} days."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_errors_have_clear_text() {
        assert_eq!(
            api_error_text(&ApiError::new(ErrorCode::InvalidCredentials)),
            "Email or password is incorrect."
        );
        assert!(api_error_text(&ApiError::new(ErrorCode::TooManyAttempts))
            .starts_with("Too many failed sign-ins"));
        let field = ApiError::field(ErrorCode::InvalidField, "note", "The note is required.");
        assert_eq!(api_error_text(&field), "The note is required.");
    }

    #[test]
    fn system_events_read_well_for_agents() {
        let d = |_| "3 Dec 2026".to_string();
        assert_eq!(
            system_event(
                &SystemEvent::Transferred {
                    from_name: "Maya".into(),
                    to_name: "Sam".into()
                },
                d
            ),
            "Maya transferred the conversation to Sam."
        );
        assert_eq!(
            system_event(
                &SystemEvent::Escalated {
                    note: "Refund over limit".into(),
                    expected_by: 0
                },
                d
            ),
            "Escalated to a specialist (news expected by 3 Dec 2026). Note: Refund over limit"
        );
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn effects_and_statuses_read_well() {
        let mut e = Effect {
            action: ActionKind::SkipNext,
            first_affected_box: d("2026-12-04"),
            cutoff_passed: false,
            effective: None,
            next_box: Some(d("2027-01-04")),
        };
        assert_eq!(effect_line(&e), "Applies to the box of Dec 4");
        assert_eq!(
            effect_summary(&e),
            "Applies to the box of Dec 4 · Next box: Jan 4"
        );
        e.cutoff_passed = true;
        e.first_affected_box = d("2026-12-18");
        assert_eq!(effect_line(&e), "Cutoff passed: applies from Dec 18");
        e.effective = Some(d("2026-12-17"));
        e.next_box = None;
        assert_eq!(effect_details(&e), "Effective Dec 17 · No more boxes");
        assert_eq!(
            status_detail(&Status::Paused {
                from: Some(d("2026-12-04")),
                until: None,
                boxes: Some(2)
            }),
            "Paused for 2 boxes from Dec 4"
        );
        assert_eq!(
            status_detail(&Status::Paused {
                from: None,
                until: Some(d("2027-02-01")),
                boxes: None
            }),
            "Paused until Feb 1"
        );
        assert_eq!(
            status_detail(&Status::Cancelled {
                effective: d("2026-12-18")
            }),
            "Cancelled, effective Dec 18"
        );
        assert_eq!(
            actor(&Actor::Agent {
                id: "a_maya".into(),
                name: "Maya Lindqvist".into()
            }),
            "Maya Lindqvist"
        );
        assert_eq!(
            actor(&Actor::Subscriber {
                id: "sub_ava".into()
            }),
            "Subscriber"
        );
        assert_eq!(
            field_problem(&FieldProblem::InvalidPostalCode {
                country: "FI".into()
            }),
            "This is not a valid postal code for Finland."
        );
    }

    #[test]
    fn small_helpers() {
        assert_eq!(capitalise("out_for_delivery"), "Out for delivery");
        assert_eq!(capitalise(""), "");
        assert_eq!(frequency("biweekly"), "Every 2 weeks");
        assert_eq!(category("apology"), "Apologies");
        assert_eq!(relative_days(9), "in 9 days");
        assert_eq!(relative_days(-3), "3 days ago");
        assert_eq!(month_short(12), "Dec");
        assert_eq!(month_short(0), "");
        assert_eq!(
            status_label(QueueStatus::Assigned, Some("Sam")),
            "Assigned to Sam"
        );
    }
}
