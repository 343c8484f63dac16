//! One conversation as the agent sees it: the shared thread rules
//! ([`shared::thread`], from the agent's side) plus the agent's typing-frame throttle.
//! Plain data, tested without a browser.

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

#[cfg(test)]
mod tests {
    use super::*;

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
