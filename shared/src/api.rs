//! HTTP API paths and DTOs (JSON bodies) shared by the clients and the edge.

use serde::{Deserialize, Serialize};

/// Largest JSON request body the edge reads.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024;

pub const HEALTH_PATH: &str = "/api/health";
pub const WIDGET_SESSION_PATH: &str = "/api/v1/widget/session";
pub const WIDGET_FOLLOW_UP_PATH: &str = "/api/v1/widget/follow-up";
/// `GET ?merchant=ID`: the shop's [`Availability`] now (nothing written, no visitor needed).
pub const WIDGET_AVAILABILITY_PATH: &str = "/api/v1/widget/availability";
/// An open widget asks for availability again at least this often (agents come and go)…
pub const AVAILABILITY_RECHECK_MS: i64 = 2 * 60 * 1000;
/// …and at most this often (a clock a little ahead of the server's asks early, and again).
pub const AVAILABILITY_MIN_RECHECK_MS: i64 = 5_000;
pub const AGENT_SESSION_PATH: &str = "/api/v1/agent/session";
pub const AGENT_ME_PATH: &str = "/api/v1/agent/me";
pub const AGENT_AGENTS_PATH: &str = "/api/v1/agent/agents";
pub const AGENT_CANNED_PATH: &str = "/api/v1/agent/canned-replies";
pub const AGENT_INBOX_SOCKET_PATH: &str = "/api/v1/agent/inbox/ws";
/// Name of the agent session cookie.
pub const AGENT_COOKIE: &str = "cd_agent";
/// Agent sessions last this long.
pub const AGENT_SESSION_SECS: i64 = 12 * 3600;
/// Failed sign-ins allowed per email per window…
pub const SIGN_IN_MAX_FAILURES: i64 = 5;
/// …of this many seconds.
pub const SIGN_IN_WINDOW_SECS: i64 = 15 * 60;
/// Longest escalation note.
pub const MAX_NOTE_CHARS: usize = 500;

/// Path of a conversation's WebSocket (widget side).
pub fn conversation_socket_path(conversation_id: &str) -> String {
    format!("/api/v1/conversations/{conversation_id}/ws")
}

/// Path of a conversation's WebSocket for agents.
pub fn agent_conversation_socket_path(conversation_id: &str) -> String {
    format!("/api/v1/agent/conversations/{conversation_id}/ws")
}

/// Path of an agent action (`claim`, `transfer`, `escalate`, `resolve`, `context`).
pub fn agent_conversation_path(conversation_id: &str, action: &str) -> String {
    format!("/api/v1/agent/conversations/{conversation_id}/{action}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// `POST /api/v1/widget/session`: the widget asks for (or resumes) a visitor and their
/// open conversation on first interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSessionRequest {
    pub merchant_id: String,
    #[serde(default)]
    pub visitor_token: Option<String>,
    /// Signed by the merchant's server for a logged-in subscriber.
    #[serde(default)]
    pub subscriber_token: Option<String>,
}

/// A subscriber as the widget and the console show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriberInfo {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// Whether someone can answer now, and if not, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub agents_online: bool,
    pub in_business_hours: bool,
    /// Unix ms of the next opening, when closed now.
    #[serde(default)]
    pub next_open_at: Option<i64>,
    /// The chat first-response target, in minutes.
    pub first_response_minutes: u32,
    /// Unix ms when `in_business_hours` next flips (the close while open, the opening while
    /// closed); `None` if it never does.
    #[serde(default)]
    pub changes_at: Option<i64>,
    /// Unix ms by which a reply can be expected when no agent can answer now: the next
    /// opening while closed; a business day on while open with no agent online. `None`
    /// while an agent can answer (or the hours never open).
    #[serde(default)]
    pub reply_by: Option<i64>,
}

impl Availability {
    /// The shop's availability at `now` under `hours`: whether it is open, when it next
    /// opens (closed only) and when that next changes (for a closed shop, the same time).
    pub fn at(
        hours: &crate::support::BusinessHours,
        now: i64,
        agents_online: bool,
        first_response_minutes: u32,
    ) -> Self {
        let in_business_hours = hours.is_open(now);
        let changes_at = hours.next_change(now);
        let next_open_at = if in_business_hours { None } else { changes_at };
        Self {
            agents_online,
            in_business_hours,
            next_open_at,
            first_response_minutes,
            changes_at,
            reply_by: match (in_business_hours, agents_online) {
                (false, _) => next_open_at,
                (true, false) => Some(hours.a_business_day_after(now)),
                (true, true) => None,
            },
        }
    }

    /// Someone can answer now: an agent is online within business hours.
    pub fn can_reply_now(&self) -> bool {
        self.agents_online && self.in_business_hours
    }

