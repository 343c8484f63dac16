//! The widget's view of a conversation: the shared thread rules ([`shared::thread`], from
//! the visitor's side: lines reconciled by client id and seq, the agent's read position
//! and typing indicator) plus what only the widget keeps: the outbox of unsent lines
//! across a reload (with whose they are) and the conversation epoch. Plain data, tested
//! without a UI.

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
    /// Who wrote it: the subscriber's id, `None` for a guest (see [`Chat::on_session`]). Not
    /// defaulted: lines stored without it are dropped.
    pub who: Option<String>,
}

/// The visitor's thread (read through [`Deref`]) plus the conversation epoch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chat {
    thread: VisitorThread,
    /// Bumped by [`Chat::restart`]: seqs start over in the new conversation.
    pub epoch: u32,
    /// Who is writing, as the last session said (subscriber id; `None` for a guest).
    pub who: Option<String>,
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
                who: self.who.clone(),
            })
            .collect()
    }

    /// Re-queues lines kept from an earlier page load, skipping anything malformed or
    /// already present. They stay their writer's (all lines have the same: the chat's).
    pub fn restore(&mut self, pending: Vec<Pending>) {
        if let Some(p) = pending.last() {
            self.who.clone_from(&p.who);
        }
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
    /// they go to the new one (if [`Chat::on_session`] lets them).
    pub fn restart(&mut self) {
        let pending = self.pending();
        self.renew(pending);
    }

    fn renew(&mut self, pending: Vec<Pending>) {
        let epoch = self.epoch.wrapping_add(1);
        *self = Self {
            epoch,
            ..Self::default()
        };
        self.restore(pending);
    }

    /// A session says who is writing now (`None`: a guest) and whether the conversation
    /// is another one (`restart`: its seqs start over). Unsent lines of another subscriber
    /// are dropped, never sent as someone else (the chat starts over: before the
    /// conversation's history, they are all it holds); a guest's go on (the guest signed
    /// in, on this browser). Whether anything changed.
    pub fn on_session(&mut self, who: Option<String>, restart: bool) -> bool {
        let theirs = self.who.is_none() || self.who == who;
        let changed = restart || self.who != who;
        if restart || !theirs {
            let pending = if theirs { self.pending() } else { Vec::new() };
            self.renew(pending);
        }
        self.who = who;
        changed
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
                at: 2,
                who: None
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
                who: None,
            },
            Pending {
                client_id: "c".into(),
                body: "   ".into(),
                at: 0,
                who: None,
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
                who: None,
            })
            .collect();
        let mut c = Chat::default();
        c.restore(many);
        assert_eq!(c.lines.len(), MAX_PENDING);
        assert_eq!(c.lines[0].client_id, "m5");
    }

    #[test]
    fn unsent_lines_go_only_to_their_writer_or_from_a_guest() {
        let ava = || Some("sub_ava".to_string());
        let mut c = Chat::default();
        c.push_local("g".into(), "as a guest".into(), 1);
        // The guest signs in: their line goes on, now Ava's.
        assert!(c.on_session(ava(), true));
        assert_eq!(c.pending()[0].who, ava());
        assert_eq!(c.unsent().len(), 1);
        // Ava again (a reload, another token): kept.
        let mut again = Chat::default();
        again.restore(c.pending());
        assert!(!again.on_session(ava(), false), "nothing changed");
        assert_eq!(again.unsent().len(), 1);
        // Someone else, or signed out: dropped.
        for who in [Some("sub_ben".to_string()), None] {
            let mut other = Chat::default();
            other.restore(c.pending());
            assert!(other.on_session(who.clone(), false));
            assert!(other.lines.is_empty(), "{who:?}");
            assert_eq!(other.who, who);
        }
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
