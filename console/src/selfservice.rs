//! Subscription changes on a subscriber's behalf, as plain data: which actions a
//! subscription offers, the action forms' drafts turned into an [`ActionInput`] (with the
//! same address rules as the server), the previewed change a confirm applies (one
//! idempotency key per previewed change, so a double click cannot apply twice), and what
//! differs between two states (the audit log's before/after, a 409's "what changed").

use shared::address::{Address, AddressField, AddressInput, FieldError};
use shared::date::Date;
use shared::selfservice::{
    changed_fields, ActionInput, ApplyRequest, ChangedField, SubscriptionEventView,
};
use shared::subscription::{
    ActionKind, CancelReason, Effect, Frequency, PauseFor, Status, SubscriptionData,
    MAX_COMMENT_CHARS, MAX_PAUSE_BOXES, MIN_PAUSE_BOXES,
};

use crate::i18n::{self, t, Key};

/// The short name of an action in test ids and element ids (`ctx-sub-action-skip`).
pub fn action_slug(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Pause => "pause",
        ActionKind::Resume => "resume",
        ActionKind::SkipNext => "skip",
        ActionKind::ChangeFrequency => "frequency",
        ActionKind::ChangeAddress => "address",
        ActionKind::Cancel => "cancel",
    }
}

/// True for actions with nothing to fill in (their preview is asked for at once).
pub fn needs_no_input(kind: ActionKind) -> bool {
    matches!(kind, ActionKind::Resume | ActionKind::SkipNext)
}

/// How a pause is measured in the pause form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PauseMode {
    #[default]
    Boxes,
    Until,
}

/// What an action form holds, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub pause_mode: PauseMode,
    pub pause_boxes: String,
    pub pause_until: String,
    pub frequency: Option<Frequency>,
    pub address: AddressInput,
    pub reason: Option<CancelReason>,
    pub comment: String,
}

/// Why a draft cannot be previewed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// One message for the form.
    Message(String),
    /// The address's field errors.
    Fields(Vec<FieldError>),
}

impl Draft {
    /// A draft for `sub`: two boxes of pause, the current address to edit.
    pub fn for_subscription(sub: &SubscriptionData) -> Draft {
        Draft {
            pause_boxes: "2".into(),
            address: sub.address.to_input(),
            ..Draft::default()
        }
    }

    /// The action this draft asks for, checked as the server would check its shape.
    pub fn to_input(&self, kind: ActionKind) -> Result<ActionInput, DraftError> {
        Ok(match kind {
            ActionKind::Pause => ActionInput::Pause(match self.pause_mode {
                PauseMode::Boxes => {
                    let n = self
                        .pause_boxes
                        .trim()
                        .parse::<u8>()
                        .ok()
                        .filter(|n| (MIN_PAUSE_BOXES..=MAX_PAUSE_BOXES).contains(n))
                        .ok_or_else(|| DraftError::Message(t(Key::ErrPauseBoxes).into()))?;
                    PauseFor::Boxes(n)
                }
                PauseMode::Until => PauseFor::Until(
                    Date::parse(self.pause_until.trim())
                        .map_err(|_| DraftError::Message(t(Key::ErrPauseDate).into()))?,
                ),
            }),
            ActionKind::Resume => ActionInput::Resume,
            ActionKind::SkipNext => ActionInput::SkipNext,
            ActionKind::ChangeFrequency => ActionInput::ChangeFrequency {
                frequency: self
                    .frequency
                    .ok_or_else(|| DraftError::Message(format!("{}?", t(Key::NewFrequency))))?,
            },
            ActionKind::ChangeAddress => {
                Address::parse(&self.address).map_err(DraftError::Fields)?;
                ActionInput::ChangeAddress {
                    address: self.address.clone(),
                }
            }
            ActionKind::Cancel => {
                let comment = self.comment.trim();
                if comment.chars().count() > MAX_COMMENT_CHARS {
                    return Err(DraftError::Message(i18n::comment_too_long(
                        MAX_COMMENT_CHARS,
                    )));
                }
                ActionInput::Cancel {
                    reason: self.reason,
                    comment: (!comment.is_empty()).then(|| comment.to_owned()),
                }
            }
        })
    }
}

