//! One conversation as the agent sees it: lines being sent plus what the server stored,
//! reconciled by client id and seq; read positions; the visitor's typing state; and the
//! agent's typing-frame throttle. Plain data, tested without a browser.

use shared::chat::{TYPING_THROTTLE_MS, TYPING_TTL_MS};
use shared::protocol::{Author, Message, ServerFrame, SystemEvent};
use shared::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineState {
    Sending,
    Sent,
    Failed,
}

impl LineState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub client_id: String,
    pub seq: Option<u64>,
    pub author: Author,
    pub author_name: Option<String>,
    pub body: String,
    /// Unix ms: when the server stored it, or when it was typed while unsent.
    pub at: i64,
    pub state: LineState,
    pub event: Option<SystemEvent>,
    /// Written in this console (so it may be resent).
    pub local: bool,
}

/// What the caller must do after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    /// Show this error inline.
    Error(ErrorCode),
    /// The server is rate limiting: resend this line after a pause.
    ResendLater(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thread {
    pub lines: Vec<Line>,
    /// Highest server seq seen; sent in `hello` on reconnect.
    pub last_seq: u64,
    /// The visitor has read agent messages up to this seq.
    pub visitor_read: u64,
    /// Agents have read visitor messages up to this seq (as the server or this console said).
    pub agent_read: u64,
    /// The visitor is typing until this time (unix ms), under this name.
    typing_until: Option<(i64, Option<String>)>,
}

impl Thread {
    /// Adds a line this agent just wrote; it is `Sending` until acked.
    pub fn push_local(
        &mut self,
        client_id: String,
        body: String,
        author_name: Option<String>,
        now: i64,
    ) {
        self.lines.push(Line {
            client_id,
            seq: None,
            author: Author::Agent,
            author_name,
            body,
            at: now,
            state: LineState::Sending,
            event: None,
            local: true,
        });
    }

    /// Applies a server frame received at `now`.
    pub fn apply(&mut self, frame: ServerFrame, now: i64) -> Outcome {
        match frame {
            ServerFrame::History { messages } => {
                for m in messages {
                    self.upsert(m);
                }
            }
            ServerFrame::Message { message } => {
                if message.author == Author::Visitor {
                    self.typing_until = None;
                }
                self.upsert(message);
            }
            ServerFrame::Ack { client_id, seq, at } => {
                if let Some(line) = self.local_line_mut(&client_id) {
                    line.seq = Some(seq);
                    line.at = at;
                    line.state = LineState::Sent;
                }
                self.settle(seq);
            }
            ServerFrame::Typing {
                author: Author::Visitor,
                name,
                on,
            } => {
                self.typing_until = on.then(|| (now + TYPING_TTL_MS, name));
            }
            ServerFrame::Typing { .. } => {}
            ServerFrame::Read { author, seq } => match author {
                Author::Visitor => self.visitor_read = self.visitor_read.max(seq),
                Author::Agent => self.agent_read = self.agent_read.max(seq),
                Author::System => {}
            },
            ServerFrame::Error {
                code, client_id, ..
            } => {
                let line = client_id.as_deref().and_then(|id| self.local_line_mut(id));
                return match (code, line) {
                    (ErrorCode::RateLimited, Some(line)) => {
                        line.state = LineState::Sending;
                        Outcome::ResendLater(line.client_id.clone())
                    }
                    (_, Some(line)) => {
                        line.state = LineState::Failed;
                        Outcome::Error(code)
                    }
                    (_, None) => Outcome::Error(code),
                };
            }
        }
        Outcome::Nothing
    }

    /// The socket reconnected: the server will resend read positions and typing state.
    pub fn reconnected(&mut self) {
        self.typing_until = None;
    }

    /// Lines still waiting for an ack, oldest first, to (re)send after connecting.
    pub fn unsent(&self) -> Vec<(String, String)> {
        self.lines
            .iter()
            .filter(|l| l.local && l.state == LineState::Sending)
            .map(|l| (l.client_id.clone(), l.body.clone()))
            .collect()
    }

    /// The body of a local line still being sent (for a delayed resend).
    pub fn pending_body(&self, client_id: &str) -> Option<String> {
        self.lines
            .iter()
            .find(|l| l.local && l.client_id == client_id && l.state == LineState::Sending)
            .map(|l| l.body.clone())
    }

    /// Newest stored visitor message.
    pub fn newest_visitor_seq(&self) -> Option<u64> {
        self.lines
            .iter()
            .filter(|l| l.author == Author::Visitor)
            .filter_map(|l| l.seq)
            .max()
    }

    /// The seq to report in a `read` frame, if the agent has not reported it yet.
    pub fn read_to_send(&self) -> Option<u64> {
        self.newest_visitor_seq().filter(|&s| s > self.agent_read)
    }

    /// Records that a `read{seq}` was sent.
    pub fn mark_read(&mut self, seq: u64) {
        self.agent_read = self.agent_read.max(seq);
    }

    /// True for agent messages the visitor has read.
    pub fn is_read_by_visitor(&self, line: &Line) -> bool {
        line.author == Author::Agent && line.seq.is_some_and(|s| s <= self.visitor_read)
    }

    /// The visitor's typing state at `now`: `Some(name)` while typing.
    pub fn visitor_typing(&self, now: i64) -> Option<Option<String>> {
        self.typing_until
            .as_ref()
            .filter(|(until, _)| *until > now)
            .map(|(_, n)| n.clone())
    }

    fn local_line_mut(&mut self, client_id: &str) -> Option<&mut Line> {
        self.lines
            .iter_mut()
            .find(|l| l.local && l.client_id == client_id)
    }

    fn upsert(&mut self, m: Message) {
        let seq = m.seq;
        let existing = self
            .lines
            .iter_mut()
            .find(|l| l.seq == Some(seq) || (l.author == m.author && l.client_id == m.client_id));
        match existing {
            Some(line) => {
                line.seq = Some(seq);
                line.at = m.at;
                line.state = LineState::Sent;
            }
            None => self.lines.push(Line {
                client_id: m.client_id,
                seq: Some(seq),
                author: m.author,
                author_name: m.author_name,
                body: m.body,
                at: m.at,
                state: LineState::Sent,
                event: m.event,
                local: false,
            }),
        }
        self.settle(seq);
    }

    /// Keeps stored lines in seq order with unsent lines after them.
    fn settle(&mut self, seq: u64) {
        self.last_seq = self.last_seq.max(seq);
        self.lines.sort_by_key(|l| l.seq.unwrap_or(u64::MAX));
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

    fn msg(seq: u64, client_id: &str, author: Author) -> Message {
        Message {
            seq,
            client_id: client_id.into(),
            author,
            author_name: (author == Author::Agent).then(|| "Sam".into()),
            body: format!("m{seq}"),
            at: seq as i64,
            event: None,
        }
    }

    #[test]
    fn local_lines_are_sent_once_acked_and_history_does_not_duplicate() {
        let mut t = Thread::default();
        t.push_local("a".into(), "hi".into(), Some("Maya".into()), 0);
        assert_eq!(t.unsent(), vec![("a".to_string(), "hi".to_string())]);
        t.apply(
            ServerFrame::Ack {
                client_id: "a".into(),
                seq: 4,
                at: 9,
            },
            0,
        );
        assert_eq!(t.lines[0].state, LineState::Sent);
        assert_eq!(t.last_seq, 4);
        assert!(t.unsent().is_empty());
        t.apply(
            ServerFrame::History {
                messages: vec![msg(3, "v", Author::Visitor), msg(4, "a", Author::Agent)],
            },
            0,
        );
        let seqs: Vec<_> = t.lines.iter().map(|l| l.seq).collect();
        assert_eq!(seqs, vec![Some(3), Some(4)]);
    }

    #[test]
    fn rate_limits_keep_the_line_sending_and_other_errors_fail_it() {
        let mut t = Thread::default();
        t.push_local("a".into(), "hi".into(), None, 0);
        t.push_local("b".into(), "yo".into(), None, 0);
        assert_eq!(
            t.apply(
                ServerFrame::error(ErrorCode::RateLimited, Some("a".into())),
                0
            ),
            Outcome::ResendLater("a".into())
        );
        assert_eq!(t.pending_body("a").as_deref(), Some("hi"));
        assert_eq!(
            t.apply(
                ServerFrame::error(ErrorCode::MessageTooLong, Some("b".into())),
                0
            ),
            Outcome::Error(ErrorCode::MessageTooLong)
        );
        assert_eq!(t.lines[1].state, LineState::Failed);
        assert_eq!(t.pending_body("b"), None);
        assert_eq!(t.unsent().len(), 1);
        assert_eq!(
            t.apply(ServerFrame::error(ErrorCode::InvalidFrame, None), 0),
            Outcome::Error(ErrorCode::InvalidFrame)
        );
    }

    #[test]
    fn read_markers_follow_the_visitor_read_position() {
        let mut t = Thread::default();
        t.apply(
            ServerFrame::History {
                messages: vec![
                    msg(1, "v1", Author::Visitor),
                    msg(2, "a1", Author::Agent),
                    msg(3, "a2", Author::Agent),
                ],
            },
            0,
        );
        let read = |t: &Thread| {
            t.lines
                .iter()
                .map(|l| t.is_read_by_visitor(l))
                .collect::<Vec<_>>()
        };
        assert_eq!(read(&t), [false, false, false]);
        t.apply(
            ServerFrame::Read {
                author: Author::Visitor,
                seq: 2,
            },
            0,
        );
        assert_eq!(read(&t), [false, true, false]);
        // Read positions never go back.
        t.apply(
            ServerFrame::Read {
                author: Author::Visitor,
                seq: 1,
            },
            0,
        );
        assert_eq!(read(&t), [false, true, false]);
        t.apply(
            ServerFrame::Read {
                author: Author::Visitor,
                seq: 3,
            },
            0,
        );
        assert_eq!(read(&t), [false, true, true]);
    }

    #[test]
    fn the_agent_reports_the_newest_visitor_message_once() {
        let mut t = Thread::default();
        assert_eq!(t.read_to_send(), None);
        t.apply(
            ServerFrame::History {
                messages: vec![msg(1, "v1", Author::Visitor), msg(2, "a", Author::Agent)],
            },
            0,
        );
        assert_eq!(t.read_to_send(), Some(1));
        t.mark_read(1);
        assert_eq!(t.read_to_send(), None);
        t.apply(
            ServerFrame::Message {
                message: msg(3, "v2", Author::Visitor),
            },
            0,
        );
        assert_eq!(t.read_to_send(), Some(3));
        // Another agent (or another tab) already read it.
        t.apply(
            ServerFrame::Read {
                author: Author::Agent,
                seq: 3,
            },
            0,
        );
        assert_eq!(t.read_to_send(), None);
    }

    #[test]
    fn visitor_typing_expires_and_stops_with_a_message() {
        let mut t = Thread::default();
        t.apply(
            ServerFrame::Typing {
                author: Author::Visitor,
                name: Some("Ava".into()),
                on: true,
            },
            1_000,
        );
        assert_eq!(
            t.visitor_typing(1_000 + TYPING_TTL_MS - 1),
            Some(Some("Ava".into()))
        );
        assert_eq!(t.visitor_typing(1_000 + TYPING_TTL_MS), None);
        // Our own side's typing is ignored.
        t.apply(
            ServerFrame::Typing {
                author: Author::Agent,
                name: None,
                on: true,
            },
            1_000 + TYPING_TTL_MS,
        );
        assert_eq!(t.visitor_typing(1_000 + TYPING_TTL_MS), None);
        t.apply(
            ServerFrame::Typing {
                author: Author::Visitor,
                name: None,
                on: true,
            },
            0,
        );
        assert_eq!(t.visitor_typing(0), Some(None));
        t.apply(
            ServerFrame::Message {
                message: msg(1, "v", Author::Visitor),
            },
            0,
        );
        assert_eq!(t.visitor_typing(0), None);
        t.apply(
            ServerFrame::Typing {
                author: Author::Visitor,
                name: None,
                on: true,
            },
            0,
        );
        t.apply(
            ServerFrame::Typing {
                author: Author::Visitor,
                name: None,
                on: false,
            },
            0,
        );
        assert_eq!(t.visitor_typing(0), None);
    }

    #[test]
    fn system_messages_keep_their_event() {
        let mut t = Thread::default();
        let mut m = msg(1, "s", Author::System);
        m.event = Some(SystemEvent::Resolved {
            agent_name: "Maya".into(),
        });
        t.apply(ServerFrame::Message { message: m }, 0);
        assert_eq!(
            t.lines[0].event,
            Some(SystemEvent::Resolved {
                agent_name: "Maya".into()
            })
        );
        assert!(!t.is_read_by_visitor(&t.lines[0]));
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
