//! Chat rules: message limits and validation. The widget checks before sending; the
//! conversation object enforces the same rule before storing.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use crate::error::ErrorCode;

/// Longest message body, in Unicode scalar values, after trimming.
pub const MAX_BODY_CHARS: usize = 4_000;
/// Largest WebSocket frame the edge parses; anything larger is refused unread.
pub const MAX_FRAME_BYTES: usize = 32 * 1024;
/// Longest client-chosen message id.
pub const MAX_CLIENT_ID_LEN: usize = 64;
/// The widget shows a character counter from this many characters on.
pub const COUNTER_FROM_CHARS: usize = 3_500;

/// Typing indicators: at most one `on` frame per socket per this many ms…
pub const TYPING_THROTTLE_MS: i64 = 2_000;
/// …and a client forgets an `on` it has not heard again within this many ms.
pub const TYPING_TTL_MS: i64 = 6_000;
/// Per-connection message rate limit: a burst of this many…
pub const RATE_BURST: f64 = 10.0;
/// …then this many messages per second.
pub const RATE_PER_SEC: f64 = 1.0;

/// Per-connection limit on the other frames (hello, typing, read): a burst of this many…
pub const FRAME_BURST: f64 = 30.0;
/// …then this many a second. A client sends a hello per connect, a typing frame at most every
/// [`TYPING_THROTTLE_MS`] and a read per message it shows, far below this.
pub const FRAME_PER_SEC: f64 = 5.0;

/// A busy conversation tells the merchant's inbox what it received about once per this
/// many milliseconds (the first message after a quiet spell goes at once)…
pub const INBOX_BATCH_MS: u64 = 1_000;

/// …each wait drawn from ±25 % of it with `r` in [0, 1], so that conversations which got
/// busy at the same moment do not keep reaching the one inbox in the same instant: the
/// batches spread over the interval instead of queueing up behind each other.
pub fn inbox_batch_delay_ms(r: f64) -> u64 {
    let r = if r.is_finite() {
        r.clamp(0.0, 1.0)
    } else {
        0.5
    };
    (INBOX_BATCH_MS as f64 * (0.75 + 0.5 * r)).round() as u64
}

/// How long after an agent last wrote in (or joined) a conversation the visitor is still
/// promised a prompt reply, whatever the session said about availability when it began.
pub const ATTENDED_MS: i64 = 30 * 60 * 1000;

/// A resend (the same author and client id) is matched against this many of a
/// conversation's newest messages and answered with the first copy's seq.
pub const RESEND_WINDOW: usize = 1_000;

/// The author and client id of a conversation's newest messages, with their seq and time:
/// what makes a resend idempotent without an index over every message ever stored. A
/// client resends only what was not acknowledged, right after it reconnects, so the first
/// copy, if any, is among the newest messages.
///
/// Each key is allocated once and shared by the map and the eviction order, and a send
/// costs one hash lookup ([`RecentSends::find_or_insert_with`]).
#[derive(Debug, Clone, Default)]
pub struct RecentSends {
    order: VecDeque<Rc<str>>,
    by_key: HashMap<Rc<str>, (i64, i64)>,
    capacity: usize,
}

impl RecentSends {
    pub fn new(capacity: usize) -> Self {
        Self {
            order: VecDeque::with_capacity(capacity.min(RESEND_WINDOW)),
            by_key: HashMap::with_capacity(capacity.min(RESEND_WINDOW)),
            capacity,
        }
    }

    // Client ids are ASCII letters, digits, '-' and '_' (validate_client_id), so the
    // separator cannot occur in one.
    fn key(author_id: &str, client_id: &str) -> String {
        let mut k = String::with_capacity(author_id.len() + client_id.len() + 1);
        k.push_str(author_id);
        k.push('\n');
        k.push_str(client_id);
        k
    }

    /// The seq and time of the stored copy of this author's message `client_id`, if recent
    /// (the conversation asks [`Self::find_or_insert_with`]; the tests ask this).
    #[cfg(test)]
    pub fn find(&self, author_id: &str, client_id: &str) -> Option<(i64, i64)> {
        self.by_key
            .get(Self::key(author_id, client_id).as_str())
            .copied()
    }

