//! Self-service wording: how the "My subscription" views put the API's data (effects,
//! statuses, errors, countdowns) into the subscriber's language. The rules themselves
//! (cutoffs, save offers, validation) live in `shared`; this only renders their results.

use shared::address::AddressField;
use shared::selfservice::{
    changed_fields, ChangedField, SaveOffer, SubscriptionApiError, SubscriptionView,
};
use shared::subscription::{ActionKind, CancelReason, Effect, Frequency, Status};

use crate::i18n::sub::{fill, t, Key};
use crate::i18n::Lang;
use crate::time::day;

/// The preview line of an effect: "Applies to the box of Dec 4 · Next box: Jan 4", or
/// "Cutoff passed: applies from Dec 18 · …"; a cancel adds its effective date.
pub fn preview_line(lang: Lang, e: &Effect) -> String {
    let first = day(lang, e.first_affected_box);
    let key = if e.cutoff_passed {
        Key::CutoffFrom
    } else {
        Key::AppliesTo
    };
    let mut parts = vec![fill(lang, key, &[&first])];
    if let Some(d) = e.effective {
        parts.push(fill(lang, Key::EffectiveOn, &[&day(lang, d)]));
    }
    parts.push(next_box(lang, e.next_box));
    parts.join(" · ")
}

/// "Next box: Dec 4", or that none is coming.
pub fn next_box(lang: Lang, d: Option<shared::date::Date>) -> String {
    match d {
        Some(d) => fill(lang, Key::NextBox, &[&day(lang, d)]),
        None => t(lang, Key::NoNextBox).into(),
    }
}

/// Time left before a cutoff, as `2 d 03:04:05` (days only when there are some).
pub fn countdown(lang: Lang, ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (d, h, m, s) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    let hms = format!("{h:02}:{m:02}:{s:02}");
    if d > 0 {
        format!("{d}\u{a0}{} {hms}", t(lang, Key::DayUnit))
    } else {
        hms
    }
}

pub fn status(lang: Lang, s: Status) -> &'static str {
    t(
        lang,
        match s {
            Status::Active => Key::StActive,
            Status::Paused { .. } => Key::StPaused,
            Status::Cancelled { .. } => Key::StCancelled,
        },
    )
}

pub fn frequency(lang: Lang, f: Frequency) -> &'static str {
    t(
        lang,
        match f {
            Frequency::Weekly => Key::Weekly,
            Frequency::Biweekly => Key::Biweekly,
            Frequency::Monthly => Key::Monthly,
        },
    )
}

pub fn action(lang: Lang, a: ActionKind) -> &'static str {
    t(
        lang,
        match a {
            ActionKind::Pause => Key::APause,
            ActionKind::Resume => Key::AResume,
            ActionKind::SkipNext => Key::ASkip,
            ActionKind::ChangeFrequency => Key::AFreq,
            ActionKind::ChangeAddress => Key::AAddress,
            ActionKind::Cancel => Key::ACancel,
        },
    )
}

pub fn reason(lang: Lang, r: CancelReason) -> &'static str {
    t(
        lang,
        match r {
            CancelReason::TooExpensive => Key::RTooExpensive,
            CancelReason::TooMuchProduct => Key::RTooMuch,
            CancelReason::NotEnjoying => Key::RNotEnjoying,
            CancelReason::Moving => Key::RMoving,
            CancelReason::DeliveryProblems => Key::RDelivery,
            CancelReason::Other => Key::ROther,
        },
    )
}

/// The save offer's sentence (a discount's code is shown beside it).
pub fn offer(lang: Lang, o: &SaveOffer) -> String {
    match o {
        SaveOffer::Pause { boxes } => fill(lang, Key::OfferPause, &[&boxes.to_string()]),
        SaveOffer::SkipNext => t(lang, Key::OfferSkip).into(),
        SaveOffer::Discount(d) => fill(
            lang,
            Key::OfferDiscount,
            &[&d.percent.to_string(), &d.boxes.to_string()],
        ),
    }
}

/// An API error in the subscriber's language, by its code.
pub fn error(lang: Lang, e: &SubscriptionApiError) -> &'static str {
    t(
        lang,
        match e.code.as_str() {
            "subscription_cancelled" => Key::ErrCancelled,
            "subscription_paused" => Key::ErrPaused,
            "not_paused" => Key::ErrNotPaused,
            "pause_boxes_out_of_range" => Key::ErrBoxes,
            "pause_too_short" => Key::ErrTooShort,
            "pause_too_long" => Key::ErrTooLong,
            "same_frequency" => Key::ErrSameFreq,
            "same_address" => Key::ErrSameAddr,
            "wine_region_not_allowed" => Key::ErrWine,
            "comment_too_long" => Key::ErrComment,
            "effect_changed" => Key::EffectChanged,
            _ => Key::ErrGeneric,
        },
    )
}

/// A field error's text, by its code.
pub fn field_error(lang: Lang, code: &str) -> &'static str {
    t(
        lang,
        match code {
            "required" => Key::FeRequired,
            "too_long" => Key::FeTooLong,
            "invalid_country" => Key::FeCountry,
            "invalid_postal_code" => Key::FePostal,
            "unknown_region" => Key::FeRegion,
            _ => Key::FeChars,
        },
    )
}

/// The address form's fields and labels, in order.
pub const ADDRESS_FIELDS: [(AddressField, Key); 7] = [
    (AddressField::Name, Key::FName),
    (AddressField::Line1, Key::FLine1),
    (AddressField::Line2, Key::FLine2),
    (AddressField::City, Key::FCity),
    (AddressField::Region, Key::FRegion),
    (AddressField::PostalCode, Key::FPostal),
    (AddressField::Country, Key::FCountry),
];

/// What differs between the state shown and the current one (after a version conflict):
/// "Paused · Next box: Dec 18".
pub fn changes(lang: Lang, old: &SubscriptionView, new: &SubscriptionView) -> String {
    let n = &new.subscription;
    let parts: Vec<String> = changed_fields(&old.subscription, n)
        .into_iter()
        .map(|f| match f {
            ChangedField::Status => status(lang, n.status).to_owned(),
            ChangedField::Frequency => frequency(lang, n.frequency).to_owned(),
            ChangedField::NextBox => next_box(lang, n.next_box),
            ChangedField::Address => format!("{}, {}", n.address.line1(), n.address.city()),
        })
        .collect();
    fill(lang, Key::Changed, &[&parts.join(" · ")])
}
