//! The agent's queue as the inbox socket reports it: conversations grouped into Waiting /
//! Mine / Others / Resolved, sorted, with waiting times against the first-response target.
//! Plain data, tested without a browser.

use std::collections::HashMap;

use shared::api::{AgentPresence, InboxServerFrame, QueueItem, QueueStatus};
use shared::support::{sla_state, SlaState, CHAT_FIRST_RESPONSE_MINUTES};

use crate::alerts::{Alerts, Viewer};

/// Resolved conversations shown at most.
pub const MAX_RESOLVED: usize = 50;

/// A queue column section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Waiting,
    Mine,
    Others,
    Resolved,
}

impl Section {
    pub const ALL: [Section; 4] = [Self::Waiting, Self::Mine, Self::Others, Self::Resolved];

    /// The section's `data-testid`.
    pub fn test_id(self) -> &'static str {
        match self {
            Self::Waiting => "queue-waiting",
            Self::Mine => "queue-mine",
            Self::Others => "queue-others",
            Self::Resolved => "queue-resolved",
        }
    }
}

/// Where a conversation goes for agent `me`: Waiting (status waiting), Mine (assigned to me),
/// Others (assigned to someone else, unassigned, or escalated), Resolved.
pub fn section_of(item: &QueueItem, me: &str) -> Section {
    match item.status {
        QueueStatus::Waiting => Section::Waiting,
        QueueStatus::Resolved => Section::Resolved,
        QueueStatus::Escalated => Section::Others,
        QueueStatus::Assigned if item.assignee.as_ref().is_some_and(|a| a.id == me) => {
            Section::Mine
        }
        QueueStatus::Assigned => Section::Others,
    }
}

/// How long the visitor waited (or has been waiting) for a first agent reply. The clock
/// stops at the first response, or when the conversation was resolved without one.
pub fn wait_ms(item: &QueueItem, now_ms: i64) -> i64 {
    let resolved = (item.status == QueueStatus::Resolved)
        .then(|| item.resolved_at.unwrap_or(item.last_message_at));
    let end = item
        .first_response_at
        .or(item.resolved_at)
        .or(resolved)
        .unwrap_or(now_ms);
    (end - item.created_at).max(0)
}

/// The first-response SLA state of a conversation at `now_ms`. A resolved conversation is
/// no longer waiting for anyone: it is never shown as breached (nor at risk).
pub fn sla_of(item: &QueueItem, now_ms: i64) -> SlaState {
    if item.status == QueueStatus::Resolved {
        return SlaState::Ok;
    }
    sla_state(wait_ms(item, now_ms), CHAT_FIRST_RESPONSE_MINUTES)
}

/// The `data-sla` value.
pub fn sla_str(sla: SlaState) -> &'static str {
    match sla {
        SlaState::Ok => "ok",
        SlaState::AtRisk => "at_risk",
        SlaState::Breached => "breached",
    }
}

/// The `data-status` value.
pub fn status_str(status: QueueStatus) -> &'static str {
    match status {
        QueueStatus::Waiting => "waiting",
        QueueStatus::Assigned => "assigned",
        QueueStatus::Escalated => "escalated",
        QueueStatus::Resolved => "resolved",
    }
}

/// Taken when an agent action starts ([`Inbox::ticket`]); its HTTP result is applied only if
/// the inbox socket said nothing newer about the conversation in the meantime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

/// Conversations, agents and alerts, kept in step with the inbox socket.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inbox {
    items: HashMap<String, QueueItem>,
    pub agents: Vec<AgentPresence>,
    pub alerts: Alerts,
    /// A first snapshot arrived: later snapshots (after a reconnect) may alert.
    synced: bool,
    /// Counts the socket's conversation frames (snapshots and upserts).
    socket_rev: u64,
    /// `socket_rev` of the last socket upsert of each conversation.
    upserted_at: HashMap<String, u64>,
    /// `socket_rev` of the last snapshot.
    snapshot_at: u64,
}

impl Inbox {
    /// Applies an inbox frame; returns true if a new visitor message should be announced.
    pub fn apply(&mut self, frame: InboxServerFrame, viewer: &Viewer) -> bool {
        match frame {
            InboxServerFrame::Snapshot {
                conversations,
                agents,
            } => {
                self.socket_rev += 1;
                self.snapshot_at = self.socket_rev;
                let before = std::mem::take(&mut self.items);
                let mut bump = false;
                for item in conversations {
                    let old = before.get(&item.id);
                    if self.synced {
                        bump |= self.alerts.observe(old, &item, viewer);
                    } else {
                        // Quiet (no sound), but what is already unread counts in the badge.
                        self.alerts.seed(&item, viewer);
                    }
                    self.items.insert(item.id.clone(), item);
                }
                self.agents = agents;
                self.synced = true;
                bump
            }
            InboxServerFrame::Upsert { conversation } => {
                self.socket_rev += 1;
                self.upserted_at
                    .insert(conversation.id.clone(), self.socket_rev);
                self.upsert(*conversation, viewer)
            }
            InboxServerFrame::Presence { agent } => {
                match self.agents.iter_mut().find(|a| a.id == agent.id) {
                    Some(a) => *a = agent,
                    None => self.agents.push(agent),
                }
                false
            }
        }
    }

