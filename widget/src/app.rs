//! The widget's root component: wires the client's signals to the views, tracks whether
//! the panel is open and the page visible (for the unread badge and read receipts),
//! keeps the outbox in storage, and owns the close action. It also asks whether a survey is
//! waiting (when a session starts and when an agent resolves the conversation) and, if one
//! is, shows it above the composer (the card comes from the panel module, see `panel`),
//! and keeps the availability notice true while the panel is open (the recheck timer).

use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use shared::protocol::SystemEvent;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::chat::{Chat, Pending};
use crate::client::{Client, Conn, FollowUpError, Notice};
use crate::i18n::{t, Key};
use crate::panel::{show_survey, PanelOpts, SubscriptionHost};
use crate::seen::Seen;
use crate::session::follow_up_email;
use crate::storage;
use crate::views::{
    Availability, Composer, ErrorNotice, Greeting, Header, IdentityNotice, MessageList,
};

/// Adds a listener for the page's lifetime.
fn listen(target: &web_sys::EventTarget, event: &str, f: impl Fn() + 'static) {
    let f = Closure::<dyn Fn()>::new(f);
    let _ = target.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
    f.forget();
}

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| !d.hidden())
}

fn dispatch_unread(root: &HtmlElement, count: u32) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from(count));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict("cd-unread", &init) {
        let _ = root.dispatch_event(&ev);
    }
}