/// The address fields in form order.
pub const ADDRESS_FIELDS: [AddressField; 7] = [
    AddressField::Name,
    AddressField::Line1,
    AddressField::Line2,
    AddressField::City,
    AddressField::Region,
    AddressField::PostalCode,
    AddressField::Country,
];

/// A change the agent has previewed and may confirm. Its idempotency key is made with the
/// preview, so every confirm of this very change (a double click, a retry after a network
/// error) sends the same key and the server applies it at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previewed {
    pub subscription_id: String,
    /// The state the agent saw (its version goes with the request).
    pub shown: SubscriptionData,
    pub action: ActionInput,
    pub effect: Effect,
    pub key: String,
}

impl Previewed {
    pub fn apply_request(&self) -> ApplyRequest {
        ApplyRequest {
            version: self.shown.version,
            action: self.action.clone(),
            effect: Some(self.effect),
        }
    }

    /// The same change with the effect as it is now (a cutoff passed since the preview):
    /// a new body, so a new key.
    pub fn with_effect(&self, effect: Effect, key: String) -> Previewed {
        Previewed {
            effect,
            key,
            ..self.clone()
        }
    }
}

fn status_text(s: &Status) -> String {
    i18n::status_detail(s)
}

/// A one-line address: `Ava Martin, 410 Vine St, Sacramento CA 95814, US`.
pub fn address_line(a: &Address) -> String {
    let mut parts = vec![a.name().to_owned(), a.line1().to_owned()];
    if let Some(l2) = a.line2() {
        parts.push(l2.to_owned());
    }
    let mut city = a.city().to_owned();
    if let Some(r) = a.region() {
        city.push(' ');
        city.push_str(r);
    }
    city.push(' ');
    city.push_str(a.postal_code());
    parts.push(city);
    parts.push(a.country().to_owned());
    parts.join(", ")
}

/// What differs between two states of a subscription, one line per field
/// (`Next box: Dec 4 → Jan 4`); which fields differ is `shared::selfservice::changed_fields`.
pub fn changes(before: &SubscriptionData, after: &SubscriptionData) -> Vec<String> {
    changed_fields(before, after)
        .into_iter()
        .map(|f| {
            let (name, b, a) = match f {
                ChangedField::Status => (
                    "status",
                    status_text(&before.status),
                    status_text(&after.status),
                ),
                ChangedField::Frequency => (
                    "frequency",
                    i18n::frequency_label(before.frequency),
                    i18n::frequency_label(after.frequency),
                ),
                ChangedField::NextBox => (
                    "next_box",
                    i18n::maybe_day(before.next_box),
                    i18n::maybe_day(after.next_box),
                ),
                ChangedField::Address => (
                    "address",
                    address_line(&before.address),
                    address_line(&after.address),
                ),
            };
            i18n::change_line(i18n::field_name(name), &b, &a)
        })
        .collect()
}

/// One audit-log row as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub who: String,
    pub is_agent: bool,
    pub action: String,
    pub effect: String,
    pub changes: Vec<String>,
    pub reference: String,
}