    /// Stores a conversation's new state; returns true if it should be announced.
    pub fn upsert(&mut self, item: QueueItem, viewer: &Viewer) -> bool {
        let bump = self.alerts.observe(self.items.get(&item.id), &item, viewer);
        self.items.insert(item.id.clone(), item);
        bump
    }

    /// Taken when an agent action starts; see [`Inbox::upsert_if_current`].
    pub fn ticket(&self) -> Ticket {
        Ticket(self.socket_rev)
    }

    /// Stores the result of an agent action started at `ticket`, unless the inbox socket
    /// delivered a state of that conversation (or a whole snapshot) since: the socket's
    /// states are authoritative, and an action does not change `last_message_at`, so the
    /// timestamps cannot tell which state is newer. Returns true if the result was applied.
    pub fn upsert_if_current(&mut self, item: QueueItem, ticket: Ticket, viewer: &Viewer) -> bool {
        let last = self
            .upserted_at
            .get(&item.id)
            .copied()
            .unwrap_or(0)
            .max(self.snapshot_at);
        if last > ticket.0 {
            return false;
        }
        self.upsert(item, viewer);
        true
    }

    pub fn get(&self, id: &str) -> Option<&QueueItem> {
        self.items.get(id)
    }

    /// Ids of one section, in display order: Waiting longest-waiting first; Mine and Others
    /// unread first, then latest activity; Resolved latest first (at most [`MAX_RESOLVED`]).
    pub fn section_ids(&self, section: Section, me: &str) -> Vec<String> {
        let mut list: Vec<&QueueItem> = self
            .items
            .values()
            .filter(|i| section_of(i, me) == section)
            .collect();
        match section {
            Section::Waiting => list.sort_by(|a, b| {
                a.created_at
                    .cmp(&b.created_at)
                    .then_with(|| a.id.cmp(&b.id))
            }),
            Section::Mine | Section::Others => list.sort_by(|a, b| {
                (b.unread > 0)
                    .cmp(&(a.unread > 0))
                    .then_with(|| b.last_message_at.cmp(&a.last_message_at))
                    .then_with(|| a.id.cmp(&b.id))
            }),
            Section::Resolved => {
                list.sort_by(|a, b| {
                    let at = |i: &QueueItem| i.resolved_at.unwrap_or(i.last_message_at);
                    at(b).cmp(&at(a)).then_with(|| a.id.cmp(&b.id))
                });
                list.truncate(MAX_RESOLVED);
            }
        }
        list.into_iter().map(|i| i.id.clone()).collect()
    }

