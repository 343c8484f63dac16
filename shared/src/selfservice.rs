//! Self-service subscription changes over HTTP: the API contract (paths, requests,
//! responses, errors) shared by the widget, the console and the edge, plus the small rules
//! around it that must not be written twice: which save offer a cancel reason gets, the
//! webhook event names and retry schedule, and cancel reference numbers.
//!
//! Widget calls carry `Authorization: Bearer <visitor token>` (a visitor token whose claims
//! name a signed-in subscriber); console calls carry the agent cookie. Applying a change
//! needs an `Idempotency-Key` header: a repeat with the same body returns the first result,
//! a different body with the same key is a 422.

use serde::{Deserialize, Serialize};

use crate::address::{AddressInput, FieldError};
use crate::date::Date;
use crate::subscription::{Action, ActionKind, CancelReason, Effect, PauseFor, SubscriptionData};

// ---------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------

/// `GET`: the signed-in subscriber's subscriptions ([`SubscriptionsResponse`]).
pub const MY_SUBSCRIPTIONS_PATH: &str = "/api/v1/subscriptions";
/// Header carrying the idempotency key of an apply request.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// Longest idempotency key accepted (ASCII letters, digits, `-` and `_`).
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 100;
/// Header of a webhook delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
pub const WEBHOOK_SIGNATURE_HEADER: &str = "Cellar-Signature";

/// `POST` ([`ActionRequest`] → [`PreviewResponse`]): what an action would do (widget).
pub fn preview_path(subscription_id: &str) -> String {
    format!("/api/v1/subscriptions/{subscription_id}/preview")
}

/// `POST` ([`ApplyRequest`] → [`ApplyResponse`]): apply an action (widget).
pub fn apply_path(subscription_id: &str) -> String {
    format!("/api/v1/subscriptions/{subscription_id}/actions")
}

/// `GET` ([`AgentSubscriptionsResponse`]): a subscriber's subscriptions and their audit log,
/// for an agent of the same merchant.
pub fn agent_subscriptions_path(subscriber_id: &str) -> String {
    format!("/api/v1/agent/subscribers/{subscriber_id}/subscriptions")
}

/// `POST` ([`ActionRequest`] → [`PreviewResponse`]): preview on a subscriber's behalf.
pub fn agent_preview_path(subscription_id: &str) -> String {
    format!("/api/v1/agent/subscriptions/{subscription_id}/preview")
}

/// `POST` ([`ApplyRequest`] → [`ApplyResponse`]): apply on a subscriber's behalf,
/// recorded as the agent.
pub fn agent_apply_path(subscription_id: &str) -> String {
    format!("/api/v1/agent/subscriptions/{subscription_id}/actions")
}

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

/// An action as a client sends it: an [`Action`] whose address is unvalidated input, so a
/// bad address comes back as field errors rather than a JSON error.
pub type ActionInput = Action<AddressInput>;

impl ActionInput {
    /// The validated action, or the address's field errors.
    pub fn validate(&self) -> Result<Action, Vec<FieldError>> {
        self.try_map_address(crate::address::Address::parse)
    }
}

impl From<&Action> for ActionInput {
    fn from(a: &Action) -> Self {
        let input =
            a.try_map_address(|address| Ok::<_, std::convert::Infallible>(address.to_input()));
        match input {
            Ok(input) => input,
            Err(never) => match never {},
        }
    }
}

/// Body of a preview: the action and the version the client shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRequest {
    pub version: u32,
    pub action: ActionInput,
}

/// Body of an apply: the action, the version the client showed, and the effect it showed
/// (from the preview). If the state moved on, the answer is a 409 with the current state;
/// if a cutoff passed since the preview, a 409 `effect_changed` with the new effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyRequest {
    pub version: u32,
    pub action: ActionInput,
    /// The previewed effect. Optional for API clients that skip the preview.
    #[serde(default)]
    pub effect: Option<Effect>,
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

