//! Dates and times in the visitor's language and time zone (the browser's `Intl`).

use js_sys::{Date, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::Lang;

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o.into()
}

fn date(at: i64) -> Date {
    Date::new(&JsValue::from_f64(at as f64))
}

/// A message timestamp: the time for today's messages, date and time for older ones.
pub fn stamp(lang: Lang, at: i64) -> String {
    let d = date(at);
    let today = Date::new_0().to_date_string() == d.to_date_string();
    let time = [("hour", "2-digit"), ("minute", "2-digit")];
    if today {
        d.to_locale_time_string_with_options(lang.tag(), &options(&time))
            .into()
    } else {
        let mut with_date = vec![("day", "numeric"), ("month", "short")];
        with_date.extend(time);
        d.to_locale_string(lang.tag(), &options(&with_date)).into()
    }
}

/// A moment to expect something, e.g. "Monday, 24 November, 09:00".
pub fn when(lang: Lang, at: i64) -> String {
    date(at)
        .to_locale_string(
            lang.tag(),
            &options(&[
                ("weekday", "long"),
                ("day", "numeric"),
                ("month", "long"),
                ("hour", "2-digit"),
                ("minute", "2-digit"),
            ]),
        )
        .into()
}

/// A calendar day, short: "Dec 4" · "4 dic" · "4.12." · "4 дек.".
pub fn day(lang: Lang, d: shared::date::Date) -> String {
    date(i64::from(d.days()) * shared::date::DAY_MS)
        .to_locale_date_string(
            lang.tag(),
            &options(&[("day", "numeric"), ("month", "short"), ("timeZone", "UTC")]),
        )
        .into()
}

/// Machine-readable timestamp for `<time datetime>`.
pub fn iso(at: i64) -> String {
    let d = date(at);
    // toISOString throws on an invalid date.
    if d.get_time().is_nan() {
        return String::new();
    }
    d.to_iso_string().into()
}