    /// Agents a conversation can be transferred to: everyone but `me`.
    pub fn others(agents: &[AgentPresence], me: &str) -> Vec<AgentPresence> {
        let mut v: Vec<_> = agents.iter().filter(|a| a.id != me).cloned().collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use shared::api::{AgentRef, PresenceStatus};

    pub(crate) fn item(id: &str, status: QueueStatus, created_at: i64) -> QueueItem {
        QueueItem {
            id: id.into(),
            visitor_id: format!("v_{id}"),
            subscriber: None,
            display_name: format!("Visitor {id}"),
            status,
            assignee: None,
            escalation_note: None,
            created_at,
            first_response_at: None,
            resolved_at: None,
            last_message_at: created_at,
            last_preview: "hi".into(),
            unread: 0,
        }
    }

    fn assigned(id: &str, to: &str, last: i64) -> QueueItem {
        let mut i = item(id, QueueStatus::Assigned, 0);
        i.assignee = Some(AgentRef {
            id: to.into(),
            name: to.into(),
        });
        i.last_message_at = last;
        i
    }

    fn viewer() -> Viewer {
        Viewer {
            me: "me".into(),
            lead: false,
            open: None,
            visible: true,
        }
    }

    #[test]
    fn sections_follow_the_contract() {
        assert_eq!(
            section_of(&item("a", QueueStatus::Waiting, 0), "me"),
            Section::Waiting
        );
        assert_eq!(section_of(&assigned("b", "me", 0), "me"), Section::Mine);
        assert_eq!(section_of(&assigned("c", "sam", 0), "me"), Section::Others);
        let mut esc = assigned("d", "me", 0);
        esc.status = QueueStatus::Escalated;
        assert_eq!(section_of(&esc, "me"), Section::Others);
        assert_eq!(
            section_of(&item("e", QueueStatus::Resolved, 0), "me"),
            Section::Resolved
        );
        // Assigned without an assignee is nobody's: Others.
        assert_eq!(
            section_of(&item("f", QueueStatus::Assigned, 0), "me"),
            Section::Others
        );
    }

    #[test]
    fn sections_are_sorted() {
        let mut inbox = Inbox::default();
        let mut r1 = item("r1", QueueStatus::Resolved, 0);
        r1.resolved_at = Some(50);
        let mut r2 = item("r2", QueueStatus::Resolved, 0);
        r2.resolved_at = Some(70);
        let mut m2 = assigned("m2", "me", 10);
        m2.unread = 1;
        inbox.apply(
            InboxServerFrame::Snapshot {
                conversations: vec![
                    item("w2", QueueStatus::Waiting, 200),
                    item("w1", QueueStatus::Waiting, 100),
                    assigned("m1", "me", 30),
                    m2,
                    assigned("m3", "me", 20),
                    assigned("o1", "sam", 5),
                    r1,
                    r2,
                ],
                agents: vec![],
            },
            &viewer(),
        );
        assert_eq!(inbox.section_ids(Section::Waiting, "me"), ["w1", "w2"]);
        assert_eq!(inbox.section_ids(Section::Mine, "me"), ["m2", "m1", "m3"]);
        assert_eq!(inbox.section_ids(Section::Others, "me"), ["o1"]);
        assert_eq!(inbox.section_ids(Section::Resolved, "me"), ["r2", "r1"]);
        // The same inbox seen by Sam.
        assert_eq!(inbox.section_ids(Section::Mine, "sam"), ["o1"]);
    }

    #[test]
    fn resolved_is_capped() {
        let mut inbox = Inbox::default();
        for n in 0..(MAX_RESOLVED + 5) {
            inbox.upsert(
                item(&format!("r{n}"), QueueStatus::Resolved, n as i64),
                &viewer(),
            );
        }
        let ids = inbox.section_ids(Section::Resolved, "me");
        assert_eq!(ids.len(), MAX_RESOLVED);
        assert_eq!(ids[0], format!("r{}", MAX_RESOLVED + 4));
    }

    #[test]
    fn upserts_move_items_and_presence_updates_agents() {
        let mut inbox = Inbox::default();
        inbox.apply(
            InboxServerFrame::Snapshot {
                conversations: vec![item("c", QueueStatus::Waiting, 0)],
                agents: vec![AgentPresence {
                    id: "sam".into(),
                    name: "Sam".into(),
                    status: PresenceStatus::Online,
                }],
            },
            &viewer(),
        );
        inbox.apply(
            InboxServerFrame::Upsert {
                conversation: Box::new(assigned("c", "me", 9)),
            },
            &viewer(),
        );
        assert!(inbox.section_ids(Section::Waiting, "me").is_empty());
        assert_eq!(inbox.section_ids(Section::Mine, "me"), ["c"]);
        inbox.apply(
            InboxServerFrame::Presence {
                agent: AgentPresence {
                    id: "sam".into(),
                    name: "Sam".into(),
                    status: PresenceStatus::Away,
                },
            },
            &viewer(),
        );
        inbox.apply(
            InboxServerFrame::Presence {
                agent: AgentPresence {
                    id: "me".into(),
                    name: "Maya".into(),
                    status: PresenceStatus::Online,
                },
            },
            &viewer(),
        );
        assert_eq!(inbox.agents.len(), 2);
        assert_eq!(inbox.agents[0].status, PresenceStatus::Away);
        let others = Inbox::others(&inbox.agents, "me");
        assert_eq!(others.len(), 1);
        assert_eq!(others[0].id, "sam");
    }

    fn upsert_frame(item: QueueItem) -> InboxServerFrame {
        InboxServerFrame::Upsert {
            conversation: Box::new(item),
        }
    }

    #[test]
    fn action_results_do_not_overwrite_newer_socket_state() {
        let mut inbox = Inbox::default();
        inbox.apply(upsert_frame(item("c", QueueStatus::Waiting, 50)), &viewer());
        // Maya claims; before her answer arrives, the socket says Sam claimed it first.
        // The action does not change last_message_at, so only the order can tell.
        let ticket = inbox.ticket();
        inbox.apply(upsert_frame(assigned("c", "sam", 50)), &viewer());
        assert!(!inbox.upsert_if_current(assigned("c", "me", 50), ticket, &viewer()));
        assert_eq!(inbox.get("c").unwrap().assignee.as_ref().unwrap().id, "sam");
        // Resolve started after that upsert: nothing newer came, so its result applies.
        let ticket = inbox.ticket();
        let mut resolved = assigned("c", "sam", 50);
        resolved.status = QueueStatus::Resolved;
        assert!(inbox.upsert_if_current(resolved, ticket, &viewer()));
        assert_eq!(inbox.get("c").unwrap().status, QueueStatus::Resolved);
    }

    #[test]
    fn action_results_yield_only_to_their_own_conversation_and_to_snapshots() {
        let mut inbox = Inbox::default();
        let ticket = inbox.ticket();
        // An upsert of another conversation does not make this result stale.
        inbox.apply(
            upsert_frame(item("other", QueueStatus::Waiting, 0)),
            &viewer(),
        );
        assert!(inbox.upsert_if_current(assigned("c", "me", 10), ticket, &viewer()));
        // A snapshot (after a reconnect) is newer than every action started before it.
        let ticket = inbox.ticket();
        inbox.apply(
            InboxServerFrame::Snapshot {
                conversations: vec![assigned("c", "sam", 10)],
                agents: vec![],
            },
            &viewer(),
        );
        let mut transferred = assigned("c", "me", 10);
        transferred.status = QueueStatus::Escalated;
        assert!(!inbox.upsert_if_current(transferred, ticket, &viewer()));
        assert_eq!(inbox.get("c").unwrap().assignee.as_ref().unwrap().id, "sam");
    }

    #[test]
    fn first_snapshot_is_quiet_but_counts_unread_and_a_reconnect_snapshot_alerts() {
        let mut inbox = Inbox::default();
        let mut c = item("c", QueueStatus::Waiting, 0);
        c.unread = 2;
        let mut sams = assigned("s", "sam", 0);
        sams.unread = 4;
        let snap = |c: &QueueItem| InboxServerFrame::Snapshot {
            conversations: vec![c.clone(), sams.clone()],
            agents: vec![],
        };
        // No sound, but the badge shows what is already unread (not Sam's conversation).
        assert!(!inbox.apply(snap(&c), &viewer()));
        assert_eq!(inbox.alerts.total(), 2);
        c.unread = 3;
        assert!(inbox.apply(snap(&c), &viewer()));
        assert_eq!(inbox.alerts.total(), 3);
    }

    #[test]
    fn first_snapshot_does_not_count_the_conversation_on_screen() {
        let mut inbox = Inbox::default();
        let mut c = item("c", QueueStatus::Waiting, 0);
        c.unread = 2;
        let on_screen = Viewer {
            open: Some("c".into()),
            ..viewer()
        };
        inbox.apply(
            InboxServerFrame::Snapshot {
                conversations: vec![c],
                agents: vec![],
            },
            &on_screen,
        );
        assert_eq!(inbox.alerts.total(), 0);
    }

    #[test]
    fn resolved_without_a_reply_stops_the_clock_and_is_never_breached() {
        let mut c = item("c", QueueStatus::Resolved, 1_000);
        c.resolved_at = Some(1_000 + 2 * 60_000);
        assert_eq!(wait_ms(&c, 1_000 + 60 * 60_000), 2 * 60_000);
        assert_eq!(sla_of(&c, 1_000 + 60 * 60_000), SlaState::Ok);
        // Resolved after the target passed: the time stays, the row is not coloured.
        c.resolved_at = Some(1_000 + 10 * 60_000);
        assert_eq!(wait_ms(&c, 1_000 + 60 * 60_000), 10 * 60_000);
        assert_eq!(sla_str(sla_of(&c, 1_000 + 60 * 60_000)), "ok");
        // A resolved item without resolved_at stops at its last activity.
        c.resolved_at = None;
        c.last_message_at = 1_000 + 3 * 60_000;
        assert_eq!(wait_ms(&c, 1_000 + 60 * 60_000), 3 * 60_000);
    }

    #[test]
    fn waiting_time_and_sla() {
        let mut c = item("c", QueueStatus::Waiting, 1_000);
        assert_eq!(wait_ms(&c, 61_000), 60_000);
        assert_eq!(wait_ms(&c, 0), 0);
        assert_eq!(sla_of(&c, 1_000 + 3 * 60_000), SlaState::Ok);
        assert_eq!(sla_of(&c, 1_000 + 4 * 60_000), SlaState::AtRisk);
        assert_eq!(sla_of(&c, 1_000 + 5 * 60_000), SlaState::Breached);
        // The clock stops at the first response.
        c.first_response_at = Some(1_000 + 30_000);
        assert_eq!(wait_ms(&c, 10_000_000), 30_000);
        assert_eq!(sla_str(sla_of(&c, 10_000_000)), "ok");
        assert_eq!(sla_str(SlaState::AtRisk), "at_risk");
        assert_eq!(status_str(QueueStatus::Escalated), "escalated");
    }
}