#[component]
pub fn App(
    /// The loader's panel root: `cd-open`/`cd-close` arrive on it, `cd-close` and
    /// `cd-unread` are dispatched on it.
    root: HtmlElement,
    client: Rc<Client>,
) -> impl IntoView {
    let lang = client.config().lang;
    let config = client.config().clone();
    let signals = client.signals();
    let client: StoredValue<Rc<Client>, LocalStorage> = StoredValue::new_local(client);

    // The loader shows the panel with `cd-open` and hides it with `cd-close`.
    let open = RwSignal::new(false);
    let visible = RwSignal::new(page_visible());
    let focus_root = root.clone();
    listen(&root, "cd-open", move || {
        open.set(true);
        if let Ok(Some(el)) = focus_root.query_selector("textarea") {
            if let Ok(el) = el.dyn_into::<HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    listen(&root, "cd-close", move || open.set(false));
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        listen(&doc, "visibilitychange", move || {
            visible.set(page_visible())
        });
    }

    // Unsent lines survive a reload (with whose they are).
    Effect::new(move |prev: Option<Vec<Pending>>| {
        let pending = signals.chat.with(Chat::pending);
        if prev.as_ref() != Some(&pending) {
            storage::set_outbox(&config, &pending);
        }
        pending
    });

    // The launcher badge while closed; read receipts while open and visible.
    let root: StoredValue<HtmlElement, LocalStorage> = StoredValue::new_local(root);
    Effect::new(move |prev: Option<Seen>| {
        let mut seen = prev.unwrap_or_default();
        let (open, visible) = (open.get(), visible.get());
        // Re-check once connected: a receipt may not have gone out while offline.
        signals.conn.track();
        let update = signals.chat.with(|c| seen.update(c, open, visible));
        if let Some(n) = update.unread {
            root.with_value(|r| dispatch_unread(r, n));
        }
        if let Some(seq) = update.read {
            if client.with_value(|c| c.send_read(seq)) {
                seen.read_sent(seq);
            }
        }
        seen
    });

    let send = Callback::new(move |text: String| {
        let result = client.with_value(|c| c.send(&text));
        match result {
            Ok(()) => {
                signals.notice.set(None);
                true
            }
            Err(code) => {
                signals.notice.set(Some(Notice {
                    code,
                    len: shared::chat::body_len(&text),
                }));
                false
            }
        }
    });
    let draft = Callback::new(move |text: String| client.with_value(|c| c.draft(&text)));
    let leave = Callback::new(move |()| client.with_value(|c| c.stop_typing()));
    // The follow-up email: validated with the shared rule, then saved once.
    let saved = RwSignal::new(None::<String>);
    let follow_up_error = RwSignal::new(None::<Key>);
    let saving = StoredValue::new(false);
    let save_email = Callback::new(move |input: String| {
        let Some(email) = follow_up_email(&input) else {
            follow_up_error.set(Some(Key::FollowUpInvalid));
            return;
        };
        if saving.get_value() {
            return;
        }
        saving.set_value(true);
        follow_up_error.set(None);
        let c = client.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            let result = c.follow_up(email.clone()).await;
            saving.set_value(false);
            match result {
                Ok(()) => {
                    follow_up_error.set(None);
                    saved.set(Some(email));
                }
                Err(FollowUpError::Invalid) => follow_up_error.set(Some(Key::FollowUpInvalid)),
                Err(FollowUpError::Failed) => follow_up_error.set(Some(Key::FollowUpFailed)),
            }
        });
    });
    let close = Callback::new(move |()| {
        root.with_value(|r| {
            if let Ok(ev) = web_sys::CustomEvent::new("cd-close") {
                let _ = r.dispatch_event(&ev);
            }
        });
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            close.run(());
        }
    };
    let session = signals.session.read_only();
    // Availability goes stale while the panel is open: the hours flip, agents come and go,
    // an agent's presence in this conversation lapses. While open and visible, a timer
    // waits for the first of those (`Availability::recheck_at`), then asks the edge again
    // and flips `clock`, which re-runs this and `attended`.
    let clock = RwSignal::new(false);
    Effect::new(move |prev: Option<Option<TimeoutHandle>>| {
        clock.track();
        if let Some(Some(old)) = prev {
            old.clear();
        }
        if !(open.get() && visible.get()) {
            return None;
        }
        let now = js_sys::Date::now() as i64;
        let attended_at = signals.chat.with(|c| c.attended_at());
        let checked_at = client.with_value(|c| c.checked_at());
        let due = signals.session.with(|s| {
            s.as_ref()
                .map(|s| s.availability.recheck_at(checked_at, now, attended_at))
        })?;
        set_timeout_with_handle(
            move || {
                let c = client.get_value();
                wasm_bindgen_futures::spawn_local(async move {
                    c.refresh_availability().await;
                    clock.update(|b| *b = !*b);
                });
            },
            std::time::Duration::from_millis(due.saturating_sub(now).max(0) as u64),
        )
        .ok()
    });
    // Recomputed with the clock on every change to the thread (the visitor writing, say)
    // and on each recheck (an agent's presence lapses).
    let attended = Memo::new(move |_| {
        clock.track();
        let now = js_sys::Date::now() as i64;
        signals.chat.with(|c| c.is_attended(now))
    });
    let blocked = Signal::derive(move || signals.conn.get() == Conn::Offline);
    // "My subscription" beside the chat, for identified subscribers only.
    let subscriber = move || {
        signals
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.subscriber.is_some()))
    };
    let tab = RwSignal::new(false);
    let showing = move || tab.get() && subscriber();
    // The panel (loaded on demand, see `panel`) calls the API with the session's visitor
    // token; a new session (identify) mounts it afresh.
    let api = client.with_value(|c| c.config().api.clone());
    let visitor_token = move || client.with_value(|c| c.visitor_token());
    // Surveys (the card comes from the panel module, above the composer): asked when a
    // session starts (NPS, or one not answered yet) and when an agent resolves the
    // conversation (CSAT, which the server files just after the message).
    let survey_host = NodeRef::<Div>::new();
    let survey_api = api.clone();
    Effect::new(move |prev: Option<(bool, usize)>| {
        // `identify` clears the session first, so a new one always starts from `None`.
        let started = signals.session.with(Option::is_some);
        let resolved = signals.chat.with(|c| {
            c.lines
                .iter()
                .filter(|l| matches!(l.event, Some(SystemEvent::Resolved { .. })))
                .count()
        });
        let (was, seen) = prev.unwrap_or_default();
        if let Some(host) = survey_host.get_untracked() {
            let wait = if !was {
                Some(0)
            } else {
                (resolved > seen).then_some(1500)
            };
            if let (Some(wait), true) = (wait, started) {
                let opts = PanelOpts {
                    api: survey_api.clone(),
                    token: visitor_token(),
                    lang,
                    pending: String::new(),
                };
                show_survey(&host, &opts, wait);
            }
        }
        (started, resolved)
    });
    let tab_button = move |mine: bool, key: Key, testid: &'static str| {
        view! {
            <button type="button" class="cd-tab" data-testid=testid
                aria-pressed=move || (showing() == mine).to_string()
                on:click=move |_| tab.set(mine)>
                {t(lang, key)}
            </button>
        }
    };

    view! {
        <section class="cd-panel" data-testid="cd-panel" role="dialog" aria-label=t(lang, Key::Title) on:keydown=on_keydown lang=lang.tag()>
            <Header lang conn=signals.conn.read_only() on_close=close />
            {move || subscriber().then(|| view! {
                <div class="cd-tabs">
                    {tab_button(false, Key::TabChat, "sub-tab-chat")}
                    {tab_button(true, Key::MySub, "sub-open")}
                </div>
            })}
            <div class="cd-chat" hidden=showing>
                <div class="cd-intro">
                    <Greeting lang session />
                    <IdentityNotice lang guest=signals.guest.read_only() />
                    <Availability lang session attended saved=saved.read_only() error=follow_up_error.read_only() on_submit=save_email />
                </div>
                <MessageList lang chat=signals.chat.read_only() />
                <ErrorNotice lang notice=signals.notice.read_only() />
                <div class="cd-survey-host" data-testid="survey-host" node_ref=survey_host></div>
                <Composer lang on_send=send on_draft=draft on_leave=leave blocked />
            </div>
            {move || showing().then(|| {
                let opts = PanelOpts { api: api.clone(), token: visitor_token(), lang, pending: String::new() };
                view! { <SubscriptionHost lang opts /> }
            })}
        </section>
    }
}
