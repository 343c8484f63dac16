//! The widget's view of a conversation: local lines being sent plus what the server
//! stored, reconciled by client id and sequence number, the agent's read position and
//! typing indicator. Plain data, tested without a UI.

use serde::{Deserialize, Serialize};
use shared::chat::{validate_body, validate_client_id, TYPING_TTL_MS};
use shared::protocol::{Author, Message, ServerFrame, SystemEvent};
use shared::ErrorCode;

/// Most unsent lines kept across a reload (older ones are dropped).
pub const MAX_PENDING: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineState {
    Sending,
    Sent,
    /// A visitor line the agent has read.
    Read,
    Failed,
}

impl LineState {
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

    /// True for lines written by the other side (agent or system).
    pub fn is_peer(&self) -> bool {
        self.author != Author::Visitor
    }
}

/// A line typed but not yet acknowledged, as kept in storage across a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub client_id: String,
    pub body: String,
    pub at: i64,
}

/// The agent is typing; forgotten at `until` unless refreshed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerTyping {
    pub name: Option<String>,
    pub until: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chat {
    pub lines: Vec<Line>,
    /// Highest server seq seen; sent in `hello` on reconnect.
    pub last_seq: u64,
    /// The agent has read every message up to this seq.
    pub agent_read: u64,
    /// The visitor's read position as the server knows it.
    pub visitor_read: u64,
    pub typing: Option<PeerTyping>,
    /// Bumped by [`Chat::restart`]: seqs start over in the new conversation.
    pub epoch: u32,
}

impl Chat {
    /// Adds a line the visitor just wrote; it is `Sending` until acked.
    pub fn push_local(&mut self, client_id: String, body: String, now: i64) {
        self.lines.push(Line {
            client_id,
            seq: None,
            author: Author::Visitor,
            author_name: None,
            body,
            at: now,
            state: LineState::Sending,
            event: None,
        });
    }

    /// Applies a server frame received at `now`; returns the error code if the frame
    /// reports one.
    pub fn apply(&mut self, frame: ServerFrame, now: i64) -> Option<ErrorCode> {
        match frame {
            ServerFrame::History { messages } => {
                for m in messages {
                    self.upsert(m);
                }
                None
            }
            ServerFrame::Message { message } => {
                // A message from the agent ends their typing.
                if message.author == Author::Agent {
                    self.typing = None;
                }
                self.upsert(message);
                None
            }
            ServerFrame::Ack { client_id, seq, at } => {
                let state = self.settled_state(Author::Visitor, seq);
                if let Some(line) = self.own_line_mut(&client_id) {
                    line.seq = Some(seq);
                    line.at = at;
                    line.state = state;
                }
                self.settle(seq);
                None
            }
            ServerFrame::Typing { author, name, on } => {
                if author == Author::Agent {
                    self.typing = on.then(|| PeerTyping {
                        name,
                        until: now + TYPING_TTL_MS,
                    });
                }
                None
            }
            ServerFrame::Read { author, seq } => {
                match author {
                    Author::Agent => {
                        self.agent_read = self.agent_read.max(seq);
                        let read = self.agent_read;
                        for l in &mut self.lines {
                            if l.author == Author::Visitor
                                && l.state == LineState::Sent
                                && l.seq.is_some_and(|s| s <= read)
                            {
                                l.state = LineState::Read;
                            }
                        }
                    }
                    Author::Visitor => self.visitor_read = self.visitor_read.max(seq),
                    Author::System => {}
                }
                None
            }
            ServerFrame::Error {
                code, client_id, ..
            } => {
                // A rate-limited line stays `Sending`: the client resends it shortly.
                if code != ErrorCode::RateLimited {
                    if let Some(line) = client_id.and_then(|id| self.own_line_mut(&id)) {
                        line.state = LineState::Failed;
                    }
                }
                Some(code)
            }
        }
    }

    /// Forgets an agent typing indicator that was not refreshed in time. Returns whether
    /// anything changed.
    pub fn expire_typing(&mut self, now: i64) -> bool {
        if self.typing.as_ref().is_some_and(|t| t.until <= now) {
            self.typing = None;
            true
        } else {
            false
        }
    }

    /// Lines still waiting for an ack, oldest first, to (re)send after connecting.
    pub fn unsent(&self) -> Vec<(String, String)> {
        self.pending()
            .into_iter()
            .map(|p| (p.client_id, p.body))
            .collect()
    }

