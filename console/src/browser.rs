//! Thin wrappers over the browser: clock, local time zone, storage, title, tab visibility,
//! focus and the alert beep (WebAudio). Nothing here holds logic worth testing natively.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{AudioContext, AudioContextState, OscillatorType};

use crate::format;

/// Unix ms now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Minutes east of UTC of the browser's zone at `ms` (JS counts them westward).
pub fn offset_at(ms: i64) -> i32 {
    -(js_sys::Date::new(&(ms as f64).into()).get_timezone_offset() as i32)
}

/// `3 Dec 2026` in the agent's zone.
pub fn date(ms: i64) -> String {
    format::format_date_ms(ms, offset_at(ms))
}

/// `14:05` in the agent's zone.
pub fn clock(ms: i64) -> String {
    format::format_clock(ms, offset_at(ms))
}

/// `3 Dec 2026, 14:05` in the agent's zone.
pub fn date_time(ms: i64) -> String {
    format!("{}, {}", date(ms), clock(ms))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// The browser's preferred languages, most preferred first (`navigator.languages`, else
/// `navigator.language`).
pub fn languages() -> Vec<String> {
    let get = |target: &wasm_bindgen::JsValue, name: &str| {
        js_sys::Reflect::get(target, &wasm_bindgen::JsValue::from_str(name)).ok()
    };
    let Some(nav) = get(&js_sys::global(), "navigator") else {
        return Vec::new();
    };
    let mut tags: Vec<String> = get(&nav, "languages")
        .filter(js_sys::Array::is_array)
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|t| t.as_string())
                .collect()
        })
        .unwrap_or_default();
    if tags.is_empty() {
        tags.extend(get(&nav, "language").and_then(|v| v.as_string()));
    }
    tags
}

/// Sets `<html lang>` so screen readers and spell checkers use the console's language.
pub fn set_document_lang(tag: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", tag);
    }
}

pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// True unless the tab is hidden.
pub fn tab_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() != web_sys::VisibilityState::Hidden)
}

/// Focuses the element with this id, if it exists.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Offers `text` as a download named `filename` (a Blob behind an object URL, clicked
/// through a temporary link, then revoked).
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(filename);
    a.set_hidden(true);
    let body = doc.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    // Revoked on the next turn, once the browser has started the download.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 0)?;
    Ok(())
}

/// Today in the agent's zone.
pub fn today() -> shared::date::Date {
    let now = now_ms();
    shared::date::Date::from_unix_ms(now, offset_at(now))
}

thread_local! {
    static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

/// Creates (or resumes) the audio context; call from a user gesture so browsers allow sound.
pub fn prime_audio() {
    AUDIO.with(|a| {
        let mut a = a.borrow_mut();
        if a.is_none() {
            *a = AudioContext::new().ok();
        }
        if let Some(ctx) = a.as_ref() {
            if ctx.state() == AudioContextState::Suspended {
                let _ = ctx.resume();
            }
        }
    });
}

/// A short, soft two-tone beep.
pub fn beep() {
    prime_audio();
    AUDIO.with(|a| {
        if let Some(ctx) = a.borrow().as_ref() {
            let _ = tone(ctx);
        }
    });
}

fn tone(ctx: &AudioContext) -> Result<(), wasm_bindgen::JsValue> {
    let t = ctx.current_time();
    let osc = ctx.create_oscillator()?;
    osc.set_type(OscillatorType::Sine);
    osc.frequency().set_value_at_time(880.0, t)?;
    osc.frequency().set_value_at_time(1_320.0, t + 0.09)?;
    let gain = ctx.create_gain()?;
    gain.gain().set_value_at_time(0.0001, t)?;
    gain.gain()
        .exponential_ramp_to_value_at_time(0.12, t + 0.02)?;
    gain.gain()
        .exponential_ramp_to_value_at_time(0.0001, t + 0.22)?;
    osc.connect_with_audio_node(&gain)?;
    gain.connect_with_audio_node(&ctx.destination())?;
    osc.start_with_when(t)?;
    osc.stop_with_when(t + 0.24)?;
    Ok(())
}

/// A fresh client message id: time plus randomness, `[a-z0-9-]`, well under 64 chars.
pub fn new_client_id() -> String {
    let r = (js_sys::Math::random() * 1e15) as u64;
    format!("a{:x}-{:x}", js_sys::Date::now() as u64, r)
}
