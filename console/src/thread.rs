//! One conversation as the agent sees it: the shared thread rules
//! ([`shared::thread`], from the agent's side) plus the agent's typing-frame throttle.
//! Plain data, tested without a browser.

use std::collections::HashMap;

use shared::chat::TYPING_THROTTLE_MS;
pub use shared::thread::{Line, LineState, Outcome};

/// The conversation as this console sees it: agents' lines are ours.
pub type Thread = shared::thread::AgentThread;

/// The `data-state` of a line. The console shows "read" as a separate marker, so an
/// agent line the visitor has read is still `sent` here.
pub fn state_attr(state: LineState) -> &'static str {
    match state {
        LineState::Read => LineState::Sent.as_str(),
        s => s.as_str(),
    }
}

/// Decides when to send `typing` frames: `on` at most once per [`TYPING_THROTTLE_MS`] while
/// the draft has text, `off` once when it empties or is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypingThrottle {
    last_on: Option<i64>,
}

impl TypingThrottle {
    /// The draft changed at `now`; returns the frame to send, if any.
    pub fn input(&mut self, draft_empty: bool, now: i64) -> Option<bool> {
        if draft_empty {
            return self.stop();
        }
        match self.last_on {
            Some(t) if now - t < TYPING_THROTTLE_MS => None,
            _ => {
                self.last_on = Some(now);
                Some(true)
            }
        }
    }

    /// The draft was sent or abandoned; returns `Some(false)` if `on` was last sent.
    pub fn stop(&mut self) -> Option<bool> {
        self.last_on.take().map(|_| false)
    }
}

/// What the agent left in a conversation they switched away from: the composer draft and
/// the lines not acknowledged yet (`Sending`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parked {
    pub draft: String,
    pub unsent: Vec<Line>,
}

impl Parked {
    /// Puts the unsent lines back into a freshly opened conversation's thread (the socket
    /// resends them after `hello`; the server drops a line it already stored, by client id).
    pub fn restore_into(self, thread: &mut Thread) -> String {
        for line in self.unsent {
            thread.push_local(line.client_id, line.body, line.author_name, line.at);
        }
        self.draft
    }
}

/// Drafts and unsent lines per conversation id, kept by the inbox while the agent works in
/// another conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParkedDrafts(HashMap<String, Parked>);

impl ParkedDrafts {
    /// Keeps what the agent leaves in conversation `id` (nothing if there is nothing to keep).
    pub fn park(&mut self, id: &str, draft: String, thread: &Thread) {
        let unsent: Vec<Line> = thread.unsent_lines().cloned().collect();
        if draft.is_empty() && unsent.is_empty() {
            self.0.remove(id);
        } else {
            self.0.insert(id.to_owned(), Parked { draft, unsent });
        }
    }

    /// Takes what was kept for conversation `id`.
    pub fn take(&mut self, id: &str) -> Parked {
        self.0.remove(id).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::protocol::ServerFrame;

    #[test]
    fn drafts_and_unsent_lines_survive_switching_conversations() {
        let mut thread = Thread::default();
        thread.push_local("c1".into(), "delivered".into(), Some("Maya".into()), 10);
        thread.push_local("c2".into(), "still sending".into(), Some("Maya".into()), 20);
        thread.apply(
            ServerFrame::Ack {
                client_id: "c1".into(),
                seq: 1,
                at: 11,
            },
            12,
        );
        let mut parked = ParkedDrafts::default();
        parked.park("conv_a", "half a reply".into(), &thread);
        // Nothing to keep in conversation b.
        parked.park("conv_b", String::new(), &Thread::default());
        assert_eq!(parked.take("conv_b"), Parked::default());

        // Back in conversation a: the draft and the unsent line (to be resent) are there.
        let mut reopened = Thread::default();
        let draft = parked.take("conv_a").restore_into(&mut reopened);
        assert_eq!(draft, "half a reply");
        assert_eq!(
            reopened.unsent(),
            [("c2".to_owned(), "still sending".to_owned())]
        );
        assert_eq!(reopened.unsent_lines().next().unwrap().at, 20);
        // Taken once.
        assert_eq!(parked.take("conv_a"), Parked::default());
    }

    #[test]
    fn leaving_while_typing_turns_the_indicator_off_once() {
        let mut th = TypingThrottle::default();
        assert_eq!(th.stop(), None);
        th.input(false, 0);
        assert_eq!(th.stop(), Some(false));
        assert_eq!(th.stop(), None);
    }

    #[test]
    fn read_lines_keep_the_sent_state_attribute() {
        assert_eq!(state_attr(LineState::Read), "sent");
        assert_eq!(state_attr(LineState::Sent), "sent");
        assert_eq!(state_attr(LineState::Sending), "sending");
        assert_eq!(state_attr(LineState::Failed), "failed");
    }

    #[test]
    fn typing_frames_are_throttled() {
        let mut th = TypingThrottle::default();
        assert_eq!(th.input(true, 0), None);
        assert_eq!(th.input(false, 0), Some(true));
        assert_eq!(th.input(false, TYPING_THROTTLE_MS - 1), None);
        assert_eq!(th.input(false, TYPING_THROTTLE_MS), Some(true));
        assert_eq!(th.input(true, TYPING_THROTTLE_MS + 1), Some(false));
        assert_eq!(th.input(true, TYPING_THROTTLE_MS + 2), None);
        assert_eq!(th.input(false, TYPING_THROTTLE_MS + 3), Some(true));
        assert_eq!(th.stop(), Some(false));
        assert_eq!(th.stop(), None);
    }
}
