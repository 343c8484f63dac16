//! Console strings (agents work in English for now; the catalogue keeps every string in one
//! place, including the parameterised ones and the text of system events and error codes).

use shared::api::{PresenceStatus, QueueStatus};
use shared::protocol::SystemEvent;
use shared::{ApiError, ErrorCode};

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