    /// Unacknowledged lines, oldest first, as stored across a reload.
    pub fn pending(&self) -> Vec<Pending> {
        self.lines
            .iter()
            .filter(|l| l.state == LineState::Sending)
            .map(|l| Pending {
                client_id: l.client_id.clone(),
                body: l.body.clone(),
                at: l.at,
            })
            .collect()
    }

    /// Re-queues lines kept from an earlier page load, skipping anything malformed or
    /// already present.
    pub fn restore(&mut self, pending: Vec<Pending>) {
        let skip = pending.len().saturating_sub(MAX_PENDING);
        for p in pending.into_iter().skip(skip) {
            let known = self.lines.iter().any(|l| l.client_id == p.client_id);
            if known || validate_client_id(&p.client_id).is_err() {
                continue;
            }
            if let Ok(body) = validate_body(&p.body) {
                let body = body.to_owned();
                self.push_local(p.client_id, body, p.at);
            }
        }
    }

    /// Starts over for another conversation (a new identity), keeping unsent lines so
    /// they go to the new one.
    pub fn restart(&mut self) {
        let pending = self.pending();
        let epoch = self.epoch.wrapping_add(1);
        *self = Self {
            epoch,
            ..Self::default()
        };
        self.restore(pending);
    }

    /// Highest seq of a message from the agent or the system.
    pub fn peer_seq(&self) -> u64 {
        self.lines
            .iter()
            .filter(|l| l.is_peer())
            .filter_map(|l| l.seq)
            .max()
            .unwrap_or(0)
    }

    /// Agent and system messages after `seq`.
    pub fn peer_after(&self, seq: u64) -> u32 {
        let n = self
            .lines
            .iter()
            .filter(|l| l.is_peer() && l.seq.is_some_and(|s| s > seq))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    fn settled_state(&self, author: Author, seq: u64) -> LineState {
        if author == Author::Visitor && seq <= self.agent_read {
            LineState::Read
        } else {
            LineState::Sent
        }
    }

    fn own_line_mut(&mut self, client_id: &str) -> Option<&mut Line> {
        self.lines
            .iter_mut()
            .find(|l| l.author == Author::Visitor && l.client_id == client_id)
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
            author_name: None,
            body: format!("m{seq}"),
            at: seq as i64,
            event: None,
        }
    }

    fn read(author: Author, seq: u64) -> ServerFrame {
        ServerFrame::Read { author, seq }
    }

    #[test]
    fn local_line_is_sent_once_acked() {
        let mut c = Chat::default();
        c.push_local("a".into(), "hi".into(), 0);
        assert_eq!(c.unsent(), vec![("a".to_string(), "hi".to_string())]);
        c.apply(
            ServerFrame::Ack {
                client_id: "a".into(),
                seq: 4,
                at: 9,
            },
            0,
        );
        assert_eq!(c.lines[0].state, LineState::Sent);
        assert_eq!(c.lines[0].seq, Some(4));
        assert_eq!(c.last_seq, 4);
        assert!(c.unsent().is_empty());
    }

    #[test]
    fn history_merges_without_duplicates_and_in_order() {
        let mut c = Chat::default();
        c.push_local("x".into(), "m2".into(), 0);
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
    }

    #[test]
    fn unsent_lines_stay_last_and_errors_fail_them() {
        let mut c = Chat::default();
        c.push_local("late".into(), "later".into(), 0);
        c.apply(
            ServerFrame::Message {
                message: msg(7, "ag", Author::Agent),
            },
            0,
        );
        assert_eq!(c.lines.last().unwrap().client_id, "late");
        let code = c.apply(
            ServerFrame::error(ErrorCode::MessageTooLong, Some("late".into())),
            0,
        );
        assert_eq!(code, Some(ErrorCode::MessageTooLong));
        assert_eq!(c.lines.last().unwrap().state, LineState::Failed);
    }

    #[test]
    fn rate_limited_lines_keep_sending() {
        let mut c = Chat::default();
        c.push_local("a".into(), "hi".into(), 0);
        let code = c.apply(
            ServerFrame::error(ErrorCode::RateLimited, Some("a".into())),
            0,
        );
        assert_eq!(code, Some(ErrorCode::RateLimited));
        assert_eq!(c.lines[0].state, LineState::Sending);
        assert_eq!(c.unsent().len(), 1);
    }