    /// Someone can answer this conversation now: an agent is in it (`attended`, from
    /// [`crate::thread::Thread::is_attended`]), whatever the hours, or [`Self::can_reply_now`].
    pub fn can_reply_in(&self, attended: bool) -> bool {
        attended || self.can_reply_now()
    }

    /// When an open widget should ask for availability again (unix ms), having last asked at
    /// `checked_at`, with an agent last in the conversation at `attended_at`
    /// ([`crate::thread::Thread::attended_at`]): when the hours flip (but not sooner than
    /// [`AVAILABILITY_MIN_RECHECK_MS`] after asking: a clock ahead of the server's would
    /// otherwise ask again and again), when that agent's presence lapses
    /// ([`crate::chat::ATTENDED_MS`]), or [`AVAILABILITY_RECHECK_MS`] after asking,
    /// whichever is first.
    pub fn recheck_at(&self, checked_at: i64, now: i64, attended_at: Option<i64>) -> i64 {
        let flip = self
            .changes_at
            .map(|t| t.max(checked_at.saturating_add(AVAILABILITY_MIN_RECHECK_MS)));
        let lapse = attended_at
            .map(|at| at.saturating_add(crate::chat::ATTENDED_MS))
            .filter(|&t| t > now);
        [flip, lapse]
            .into_iter()
            .flatten()
            .fold(checked_at.saturating_add(AVAILABILITY_RECHECK_MS), i64::min)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSessionResponse {
    pub visitor_token: String,
    pub visitor_id: String,
    pub conversation_id: String,
    pub conversation_token: String,
    pub merchant_name: String,
    #[serde(default)]
    pub subscriber: Option<SubscriberInfo>,
    pub availability: Availability,
    /// Email an anonymous visitor left for a follow-up.
    #[serde(default)]
    pub follow_up_email: Option<String>,
}

/// `POST /api/v1/widget/follow-up`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRequest {
    pub visitor_token: String,
    pub email: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentRole {
    Agent,
    Lead,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: AgentRole,
}

/// `POST /api/v1/agent/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSessionResponse {
    pub agent: Agent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresenceStatus {
    Online,
    Away,
    Offline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentPresence {
    pub id: String,
    pub name: String,
    pub status: PresenceStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueStatus {
    Waiting,
    Assigned,
    Escalated,
    Resolved,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    pub id: String,
    pub name: String,
}

/// One conversation in an agent's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: String,
    pub visitor_id: String,
    #[serde(default)]
    pub subscriber: Option<SubscriberInfo>,
    /// Subscriber name, follow-up email, or "Visitor …".
    pub display_name: String,
    pub status: QueueStatus,
    #[serde(default)]
    pub assignee: Option<AgentRef>,
    #[serde(default)]
    pub escalation_note: Option<String>,
    pub created_at: i64,
    #[serde(default)]
    pub first_response_at: Option<i64>,
    #[serde(default)]
    pub resolved_at: Option<i64>,
    pub last_message_at: i64,
    pub last_preview: String,
    /// Subscriber messages no agent has read yet.
    pub unread: u32,
}

/// Frames the inbox object pushes to agents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboxServerFrame {
    Snapshot {
        conversations: Vec<QueueItem>,
        agents: Vec<AgentPresence>,
    },
    Upsert {
        conversation: Box<QueueItem>,
    },
    Presence {
        agent: AgentPresence,
    },
}

/// Frames an agent sends to the inbox object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboxClientFrame {
    Presence { status: PresenceStatus },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    pub agent_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalateRequest {
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionSummary {
    pub id: String,
    pub plan: String,
    pub status: String,
    pub frequency: String,
    #[serde(default)]
    pub next_box_date: Option<String>,
    pub price_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub name: String,
    pub qty: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: String,
    pub status: String,
    pub items: Vec<OrderItem>,
    pub total_cents: i64,
    pub placed_at: i64,
    #[serde(default)]
    pub delivered_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastConversation {
    pub id: String,
    pub created_at: i64,
    pub status: QueueStatus,
    /// CSAT 1–5, once surveys exist.
    #[serde(default)]
    pub rating: Option<u8>,
}

/// `GET /api/v1/agent/conversations/:id/context`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationContext {
    #[serde(default)]
    pub subscriber: Option<SubscriberInfo>,
    pub subscriptions: Vec<SubscriptionSummary>,
    pub orders: Vec<OrderSummary>,
    pub previous_conversations: Vec<PastConversation>,
    #[serde(default)]
    pub follow_up_email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedReply {
    pub id: String,
    pub title: String,
    pub body: String,
    pub category: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn someone_can_reply_only_online_and_in_hours() {
        let a = |agents_online, in_business_hours| Availability {
            agents_online,
            in_business_hours,
            next_open_at: None,
            first_response_minutes: 5,
            changes_at: None,
            reply_by: None,
        };
        assert!(a(true, true).can_reply_now());
        assert!(!a(false, true).can_reply_now());
        assert!(!a(true, false).can_reply_now());
        assert!(a(false, false).can_reply_in(true));
        assert!(a(true, true).can_reply_in(false));
        assert!(!a(true, false).can_reply_in(false));
    }

    #[test]
    fn recheck_at_the_first_change_within_bounds() {
        use crate::chat::ATTENDED_MS;
        let now = 1_800_000_000_000;
        let a = |changes_at| Availability {
            agents_online: true,
            in_business_hours: true,
            next_open_at: None,
            first_response_minutes: 5,
            changes_at,
            reply_by: None,
        };
        // Nothing due: the periodic recheck (agents come and go), counted from the last ask.
        assert_eq!(
            a(None).recheck_at(now, now, None),
            now + AVAILABILITY_RECHECK_MS
        );
        assert_eq!(
            a(None).recheck_at(now - 60_000, now, None),
            now - 60_000 + AVAILABILITY_RECHECK_MS
        );
        // Asked long ago (the page was hidden): due at once.
        assert!(a(None).recheck_at(now - 3_600_000, now, None) < now);
        // The hours close in a minute.
        assert_eq!(
            a(Some(now + 60_000)).recheck_at(now, now, None),
            now + 60_000
        );
        // Closing later than the periodic recheck: the recheck comes first.
        assert_eq!(
            a(Some(now + 3_600_000)).recheck_at(now, now, None),
            now + AVAILABILITY_RECHECK_MS
        );
        // An agent wrote 29m30s ago: their presence lapses in 30 s.
        let attended = now - ATTENDED_MS + 30_000;
        assert_eq!(a(None).recheck_at(now, now, Some(attended)), now + 30_000);
        // Long lapsed: ignored.
        assert_eq!(
            a(None).recheck_at(now, now, Some(now - 2 * ATTENDED_MS)),
            now + AVAILABILITY_RECHECK_MS
        );
        // The flip is past just after asking (the server's clock is behind ours): not
        // sooner than the minimum after that ask.
        assert_eq!(
            a(Some(now - 1)).recheck_at(now, now, None),
            now + AVAILABILITY_MIN_RECHECK_MS
        );
        assert_eq!(
            a(Some(now + 1)).recheck_at(now, now + 1, None),
            now + AVAILABILITY_MIN_RECHECK_MS
        );
    }

    #[test]
    fn availability_at_follows_the_hours() {
        use crate::support::BusinessHours;
        // Monday 2 March 2026, 12:00 UTC: open (Monday to Friday, 09:00–18:00 UTC).
        let mon_noon = 1_772_452_800_000;
        let h = 3_600_000;
        let hours = BusinessHours::default();
        let open = Availability::at(&hours, mon_noon, true, 5);
        assert!(open.in_business_hours && open.can_reply_now());
        assert_eq!(open.next_open_at, None);
        assert_eq!(open.changes_at, Some(mon_noon + 6 * h));
        assert_eq!(open.first_response_minutes, 5);
        assert_eq!(open.reply_by, None, "an agent can answer");
        let closed = Availability::at(&hours, mon_noon + 7 * h, true, 5);
        assert!(!closed.in_business_hours && !closed.can_reply_now());
        assert_eq!(closed.next_open_at, Some(mon_noon + 21 * h));
        assert_eq!(closed.changes_at, closed.next_open_at);
        assert_eq!(
            closed.reply_by, closed.next_open_at,
            "closed: by the opening"
        );
        // Open with no agent online: the offline promise, a business day on.
        let nobody = Availability::at(&hours, mon_noon, false, 5);
        assert_eq!(nobody.reply_by, Some(mon_noon + 24 * h));
        // On a Friday afternoon that is Monday's opening.
        let fri_4pm = mon_noon + 4 * 24 * h + 4 * h;
        let weekend = Availability::at(&hours, fri_4pm, false, 5);
        assert_eq!(weekend.reply_by, Some(mon_noon + 7 * 24 * h - 3 * h));
    }

    #[test]
    fn availability_without_changes_at_still_parses() {
        let a: Availability = serde_json::from_str(
            r#"{"agents_online":true,"in_business_hours":true,"first_response_minutes":5}"#,
        )
        .unwrap();
        assert_eq!(a.changes_at, None);
        assert_eq!(a.next_open_at, None);
    }
}