/// A subscription as clients show it: its state plus what the UI needs around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub subscription: SubscriptionData,
    pub price_cents: i64,
    /// Unix ms when the next box stops accepting changes; `None` when no box is coming.
    #[serde(default)]
    pub cutoff_at: Option<i64>,
    /// The next few boxes that ship (at most 3), for the plan card.
    #[serde(default)]
    pub upcoming: Vec<Date>,
}

/// `GET /api/v1/subscriptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionsResponse {
    pub subscriptions: Vec<SubscriptionView>,
    /// The merchant's save offer for a discount, when it has one (shown at most once in a
    /// cancel flow, beside the cancel button).
    #[serde(default)]
    pub discount_offer: Option<DiscountOffer>,
    /// The merchant's cutoff before a box ships, in hours.
    pub cutoff_hours: u32,
}

/// What an action would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewResponse {
    pub effect: Effect,
    /// The subscription as it would be after the change.
    pub after: SubscriptionView,
}

/// A change that happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyResponse {
    pub event_id: String,
    /// A reference a person can quote, like `CD-7K3P9QXM` (shown after a cancel).
    pub reference: String,
    pub effect: Effect,
    pub subscription: SubscriptionView,
}

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    Subscriber { id: String },
    Agent { id: String, name: String },
}

/// One audited change (`subscription_events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionEventView {
    pub id: String,
    pub subscription_id: String,
    pub actor: Actor,
    pub action: ActionKind,
    pub effect: Effect,
    pub before: SubscriptionData,
    pub after: SubscriptionData,
    /// Unix ms.
    pub at: i64,
    pub reference: String,
}

/// `GET /api/v1/agent/subscribers/:id/subscriptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSubscriptionsResponse {
    pub subscriptions: Vec<SubscriptionView>,
    /// Newest first, at most 50.
    pub events: Vec<SubscriptionEventView>,
    pub cutoff_hours: u32,
}

/// The error body of the subscription endpoints: `{code, message, field?}` like every API
/// error, plus, where they apply, the address's field errors, the current state (stale
/// version) or the effect as it is now (a cutoff passed since the preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionApiError {
    /// An [`crate::ErrorCode`] or an [`crate::subscription::ActionError`] code.
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<SubscriptionView>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
}

/// A part of a subscription a change can move, for "what changed" lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangedField {
    Status,
    Frequency,
    NextBox,
    Address,
}

