//! New-message alerts: which conversations have visitor messages the agent has not seen,
//! and the title badge text. Plain data, tested without a browser.

use std::collections::BTreeMap;

use shared::api::{QueueItem, QueueStatus};

use crate::i18n;

/// What the agent is looking at when a change arrives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    /// The signed-in agent's id.
    pub me: String,
    /// Whether the agent is a support lead, who takes the escalated conversations.
    pub lead: bool,
    /// The conversation open in the centre column.
    pub open: Option<String>,
    /// Whether the open conversation is on screen: the tab is visible and the Inbox page
    /// (not the Dashboard) is shown. See [`on_screen`].
    pub visible: bool,
}

/// Whether the open conversation is on screen: the tab is visible AND the Inbox page is
/// shown (on the Dashboard the conversation stays mounted but hidden).
pub fn on_screen(tab_visible: bool, inbox_page_shown: bool) -> bool {
    tab_visible && inbox_page_shown
}

impl Viewer {
    /// Whether this agent is alerted about the conversation: waiting ones, those assigned to
    /// them, and, for a support lead, escalated ones no one has taken yet (the specialist
    /// queue).
    pub fn concerned(&self, item: &QueueItem) -> bool {
        match item.status {
            QueueStatus::Waiting => true,
            QueueStatus::Resolved => false,
            QueueStatus::Assigned | QueueStatus::Escalated => match &item.assignee {
                Some(a) => a.id == self.me,
                None => item.status == QueueStatus::Escalated && self.lead,
            },
        }
    }

    /// True if the agent is looking at this conversation right now.
    pub fn sees(&self, conversation_id: &str) -> bool {
        self.visible && self.open.as_deref() == Some(conversation_id)
    }
}

/// Unseen visitor messages per conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alerts {
    unseen: BTreeMap<String, u32>,
}

impl Alerts {
    /// Records a conversation change (`before` is the previous state, if known). Returns true
    /// if a new visitor message arrived that the agent should hear about.
    pub fn observe(
        &mut self,
        before: Option<&QueueItem>,
        after: &QueueItem,
        viewer: &Viewer,
    ) -> bool {
        if after.unread == 0 || viewer.sees(&after.id) {
            self.unseen.remove(&after.id);
            return false;
        }
        let was = before.map_or(0, |b| b.unread);
        if after.unread <= was || !viewer.concerned(after) {
            return false;
        }
        *self.unseen.entry(after.id.clone()).or_default() += after.unread - was;
        true
    }

    /// Counts what is already unread in a conversation the agent is concerned with (the first
    /// snapshot after a page load or a language switch), without announcing it.
    pub fn seed(&mut self, item: &QueueItem, viewer: &Viewer) {
        if item.unread == 0 || viewer.sees(&item.id) || !viewer.concerned(item) {
            self.unseen.remove(&item.id);
        } else {
            self.unseen.insert(item.id.clone(), item.unread);
        }
    }

    /// The agent has seen the conversation.
    pub fn seen(&mut self, conversation_id: &str) {
        self.unseen.remove(conversation_id);
    }

    /// Unseen messages across conversations.
    pub fn total(&self) -> u32 {
        self.unseen.values().sum()
    }
}

/// The document title: `(N) Cellar Door — Agent console`, or without the badge when N is 0.
pub fn title_text(unseen: u32) -> String {
    if unseen == 0 {
        i18n::title()
    } else {
        format!("({unseen}) {}", i18n::title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::tests::item;

    fn viewer(open: Option<&str>, visible: bool) -> Viewer {
        Viewer {
            me: "a_maya".into(),
            lead: false,
            open: open.map(Into::into),
            visible,
        }
    }

    #[test]
    fn title_badge() {
        assert_eq!(title_text(0), "Cellar Door — Agent console");
        assert_eq!(title_text(3), "(3) Cellar Door — Agent console");
    }

    #[test]
    fn new_visitor_messages_elsewhere_bump_the_badge() {
        let mut a = Alerts::default();
        let v = viewer(Some("c_other"), true);
        let mut it = item("c_1", QueueStatus::Waiting, 0);
        it.unread = 1;
        assert!(a.observe(None, &it, &v));
        let mut more = it.clone();
        more.unread = 3;
        assert!(a.observe(Some(&it), &more, &v));
        assert_eq!(a.total(), 3);
        // The same state again (e.g. a preview change) does not bump.
        assert!(!a.observe(Some(&more), &more, &v));
        assert_eq!(a.total(), 3);
        // Read elsewhere (unread back to 0) clears it.
        let mut read = more.clone();
        read.unread = 0;
        assert!(!a.observe(Some(&more), &read, &v));
        assert_eq!(a.total(), 0);
    }

    #[test]
    fn the_open_visible_conversation_never_alerts_but_a_hidden_tab_does() {
        let mut a = Alerts::default();
        let mut it = item("c_1", QueueStatus::Waiting, 0);
        it.unread = 1;
        assert!(!a.observe(None, &it, &viewer(Some("c_1"), true)));
        assert_eq!(a.total(), 0);
        let mut two = it.clone();
        two.unread = 2;
        assert!(a.observe(Some(&it), &two, &viewer(Some("c_1"), false)));
        assert_eq!(a.total(), 1);
        a.seen("c_1");
        assert_eq!(a.total(), 0);
    }

    #[test]
    fn the_conversation_is_on_screen_only_on_the_visible_inbox_page() {
        assert!(on_screen(true, true));
        assert!(!on_screen(true, false));
        assert!(!on_screen(false, true));
        // On the Dashboard the open conversation alerts like any other.
        let mut a = Alerts::default();
        let mut it = item("c_1", QueueStatus::Waiting, 0);
        it.unread = 1;
        let on_dashboard = Viewer {
            visible: on_screen(true, false),
            ..viewer(Some("c_1"), true)
        };
        assert!(a.observe(None, &it, &on_dashboard));
        assert_eq!(a.total(), 1);
    }

    #[test]
    fn only_waiting_and_own_conversations_alert() {
        let mut a = Alerts::default();
        let v = viewer(None, true);
        let mut sams = item("c_2", QueueStatus::Assigned, 0);
        sams.assignee = Some(shared::api::AgentRef {
            id: "a_sam".into(),
            name: "Sam".into(),
        });
        sams.unread = 1;
        assert!(!a.observe(None, &sams, &v));
        let mut mine = sams.clone();
        mine.assignee = Some(shared::api::AgentRef {
            id: "a_maya".into(),
            name: "Maya".into(),
        });
        assert!(a.observe(None, &mine, &v));
        let mut resolved = item("c_3", QueueStatus::Resolved, 0);
        resolved.unread = 1;
        assert!(!a.observe(None, &resolved, &v));
        assert_eq!(a.total(), 1);
    }

    #[test]
    fn escalated_conversations_alert_the_leads_until_one_takes_them() {
        let mut it = item("c_1", QueueStatus::Escalated, 0);
        it.unread = 1;
        let agent = viewer(None, true);
        let lead = Viewer {
            me: "a_sam".into(),
            lead: true,
            ..viewer(None, true)
        };
        assert!(!agent.concerned(&it));
        assert!(lead.concerned(&it));
        assert!(Alerts::default().observe(None, &it, &lead));
        assert!(!Alerts::default().observe(None, &it, &agent));
        // Taken by another lead: theirs now.
        it.assignee = Some(shared::api::AgentRef {
            id: "a_lea".into(),
            name: "Lea".into(),
        });
        assert!(!lead.concerned(&it));
    }
}
