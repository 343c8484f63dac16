//! Support policy rules: business hours, the first-response SLA, follow-up email checks and
//! the default canned replies (apology templates follow DOMAIN.md's recovery policy).

use serde::{Deserialize, Serialize};

use crate::api::CannedReply;

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// Opening hours in the merchant's zone, as a fixed UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// ISO weekdays the shop answers chat: 1 = Monday … 7 = Sunday.
    pub days: Vec<u8>,
    /// Minutes after local midnight.
    pub open_minute: u32,
    pub close_minute: u32,
    /// The zone's offset from UTC in minutes (e.g. -480 for UTC−8).
    pub utc_offset_minutes: i32,
}

impl Default for BusinessHours {
    /// Monday to Friday, 09:00–18:00 UTC.
    fn default() -> Self {
        Self {
            days: vec![1, 2, 3, 4, 5],
            open_minute: 9 * 60,
            close_minute: 18 * 60,
            utc_offset_minutes: 0,
        }
    }
}

impl BusinessHours {
    fn local(&self, now_ms: i64) -> (u8, i64) {
        let local = now_ms + i64::from(self.utc_offset_minutes) * MINUTE_MS;
        let days = local.div_euclid(DAY_MS);
        // 1970-01-01 was a Thursday (ISO 4).
        let weekday = ((days + 3).rem_euclid(7) + 1) as u8;
        (weekday, local.rem_euclid(DAY_MS) / MINUTE_MS)
    }

    /// True if `now_ms` falls inside the hours.
    pub fn is_open(&self, now_ms: i64) -> bool {
        let (weekday, minute) = self.local(now_ms);
        self.days.contains(&weekday)
            && minute >= i64::from(self.open_minute)
            && minute < i64::from(self.close_minute)
    }

    /// The next opening at or after `now_ms` (unix ms), or `None` if the shop never opens.
    pub fn next_open(&self, now_ms: i64) -> Option<i64> {
        if self.is_open(now_ms) {
            return Some(now_ms);
        }
        if self.days.is_empty() || self.open_minute >= self.close_minute {
            return None;
        }
        let offset = i64::from(self.utc_offset_minutes) * MINUTE_MS;
        let local_midnight = (now_ms + offset).div_euclid(DAY_MS) * DAY_MS - offset;
        (0..=7).find_map(|d| {
            let at = local_midnight + d * DAY_MS + i64::from(self.open_minute) * MINUTE_MS;
            (at > now_ms && self.is_open(at)).then_some(at)
        })
    }

    /// A business day after `now_ms` (unix ms): the same time a day later if the hours are
    /// open then, else their next opening after it (DOMAIN.md: offline messages and
    /// escalations are answered within one business day).
    pub fn a_business_day_after(&self, now_ms: i64) -> i64 {
        let day_later = now_ms.saturating_add(DAY_MS);
        self.next_open(day_later).unwrap_or(day_later)
    }

    /// When the hours open at `now_ms` end (unix ms): the first closing after it that no
    /// opening follows at once (a day open till midnight runs into a next day open from
    /// midnight). `None` if closed at `now_ms`, or open round the clock.
    pub fn next_close(&self, now_ms: i64) -> Option<i64> {
        if !self.is_open(now_ms) {
            return None;
        }
        let offset = i64::from(self.utc_offset_minutes) * MINUTE_MS;
        let local_midnight = (now_ms + offset).div_euclid(DAY_MS) * DAY_MS - offset;
        (0..=7).find_map(|d| {
            let at = local_midnight + d * DAY_MS + i64::from(self.close_minute) * MINUTE_MS;
            (at > now_ms && !self.is_open(at)).then_some(at)
        })
    }

    /// The next time `is_open` changes after `now_ms`: the close while open, the next
    /// opening while closed. `None` if it never does.
    pub fn next_change(&self, now_ms: i64) -> Option<i64> {
        if self.is_open(now_ms) {
            self.next_close(now_ms)
        } else {
            self.next_open(now_ms)
        }
    }
}

/// How a conversation reached the shop (DOMAIN.md "Channels and their promise"): live chat
/// while the shop answers, or an offline message (answered later, by email if the visitor
/// left one) when the visitor first wrote outside business hours or with no agent online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Chat,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Chat, Channel::Email];

    /// The channel of a conversation whose visitor first wrote at a moment when the shop was
    /// (not) in business hours and had (no) agent online.
    pub fn at_opening(in_business_hours: bool, agent_online: bool) -> Channel {
        if in_business_hours && agent_online {
            Channel::Chat
        } else {
            Channel::Email
        }
    }

    /// The value stored in D1 and used in query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Where a waiting conversation stands against its first-response target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    Ok,
    /// 80 % of the target has passed.
    AtRisk,
    Breached,
}

