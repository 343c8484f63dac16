//! The widget's "My subscription" panel as its own wasm module (`/widget/panel/`), so the
//! widget's first download stays small: the widget imports it only when a signed-in
//! subscriber opens the tab (see `widget::panel`). The views live in the widget crate
//! (where their component tests run); this crate only exports the mount functions: "My
//! subscription" and the survey card (CSAT, CES, NPS), which the widget mounts above the
//! composer when the server has a survey for the visitor.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use widget::panel::{mount_panel, PanelOpts};

/// Mounts "My subscription" into `host` (inside the widget's shadow root). `opts` is
/// `{api, token, lang}`: the API origin, the session's visitor token and the language.
/// Returns a function that unmounts the panel.
#[wasm_bindgen]
pub fn mount_subscription(host: HtmlElement, opts: JsValue) -> JsValue {
    console_error_panic_hook::set_once();
    mount_panel(host, PanelOpts::from_js(&opts))
}

/// Mounts the survey card into `host` (above the chat's composer). `opts` is `{api, token,
/// lang, pending}`: as for [`mount_subscription`], plus the widget's `GET` of the pending
/// survey as JSON (when empty, the card asks the server itself). Returns a function that
/// unmounts it.
#[wasm_bindgen]
pub fn mount_survey(host: HtmlElement, opts: JsValue) -> JsValue {
    console_error_panic_hook::set_once();
    widget::panel::mount_survey(host, PanelOpts::from_js(&opts))
}
