//! What the visitor has seen: the unread count the launcher badge shows while the panel
//! is closed, and the read receipts sent while it is open and the page is visible.
//! Plain data, tested without a UI.

use crate::chat::Chat;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// Agent and system messages up to here were on screen.
    shown: u64,
    /// Highest seq the server knows the visitor read (sent by us or reported to us).
    read: u64,
    /// The unread count last told to the loader.
    told: u32,
    /// The conversation these positions belong to ([`Chat::epoch`]).
    epoch: u32,
}

/// What to do after the chat or the panel changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeenUpdate {
    /// A new unread count for the launcher badge.
    pub unread: Option<u32>,
    /// A read receipt to send (`read{seq}`); confirm with [`Seen::read_sent`].
    pub read: Option<u64>,
}

impl Seen {
    /// Re-evaluates with the panel `open` (or closed) and the page `visible` (or hidden).
    pub fn update(&mut self, chat: &Chat, open: bool, visible: bool) -> SeenUpdate {
        if chat.epoch != self.epoch {
            // Another conversation: its seqs start over.
            self.epoch = chat.epoch;
            self.shown = 0;
            self.read = 0;
        }
        let peer = chat.peer_seq();
        if open {
            self.shown = self.shown.max(peer);
        }
        // Read here or elsewhere (another device, before `identify`) is not unread.
        self.read = self.read.max(chat.own_read);
        let count = if open {
            0
        } else {
            chat.peer_after(self.shown.max(self.read))
        };
        let unread = (count != self.told).then(|| {
            self.told = count;
            count
        });
        let read = (open && visible && peer > self.read).then_some(peer);
        SeenUpdate { unread, read }
    }

    /// The read receipt for `seq` went out.
    pub fn read_sent(&mut self, seq: u64) {
        self.read = self.read.max(seq);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::protocol::{Author, Message, ServerFrame};

    fn add(c: &mut Chat, seq: u64, author: Author) {
        let message = Message {
            seq,
            client_id: format!("c{seq}"),
            author,
            author_name: None,
            body: "x".into(),
            at: 0,
            event: None,
        };
        c.apply(ServerFrame::Message { message }, 0);
    }

    /// The server says the visitor has read up to `seq` (here or on another device).
    fn visitor_read(c: &mut Chat, seq: u64) {
        c.apply(
            ServerFrame::Read {
                author: Author::Visitor,
                seq,
            },
            0,
        );
    }

    #[test]
    fn closed_panel_counts_new_peer_messages_and_opening_resets() {
        let mut c = Chat::default();
        let mut s = Seen::default();
        add(&mut c, 1, Author::Agent);
        // Open: seen at once, nothing unread.
        assert_eq!(s.update(&c, true, true).unread, None);
        add(&mut c, 2, Author::Visitor);
        add(&mut c, 3, Author::Agent);
        add(&mut c, 4, Author::System);
        let u = s.update(&c, false, true);
        assert_eq!(
            u,
            SeenUpdate {
                unread: Some(2),
                read: None
            }
        );
        // Same count again: nothing to tell.
        assert_eq!(s.update(&c, false, true).unread, None);
        assert_eq!(s.update(&c, true, true).unread, Some(0));
        add(&mut c, 5, Author::Agent);
        assert_eq!(s.update(&c, false, false).unread, Some(1));
    }

    #[test]
    fn read_receipts_go_once_per_new_seq_only_when_open_and_visible() {
        let mut c = Chat::default();
        let mut s = Seen::default();
        add(&mut c, 1, Author::Agent);
        assert_eq!(s.update(&c, false, true).read, None);
        assert_eq!(s.update(&c, true, false).read, None);
        assert_eq!(s.update(&c, true, true).read, Some(1));
        // Not confirmed (socket down): asked again.
        assert_eq!(s.update(&c, true, true).read, Some(1));
        s.read_sent(1);
        assert_eq!(s.update(&c, true, true).read, None);
        add(&mut c, 2, Author::Visitor);
        assert_eq!(s.update(&c, true, true).read, None);
        add(&mut c, 3, Author::System);
        assert_eq!(s.update(&c, true, true).read, Some(3));
        // The server already knows (e.g. read on another device).
        visitor_read(&mut c, 3);
        assert_eq!(s.update(&c, true, true).read, None);
    }

    #[test]
    fn messages_read_elsewhere_are_not_unread() {
        let mut c = Chat::default();
        let mut s = Seen::default();
        // After `identify`: the new conversation's history, already read before.
        c.restart();
        add(&mut c, 1, Author::Agent);
        add(&mut c, 2, Author::Agent);
        visitor_read(&mut c, 2);
        assert_eq!(s.update(&c, false, true).unread, None);
        add(&mut c, 3, Author::Agent);
        assert_eq!(s.update(&c, false, true).unread, Some(1));
        // Read on another device meanwhile.
        visitor_read(&mut c, 3);
        assert_eq!(s.update(&c, false, true).unread, Some(0));
    }

    #[test]
    fn a_new_conversation_starts_the_positions_over() {
        let mut c = Chat::default();
        let mut s = Seen::default();
        add(&mut c, 5, Author::Agent);
        s.update(&c, true, true);
        s.read_sent(5);
        c.restart();
        add(&mut c, 1, Author::Agent);
        assert_eq!(s.update(&c, false, true).unread, Some(1));
        assert_eq!(
            s.update(&c, true, true),
            SeenUpdate {
                unread: Some(0),
                read: Some(1)
            }
        );
    }
}
