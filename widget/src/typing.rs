//! The visitor's own typing indicator: when to tell the agent. At most one `on` frame per
//! [`TYPING_THROTTLE_MS`] while the draft keeps changing (the agent's side forgets an `on`
//! after `TYPING_TTL_MS`, so this also keeps it alive), and one `off` when the draft is
//! sent, emptied or left. Plain data, tested without a UI.

use shared::chat::TYPING_THROTTLE_MS;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypingOut {
    on: bool,
    last_on: Option<i64>,
}

impl TypingOut {
    /// The draft changed at `now`; returns the `typing{on}` value to send, if any.
    pub fn draft(&mut self, draft: &str, now: i64) -> Option<bool> {
        if draft.trim().is_empty() {
            return self.stop();
        }
        let throttled = self
            .last_on
            .is_some_and(|t| (0..TYPING_THROTTLE_MS).contains(&(now - t)));
        if throttled {
            return None;
        }
        self.on = true;
        self.last_on = Some(now);
        Some(true)
    }

    /// The visitor sent the draft or left the composer: `Some(false)` if the agent was
    /// told they were typing. The next keystroke starts a fresh `on` at once: the throttle
    /// only spaces out the refreshes of one continuous stretch of typing.
    pub fn stop(&mut self) -> Option<bool> {
        self.last_on = None;
        std::mem::take(&mut self.on).then_some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_is_throttled_and_off_is_sent_once() {
        let mut t = TypingOut::default();
        assert_eq!(t.draft("h", 0), Some(true));
        assert_eq!(t.draft("hi", 500), None);
        assert_eq!(t.draft("hi ", TYPING_THROTTLE_MS - 1), None);
        assert_eq!(t.draft("hi t", TYPING_THROTTLE_MS), Some(true));
        assert_eq!(t.stop(), Some(false));
        assert_eq!(t.stop(), None);
        // Typing again right after an `off` (e.g. the next message) is told at once…
        assert_eq!(t.draft("again", TYPING_THROTTLE_MS + 10), Some(true));
        // …and then throttled again.
        assert_eq!(t.draft("again!", TYPING_THROTTLE_MS + 20), None);
    }

    #[test]
    fn emptying_the_draft_stops_typing() {
        let mut t = TypingOut::default();
        assert_eq!(t.draft("  ", 0), None);
        assert_eq!(t.draft("a", 0), Some(true));
        assert_eq!(t.draft(" \n", 10), Some(false));
        assert_eq!(t.draft("", 20), None);
    }

    #[test]
    fn a_clock_going_back_does_not_block_forever() {
        let mut t = TypingOut::default();
        assert_eq!(t.draft("a", 10_000), Some(true));
        assert_eq!(t.draft("ab", 1_000), Some(true));
    }
}