impl AuditRow {
    pub fn new(e: &SubscriptionEventView) -> AuditRow {
        AuditRow {
            who: i18n::actor(&e.actor),
            is_agent: matches!(e.actor, shared::selfservice::Actor::Agent { .. }),
            action: i18n::action_label(e.action).into(),
            effect: i18n::effect_summary(&e.effect),
            changes: changes(&e.before, &e.after),
            reference: e.reference.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::selfservice::Actor;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn ava() -> SubscriptionData {
        serde_json::from_value(serde_json::json!({
            "id": "subn_ava_cellar", "plan": "Cellar Club — 3 bottles", "status": "active",
            "frequency": "monthly", "next_box": "2026-12-04", "version": 3,
            "address": {"name":"Ava Martin","line1":"410 Vine St","city":"Sacramento","region":"CA","postal_code":"95814","country":"US"}
        }))
        .unwrap()
    }

    #[test]
    fn action_slugs_name_test_ids() {
        assert_eq!(action_slug(ActionKind::SkipNext), "skip");
    }

    #[test]
    fn drafts_become_actions_or_errors() {
        let mut draft = Draft::for_subscription(&ava());
        assert_eq!(
            draft.to_input(ActionKind::Pause),
            Ok(ActionInput::Pause(PauseFor::Boxes(2)))
        );
        for bad in ["0", "13", "two", ""] {
            draft.pause_boxes = bad.into();
            assert!(
                matches!(
                    draft.to_input(ActionKind::Pause),
                    Err(DraftError::Message(_))
                ),
                "{bad}"
            );
        }
        draft.pause_mode = PauseMode::Until;
        draft.pause_until = "2027-02-01".into();
        assert_eq!(
            draft.to_input(ActionKind::Pause),
            Ok(ActionInput::Pause(PauseFor::Until(d("2027-02-01"))))
        );
        assert!(draft.to_input(ActionKind::ChangeFrequency).is_err());
        draft.frequency = Some(Frequency::Weekly);
        assert_eq!(
            draft.to_input(ActionKind::ChangeFrequency),
            Ok(ActionInput::ChangeFrequency {
                frequency: Frequency::Weekly
            })
        );
        draft.address.field_mut(AddressField::PostalCode).clear();
        *draft.address.field_mut(AddressField::City) = "  ".into();
        assert_eq!(draft.address.field(AddressField::City), "  ");
        let Err(DraftError::Fields(fields)) = draft.to_input(ActionKind::ChangeAddress) else {
            panic!("address errors expected");
        };
        let names: Vec<_> = fields.iter().map(|f| f.field).collect();
        assert!(names.contains(&AddressField::PostalCode) && names.contains(&AddressField::City));
        draft.comment = "  too pricey ".into();
        draft.reason = Some(CancelReason::TooExpensive);
        assert_eq!(
            draft.to_input(ActionKind::Cancel),
            Ok(ActionInput::Cancel {
                reason: Some(CancelReason::TooExpensive),
                comment: Some("too pricey".into())
            })
        );
        draft.comment = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert!(draft.to_input(ActionKind::Cancel).is_err());
        assert_eq!(
            draft.to_input(ActionKind::SkipNext),
            Ok(ActionInput::SkipNext)
        );
    }

    #[test]
    fn a_previewed_change_keeps_its_key_until_its_effect_changes() {
        let effect = Effect {
            action: ActionKind::SkipNext,
            first_affected_box: d("2026-12-04"),
            cutoff_passed: false,
            effective: None,
            next_box: Some(d("2027-01-04")),
        };
        let p = Previewed {
            subscription_id: "subn_ava_cellar".into(),
            shown: ava(),
            action: ActionInput::SkipNext,
            effect,
            key: "k1".into(),
        };
        let req = p.apply_request();
        assert_eq!((req.version, req.effect), (3, Some(effect)));
        assert_eq!(p.apply_request(), req, "a repeat sends the same body");
        let later = Effect {
            cutoff_passed: true,
            first_affected_box: d("2027-01-04"),
            ..effect
        };
        let q = p.with_effect(later, "k2".into());
        assert_eq!(
            (q.key.as_str(), q.apply_request().effect),
            ("k2", Some(later))
        );
    }

    #[test]
    fn changes_and_audit_rows() {
        let before = ava();
        let mut after = before.clone();
        after.next_box = Some(d("2027-01-04"));
        after.version = 4;
        assert_eq!(changes(&before, &after), ["Next box: Dec 4 → Jan 4"]);
        assert_eq!(
            address_line(&Address::parse(&before.address.to_input()).unwrap()),
            "Ava Martin, 410 Vine St, Sacramento CA 95814, US"
        );
        let event = SubscriptionEventView {
            id: "evt_7k3p9qxm".into(),
            subscription_id: before.id.clone(),
            actor: Actor::Agent {
                id: "a_maya".into(),
                name: "Maya Lindqvist".into(),
            },
            action: ActionKind::SkipNext,
            effect: Effect {
                action: ActionKind::SkipNext,
                first_affected_box: d("2026-12-04"),
                cutoff_passed: false,
                effective: None,
                next_box: Some(d("2027-01-04")),
            },
            before,
            after,
            at: 1_795_392_000_000,
            reference: "CD-7K3P9QXM".into(),
        };
        let row = AuditRow::new(&event);
        assert_eq!(row.who, "Maya Lindqvist");
        assert!(row.is_agent);
        assert_eq!(row.action, "Skip next box");
        assert_eq!(row.effect, "Applies to the box of Dec 4 · Next box: Jan 4");
        assert_eq!(row.changes, ["Next box: Dec 4 → Jan 4"]);
    }
}