    #[test]
    fn agent_read_marks_own_lines_up_to_its_seq() {
        let mut c = Chat::default();
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
        assert_eq!(c.agent_read, 2);
        c.apply(read(Author::Agent, 3), 0);
        assert_eq!(c.lines[2].state, LineState::Read);
        // A line acked at or below the agent's position is read at once.
        c.push_local("d".into(), "x".into(), 0);
        c.apply(read(Author::Agent, 9), 0);
        assert_eq!(c.lines[3].state, LineState::Sending);
        c.apply(
            ServerFrame::Ack {
                client_id: "d".into(),
                seq: 4,
                at: 4,
            },
            0,
        );
        assert_eq!(c.lines[3].state, LineState::Read);
        c.apply(read(Author::Visitor, 2), 0);
        assert_eq!(c.visitor_read, 2);
    }

    #[test]
    fn agent_typing_expires_and_ends_with_a_message() {
        let mut c = Chat::default();
        let typing = |on| ServerFrame::Typing {
            author: Author::Agent,
            name: Some("Maya".into()),
            on,
        };
        c.apply(typing(true), 1_000);
        assert_eq!(c.typing.as_ref().unwrap().name.as_deref(), Some("Maya"));
        assert!(!c.expire_typing(1_000 + TYPING_TTL_MS - 1));
        // A refresh pushes the expiry out.
        c.apply(typing(true), 3_000);
        assert!(!c.expire_typing(1_000 + TYPING_TTL_MS));
        assert!(c.expire_typing(3_000 + TYPING_TTL_MS));
        assert!(c.typing.is_none());
        c.apply(typing(true), 0);
        c.apply(typing(false), 0);
        assert!(c.typing.is_none());
        c.apply(typing(true), 0);
        c.apply(
            ServerFrame::Message {
                message: msg(1, "a", Author::Agent),
            },
            0,
        );
        assert!(c.typing.is_none());
        // The visitor's own typing (another tab) is not shown.
        c.apply(
            ServerFrame::Typing {
                author: Author::Visitor,
                name: None,
                on: true,
            },
            0,
        );
        assert!(c.typing.is_none());
    }

    #[test]
    fn pending_lines_survive_a_restore_and_a_restart() {
        let mut c = Chat::default();
        c.push_local("a".into(), "one".into(), 1);
        c.push_local("b".into(), "two".into(), 2);
        c.apply(
            ServerFrame::Ack {
                client_id: "a".into(),
                seq: 1,
                at: 5,
            },
            0,
        );
        let kept = c.pending();
        assert_eq!(
            kept,
            vec![Pending {
                client_id: "b".into(),
                body: "two".into(),
                at: 2
            }]
        );
        let mut fresh = Chat::default();
        fresh.restore(vec![
            kept[0].clone(),
            kept[0].clone(),
            Pending {
                client_id: "bad id".into(),
                body: "x".into(),
                at: 0,
            },
            Pending {
                client_id: "c".into(),
                body: "   ".into(),
                at: 0,
            },
        ]);
        assert_eq!(fresh.unsent(), vec![("b".to_string(), "two".to_string())]);
        c.restart();
        assert_eq!(c.epoch, 1);
        assert_eq!(c.last_seq, 0);
        assert_eq!(c.unsent(), vec![("b".to_string(), "two".to_string())]);
        assert_eq!(c.lines.len(), 1);
    }

    #[test]
    fn restore_keeps_only_the_newest_lines() {
        let many = (0..MAX_PENDING + 5)
            .map(|i| Pending {
                client_id: format!("m{i}"),
                body: "x".into(),
                at: i as i64,
            })
            .collect();
        let mut c = Chat::default();
        c.restore(many);
        assert_eq!(c.lines.len(), MAX_PENDING);
        assert_eq!(c.lines[0].client_id, "m5");
    }

    #[test]
    fn peer_counts_ignore_the_visitor() {
        let mut c = Chat::default();
        c.apply(
            ServerFrame::History {
                messages: vec![
                    msg(1, "a", Author::Visitor),
                    msg(2, "b", Author::Agent),
                    msg(3, "c", Author::System),
                    msg(4, "d", Author::Visitor),
                ],
            },
            0,
        );
        assert_eq!(c.peer_seq(), 3);
        assert_eq!(c.peer_after(0), 2);
        assert_eq!(c.peer_after(2), 1);
        assert_eq!(c.peer_after(3), 0);
    }
}
