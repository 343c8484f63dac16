//! "My subscription", loaded on demand. The self-service views are not part of the widget's
//! first download: the `widget-panel` crate builds them into their own module
//! (`/widget/panel/widget-panel.js` + `widget-panel_bg.wasm`), which the widget imports the
//! first time a signed-in subscriber opens the tab, then mounts into a host element inside
//! the shadow root ([`SubscriptionHost`]). The widget passes the panel only what it needs
//! ([`PanelOpts`]: API origin, visitor token, language); the panel calls the API over plain
//! HTTP ([`SubApi`]) and never touches the chat.
//!
//! Surveys (CSAT, CES, NPS) are shown by the same module ([`mount_survey`]): the widget asks
//! the server whether one is waiting ([`show_survey`], a plain GET read in JS) and loads the
//! module only if so.
//!
//! Nothing in the widget's entry (`mount`) refers to [`mount_panel`], [`mount_survey`] or the
//! views, so the linker drops them from `widget_bg.wasm`.

use std::cell::Cell;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

use crate::client::SubApi;
use crate::i18n::{t, Key, Lang};
use crate::views::{ask, MySubscription, SurveySlot};

/// The panel's own styles (the widget's stylesheet, in the same shadow root, applies too).
pub const PANEL_STYLE: &str = include_str!("../panel.css");

/// Where the panel module is served, under the API origin (scripts/build).
pub const PANEL_PATH: &str = "/widget/panel/widget-panel.js";

/// What the widget hands the panel: `{api, token, lang}` (and, for a survey, `pending`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelOpts {
    /// Origin of the API (no trailing slash).
    pub api: String,
    /// The session's visitor token (the self-service API's bearer token).
    pub token: String,
    pub lang: Lang,
    /// The `GET` pending survey's answer, as JSON (empty: the survey card asks itself).
    pub pending: String,
}

impl PanelOpts {
    /// A plain JS object, for the panel module's `mount_subscription`.
    pub fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        for (k, v) in [
            ("api", self.api.as_str()),
            ("token", self.token.as_str()),
            ("lang", self.lang.tag()),
            ("pending", self.pending.as_str()),
        ] {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        o.into()
    }