    /// The stored copy of this author's message `client_id` if it is recent (`false`);
    /// otherwise stores it with `store`, which gives its seq and time, and remembers it
    /// (`true`), forgetting the oldest beyond the capacity. When `store` fails nothing is
    /// remembered.
    pub fn find_or_insert_with<E>(
        &mut self,
        author_id: &str,
        client_id: &str,
        store: impl FnOnce() -> Result<(i64, i64), E>,
    ) -> Result<((i64, i64), bool), E> {
        let key: Rc<str> = Rc::from(Self::key(author_id, client_id));
        match self.by_key.entry(key) {
            Entry::Occupied(e) => Ok((*e.get(), false)),
            Entry::Vacant(e) => {
                let stored = store()?;
                self.order.push_back(e.key().clone());
                e.insert(stored);
                while self.order.len() > self.capacity {
                    if let Some(old) = self.order.pop_front() {
                        self.by_key.remove(&old);
                    }
                }
                Ok((stored, true))
            }
        }
    }

    /// Remembers a message already stored (read back from storage after a wake).
    pub fn push(&mut self, author_id: &str, client_id: &str, seq: i64, at: i64) {
        let _ = self.find_or_insert_with::<()>(author_id, client_id, || Ok((seq, at)));
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// A token bucket: `burst` messages at once, refilled at `per_sec` (by default
/// [`RATE_BURST`] and [`RATE_PER_SEC`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimiter {
    tokens: f64,
    last_ms: i64,
    burst: f64,
    per_sec: f64,
}

/// A rate as `"<burst>/<per second>"`, e.g. `"10/1"`; `None` if malformed or not positive.
pub fn parse_rate(s: &str) -> Option<(f64, f64)> {
    let (b, r) = s.split_once('/')?;
    let (b, r) = (b.trim().parse::<f64>().ok()?, r.trim().parse::<f64>().ok()?);
    (b >= 1.0 && r > 0.0 && b.is_finite() && r.is_finite()).then_some((b, r))
}

impl RateLimiter {
    pub fn new(now_ms: i64) -> Self {
        Self::with_rate(RATE_BURST, RATE_PER_SEC, now_ms)
    }

    pub fn with_rate(burst: f64, per_sec: f64, now_ms: i64) -> Self {
        Self {
            tokens: burst,
            last_ms: now_ms,
            burst,
            per_sec,
        }
    }

