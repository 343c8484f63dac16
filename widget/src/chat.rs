//! The widget's view of a conversation: local lines being sent plus what the server
//! stored, reconciled by client id and sequence number. Plain data, tested without a UI.

use shared::protocol::{Author, Message, ServerFrame};
use shared::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineState {
    Sending,
    Sent,
    Failed,
}

impl LineState {
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chat {
    pub lines: Vec<Line>,
    /// Highest server seq seen; sent in `hello` on reconnect.
    pub last_seq: u64,
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
        });
    }

    /// Applies a server frame; returns the error code if the frame reports one.
    pub fn apply(&mut self, frame: ServerFrame) -> Option<ErrorCode> {
        match frame {
            ServerFrame::History { messages } => {
                for m in messages {
                    self.upsert(m);
                }
                None
            }
            ServerFrame::Message { message } => {
                self.upsert(message);
                None
            }
            ServerFrame::Ack { client_id, seq, at } => {
                if let Some(line) = self.own_line_mut(&client_id) {
                    line.seq = Some(seq);
                    line.at = at;
                    line.state = LineState::Sent;
                }
                self.settle(seq);
                None
            }
            // Typing indicators and read receipts are not shown yet.
            ServerFrame::Typing { .. } | ServerFrame::Read { .. } => None,
            ServerFrame::Error {
                code, client_id, ..
            } => {
                if let Some(line) = client_id.and_then(|id| self.own_line_mut(&id)) {
                    line.state = LineState::Failed;
                }
                Some(code)
            }
        }
    }

    /// Lines still waiting for an ack, oldest first, to (re)send after connecting.
    pub fn unsent(&self) -> Vec<(String, String)> {
        self.lines
            .iter()
            .filter(|l| l.state == LineState::Sending)
            .map(|l| (l.client_id.clone(), l.body.clone()))
            .collect()
    }

    fn own_line_mut(&mut self, client_id: &str) -> Option<&mut Line> {
        self.lines
            .iter_mut()
            .find(|l| l.author == Author::Visitor && l.client_id == client_id)
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

    #[test]
    fn local_line_is_sent_once_acked() {
        let mut c = Chat::default();
        c.push_local("a".into(), "hi".into(), 0);
        assert_eq!(c.unsent(), vec![("a".to_string(), "hi".to_string())]);
        c.apply(ServerFrame::Ack {
            client_id: "a".into(),
            seq: 4,
            at: 9,
        });
        assert_eq!(c.lines[0].state, LineState::Sent);
        assert_eq!(c.lines[0].seq, Some(4));
        assert_eq!(c.last_seq, 4);
        assert!(c.unsent().is_empty());
    }

    #[test]
    fn history_merges_without_duplicates_and_in_order() {
        let mut c = Chat::default();
        c.push_local("x".into(), "m2".into(), 0);
        c.apply(ServerFrame::History {
            messages: vec![
                msg(1, "a", Author::Agent),
                msg(2, "x", Author::Visitor),
                msg(3, "b", Author::Visitor),
            ],
        });
        c.apply(ServerFrame::History {
            messages: vec![msg(3, "b", Author::Visitor)],
        });
        let seqs: Vec<_> = c.lines.iter().map(|l| l.seq).collect();
        assert_eq!(seqs, vec![Some(1), Some(2), Some(3)]);
        assert_eq!(c.last_seq, 3);
    }

    #[test]
    fn unsent_lines_stay_last_and_errors_fail_them() {
        let mut c = Chat::default();
        c.push_local("late".into(), "later".into(), 0);
        c.apply(ServerFrame::Message {
            message: msg(7, "ag", Author::Agent),
        });
        assert_eq!(c.lines.last().unwrap().client_id, "late");
        let code = c.apply(ServerFrame::error(
            ErrorCode::MessageTooLong,
            Some("late".into()),
        ));
        assert_eq!(code, Some(ErrorCode::MessageTooLong));
        assert_eq!(c.lines.last().unwrap().state, LineState::Failed);
    }
}