    /// Reads [`PanelOpts::to_js`]'s object; missing fields are empty (English).
    pub fn from_js(v: &JsValue) -> Self {
        let get = |k: &str| {
            js_sys::Reflect::get(v, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        Self {
            api: get("api"),
            token: get("token"),
            lang: Lang::parse(&get("lang")).unwrap_or_default(),
            pending: get("pending"),
        }
    }
}

/// Mounts "My subscription" (and its styles) into `host`; returns a JS function that
/// unmounts it. The panel module's export calls this; so do component tests (in-process).
pub fn mount_panel(host: HtmlElement, opts: PanelOpts) -> JsValue {
    let PanelOpts {
        api, token, lang, ..
    } = opts;
    let handle = leptos::mount::mount_to(host, move || {
        let client = StoredValue::new_local(std::rc::Rc::new(SubApi::new(api, token)));
        view! {
            <style>{PANEL_STYLE}</style>
            <MySubscription lang client />
        }
    });
    Closure::once_into_js(move || drop(handle))
}

/// Mounts the survey card (and the panel's styles) into `host`: the survey in
/// `opts.pending`, else the one the server has now, if any. Returns a JS function that
/// unmounts it. The panel module's `mount_survey` calls this.
pub fn mount_survey(host: HtmlElement, opts: PanelOpts) -> JsValue {
    let PanelOpts {
        api,
        token,
        lang,
        pending,
    } = opts;
    let given = serde_json::from_str::<shared::surveys::PendingSurveyResponse>(&pending).ok();
    let handle = leptos::mount::mount_to(host, move || {
        let client = StoredValue::new_local(std::rc::Rc::new(SubApi::new(api, token)));
        let survey = RwSignal::new(given.as_ref().and_then(|r| r.survey.clone()));
        if given.is_none() {
            ask(client, survey);
        }
        view! {
            <style>{PANEL_STYLE}</style>
            <SurveySlot lang client survey />
        }
    });
    Closure::once_into_js(move || drop(handle))
}

type MountFn = fn(HtmlElement, PanelOpts) -> JsValue;

thread_local! {
    /// Set by [`mount_in_process`]: mount with this instead of loading the panel module.
    static IN_PROCESS: Cell<Option<MountFn>> = const { Cell::new(None) };
}

/// Component tests: the tab and the survey card mount from this module instead of importing
/// `widget-panel.js` (which the test runner does not serve).
pub fn mount_in_process() {
    IN_PROCESS.set(Some(mount_panel));
    let survey = Closure::<dyn Fn(HtmlElement, JsValue) -> JsValue>::new(|host, opts: JsValue| {
        mount_survey(host, PanelOpts::from_js(&opts))
    });
    survey_in_process(survey.into_js_value());
}

// `ask_survey` is JS rather than Rust: the widget's first download only grows by a few
// hundred bytes (no future, no JSON reading in its wasm).
#[wasm_bindgen(inline_js = "let p, n = 0, busy, off, here;
export function load_panel(u) {
  return (p ??= import(n ? u + '?r=' + n : u)
    .then(async (m) => { await m.default(); return m; })
    .catch((e) => { p = null; n++; console.error(e); throw e; }));
}
export function survey_in_process(f) { here = f; }
export async function ask_survey(host, o, u, path, wait) {
  await new Promise((r) => setTimeout(r, wait));
  if (busy || host.querySelector('[data-testid=survey-card]')) return;
  busy = 1;
  try {
    const r = await fetch(o.api + path, { headers: { authorization: 'Bearer ' + o.token } });
    o.pending = await r.text();
    if (r.ok && JSON.parse(o.pending).survey) {
      const mount = here ?? (await load_panel(u)).mount_survey;
      off?.();
      off = mount(host, o);
    }
  } catch {
    // No survey this time (offline, or the module did not load: logged above).
  } finally {
    busy = 0;
  }
}")]
extern "C" {
    /// Imports the panel module once (and again after a failure, past the browser's cache
    /// of failed imports), initialises its wasm, and resolves to the module.
    fn load_panel(url: &str) -> js_sys::Promise;
    /// Component tests: `ask_survey` mounts with this instead of the module's.
    fn survey_in_process(mount: JsValue);
    /// After `wait` ms, unless a survey card is open in `host` or a check is under way: `GET`s
    /// `o.api + path` (the pending survey) with `o.token` and, if there is a survey, loads
    /// the panel module from `url` and mounts its card into `host` with `o` (plus `pending`,
    /// the answer), unmounting the previous card.
    fn ask_survey(
        host: &HtmlElement,
        o: &JsValue,
        url: &str,
        path: &str,
        wait: u32,
    ) -> js_sys::Promise;
}

/// Loads the panel (if needed) and mounts "My subscription" into `host`; resolves to the
/// unmount function.
async fn mount_into(host: HtmlElement, opts: &PanelOpts) -> Result<JsValue, JsValue> {
    if let Some(mount) = IN_PROCESS.get() {
        return Ok(mount(host, opts.clone()));
    }
    let url = format!("{}{PANEL_PATH}", opts.api);
    let module = JsFuture::from(load_panel(&url)).await?;
    let mount: js_sys::Function =
        js_sys::Reflect::get(&module, &"mount_subscription".into())?.dyn_into()?;
    mount.call2(&JsValue::NULL, &host, &opts.to_js())
}

/// Shows a survey if the server has one for the visitor: after `wait` ms, asks (a plain
/// `GET`, read in JS to keep the widget's entry small) and, if there is one, loads the panel
/// module and mounts the survey card into `host`. One card at a time; never waits for it.
pub fn show_survey(host: &HtmlElement, opts: &PanelOpts, wait: u32) {
    let url = format!("{}{PANEL_PATH}", opts.api);
    let _ = ask_survey(
        host,
        &opts.to_js(),
        &url,
        shared::surveys::PENDING_SURVEY_PATH,
        wait,
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    Loading,
    Failed,
    Ready,
}

/// The "My subscription" tab's content: a host element the panel mounts into, with a
/// loading line until it has, and an error with a retry if the module did not load.
/// Unmounts the panel when the tab goes away.
#[component]
pub fn SubscriptionHost(lang: Lang, opts: PanelOpts) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    let load = RwSignal::new(Load::Loading);
    let unmount = StoredValue::new_local(None::<js_sys::Function>);
    let start = move || {
        load.set(Load::Loading);
        let opts = opts.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(el) = host.get_untracked() else {
                return;
            };
            let result = mount_into(el.into(), &opts).await;
            // The tab closed meanwhile: unmount at once.
            let gone = unmount.try_get_value().is_none();
            match result {
                Ok(u) => {
                    let u = u.dyn_into::<js_sys::Function>().ok();
                    if gone {
                        u.map(|u| u.call0(&JsValue::NULL));
                    } else {
                        unmount.set_value(u);
                        load.set(Load::Ready);
                    }
                }
                // (The loader snippet logs the error.)
                Err(_) => {
                    load.try_set(Load::Failed);
                }
            }
        });
    };
    let retry = start.clone();
    Effect::new(start);
    on_cleanup(move || {
        if let Some(u) = unmount.try_get_value().flatten() {
            let _ = u.call0(&JsValue::NULL);
        }
    });

    // (Two optional views rather than a match with `into_any`: `AnyView` would add its
    // machinery to the widget's first download.)
    view! {
        {move || (load.get() == Load::Loading).then(|| view! {
            <div class="cd-sub" data-testid="sub-loading">
                <p class="cd-sub-status" role="status">{t(lang, Key::Loading)}</p>
            </div>
        })}
        {move || (load.get() == Load::Failed).then(|| {
            let retry = retry.clone();
            view! {
                <div class="cd-sub" data-testid="sub-load-error">
                    <p class="cd-sub-error" role="alert">{t(lang, Key::PanelFailed)}</p>
                    <button type="button" class="cd-sub-btn" data-testid="sub-load-retry"
                        on:click=move |_| retry()>
                        {t(lang, Key::Retry)}
                    </button>
                </div>
            }
        })}
        <div class="cd-sub-host" data-testid="sub-host" node_ref=host></div>
    }
}