    /// Takes a token if one is available at `now_ms`.
    pub fn allow(&mut self, now_ms: i64) -> bool {
        let elapsed = (now_ms - self.last_ms).max(0) as f64 / 1000.0;
        self.tokens = (self.tokens + elapsed * self.per_sec).min(self.burst);
        self.last_ms = self.last_ms.max(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Returns the trimmed body if it may be sent.
pub fn validate_body(body: &str) -> Result<&str, ErrorCode> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(ErrorCode::MessageEmpty);
    }
    if trimmed.chars().count() > MAX_BODY_CHARS {
        return Err(ErrorCode::MessageTooLong);
    }
    Ok(trimmed)
}

/// Length of a body as the limit counts it.
pub fn body_len(body: &str) -> usize {
    body.trim().chars().count()
}

/// A client id is 1..=64 characters of `[A-Za-z0-9_-]`.
pub fn validate_client_id(id: &str) -> Result<(), ErrorCode> {
    let ok = !id.is_empty()
        && id.len() <= MAX_CLIENT_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidClientId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn limits_are_inclusive_and_count_chars_not_bytes() {
        assert_eq!(
            validate_body(&"ä".repeat(4_000)),
            Ok("ä".repeat(4_000).as_str())
        );
        assert_eq!(
            validate_body(&"a".repeat(4_001)),
            Err(ErrorCode::MessageTooLong)
        );
        assert_eq!(validate_body("   \n\t"), Err(ErrorCode::MessageEmpty));
        assert_eq!(validate_body("  hi  "), Ok("hi"));
        assert_eq!(body_len(" ää "), 2);
    }

    #[test]
    fn client_ids() {
        assert!(validate_client_id("m-1_a").is_ok());
        assert!(validate_client_id("").is_err());
        assert!(validate_client_id("a b").is_err());
        assert!(validate_client_id(&"a".repeat(64)).is_ok());
        assert!(validate_client_id(&"a".repeat(65)).is_err());
    }

    #[test]
    fn rate_limiter_allows_a_burst_then_one_per_second() {
        let mut r = RateLimiter::new(0);
        assert!((0..10).all(|_| r.allow(0)));
        assert!(!r.allow(0));
        assert!(!r.allow(999));
        assert!(r.allow(1_000));
        assert!(!r.allow(1_000));
        // A long pause refills only up to the burst.
        assert_eq!((0..20).filter(|_| r.allow(3_600_000)).count(), 10);
    }

    #[test]
    fn rates_parse() {
        assert_eq!(parse_rate("10/1"), Some((10.0, 1.0)));
        assert_eq!(parse_rate(" 1000000 / 1000000 "), Some((1e6, 1e6)));
        assert_eq!(parse_rate("0/1"), None);
        assert_eq!(parse_rate("10/0"), None);
        assert_eq!(parse_rate("ten/1"), None);
        let mut r = RateLimiter::with_rate(2.0, 10.0, 0);
        assert!(r.allow(0) && r.allow(0) && !r.allow(0));
        assert!(r.allow(100));
    }

    #[test]
    fn inbox_batch_delays_spread_around_the_interval() {
        assert_eq!(inbox_batch_delay_ms(0.0), 750);
        assert_eq!(inbox_batch_delay_ms(0.5), 1_000);
        assert_eq!(inbox_batch_delay_ms(1.0), 1_250);
        // Out-of-range or broken randomness still gives a delay inside the window.
        assert_eq!(inbox_batch_delay_ms(-3.0), 750);
        assert_eq!(inbox_batch_delay_ms(7.0), 1_250);
        assert_eq!(inbox_batch_delay_ms(f64::NAN), 1_000);
    }

    proptest! {
        #[test]
        fn rate_limiter_never_exceeds_burst_plus_refill(gaps in proptest::collection::vec(0i64..3_000, 1..200)) {
            let mut r = RateLimiter::new(0);
            let mut now = 0;
            let mut allowed = 0u32;
            for g in &gaps {
                now += g;
                if r.allow(now) { allowed += 1; }
            }
            let bound = RATE_BURST + (now as f64 / 1000.0) * RATE_PER_SEC;
            prop_assert!(f64::from(allowed) <= bound + 1e-9);
        }

        #[test]
        fn accepted_bodies_are_trimmed_and_within_limit(s in "\\PC{0,40}") {
            match validate_body(&s) {
                Ok(b) => {
                    prop_assert!(!b.is_empty());
                    prop_assert_eq!(b, b.trim());
                    prop_assert!(b.chars().count() <= MAX_BODY_CHARS);
                }
                Err(code) => prop_assert_eq!(code, ErrorCode::MessageEmpty),
            }
        }

        #[test]
        fn valid_client_ids_round_trip(s in "[A-Za-z0-9_-]{1,64}") {
            prop_assert!(validate_client_id(&s).is_ok());
        }

        /// Against a plain list of the newest `capacity` stored sends: a send finds its first
        /// copy while that copy is among the newest, and is stored (with the next seq)
        /// otherwise; a failed store remembers nothing.
        #[test]
        fn recent_sends_match_a_list_of_the_newest(
            capacity in 1usize..8,
            sends in proptest::collection::vec((0u8..3, 0u8..12, proptest::bool::weighted(0.1)), 0..200),
        ) {
            let mut recent = RecentSends::new(capacity);
            let mut model: Vec<(String, String, (i64, i64))> = Vec::new();
            let mut next = 1i64;
            for (author, client, fails) in sends {
                let (author, client) = (format!("v_{author}"), format!("c{client}"));
                let expected = model.iter().find(|(a, c, _)| *a == author && *c == client).map(|m| m.2);
                let got = recent.find_or_insert_with(&author, &client, || {
                    if fails { Err(()) } else { Ok((next, next * 10)) }
                });
                match (expected, got) {
                    (Some(v), Ok((found, false))) => prop_assert_eq!(v, found),
                    (None, Err(())) => prop_assert!(fails),
                    (None, Ok((stored, true))) => {
                        prop_assert_eq!(stored, (next, next * 10));
                        model.push((author, client, stored));
                        if model.len() > capacity {
                            model.remove(0);
                        }
                        next += 1;
                    }
                    (e, g) => prop_assert!(false, "expected {:?}, got {:?}", e, g),
                }
                prop_assert_eq!(recent.len(), model.len());
            }
        }
    }

    #[test]
    fn recent_sends_find_resends_within_the_window() {
        let mut r = RecentSends::new(3);
        assert!(r.is_empty());
        r.push("v_1", "a", 1, 100);
        r.push("agt_1", "a", 2, 200);
        // Same client id, other author: a different message.
        assert_eq!(r.find("v_1", "a"), Some((1, 100)));
        assert_eq!(r.find("agt_1", "a"), Some((2, 200)));
        assert_eq!(r.find("v_2", "a"), None);
        r.push("v_1", "b", 3, 300);
        r.push("v_1", "c", 4, 400);
        // The oldest is forgotten beyond the capacity.
        assert_eq!(r.len(), 3);
        assert_eq!(r.find("v_1", "a"), None);
        assert_eq!(r.find("v_1", "c"), Some((4, 400)));
        // An author id ending where a client id begins does not collide.
        r.push("v_1b", "x", 5, 500);
        assert_eq!(r.find("v_1", "bx"), None);
    }
}