/// What differs between two states of a subscription (an audit event's before and after,
/// or the state a client showed and the current one after a version conflict), in display
/// order. Clients word each field in their own language.
pub fn changed_fields(before: &SubscriptionData, after: &SubscriptionData) -> Vec<ChangedField> {
    let mut out = Vec::new();
    if before.status != after.status {
        out.push(ChangedField::Status);
    }
    if before.frequency != after.frequency {
        out.push(ChangedField::Frequency);
    }
    if before.next_box != after.next_box {
        out.push(ChangedField::NextBox);
    }
    if before.address != after.address {
        out.push(ChangedField::Address);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Save offers
// ---------------------------------------------------------------------------------------

/// The merchant's discount save offer (settings `discount_offer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountOffer {
    /// Percent off, 1–90.
    pub percent: u8,
    /// How many boxes it applies to.
    pub boxes: u8,
    /// The code the merchant's checkout honours.
    pub code: String,
}

/// The one save offer a cancel flow may show, beside the cancel button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "offer", rename_all = "snake_case")]
pub enum SaveOffer {
    /// Pause for this many boxes instead.
    Pause { boxes: u8 },
    /// Skip the next box instead.
    SkipNext,
    /// The merchant's discount.
    Discount(DiscountOffer),
}

/// The save offer matching a cancel reason, if any: a price problem gets the merchant's
/// discount (or a skip when it has none), too much product a pause, and so on. Reasons an
/// offer cannot fix (moving, delivery problems, other) get none: no offer is better than
/// a pointless one. Paused subscriptions are not offered a pause or a skip.
pub fn save_offer(
    reason: Option<CancelReason>,
    discount: Option<&DiscountOffer>,
    paused: bool,
) -> Option<SaveOffer> {
    let offer = match reason? {
        CancelReason::TooExpensive => match discount {
            Some(d) => SaveOffer::Discount(d.clone()),
            None => SaveOffer::SkipNext,
        },
        CancelReason::TooMuchProduct => SaveOffer::Pause { boxes: 2 },
        CancelReason::NotEnjoying => match discount {
            Some(d) => SaveOffer::Discount(d.clone()),
            None => return None,
        },
        CancelReason::Moving | CancelReason::DeliveryProblems | CancelReason::Other => return None,
    };
    if paused && matches!(offer, SaveOffer::Pause { .. } | SaveOffer::SkipNext) {
        return None;
    }
    Some(offer)
}

impl SaveOffer {
    /// The action that accepting the offer applies (a discount applies none: the merchant's
    /// checkout honours its code).
    pub fn action(&self) -> Option<Action> {
        match self {
            Self::Pause { boxes } => Some(Action::Pause(PauseFor::Boxes(*boxes))),
            Self::SkipNext => Some(Action::SkipNext),
            Self::Discount(_) => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Webhooks and references
// ---------------------------------------------------------------------------------------

/// The webhook event type of an applied action: `subscription.paused`, `.resumed`,
/// `.skipped`, `.frequency_changed`, `.address_changed`, `.cancelled`.
pub fn webhook_event_type(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Pause => "subscription.paused",
        ActionKind::Resume => "subscription.resumed",
        ActionKind::SkipNext => "subscription.skipped",
        ActionKind::ChangeFrequency => "subscription.frequency_changed",
        ActionKind::ChangeAddress => "subscription.address_changed",
        ActionKind::Cancel => "subscription.cancelled",
    }
}

/// Body of a webhook delivery. Receivers dedupe by `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEvent {
    /// The event id (the same as the audit event's).
    pub id: String,
    /// See [`webhook_event_type`].
    #[serde(rename = "type")]
    pub kind: String,
    pub merchant_id: String,
    pub subscriber_id: String,
    pub subscription_id: String,
    pub actor: Actor,
    pub effect: Effect,
    pub subscription: SubscriptionData,
    /// Unix ms of the change.
    pub created_at: i64,
}

/// Most delivery attempts of one webhook event before it is given up (about 3 days).
pub const WEBHOOK_MAX_ATTEMPTS: u32 = 12;

/// Delay before the next attempt after `attempts` failed ones (1 → 10 s, doubling, at most
/// 12 h); `None` once [`WEBHOOK_MAX_ATTEMPTS`] have failed.
pub fn webhook_retry_delay_ms(attempts: u32) -> Option<i64> {
    if attempts == 0 || attempts >= WEBHOOK_MAX_ATTEMPTS {
        return None;
    }
    let ms = 10_000i64.saturating_mul(1i64 << (attempts - 1).min(20));
    Some(ms.min(12 * 3600 * 1000))
}

/// The reference a person quotes for a change: `CD-` and the first 8 characters of the event
/// id's random part, upper-cased (`evt_7k3p9qxm…` → `CD-7K3P9QXM`).
pub fn reference(event_id: &str) -> String {
    let random = event_id.split_once('_').map_or(event_id, |(_, r)| r);
    let head: String = random
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    format!("CD-{}", head.to_ascii_uppercase())
}

/// An idempotency key: 1–100 ASCII letters, digits, `-` or `_`.
pub fn is_valid_idempotency_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY_CHARS
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subscription::Frequency;

    fn discount() -> DiscountOffer {
        DiscountOffer {
            percent: 20,
            boxes: 2,
            code: "STAY20".into(),
        }
    }

    #[test]
    fn save_offer_matches_the_reason() {
        use CancelReason::*;
        assert_eq!(save_offer(None, Some(&discount()), false), None);
        assert_eq!(
            save_offer(Some(TooExpensive), Some(&discount()), false),
            Some(SaveOffer::Discount(discount()))
        );
        assert_eq!(
            save_offer(Some(TooExpensive), None, false),
            Some(SaveOffer::SkipNext)
        );
        assert_eq!(
            save_offer(Some(TooMuchProduct), None, false),
            Some(SaveOffer::Pause { boxes: 2 })
        );
        assert_eq!(save_offer(Some(TooMuchProduct), None, true), None);
        assert_eq!(save_offer(Some(NotEnjoying), None, false), None);
        for r in [Moving, DeliveryProblems, Other] {
            assert_eq!(save_offer(Some(r), Some(&discount()), false), None);
        }
    }

    #[test]
    fn accepting_an_offer_is_an_action() {
        assert_eq!(
            SaveOffer::Pause { boxes: 2 }.action(),
            Some(Action::Pause(PauseFor::Boxes(2)))
        );
        assert_eq!(SaveOffer::SkipNext.action(), Some(Action::SkipNext));
        assert_eq!(SaveOffer::Discount(discount()).action(), None);
    }

    #[test]
    fn retry_delays_double_then_stop() {
        assert_eq!(webhook_retry_delay_ms(0), None);
        assert_eq!(webhook_retry_delay_ms(1), Some(10_000));
        assert_eq!(webhook_retry_delay_ms(2), Some(20_000));
        assert_eq!(webhook_retry_delay_ms(3), Some(40_000));
        assert_eq!(webhook_retry_delay_ms(11), Some(10_240_000));
        assert_eq!(webhook_retry_delay_ms(WEBHOOK_MAX_ATTEMPTS), None);
        let mut last = 0;
        for a in 1..WEBHOOK_MAX_ATTEMPTS {
            let d = webhook_retry_delay_ms(a).unwrap();
            assert!(d >= last && d <= 12 * 3600 * 1000);
            last = d;
        }
    }

    #[test]
    fn references_and_keys() {
        assert_eq!(reference("evt_7k3p9qxmab12"), "CD-7K3P9QXM");
        assert_eq!(reference("abc"), "CD-ABC");
        assert!(is_valid_idempotency_key("a1-B_2"));
        assert!(!is_valid_idempotency_key(""));
        assert!(!is_valid_idempotency_key("has space"));
        assert!(!is_valid_idempotency_key(&"k".repeat(101)));
    }

    #[test]
    fn event_types() {
        assert_eq!(webhook_event_type(ActionKind::Pause), "subscription.paused");
        assert_eq!(
            webhook_event_type(ActionKind::ChangeAddress),
            "subscription.address_changed"
        );
        assert_eq!(
            webhook_event_type(ActionKind::Cancel),
            "subscription.cancelled"
        );
    }

    #[test]
    fn action_input_round_trips_and_validates() {
        let json = r#"{"action":"pause","boxes":2}"#;
        let a: ActionInput = serde_json::from_str(json).unwrap();
        assert_eq!(a.validate().unwrap(), Action::Pause(PauseFor::Boxes(2)));
        assert_eq!(serde_json::to_string(&a).unwrap(), json);
        let bad: ActionInput = serde_json::from_str(
            r#"{"action":"change_address","address":{"name":"A","line1":"1 St","city":"X","postal_code":"nope","country":"FI"}}"#,
        )
        .unwrap();
        let errors = bad.validate().unwrap_err();
        assert!(errors.iter().any(|e| e.field.as_str() == "postal_code"));
    }

    #[test]
    fn changed_fields_in_display_order() {
        let json = r#"{"id":"s","plan":"p","status":"active","frequency":"monthly","next_box":"2026-12-04",
            "address":{"name":"A","line1":"1 St","city":"Helsinki","postal_code":"00100","country":"FI"}}"#;
        let before: SubscriptionData = serde_json::from_str(json).unwrap();
        assert!(changed_fields(&before, &before).is_empty());
        let mut after = before.clone();
        after.next_box = Date::parse("2027-01-04").ok();
        after.frequency = Frequency::Weekly;
        assert_eq!(
            changed_fields(&before, &after),
            [ChangedField::Frequency, ChangedField::NextBox]
        );
    }
}
