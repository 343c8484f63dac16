//! One conversation thread as a client sees it, from either side: lines being sent plus
//! what the server stored, reconciled by client id and seq; both sides' read positions;
//! the other side's typing state. The widget uses it as the visitor ([`VisitorSide`]),
//! the console as an agent ([`AgentSide`]). Plain data, tested without a UI.

use std::fmt;

use crate::chat::{ATTENDED_MS, TYPING_TTL_MS};
use crate::protocol::{Author, Message, ServerFrame, SystemEvent};
use crate::ErrorCode;

/// Whose view of the thread this is.
pub trait Side: Copy + Default + fmt::Debug + PartialEq + Eq {
    /// The viewer's own side: lines by this author are "mine".
    const ME: Author;
    /// The other side: whose typing and read position are shown.
    const PEER: Author;
}

/// The widget's view: the visitor's own lines, the agent's typing and reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitorSide;

impl Side for VisitorSide {
    const ME: Author = Author::Visitor;
    const PEER: Author = Author::Agent;
}

/// The console's view: the agents' lines, the visitor's typing and reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgentSide;

impl Side for AgentSide {
    const ME: Author = Author::Agent;
    const PEER: Author = Author::Visitor;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineState {
    Sending,
    Sent,
    /// One of my side's lines the other side has read.
    Read,
    Failed,
}

impl LineState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Read => "read",
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
    /// What a system line records (localised by the view).
    pub event: Option<SystemEvent>,
    /// Written in this client (so it may be resent).
    pub local: bool,
}

impl Line {
    /// A key that changes whenever the line's rendering must.
    pub fn render_key(&self) -> (String, Option<u64>, LineState) {
        (
            format!("{}:{}", self.author.as_str(), self.client_id),
            self.seq,
            self.state,
        )
    }
}

/// The other side is typing; forgotten at `until` unless refreshed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerTyping {
    pub name: Option<String>,
    pub until: i64,
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
pub struct Thread<S: Side> {
    pub lines: Vec<Line>,
    /// Highest server seq seen; sent in `hello` on reconnect.
    pub last_seq: u64,
    /// The other side has read my side's messages up to this seq.
    pub peer_read: u64,
    /// My side has read the other side's messages up to this seq (as the server or this
    /// client said).
    pub own_read: u64,
    /// The other side's typing indicator.
    pub typing: Option<PeerTyping>,
    side: S,
}

/// The visitor's thread (the widget).
pub type VisitorThread = Thread<VisitorSide>;
/// An agent's thread (the console).
pub type AgentThread = Thread<AgentSide>;

