//! What the session call told the widget about the visitor and the shop: who they are,
//! whether anyone can answer now, and whether to offer an email follow-up. Plain data,
//! tested without a UI. Not the visitor token: the edge signs a fresh one on every call, so
//! the client keeps it, and a reconnect with an otherwise equal session leaves the views be.

use shared::api::{Availability, SubscriberInfo, WidgetSessionResponse};
use shared::support::is_valid_email;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub subscriber: Option<SubscriberInfo>,
    pub availability: Availability,
    pub follow_up_email: Option<String>,
}

impl From<&WidgetSessionResponse> for Session {
    fn from(s: &WidgetSessionResponse) -> Self {
        Self {
            subscriber: s.subscriber.clone(),
            availability: s.availability.clone(),
            follow_up_email: s.follow_up_email.clone(),
        }
    }
}

impl Session {
    /// The identified subscriber's first name, for the greeting.
    pub fn first_name(&self) -> Option<&str> {
        self.subscriber
            .as_ref()
            .and_then(|s| s.name.split_whitespace().next())
    }

    /// Someone can answer now (`attended`: an agent is in the conversation, from
    /// `Thread::is_attended`); the rule lives in `shared::api::Availability`.
    pub fn can_reply_now(&self, attended: bool) -> bool {
        self.availability.can_reply_in(attended)
    }

    /// Offer the email follow-up form: nobody can answer now, and we have no way to
    /// reach the visitor (anonymous, no email left yet).
    pub fn offers_follow_up(&self, attended: bool) -> bool {
        !self.can_reply_now(attended) && self.subscriber.is_none() && self.follow_up_email.is_none()
    }
}

/// The follow-up email as typed, trimmed, if the shared rule accepts it.
pub fn follow_up_email(input: &str) -> Option<String> {
    let email = input.trim();
    is_valid_email(email).then(|| email.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(online: bool, hours: bool) -> Session {
        Session {
            subscriber: None,
            availability: Availability {
                agents_online: online,
                in_business_hours: hours,
                next_open_at: None,
                first_response_minutes: 5,
                changes_at: None,
                reply_by: None,
            },
            follow_up_email: None,
        }
    }

    #[test]
    fn follow_up_emails_are_trimmed_and_checked() {
        assert_eq!(
            follow_up_email("  ava@example.com\n"),
            Some("ava@example.com".into())
        );
        assert_eq!(follow_up_email("ava@example"), None);
        assert_eq!(follow_up_email(""), None);
    }

    #[test]
    fn first_name_is_the_first_word() {
        let mut s = session(true, true);
        assert_eq!(s.first_name(), None);
        s.subscriber = Some(SubscriberInfo {
            id: "sub_ava".into(),
            name: "  Ava Martin ".into(),
            email: "ava@example.com".into(),
        });
        assert_eq!(s.first_name(), Some("Ava"));
        s.subscriber.as_mut().unwrap().name = " ".into();
        assert_eq!(s.first_name(), None);
    }

    #[test]
    fn follow_up_only_when_nobody_can_answer_and_we_cannot_reach_them() {
        assert!(session(true, true).can_reply_now(false));
        assert!(!session(true, true).offers_follow_up(false));
        assert!(session(false, true).offers_follow_up(false));
        assert!(session(true, false).offers_follow_up(false));
        // An agent in the conversation is there, whatever the session said.
        assert!(session(false, false).can_reply_now(true));
        assert!(!session(false, false).offers_follow_up(true));
        let mut s = session(false, false);
        s.follow_up_email = Some("a@b.co".into());
        assert!(!s.offers_follow_up(false));
        let mut s = session(false, false);
        s.subscriber = Some(SubscriberInfo {
            id: "s".into(),
            name: "Ava".into(),
            email: "a@b.co".into(),
        });
        assert!(!s.offers_follow_up(false));
    }
}