/// The SLA state after waiting `waited_ms` against a `target_minutes` target.
pub fn sla_state(waited_ms: i64, target_minutes: u32) -> SlaState {
    let target = i64::from(target_minutes) * MINUTE_MS;
    if waited_ms >= target {
        SlaState::Breached
    } else if waited_ms * 5 >= target * 4 {
        SlaState::AtRisk
    } else {
        SlaState::Ok
    }
}

/// Default chat first-response target (DOMAIN.md): 5 minutes.
pub const CHAT_FIRST_RESPONSE_MINUTES: u32 = 5;

/// A plausible email address: one `@`, a dotted domain, no spaces, at most 254 bytes.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// The canned replies every merchant starts with.
pub fn default_canned_replies() -> Vec<CannedReply> {
    let r = |id: &str, category: &str, title: &str, body: &str| CannedReply {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        category: category.into(),
    };
    vec![
        r("greeting", "general", "Greeting", "Hi! Thanks for reaching out — I'm looking into this for you now."),
        r(
            "late-delivery",
            "apology",
            "Apology: late delivery",
            "I'm sorry your box is late. I've checked with the carrier and will share the new delivery estimate right away. As an apology, we've taken 10% off your next box.",
        ),
        r(
            "wrong-product",
            "apology",
            "Apology: wrong product",
            "I'm so sorry we sent the wrong item. We'll ship the right one today, with a complimentary treat for the trouble.",
        ),
        r(
            "damaged",
            "apology",
            "Apology: damaged or spoiled",
            "I'm sorry it arrived in that state. Could you send a photo if you have one? We'll refund it in full or send a replacement — whichever you prefer.",
        ),
        r(
            "disappointing-wine",
            "apology",
            "Apology: disappointing wine",
            "Thank you for telling us — that's not the experience we want. We can refund or exchange the bottle, and I'll note your taste so the next picks suit you better.",
        ),
        r(
            "billing",
            "apology",
            "Apology: billing error",
            "I'm sorry about the charge. I've corrected it and you'll see the refund in 3–5 business days. We've also taken 10% off your next box.",
        ),
        r(
            "service",
            "apology",
            "Apology: poor service",
            "I'm sorry about how this was handled earlier. I've reviewed the conversation, and we've taken 10% off your next box.",
        ),
        r("wrap-up", "general", "Wrap-up", "Is there anything else I can help you with today?"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-23 was a Monday.
    const MON_0000_UTC: i64 = 1_795_392_000_000;
    const H: i64 = 3_600_000;

    #[test]
    fn weekday_math_is_right() {
        let bh = BusinessHours::default();
        assert!(!bh.is_open(MON_0000_UTC + 8 * H));
        assert!(bh.is_open(MON_0000_UTC + 9 * H));
        assert!(bh.is_open(MON_0000_UTC + 18 * H - 1));
        assert!(!bh.is_open(MON_0000_UTC + 18 * H));
        // Saturday noon is closed.
        assert!(!bh.is_open(MON_0000_UTC + 5 * 24 * H + 12 * H));
    }

    #[test]
    fn next_open_skips_the_weekend_and_respects_the_offset() {
        let bh = BusinessHours::default();
        let fri_evening = MON_0000_UTC + 4 * 24 * H + 19 * H;
        assert_eq!(
            bh.next_open(fri_evening),
            Some(MON_0000_UTC + 7 * 24 * H + 9 * H)
        );
        let la = BusinessHours {
            utc_offset_minutes: -480,
            ..BusinessHours::default()
        };
        // Monday 09:00 in UTC−8 is 17:00 UTC.
        assert!(!la.is_open(MON_0000_UTC + 16 * H));
        assert!(la.is_open(MON_0000_UTC + 17 * H));
        assert_eq!(
            la.next_open(MON_0000_UTC + 16 * H),
            Some(MON_0000_UTC + 17 * H)
        );
        let never = BusinessHours {
            days: vec![],
            ..BusinessHours::default()
        };
        assert_eq!(never.next_open(MON_0000_UTC), None);
    }

    #[test]
    fn sla_thresholds() {
        assert_eq!(sla_state(0, 5), SlaState::Ok);
        assert_eq!(sla_state(4 * MINUTE_MS - 1, 5), SlaState::Ok);
        assert_eq!(sla_state(4 * MINUTE_MS, 5), SlaState::AtRisk);
        assert_eq!(sla_state(5 * MINUTE_MS, 5), SlaState::Breached);
    }

    #[test]
    fn emails() {
        assert!(is_valid_email("ava.martin@example.com"));
        assert!(!is_valid_email("ava@example"));
        assert!(!is_valid_email("a b@example.com"));
        assert!(!is_valid_email("@example.com"));
        assert!(!is_valid_email("a@@example.com"));
        assert!(!is_valid_email("<script>@x.com"));
    }

    #[test]
    fn canned_replies_cover_every_remedy() {
        let replies = default_canned_replies();
        let apologies = replies.iter().filter(|r| r.category == "apology").count();
        assert_eq!(apologies, 6);
        let mut ids: Vec<_> = replies.iter().map(|r| r.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), replies.len());
    }

    proptest::proptest! {
        #[test]
        fn next_open_is_open_and_not_in_the_past(now in 1_700_000_000_000i64..1_900_000_000_000, off in -720i32..=840) {
            let bh = BusinessHours { utc_offset_minutes: off, ..BusinessHours::default() };
            let next = bh.next_open(now).unwrap();
            proptest::prop_assert!(next >= now);
            proptest::prop_assert!(bh.is_open(next));
            proptest::prop_assert!(next - now <= 4 * DAY_MS);
        }

        /// Hours open at `now` stay open minute by minute up to `next_close`, which is
        /// closed; hours closed at `now` stay closed up to `next_change`, which is open.
        #[test]
        fn next_change_is_the_first_flip(
            now in 1_700_000_000_000i64..1_900_000_000_000,
            off in -720i32..=840,
            // Often from midnight to midnight, where one day's close meets the next opening.
            open in proptest::prop_oneof![proptest::strategy::Just(0u32), 0u32..1440],
            len in proptest::prop_oneof![proptest::strategy::Just(1440u32), 1u32..=1440],
            days in proptest::collection::btree_set(1u8..=7, 0..=7),
        ) {
            let bh = BusinessHours {
                days: days.into_iter().collect(),
                open_minute: open,
                close_minute: (open + len).min(1440),
                utc_offset_minutes: off,
            };
            let was = bh.is_open(now);
            let next = bh.next_change(now);
            if let Some(at) = next {
                proptest::prop_assert!(at > now);
                proptest::prop_assert_ne!(bh.is_open(at), was);
                proptest::prop_assert!(at - now <= 8 * DAY_MS);
            }
            // No flip before it (on the minute grid the hours are defined on).
            let end = next.unwrap_or(now + 8 * DAY_MS);
            let mut t = (now / MINUTE_MS + 1) * MINUTE_MS;
            while t < end {
                proptest::prop_assert_eq!(bh.is_open(t), was, "flipped at {} before {:?}", t, next);
                t += MINUTE_MS;
            }
        }
    }

    #[test]
    fn next_close_ends_the_open_spell() {
        let bh = BusinessHours::default();
        let mon_noon = MON_0000_UTC + 12 * H;
        assert_eq!(bh.next_close(mon_noon), Some(MON_0000_UTC + 18 * H));
        assert_eq!(bh.next_change(mon_noon), Some(MON_0000_UTC + 18 * H));
        // Closed: no close, and the change is the next opening.
        assert_eq!(bh.next_close(MON_0000_UTC + 19 * H), None);
        assert_eq!(
            bh.next_change(MON_0000_UTC + 19 * H),
            Some(MON_0000_UTC + 24 * H + 9 * H)
        );
        // Open till midnight every day: never closes.
        let always = BusinessHours {
            days: vec![1, 2, 3, 4, 5, 6, 7],
            open_minute: 0,
            close_minute: 24 * 60,
            utc_offset_minutes: 120,
        };
        assert_eq!(always.next_close(mon_noon), None);
        assert_eq!(always.next_change(mon_noon), None);
        // Till midnight on weekdays only: Friday runs into Saturday 00:00.
        let weekdays = BusinessHours {
            open_minute: 0,
            close_minute: 24 * 60,
            ..BusinessHours::default()
        };
        assert_eq!(
            weekdays.next_close(mon_noon),
            Some(MON_0000_UTC + 5 * 24 * H)
        );
        // In UTC−8 the 18:00 close is 02:00 UTC the next day.
        let la = BusinessHours {
            utc_offset_minutes: -480,
            ..BusinessHours::default()
        };
        assert_eq!(
            la.next_close(MON_0000_UTC + 20 * H),
            Some(MON_0000_UTC + 24 * H + 2 * H)
        );
    }

    #[test]
    fn channel_at_opening_and_names() {
        assert_eq!(Channel::at_opening(true, true), Channel::Chat);
        assert_eq!(Channel::at_opening(true, false), Channel::Email);
        assert_eq!(Channel::at_opening(false, true), Channel::Email);
        assert_eq!(Channel::at_opening(false, false), Channel::Email);
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
        assert_eq!(Channel::parse("sms"), None);
    }
}