impl<S: Side> Thread<S> {
    /// Adds a line this client just wrote; it is `Sending` until acked.
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
            author: S::ME,
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
                // A message from the other side ends their typing.
                if message.author == S::PEER {
                    self.typing = None;
                }
                self.upsert(message);
            }
            ServerFrame::Ack { client_id, seq, at } => {
                let state = self.settled_state(S::ME, seq);
                if let Some(line) = self.local_line_mut(&client_id) {
                    line.seq = Some(seq);
                    line.at = at;
                    line.state = state;
                }
                self.settle(seq);
            }
            ServerFrame::Typing { author, name, on } => {
                // My own side's typing (another tab, another agent) is not shown.
                if author == S::PEER {
                    self.typing = on.then(|| PeerTyping {
                        name,
                        until: now + TYPING_TTL_MS,
                    });
                }
            }
            ServerFrame::Read { author, seq } => {
                if author == S::PEER {
                    self.peer_read = self.peer_read.max(seq);
                    let read = self.peer_read;
                    for l in &mut self.lines {
                        if l.author == S::ME
                            && l.state == LineState::Sent
                            && l.seq.is_some_and(|s| s <= read)
                        {
                            l.state = LineState::Read;
                        }
                    }
                } else if author == S::ME {
                    self.own_read = self.own_read.max(seq);
                }
            }
            ServerFrame::Error {
                code, client_id, ..
            } => {
                let line = client_id.as_deref().and_then(|id| self.local_line_mut(id));
                return match (code, line) {
                    // A rate-limited line stays `Sending`: the client resends it shortly.
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
        self.typing = None;
    }

    /// The other side's typing indicator, if still fresh at `now`.
    pub fn peer_typing(&self, now: i64) -> Option<&PeerTyping> {
        self.typing.as_ref().filter(|t| t.until > now)
    }

    /// Forgets a typing indicator that was not refreshed in time. Returns whether anything
    /// changed.
    pub fn expire_typing(&mut self, now: i64) -> bool {
        if self.typing.as_ref().is_some_and(|t| t.until <= now) {
            self.typing = None;
            true
        } else {
            false
        }
    }

    /// Local lines still waiting for an ack, oldest first.
    pub fn unsent_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines
            .iter()
            .filter(|l| l.local && l.state == LineState::Sending)
    }

    /// Lines still waiting for an ack, oldest first, to (re)send after connecting:
    /// `(client_id, body)`.
    pub fn unsent(&self) -> Vec<(String, String)> {
        self.unsent_lines()
            .map(|l| (l.client_id.clone(), l.body.clone()))
            .collect()
    }

    /// The body of a local line still being sent (for a delayed resend).
    pub fn pending_body(&self, client_id: &str) -> Option<String> {
        self.unsent_lines()
            .find(|l| l.client_id == client_id)
            .map(|l| l.body.clone())
    }

    /// Newest stored message from the other side.
    pub fn newest_peer_seq(&self) -> Option<u64> {
        self.lines
            .iter()
            .filter(|l| l.author == S::PEER)
            .filter_map(|l| l.seq)
            .max()
    }

    /// An agent has been in this conversation within [`ATTENDED_MS`] before `now`: the
    /// visitor can expect a prompt reply whatever the session said about availability (an
    /// agent who replies out of hours, or signed in after the widget opened, is plainly there).
    pub fn is_attended(&self, now: i64) -> bool {
        self.attended_at()
            .is_some_and(|at| now.saturating_sub(at) < ATTENDED_MS)
    }

    /// When an agent last wrote in this conversation, joined it or took it over, unless it
    /// has been resolved since.
    pub fn attended_at(&self) -> Option<i64> {
        let last = self.lines.iter().rev().find(|l| {
            l.author == Author::Agent
                || matches!(
                    l.event,
                    Some(
                        SystemEvent::AgentJoined { .. }
                            | SystemEvent::Transferred { .. }
                            | SystemEvent::Resolved { .. }
                    )
                )
        })?;
        (!matches!(last.event, Some(SystemEvent::Resolved { .. }))).then_some(last.at)
    }

    /// The seq to report in a `read` frame, if my side has not reported it yet.
    pub fn read_to_send(&self) -> Option<u64> {
        self.newest_peer_seq().filter(|&s| s > self.own_read)
    }

    /// Records that a `read{seq}` was sent.
    pub fn mark_read(&mut self, seq: u64) {
        self.own_read = self.own_read.max(seq);
    }

    /// True for my side's lines the other side has read.
    pub fn is_read_by_peer(&self, line: &Line) -> bool {
        line.state == LineState::Read
    }

    fn settled_state(&self, author: Author, seq: u64) -> LineState {
        if author == S::ME && seq <= self.peer_read {
            LineState::Read
        } else {
            LineState::Sent
        }
    }

    fn local_line_mut(&mut self, client_id: &str) -> Option<&mut Line> {
        self.lines
            .iter_mut()
            .find(|l| l.local && l.client_id == client_id)
    }

    fn upsert(&mut self, m: Message) {
        let seq = m.seq;
        let state = self.settled_state(m.author, seq);
        let existing = self
            .lines
            .iter_mut()
            .find(|l| l.seq == Some(seq) || (l.author == m.author && l.client_id == m.client_id));
        match existing {
            Some(line) => {
                line.seq = Some(seq);
                line.at = m.at;
                line.state = state;
            }
            None => self.lines.push(Line {
                client_id: m.client_id,
                seq: Some(seq),
                author: m.author,
                author_name: m.author_name,
                body: m.body,
                at: m.at,
                state,
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

    fn read(author: Author, seq: u64) -> ServerFrame {
        ServerFrame::Read { author, seq }
    }

    fn ack(client_id: &str, seq: u64, at: i64) -> ServerFrame {
        ServerFrame::Ack {
            client_id: client_id.into(),
            seq,
            at,
        }
    }

    fn typing(author: Author, name: Option<&str>, on: bool) -> ServerFrame {
        ServerFrame::Typing {
            author,
            name: name.map(Into::into),
            on,
        }
    }

    fn system(seq: u64, event: SystemEvent) -> ServerFrame {
        ServerFrame::Message {
            message: Message {
                body: event.fallback_text(),
                event: Some(event),
                ..msg(seq, &format!("s{seq}"), Author::System)
            },
        }
    }

    // --- Both sides ---

    #[test]
    fn attended_from_an_agent_word_or_joining_until_resolved() {
        let mut t = VisitorThread::default();
        let frame = |m: Message| ServerFrame::Message { message: m };
        t.apply(frame(msg(1, "v1", Author::Visitor)), 0);
        assert_eq!(t.attended_at(), None, "only the visitor has written");
        let joined = SystemEvent::AgentJoined {
            agent_name: "Sam".into(),
        };
        t.apply(system(2, joined), 0);
        assert_eq!(t.attended_at(), Some(2));
        t.apply(frame(msg(3, "v2", Author::Visitor)), 0);
        assert_eq!(t.attended_at(), Some(2), "the visitor's words do not count");
        t.apply(frame(msg(4, "a1", Author::Agent)), 0);
        assert_eq!(t.attended_at(), Some(4));
        let escalated = SystemEvent::Escalated {
            note: "n".into(),
            expected_by: 99,
        };
        t.apply(system(5, escalated), 0);
        assert_eq!(
            t.attended_at(),
            Some(4),
            "escalating keeps the agent's time"
        );
        let resolved = SystemEvent::Resolved {
            agent_name: "Sam".into(),
        };
        t.apply(system(6, resolved), 0);
        assert_eq!(t.attended_at(), None, "resolved: nobody is waiting on it");
        let transferred = SystemEvent::Transferred {
            from_name: "Sam".into(),
            to_name: "Lea".into(),
        };
        t.apply(system(7, transferred), 0);
        assert_eq!(t.attended_at(), Some(7));
        assert!(t.is_attended(7));
        assert!(t.is_attended(7 + ATTENDED_MS - 1));
        assert!(!t.is_attended(7 + ATTENDED_MS));
        // A server clock ahead of the browser's still counts.
        assert!(t.is_attended(0));
        assert!(!VisitorThread::default().is_attended(7));
    }

    #[test]
    fn local_lines_are_sent_once_acked_and_history_does_not_duplicate() {
        let mut t = AgentThread::default();
        t.push_local("a".into(), "hi".into(), Some("Maya".into()), 0);
        assert_eq!(t.lines[0].author, Author::Agent);
        assert_eq!(t.unsent(), vec![("a".to_string(), "hi".to_string())]);
        t.apply(ack("a", 4, 9), 0);
        assert_eq!(t.lines[0].state, LineState::Sent);
        assert_eq!(t.lines[0].at, 9);
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
    fn local_line_is_sent_once_acked() {
        let mut c = VisitorThread::default();
        c.push_local("a".into(), "hi".into(), None, 0);
        assert_eq!(c.lines[0].author, Author::Visitor);
        assert_eq!(c.unsent(), vec![("a".to_string(), "hi".to_string())]);
        assert_eq!(c.apply(ack("a", 4, 9), 0), Outcome::Nothing);
        assert_eq!(c.lines[0].state, LineState::Sent);
        assert_eq!(c.lines[0].seq, Some(4));
        assert_eq!(c.last_seq, 4);
        assert!(c.unsent().is_empty());
    }

    #[test]
    fn history_merges_without_duplicates_and_in_order() {
        let mut c = VisitorThread::default();
        c.push_local("x".into(), "m2".into(), None, 0);
        c.apply(
            ServerFrame::History {
                messages: vec![
                    msg(1, "a", Author::Agent),
                    msg(2, "x", Author::Visitor),
                    msg(3, "b", Author::Visitor),
                ],
            },
            0,
        );
        c.apply(
            ServerFrame::History {
                messages: vec![msg(3, "b", Author::Visitor)],
            },
            0,
        );
        let seqs: Vec<_> = c.lines.iter().map(|l| l.seq).collect();
        assert_eq!(seqs, vec![Some(1), Some(2), Some(3)]);
        assert_eq!(c.last_seq, 3);
        // The merged line is still ours; the one from another tab is not.
        assert!(c.lines[1].local);
        assert!(!c.lines[2].local);
    }

    #[test]
    fn unsent_lines_stay_last_and_errors_fail_them() {
        let mut c = VisitorThread::default();
        c.push_local("late".into(), "later".into(), None, 0);
        c.apply(
            ServerFrame::Message {
                message: msg(7, "ag", Author::Agent),
            },
            0,
        );
        assert_eq!(c.lines.last().unwrap().client_id, "late");
        let out = c.apply(
            ServerFrame::error(ErrorCode::MessageTooLong, Some("late".into())),
            0,
        );
        assert_eq!(out, Outcome::Error(ErrorCode::MessageTooLong));
        assert_eq!(c.lines.last().unwrap().state, LineState::Failed);
        assert!(c.unsent().is_empty());
    }

    #[test]
    fn rate_limited_lines_keep_sending() {
        let mut c = VisitorThread::default();
        c.push_local("a".into(), "hi".into(), None, 0);
        let out = c.apply(
            ServerFrame::error(ErrorCode::RateLimited, Some("a".into())),
            0,
        );
        assert_eq!(out, Outcome::ResendLater("a".into()));
        assert_eq!(c.lines[0].state, LineState::Sending);
        assert_eq!(c.unsent().len(), 1);
        // Without a line of ours it is just an error.
        assert_eq!(
            c.apply(ServerFrame::error(ErrorCode::RateLimited, None), 0),
            Outcome::Error(ErrorCode::RateLimited)
        );
    }

    #[test]
    fn rate_limits_keep_the_line_sending_and_other_errors_fail_it() {
        let mut t = AgentThread::default();
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
    fn acks_and_errors_only_touch_local_lines() {
        let mut t = AgentThread::default();
        // Another agent's line with the same client id.
        t.apply(
            ServerFrame::Message {
                message: msg(1, "a", Author::Agent),
            },
            0,
        );
        assert_eq!(
            t.apply(
                ServerFrame::error(ErrorCode::MessageTooLong, Some("a".into())),
                0
            ),
            Outcome::Error(ErrorCode::MessageTooLong)
        );
        assert_eq!(t.lines[0].state, LineState::Sent);
        t.apply(ack("zz", 2, 2), 0);
        assert_eq!(t.lines.len(), 1);
        assert_eq!(t.last_seq, 2);
    }

    // --- Read positions ---

    #[test]
    fn agent_read_marks_own_lines_up_to_its_seq() {
        let mut c = VisitorThread::default();
        c.apply(
            ServerFrame::History {
                messages: vec![
                    msg(1, "a", Author::Visitor),
                    msg(2, "b", Author::Agent),
                    msg(3, "c", Author::Visitor),
                ],
            },
            0,
        );
        c.apply(read(Author::Agent, 2), 0);
        let states: Vec<_> = c.lines.iter().map(|l| l.state).collect();
        assert_eq!(
            states,
            vec![LineState::Read, LineState::Sent, LineState::Sent]
        );
        // Read positions never go back.
        c.apply(read(Author::Agent, 1), 0);
        assert_eq!(c.peer_read, 2);
        c.apply(read(Author::Agent, 3), 0);
        assert_eq!(c.lines[2].state, LineState::Read);
        // A line acked at or below the agent's position is read at once.
        c.push_local("d".into(), "x".into(), None, 0);
        c.apply(read(Author::Agent, 9), 0);
        assert_eq!(c.lines[3].state, LineState::Sending);
        c.apply(ack("d", 4, 4), 0);
        assert_eq!(c.lines[3].state, LineState::Read);
        c.apply(read(Author::Visitor, 2), 0);
        assert_eq!(c.own_read, 2);
        // A system read is ignored.
        c.apply(read(Author::System, 20), 0);
        assert_eq!((c.peer_read, c.own_read), (9, 2));
    }

    #[test]
    fn read_markers_follow_the_visitor_read_position() {
        let mut t = AgentThread::default();
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
        let read_marks = |t: &AgentThread| {
            t.lines
                .iter()
                .map(|l| t.is_read_by_peer(l))
                .collect::<Vec<_>>()
        };
        assert_eq!(read_marks(&t), [false, false, false]);
        t.apply(read(Author::Visitor, 2), 0);
        assert_eq!(read_marks(&t), [false, true, false]);
        // Read positions never go back.
        t.apply(read(Author::Visitor, 1), 0);
        assert_eq!(read_marks(&t), [false, true, false]);
        t.apply(read(Author::Visitor, 3), 0);
        assert_eq!(read_marks(&t), [false, true, true]);
        // History resent after a reconnect keeps the marks.
        t.apply(
            ServerFrame::History {
                messages: vec![msg(2, "a1", Author::Agent), msg(3, "a2", Author::Agent)],
            },
            0,
        );
        assert_eq!(read_marks(&t), [false, true, true]);
    }

    #[test]
    fn the_agent_reports_the_newest_visitor_message_once() {
        let mut t = AgentThread::default();
        assert_eq!(t.read_to_send(), None);
        t.apply(
            ServerFrame::History {
                messages: vec![msg(1, "v1", Author::Visitor), msg(2, "a", Author::Agent)],
            },
            0,
        );
        assert_eq!(t.newest_peer_seq(), Some(1));
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
        t.apply(read(Author::Agent, 3), 0);
        assert_eq!(t.read_to_send(), None);
    }

    #[test]
    fn the_visitor_reports_the_newest_agent_message() {
        let mut c = VisitorThread::default();
        c.apply(
            ServerFrame::History {
                messages: vec![msg(1, "a", Author::Agent), msg(2, "v", Author::Visitor)],
            },
            0,
        );
        assert_eq!(c.read_to_send(), Some(1));
        c.mark_read(1);
        assert_eq!(c.read_to_send(), None);
    }

    // --- Typing ---

    #[test]
    fn visitor_typing_expires_and_stops_with_a_message() {
        let mut t = AgentThread::default();
        t.apply(typing(Author::Visitor, Some("Ava"), true), 1_000);
        assert_eq!(
            t.peer_typing(1_000 + TYPING_TTL_MS - 1)
                .map(|p| p.name.as_deref()),
            Some(Some("Ava"))
        );
        assert_eq!(t.peer_typing(1_000 + TYPING_TTL_MS), None);
        // Our own side's typing is ignored.
        t.apply(typing(Author::Agent, None, true), 1_000 + TYPING_TTL_MS);
        assert_eq!(t.peer_typing(1_000 + TYPING_TTL_MS), None);
        t.apply(typing(Author::Visitor, None, true), 0);
        assert_eq!(t.peer_typing(0).map(|p| p.name.clone()), Some(None));
        t.apply(
            ServerFrame::Message {
                message: msg(1, "v", Author::Visitor),
            },
            0,
        );
        assert_eq!(t.peer_typing(0), None);
        t.apply(typing(Author::Visitor, None, true), 0);
        t.apply(typing(Author::Visitor, None, false), 0);
        assert_eq!(t.peer_typing(0), None);
        // A reconnect forgets it: the server resends the state.
        t.apply(typing(Author::Visitor, None, true), 0);
        t.reconnected();
        assert_eq!(t.peer_typing(0), None);
    }

    #[test]
    fn agent_typing_expires_and_ends_with_a_message() {
        let mut c = VisitorThread::default();
        let agent = |on| typing(Author::Agent, Some("Maya"), on);
        c.apply(agent(true), 1_000);
        assert_eq!(c.typing.as_ref().unwrap().name.as_deref(), Some("Maya"));
        assert!(!c.expire_typing(1_000 + TYPING_TTL_MS - 1));
        // A refresh pushes the expiry out.
        c.apply(agent(true), 3_000);
        assert!(!c.expire_typing(1_000 + TYPING_TTL_MS));
        assert!(c.expire_typing(3_000 + TYPING_TTL_MS));
        assert!(c.typing.is_none());
        c.apply(agent(true), 0);
        c.apply(agent(false), 0);
        assert!(c.typing.is_none());
        c.apply(agent(true), 0);
        // The visitor's own message does not end it; the agent's does.
        c.apply(
            ServerFrame::Message {
                message: msg(1, "v", Author::Visitor),
            },
            0,
        );
        assert!(c.typing.is_some());
        c.apply(
            ServerFrame::Message {
                message: msg(2, "a", Author::Agent),
            },
            0,
        );
        assert!(c.typing.is_none());
        // The visitor's own typing (another tab) is not shown.
        c.apply(typing(Author::Visitor, None, true), 0);
        assert!(c.typing.is_none());
    }

    // --- System lines ---

    #[test]
    fn system_messages_keep_their_event() {
        let mut t = AgentThread::default();
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
        t.apply(read(Author::Visitor, 5), 0);
        assert!(!t.is_read_by_peer(&t.lines[0]));
        assert_eq!(t.lines[0].state, LineState::Sent);
    }

    #[test]
    fn states_and_render_keys() {
        let names: Vec<_> = [
            LineState::Sending,
            LineState::Sent,
            LineState::Read,
            LineState::Failed,
        ]
        .into_iter()
        .map(LineState::as_str)
        .collect();
        assert_eq!(names, ["sending", "sent", "read", "failed"]);
        let mut c = VisitorThread::default();
        c.push_local("a".into(), "hi".into(), None, 0);
        let before = c.lines[0].render_key();
        assert_eq!(before, ("visitor:a".to_string(), None, LineState::Sending));
        c.apply(ack("a", 1, 1), 0);
        assert_ne!(c.lines[0].render_key(), before);
    }
}
