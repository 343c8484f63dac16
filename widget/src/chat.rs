//! The widget's view of a conversation: the shared thread rules ([`shared::thread`], from
//! the visitor's side: lines reconciled by client id and seq, the agent's read position
//! and typing indicator) plus what only the widget keeps: the outbox of unsent lines
//! across a reload and the conversation epoch. Plain data, tested without a UI.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};
use shared::chat::{validate_body, validate_client_id};
use shared::protocol::{Author, ServerFrame};
use shared::thread::{Outcome, VisitorThread};
use shared::ErrorCode;

pub use shared::thread::{Line, LineState, PeerTyping};

/// Most unsent lines kept across a reload (older ones are dropped).
pub const MAX_PENDING: usize = 50;

/// A line typed but not yet acknowledged, as kept in storage across a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub client_id: String,
    pub body: String,
    pub at: i64,
}

/// The visitor's thread (read through [`Deref`]) plus the conversation epoch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chat {
    thread: VisitorThread,
    /// Bumped by [`Chat::restart`]: seqs start over in the new conversation.
    pub epoch: u32,
}

impl Deref for Chat {
    type Target = VisitorThread;

    fn deref(&self) -> &VisitorThread {
        &self.thread
    }
}

impl DerefMut for Chat {
    fn deref_mut(&mut self) -> &mut VisitorThread {
        &mut self.thread
    }
}

impl Chat {
    /// Adds a line the visitor just wrote; it is `Sending` until acked.
    pub fn push_local(&mut self, client_id: String, body: String, now: i64) {
        self.thread.push_local(client_id, body, None, now);
    }

    /// Applies a server frame received at `now`; returns the error code if the frame
    /// reports one (a rate-limited line stays `Sending`: the client resends it shortly).
    pub fn apply(&mut self, frame: ServerFrame, now: i64) -> Option<ErrorCode> {
        match self.thread.apply(frame, now) {
            Outcome::Nothing => None,
            Outcome::Error(code) => Some(code),
            Outcome::ResendLater(_) => Some(ErrorCode::RateLimited),
        }
    }

    /// Unacknowledged lines, oldest first, as stored across a reload.
    pub fn pending(&self) -> Vec<Pending> {
        self.thread
            .unsent_lines()
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
        self.peer_lines().filter_map(|l| l.seq).max().unwrap_or(0)
    }

    /// Agent and system messages after `seq`.
    pub fn peer_after(&self, seq: u64) -> u32 {
        let n = self
            .peer_lines()
            .filter(|l| l.seq.is_some_and(|s| s > seq))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Lines written by the other side (agent or system).
    fn peer_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.author != Author::Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::protocol::Message;

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

    #[test]
    fn errors_are_reported_as_codes() {
        let mut c = Chat::default();
        c.push_local("a".into(), "hi".into(), 0);
        c.push_local("b".into(), "yo".into(), 0);
        assert_eq!(c.lines[0].author, Author::Visitor);
        assert_eq!(c.lines[0].author_name, None);
        assert_eq!(
            c.apply(
                ServerFrame::error(ErrorCode::RateLimited, Some("a".into())),
                0
            ),
            Some(ErrorCode::RateLimited)
        );
        assert_eq!(c.lines[0].state, LineState::Sending);
        assert_eq!(
            c.apply(
                ServerFrame::error(ErrorCode::MessageTooLong, Some("b".into())),
                0
            ),
            Some(ErrorCode::MessageTooLong)
        );
        assert_eq!(c.lines[1].state, LineState::Failed);
        assert_eq!(
            c.apply(
                ServerFrame::Ack {
                    client_id: "a".into(),
                    seq: 1,
                    at: 1
                },
                0
            ),
            None
        );
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
