//! Component tests of the widget in headless Chromium (wasm-bindgen-test).
//! Run: `cargo test -p widget --target wasm32-unknown-unknown` (chromedriver on PATH).
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use shared::api::{Availability, SubscriberInfo, WidgetSessionResponse};
use shared::protocol::{Author, Message, ServerFrame, SystemEvent};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
};
use widget::config::Config;
use widget::i18n::Lang;
use widget::Widget;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "web/selfservice.rs"]
mod selfservice;
#[path = "web/survey.rs"]
mod survey;

thread_local! {
    static MOUNTS: Cell<u32> = const { Cell::new(0) };
}

/// A merchant id of its own per test, so stored lines never leak between tests.
fn fresh_merchant() -> String {
    let n = MOUNTS.with(|m| {
        m.set(m.get() + 1);
        m.get()
    });
    format!("test-{}-{n}", js_sys::Date::now() as u64)
}

/// Mounts the widget (not connected) into a fresh div inside an open shadow root.
fn mount(lang: Lang) -> HtmlElement {
    mount_for(lang, &fresh_merchant()).0
}

/// Mounts for `merchant` and returns the handle that feeds it server data.
fn mount_for(lang: Lang, merchant: &str) -> (HtmlElement, Widget) {
    mount_config(lang, merchant, None, false)
}

fn mount_config(
    lang: Lang,
    merchant: &str,
    token: Option<&str>,
    connect: bool,
) -> (HtmlElement, Widget) {
    let root = shadow_root();
    let config = Config {
        merchant: merchant.into(),
        api: "http://127.0.0.1:9".into(),
        lang,
        token: token.map(Into::into),
    };
    // "My subscription" from this module (the runner serves no widget_panel.js).
    widget::panel::mount_in_process();
    let widget = widget::mount_with(root.clone(), config, connect).unwrap();
    (root, widget)
}

/// A fresh element inside an open shadow root, as loader.js gives the widget.
fn shadow_root() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    shadow.append_child(&root).unwrap();
    root
}

/// Waits (up to 3 s) for the element with `testid` under `root`.
async fn until(root: &HtmlElement, testid: &str) -> HtmlElement {
    for _ in 0..150 {
        if let Some(el) = q(root, testid) {
            return el;
        }
        sleep(20).await;
    }
    panic!("no {testid}");
}

fn q(root: &HtmlElement, testid: &str) -> Option<HtmlElement> {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .map(|e| e.dyn_into().unwrap())
}

fn all(root: &HtmlElement, testid: &str) -> Vec<HtmlElement> {
    let list = root
        .query_selector_all(&format!("[data-testid=\"{testid}\"]"))
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

async fn tick() {
    // Let Leptos flush its effects (they run on the microtask queue / next frame).
    sleep(20).await;
}

fn text(el: &HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

fn attr(el: &HtmlElement, name: &str) -> Option<String> {
    el.get_attribute(name)
}

fn message(seq: u64, author: Author, name: Option<&str>, event: Option<SystemEvent>) -> Message {
    Message {
        seq,
        client_id: format!("c{seq}"),
        author,
        author_name: name.map(Into::into),
        body: event
            .as_ref()
            .map_or_else(|| format!("body {seq}"), SystemEvent::fallback_text),
        at: js_sys::Date::now() as i64,
        event,
    }
}

fn session(online: bool, subscriber: Option<&str>) -> WidgetSessionResponse {
    WidgetSessionResponse {
        visitor_token: "visitor-token-1".into(),
        visitor_id: "v_1".into(),
        conversation_id: "c_1".into(),
        conversation_token: "ct".into(),
        merchant_name: "Demo Wines & Provisions".into(),
        subscriber: subscriber.map(|name| SubscriberInfo {
            id: "sub_ava".into(),
            name: name.into(),
            email: "ava@example.com".into(),
        }),
        availability: Availability {
            agents_online: online,
            in_business_hours: online,
            // Monday 24 November 2025, 09:00 UTC.
            next_open_at: (!online).then_some(1_763_974_800_000),
            first_response_minutes: 5,
            changes_at: None,
            reply_by: (!online).then_some(1_763_974_800_000),
        },
        follow_up_email: None,
    }
}

async fn type_and_enter(root: &HtmlElement, text: &str) {
    let input: HtmlTextAreaElement = q(root, "cd-composer").unwrap().dyn_into().unwrap();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    input
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn renders_panel_with_labelled_controls_and_style() {
    let root = mount(Lang::En);
    tick().await;
    let panel = q(&root, "cd-panel").expect("panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(
        q(&root, "cd-composer")
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("Your message")
    );
    assert_eq!(
        q(&root, "cd-close")
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("Close chat")
    );
    assert!(
        root.query_selector("style").unwrap().is_some(),
        "stylesheet injected inside the root"
    );
    assert_eq!(
        q(&root, "cd-connection")
            .unwrap()
            .get_attribute("data-state")
            .as_deref(),
        Some("connecting")
    );
    assert!(q(&root, "cd-empty").is_some());
}

#[wasm_bindgen_test]
async fn enter_queues_a_message_as_sending_and_clears_the_composer() {
    let root = mount(Lang::En);
    tick().await;
    type_and_enter(&root, "  Where is my box?  ").await;
    let msgs = all(&root, "cd-message");
    assert_eq!(msgs.len(), 1);
    assert_eq!(
        msgs[0].get_attribute("data-state").as_deref(),
        Some("sending")
    );
    assert_eq!(
        msgs[0].get_attribute("data-author").as_deref(),
        Some("visitor")
    );
    assert_eq!(
        q(&root, "cd-message-body")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Where is my box?")
    );
    assert_eq!(
        q(&root, "cd-message-status")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Sending…")
    );
    let input: HtmlTextAreaElement = q(&root, "cd-composer").unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "");
    assert!(q(&root, "cd-empty").is_none());
}

#[wasm_bindgen_test]
async fn oversize_message_shows_a_translated_error_and_is_not_queued() {
    let root = mount(Lang::Es);
    tick().await;
    type_and_enter(&root, &"a".repeat(4_001)).await;
    assert!(all(&root, "cd-message").is_empty());
    let err = q(&root, "cd-error").expect("error shown");
    assert_eq!(err.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        err.text_content().unwrap(),
        "Tu mensaje es demasiado largo: 4.001 de 4.000 caracteres."
    );
    assert!(q(&root, "cd-counter")
        .unwrap()
        .class_list()
        .contains("cd-over"));
    // The draft is kept so the visitor can shorten it.
    let input: HtmlTextAreaElement = q(&root, "cd-composer").unwrap().dyn_into().unwrap();
    assert_eq!(input.value().len(), 4_001);
}

#[wasm_bindgen_test]
async fn markup_in_a_message_is_shown_as_text() {
    let root = mount(Lang::En);
    tick().await;
    type_and_enter(
        &root,
        "<img src=x onerror=alert(1)><script>alert(2)</script>",
    )
    .await;
    let body = q(&root, "cd-message-body").unwrap();
    assert_eq!(
        body.text_content().unwrap(),
        "<img src=x onerror=alert(1)><script>alert(2)</script>"
    );
    assert!(body.query_selector("img").unwrap().is_none());
    assert!(body.query_selector("script").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn close_button_and_escape_dispatch_cd_close_on_the_root() {
    let root = mount(Lang::Fi);
    tick().await;
    let closes = Rc::new(Cell::new(0));
    let c = closes.clone();
    let on_close = Closure::<dyn Fn()>::new(move || c.set(c.get() + 1));
    root.add_event_listener_with_callback("cd-close", on_close.as_ref().unchecked_ref())
        .unwrap();
    on_close.forget();
    let close = q(&root, "cd-close").unwrap();
    assert_eq!(
        close.get_attribute("aria-label").as_deref(),
        Some("Sulje keskustelu")
    );
    close.click();
    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    q(&root, "cd-composer")
        .unwrap()
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    assert_eq!(closes.get(), 2);
}

#[wasm_bindgen_test]
async fn identified_subscriber_is_greeted_by_first_name() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    tick().await;
    assert!(q(&root, "cd-greeting").is_none());
    w.session(&session(true, Some("Ava Martin")));
    tick().await;
    assert_eq!(
        text(&q(&root, "cd-greeting").expect("greeting")),
        "Hi Ava! How can we help today?"
    );
    assert!(q(&root, "cd-identity-notice").is_none());
}

#[wasm_bindgen_test]
async fn refused_sign_in_shows_the_guest_notice_in_the_visitors_language() {
    let (root, w) = mount_for(Lang::Ru, &fresh_merchant());
    w.refuse_identity();
    w.session(&session(true, None));
    tick().await;
    let notice = q(&root, "cd-identity-notice").expect("notice");
    assert_eq!(
        text(&notice),
        "Не удалось подтвердить вход — вы общаетесь как гость."
    );
    assert!(q(&root, "cd-greeting").is_none());
}

#[wasm_bindgen_test]
async fn system_and_agent_messages_are_rendered_localised() {
    let (root, w) = mount_for(Lang::Es, &fresh_merchant());
    w.receive(ServerFrame::History {
        messages: vec![
            message(
                1,
                Author::System,
                None,
                Some(SystemEvent::AgentJoined {
                    agent_name: "Maya".into(),
                }),
            ),
            message(2, Author::Agent, Some("Maya"), None),
            message(
                3,
                Author::System,
                None,
                Some(SystemEvent::Escalated {
                    note: "check the carrier".into(),
                    expected_by: 1_763_974_800_000,
                }),
            ),
        ],
    });
    tick().await;
    let msgs = all(&root, "cd-message");
    assert_eq!(msgs.len(), 3);
    assert_eq!(attr(&msgs[0], "data-author").as_deref(), Some("system"));
    assert_eq!(
        text(&all(&root, "cd-message-body")[0]),
        "Maya se unió a la conversación."
    );
    // Only the agent's line names its author.
    let authors = all(&root, "cd-message-author");
    assert_eq!(authors.len(), 1);
    assert_eq!(text(&authors[0]), "Maya");
    assert_eq!(attr(&msgs[1], "data-author").as_deref(), Some("agent"));
    // Escalation: localised, with the expected date, without the internal note.
    let escalated = text(&all(&root, "cd-message-body")[2]);
    assert!(
        escalated.starts_with("Hemos pasado tu conversación a un especialista."),
        "{escalated}"
    );
    assert!(escalated.contains("noviembre"), "{escalated}");
    assert!(!escalated.contains("carrier"));
    // No status line on lines the visitor did not write.
    assert!(all(&root, "cd-message-status").is_empty());
    assert!(msgs[0].query_selector("time").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn agent_typing_indicator_shows_and_expires() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    let typing = |on| ServerFrame::Typing {
        author: Author::Agent,
        name: Some("Maya".into()),
        on,
    };
    w.receive(typing(true));
    tick().await;
    assert_eq!(
        text(&q(&root, "cd-typing").expect("typing shown")),
        "Maya is typing…"
    );
    w.receive(typing(false));
    tick().await;
    assert!(q(&root, "cd-typing").is_none());
    w.receive(typing(true));
    tick().await;
    assert!(q(&root, "cd-typing").is_some());
    // Not refreshed: gone after the TTL.
    sleep(shared::chat::TYPING_TTL_MS as i32 + 200).await;
    assert!(q(&root, "cd-typing").is_none());
}

#[wasm_bindgen_test]
async fn own_messages_show_read_once_the_agent_read_them() {
    let (root, w) = mount_for(Lang::Fi, &fresh_merchant());
    w.receive(ServerFrame::History {
        messages: vec![
            message(1, Author::Visitor, None, None),
            message(2, Author::Visitor, None, None),
        ],
    });
    w.receive(ServerFrame::Read {
        author: Author::Agent,
        seq: 1,
    });
    tick().await;
    let msgs = all(&root, "cd-message");
    let statuses = all(&root, "cd-message-status");
    assert_eq!(attr(&msgs[0], "data-state").as_deref(), Some("read"));
    assert_eq!(text(&statuses[0]), "Luettu");
    assert_eq!(attr(&msgs[1], "data-state").as_deref(), Some("sent"));
    assert_eq!(text(&statuses[1]), "Lähetetty");
}

#[wasm_bindgen_test]
async fn availability_online_says_how_fast_we_reply() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    w.session(&session(true, None));
    tick().await;
    let a = q(&root, "cd-availability").expect("availability");
    assert_eq!(attr(&a, "data-state").as_deref(), Some("online"));
    assert_eq!(text(&a), "We usually reply within 5 minutes.");
    assert!(q(&root, "cd-followup-email").is_none());
}

#[wasm_bindgen_test]
async fn an_agent_who_joins_replaces_the_away_notice_until_resolved() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    w.session(&session(false, None));
    tick().await;
    let state = |root: &HtmlElement| attr(&q(root, "cd-availability").unwrap(), "data-state");
    assert_eq!(state(&root).as_deref(), Some("offline"));
    assert!(q(&root, "cd-followup-email").is_some());

    // An agent's reply from an hour ago (history on a later visit) promises nothing now.
    let mut old = message(1, Author::Agent, Some("Maya"), None);
    old.at -= 60 * 60 * 1000;
    w.receive(ServerFrame::History {
        messages: vec![old],
    });
    tick().await;
    assert_eq!(state(&root).as_deref(), Some("offline"));

    let joined = SystemEvent::AgentJoined {
        agent_name: "Maya".into(),
    };
    w.receive(ServerFrame::Message {
        message: message(2, Author::System, None, Some(joined)),
    });
    tick().await;
    assert_eq!(state(&root).as_deref(), Some("online"));
    assert_eq!(
        text(&q(&root, "cd-availability").unwrap()),
        "We usually reply within 5 minutes."
    );
    assert!(
        q(&root, "cd-followup-email").is_none(),
        "no form while Maya is here"
    );

    let resolved = SystemEvent::Resolved {
        agent_name: "Maya".into(),
    };
    w.receive(ServerFrame::Message {
        message: message(3, Author::System, None, Some(resolved)),
    });
    tick().await;
    assert_eq!(state(&root).as_deref(), Some("offline"));
}

/// Stubs `fetch` with an availability endpoint that says `answer` (JSON), recording the
/// URLs asked in `window.__cdAsked`; returns the real `fetch` to put back. (The survey
/// check on a new session gets the same answer, which it takes for "no survey".)
fn stub_availability(answer: &str) -> JsValue {
    let window = web_sys::window().unwrap();
    let real = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    js_sys::Reflect::set(&window, &"__cdAsked".into(), &js_sys::Array::new()).unwrap();
    let fake = js_sys::Function::new_with_args(
        "url",
        &format!(
            "window.__cdAsked.push(String(url));\
             return Promise.resolve(new Response({answer:?}, {{status: 200}}));"
        ),
    );
    js_sys::Reflect::set(&window, &"fetch".into(), &fake).unwrap();
    real
}

/// The availability URLs asked since `stub_availability`.
fn asked() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let calls: js_sys::Array = js_sys::Reflect::get(&window, &"__cdAsked".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    calls
        .iter()
        .filter_map(|u| u.as_string())
        .filter(|u| u.contains("/widget/availability"))
        .collect()
}

fn restore_fetch(real: &JsValue) {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"fetch".into(), real).unwrap();
}

/// Opens the panel as the loader does, and lets the views settle.
async fn open_panel(root: &HtmlElement) {
    root.dispatch_event(&web_sys::CustomEvent::new("cd-open").unwrap())
        .unwrap();
    tick().await;
}

/// The availability notice's state ("online" / "offline").
fn availability_state(root: &HtmlElement) -> Option<String> {
    q(root, "cd-availability").and_then(|a| attr(&a, "data-state"))
}

/// Waits (up to `ms`) for the availability notice's state to become `want`.
async fn until_state(root: &HtmlElement, want: &str, ms: i32) -> bool {
    for _ in 0..ms / 50 {
        if availability_state(root).as_deref() == Some(want) {
            return true;
        }
        sleep(50).await;
    }
    false
}

#[wasm_bindgen_test]
async fn an_open_widget_asks_again_when_the_hours_close() {
    let now = js_sys::Date::now() as i64;
    let reopens = now + 3_600_000;
    let real = stub_availability(&format!(
        r#"{{"agents_online":true,"in_business_hours":false,"next_open_at":{reopens},"first_response_minutes":5,"changes_at":{reopens},"reply_by":{reopens}}}"#
    ));
    let merchant = fresh_merchant();
    let (root, w) = mount_for(Lang::En, &merchant);
    // Open now; closing just after the soonest a widget asks again.
    let mut s = session(true, None);
    s.availability.changes_at = Some(now + shared::api::AVAILABILITY_MIN_RECHECK_MS + 200);
    w.session(&s);
    open_panel(&root).await;
    assert_eq!(availability_state(&root).as_deref(), Some("online"));
    assert!(asked().is_empty(), "asked before the hours closed");

    let flipped = until_state(&root, "offline", 8_000).await;
    let urls = asked();
    restore_fetch(&real);
    assert!(
        flipped,
        "still online after the hours closed (asked {urls:?})"
    );
    let notice = text(&q(&root, "cd-availability").unwrap());
    assert!(
        notice.starts_with("We're away right now — we'll reply by "),
        "{notice}"
    );
    assert!(
        q(&root, "cd-followup-email").is_some(),
        "the follow-up form once closed"
    );
    assert_eq!(
        urls,
        vec![format!(
            "http://127.0.0.1:9/api/v1/widget/availability?merchant={merchant}"
        )]
    );
}

#[wasm_bindgen_test]
async fn an_agents_presence_lapses_while_the_widget_is_open() {
    let real = stub_availability(
        r#"{"agents_online":false,"in_business_hours":true,"first_response_minutes":5}"#,
    );
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    w.session(&session(false, None));
    // Maya wrote 30 minutes ago, less 400 ms: she is still here, for 400 ms.
    let mut reply = message(1, Author::Agent, Some("Maya"), None);
    reply.at -= shared::chat::ATTENDED_MS - 400;
    w.receive(ServerFrame::History {
        messages: vec![reply],
    });
    open_panel(&root).await;
    assert_eq!(availability_state(&root).as_deref(), Some("online"));
    let lapsed = until_state(&root, "offline", 3_000).await;
    let urls = asked();
    restore_fetch(&real);
    assert!(lapsed, "Maya's presence did not lapse");
    assert_eq!(urls.len(), 1, "asked once at the lapse: {urls:?}");
}

#[wasm_bindgen_test]
async fn offline_follow_up_form_validates_then_saves_the_email() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    w.session(&session(false, None));
    tick().await;
    let a = q(&root, "cd-availability").expect("availability");
    assert_eq!(attr(&a, "data-state").as_deref(), Some("offline"));
    assert!(
        text(&a).starts_with("We're away right now — we'll reply by "),
        "{}",
        text(&a)
    );
    let input: HtmlInputElement = q(&root, "cd-followup-email").unwrap().dyn_into().unwrap();
    // Labelled for assistive tech.
    let label = root
        .query_selector("label[for=\"cd-followup-email\"]")
        .unwrap()
        .expect("label");
    assert_eq!(
        label.text_content().unwrap(),
        "Leave your email and we'll reply there too"
    );
    let submit = q(&root, "cd-followup-submit").unwrap();

    // Stub fetch to see the request without a network.
    let window = web_sys::window().unwrap();
    let real_fetch = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    let fake = js_sys::Function::new_with_args(
        "url, init",
        "(window.__cdFollowUps = window.__cdFollowUps || []).push([url, init.body]);\
         return Promise.resolve(new Response(null, {status: 204}));",
    );
    js_sys::Reflect::set(&window, &"fetch".into(), &fake).unwrap();

    input.set_value("ava@example");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    submit.click();
    tick().await;
    let error = q(&root, "cd-followup-error").unwrap();
    assert_eq!(attr(&error, "role").as_deref(), Some("alert"));
    assert_eq!(
        text(&error),
        "Enter a valid email address, like name@example.com."
    );
    assert_eq!(
        attr(&input.clone().into(), "aria-invalid").as_deref(),
        Some("true")
    );
    let calls = js_sys::Reflect::get(&window, &"__cdFollowUps".into()).unwrap();
    assert!(calls.is_undefined(), "nothing sent for an invalid email");

    input.set_value("  ava@example.com ");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    submit.click();
    tick().await;
    tick().await;
    js_sys::Reflect::set(&window, &"fetch".into(), &real_fetch).unwrap();
    let calls: js_sys::Array = js_sys::Reflect::get(&window, &"__cdFollowUps".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(calls.length(), 1);
    let call: js_sys::Array = calls.get(0).dyn_into().unwrap();
    assert_eq!(
        call.get(0).as_string().unwrap(),
        "http://127.0.0.1:9/api/v1/widget/follow-up"
    );
    let body: serde_json::Value = serde_json::from_str(&call.get(1).as_string().unwrap()).unwrap();
    assert_eq!(body["email"], "ava@example.com");
    assert_eq!(body["visitor_token"], "visitor-token-1");
    assert_eq!(
        text(&q(&root, "cd-followup-done").expect("done")),
        "Thanks! We'll reply to ava@example.com as well."
    );
    assert!(q(&root, "cd-followup-email").is_none());
}

#[wasm_bindgen_test]
async fn a_reconnect_keeps_a_half_typed_email_and_uses_the_new_token() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    w.session(&session(false, None));
    tick().await;
    let input: HtmlInputElement = q(&root, "cd-followup-email").unwrap().dyn_into().unwrap();
    input.set_value("ava@exam");
    // A reconnect: the same session, but the edge signed a fresh visitor token.
    let mut again = session(false, None);
    again.visitor_token = "visitor-token-2".into();
    w.session(&again);
    tick().await;
    let now: HtmlInputElement = q(&root, "cd-followup-email").unwrap().dyn_into().unwrap();
    assert_eq!(now.value(), "ava@exam", "the form was rebuilt");

    let window = web_sys::window().unwrap();
    let real_fetch = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    let fake = js_sys::Function::new_with_args(
        "url, init",
        "window.__cdFollowUp2 = init.body; return Promise.resolve(new Response(null, {status: 204}));",
    );
    js_sys::Reflect::set(&window, &"fetch".into(), &fake).unwrap();
    now.set_value("ava@example.com");
    q(&root, "cd-followup-submit").unwrap().click();
    tick().await;
    tick().await;
    js_sys::Reflect::set(&window, &"fetch".into(), &real_fetch).unwrap();
    let body = js_sys::Reflect::get(&window, &"__cdFollowUp2".into()).unwrap();
    let body: serde_json::Value = serde_json::from_str(&body.as_string().unwrap()).unwrap();
    assert_eq!(body["visitor_token"], "visitor-token-2");
}

#[wasm_bindgen_test]
async fn unread_count_is_dispatched_while_closed_and_reset_on_open() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    let seen = Rc::new(RefCell::new(Vec::<f64>::new()));
    let s = seen.clone();
    let on_unread = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        s.borrow_mut().push(e.detail().as_f64().unwrap());
    });
    root.add_event_listener_with_callback("cd-unread", on_unread.as_ref().unchecked_ref())
        .unwrap();
    on_unread.forget();
    tick().await;
    // The panel was never opened: agent and system lines count, the visitor's do not.
    w.receive(ServerFrame::Message {
        message: message(1, Author::Agent, Some("Maya"), None),
    });
    tick().await;
    w.receive(ServerFrame::Message {
        message: message(2, Author::Visitor, None, None),
    });
    w.receive(ServerFrame::Message {
        message: message(
            3,
            Author::System,
            None,
            Some(SystemEvent::Resolved {
                agent_name: "Maya".into(),
            }),
        ),
    });
    tick().await;
    assert_eq!(*seen.borrow(), vec![1.0, 2.0]);
    root.dispatch_event(&web_sys::CustomEvent::new("cd-open").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(seen.borrow().last(), Some(&0.0));
    // While open, new lines are seen at once.
    w.receive(ServerFrame::Message {
        message: message(4, Author::Agent, Some("Maya"), None),
    });
    tick().await;
    assert_eq!(seen.borrow().len(), 3);
    root.dispatch_event(&web_sys::CustomEvent::new("cd-close").unwrap())
        .unwrap();
    w.receive(ServerFrame::Message {
        message: message(5, Author::Agent, Some("Maya"), None),
    });
    tick().await;
    assert_eq!(seen.borrow().last(), Some(&1.0));
}

#[wasm_bindgen_test]
async fn unsent_lines_are_kept_across_a_reload_until_acked() {
    let merchant = fresh_merchant();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = format!("cellar-door:{merchant}:outbox");
    let (root, _) = mount_for(Lang::En, &merchant);
    tick().await;
    assert_eq!(storage.get_item(&key).unwrap(), None);
    type_and_enter(&root, "first").await;
    type_and_enter(&root, "second").await;
    let stored = storage.get_item(&key).unwrap().expect("stored");
    assert!(
        stored.contains("first") && stored.contains("second"),
        "{stored}"
    );

    // A "reload": a new widget for the same merchant shows them, still sending, in order.
    let (again, w) = mount_for(Lang::En, &merchant);
    tick().await;
    let bodies: Vec<_> = all(&again, "cd-message-body").iter().map(text).collect();
    assert_eq!(bodies, vec!["first", "second"]);
    assert!(all(&again, "cd-message")
        .iter()
        .all(|m| attr(m, "data-state").as_deref() == Some("sending")));
    let pending: Vec<serde_json::Value> = serde_json::from_str(&stored).unwrap();
    for (i, p) in pending.iter().enumerate() {
        w.receive(ServerFrame::Ack {
            client_id: p["client_id"].as_str().unwrap().into(),
            seq: i as u64 + 1,
            at: 1,
        });
    }
    tick().await;
    assert_eq!(storage.get_item(&key).unwrap(), None);
    assert!(all(&again, "cd-message")
        .iter()
        .all(|m| attr(m, "data-state").as_deref() == Some("sent")));
}

#[wasm_bindgen_test]
async fn unsent_lines_go_only_to_the_subscriber_who_wrote_them() {
    let merchant = fresh_merchant();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = format!("cellar-door:{merchant}:outbox");
    let ava = session(true, Some("Ava Martin"));
    let (root, w) = mount_for(Lang::En, &merchant);
    w.session(&ava);
    type_and_enter(&root, "my address is 410 Vine St").await;
    w.stop();
    let stored = storage.get_item(&key).unwrap().expect("stored");

    // A reload, Ava again: her line is still hers to send.
    let (again, w) = mount_for(Lang::En, &merchant);
    w.session(&ava);
    tick().await;
    assert_eq!(all(&again, "cd-message-body").len(), 1);
    w.stop();

    // A reload on the same browser as Ben, or signed out: her line is dropped, not sent.
    let mut ben = session(true, Some("Ben Ortiz"));
    ben.subscriber.as_mut().unwrap().id = "sub_ben".into();
    for (who, s) in [("Ben", ben), ("a guest", session(true, None))] {
        storage.set_item(&key, &stored).unwrap();
        let (other, w) = mount_for(Lang::En, &merchant);
        w.session(&s);
        tick().await;
        assert!(
            all(&other, "cd-message-body").is_empty(),
            "Ava's line shown to {who}"
        );
        assert_eq!(storage.get_item(&key).unwrap(), None, "kept for {who}");
        w.stop();
    }
}

fn scroll_el(root: &HtmlElement) -> web_sys::Element {
    q(root, "cd-messages").unwrap().into()
}

#[wasm_bindgen_test]
async fn the_log_follows_new_lines_only_from_the_bottom_or_the_visitors_own() {
    let (root, w) = mount_for(Lang::En, &fresh_merchant());
    root.style().set_property("height", "300px").unwrap();
    tick().await;
    w.receive(ServerFrame::History {
        messages: (1..=30)
            .map(|i| message(i, Author::Agent, Some("Maya"), None))
            .collect(),
    });
    tick().await;
    let log = scroll_el(&root);
    let bottom = |log: &web_sys::Element| log.scroll_height() - log.client_height();
    assert!(bottom(&log) > 100, "the log does not scroll");
    assert_eq!(log.scroll_top(), bottom(&log), "not at the newest line");

    // Scrolled up to read: typing, receipts and new replies leave them there.
    log.set_scroll_top(0);
    tick().await;
    w.receive(ServerFrame::Typing {
        author: Author::Agent,
        name: Some("Maya".into()),
        on: true,
    });
    tick().await;
    w.receive(ServerFrame::Read {
        author: Author::Agent,
        seq: 30,
    });
    tick().await;
    w.receive(ServerFrame::Message {
        message: message(31, Author::Agent, Some("Maya"), None),
    });
    tick().await;
    assert_eq!(log.scroll_top(), 0, "yanked to the bottom");

    // Their own line: to the bottom.
    type_and_enter(&root, "thanks").await;
    assert_eq!(log.scroll_top(), bottom(&log));
    // At the bottom, a reply follows.
    w.receive(ServerFrame::Message {
        message: message(32, Author::Agent, Some("Maya"), None),
    });
    tick().await;
    assert_eq!(log.scroll_top(), bottom(&log));
}

/// Runs loader.js as a storefront with `data-subscriber-token="page-token"` would, with a
/// fake widget module that records the config `mount` gets (in `window.__cdMounts`).
fn run_loader() {
    run_loader_with("{}");
}

/// [`run_loader`] with more `data-*` attributes on the script tag (a JS object literal).
fn run_loader_with(data: &str) {
    let run = js_sys::Function::new_with_args(
        "src, data",
        "document.querySelector('cellar-door-widget')?.remove();
         const s = { dataset: { merchant: 'm', subscriberToken: 'page-token', ...data }, src: 'http://127.0.0.1:9/widget/loader.js' };
         Object.defineProperty(document, 'currentScript', { value: s, configurable: true });
         window.__cdMounts = [];
         const imp = async () => ({ default: async () => {}, mount: (p, c) => __cdMounts.push(c), identify() {} });
         try { new Function('__imp', src.replace('import(', '__imp('))(imp); } finally { delete document.currentScript; }",
    );
    run.call2(
        &JsValue::NULL,
        &include_str!("../loader.js").into(),
        &js(&format!("({data})")),
    )
    .unwrap();
}

/// Clicks the loader's launcher and returns the token the widget was mounted with.
async fn launch() -> JsValue {
    js("document.querySelector('cellar-door-widget').shadowRoot.getElementById('b').click()");
    for _ in 0..5 {
        tick().await;
    }
    js("__cdMounts[0].token")
}

#[wasm_bindgen_test]
async fn loader_identify_before_the_first_open_wins_over_the_page_token_even_null() {
    run_loader();
    assert_eq!(launch().await.as_string().as_deref(), Some("page-token"));
    run_loader();
    js("CellarDoor.identify('ben-token')");
    assert_eq!(launch().await.as_string().as_deref(), Some("ben-token"));
    // Signed out before the first open: a guest, not the page's subscriber again.
    run_loader();
    js("CellarDoor.identify(null)");
    assert!(launch().await.is_null());
    js("document.querySelector('cellar-door-widget').remove()");
}

#[wasm_bindgen_test]
async fn the_launcher_speaks_the_widgets_language() {
    let browser = js("navigator.language").as_string().unwrap_or_default();
    let fallback = match Lang::parse(&browser).unwrap_or_default() {
        Lang::En => "Open chat",
        Lang::Es => "Abrir el chat",
        Lang::Fi => "Avaa chat",
        Lang::Ru => "Открыть чат",
    };
    for (lang, label, unread) in [
        ("fi-FI", "Avaa chat", "Lukemattomia viestejä: 3"),
        ("es", "Abrir el chat", "Mensajes sin leer: 3"),
        ("ru_RU", "Открыть чат", "Непрочитанных сообщений: 3"),
        ("en", "Open chat", "Unread messages: 3"),
        // Not one of ours: the browser's language, as the widget itself picks.
        ("de", fallback, ""),
    ] {
        run_loader_with(&format!("{{ lang: '{lang}' }}"));
        let shadow = "document.querySelector('cellar-door-widget').shadowRoot";
        let got = js(&format!("{shadow}.getElementById('b').ariaLabel")).as_string();
        assert_eq!(got.as_deref(), Some(label), "{lang}");
        if !unread.is_empty() {
            js(&format!(
                "{shadow}.getElementById('r').dispatchEvent(new CustomEvent('cd-unread', {{ detail: 3 }}))"
            ));
            let got = js(&format!("{shadow}.getElementById('u').ariaLabel")).as_string();
            assert_eq!(got.as_deref(), Some(unread), "{lang}");
        }
    }
    js("document.querySelector('cellar-door-widget').remove()");
}

#[wasm_bindgen_test]
async fn rate_limited_lines_stay_sending_with_a_notice() {
    let merchant = fresh_merchant();
    let (root, w) = mount_for(Lang::En, &merchant);
    type_and_enter(&root, "quick").await;
    let key = format!("cellar-door:{merchant}:outbox");
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(&key)
        .unwrap()
        .unwrap();
    let pending: Vec<serde_json::Value> = serde_json::from_str(&stored).unwrap();
    let id = pending[0]["client_id"].as_str().unwrap().to_owned();
    w.receive(ServerFrame::error(
        shared::ErrorCode::RateLimited,
        Some(id.clone()),
    ));
    tick().await;
    assert_eq!(
        attr(&q(&root, "cd-message").unwrap(), "data-state").as_deref(),
        Some("sending")
    );
    assert_eq!(
        text(&q(&root, "cd-error").expect("notice")),
        "You're sending messages quickly — we'll send the rest in a moment."
    );
    w.receive(ServerFrame::Ack {
        client_id: id,
        seq: 1,
        at: 1,
    });
    tick().await;
    assert!(q(&root, "cd-error").is_none());
}

/// Runs JavaScript in the test page (fakes and probes for the connection test).
fn js(code: &str) -> JsValue {
    js_sys::eval(code).unwrap()
}

/// The frames the fake socket `i` was sent, parsed.
fn sent(i: usize) -> Vec<serde_json::Value> {
    let text = js(&format!("JSON.stringify(__cdSockets[{i}].sent)"))
        .as_string()
        .unwrap();
    let frames: Vec<String> = serde_json::from_str(&text).unwrap();
    frames
        .iter()
        .map(|f| serde_json::from_str(f).unwrap())
        .collect()
}

fn deliver(i: usize, frame: &ServerFrame) {
    let text = serde_json::to_string(frame).unwrap();
    let f = js_sys::Function::new_with_args("i, data", "__cdSockets[i].onmessage({ data })");
    f.call2(
        &JsValue::NULL,
        &JsValue::from(i as u32),
        &JsValue::from_str(&text),
    )
    .unwrap();
}

async fn type_draft(root: &HtmlElement, text: &str) {
    let input: HtmlTextAreaElement = q(root, "cd-composer").unwrap().dyn_into().unwrap();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
}

fn conn_state(root: &HtmlElement) -> String {
    attr(&q(root, "cd-connection").unwrap(), "data-state").unwrap()
}

#[wasm_bindgen_test]
async fn client_identifies_queues_and_speaks_the_protocol() {
    // Fakes: the session endpoint refuses the subscriber token; sockets are recorded.
    js("window.__cdRealFetch = window.fetch; window.__cdRealWs = window.WebSocket;");
    let session_json = serde_json::to_string(&session(true, None)).unwrap();
    let mut ava = session(true, Some("Ava Martin"));
    ava.conversation_id = "c_ava".into();
    let ava_json = serde_json::to_string(&ava).unwrap();
    let install = js_sys::Function::new_with_args(
        "session, ava",
        "window.__cdReq = []; window.__cdSockets = [];
         window.fetch = (url, init) => {
           __cdReq.push([url, JSON.parse(init.body)]);
           const token = JSON.parse(init.body).subscriber_token;
           return Promise.resolve(token === 'forged'
             ? new Response(JSON.stringify({ code: 'invalid_subscriber_token', message: 'no' }), { status: 401 })
             : new Response(token ? ava : session, { status: 200 }));
         };
         window.WebSocket = class {
           constructor(url) { this.url = url; this.sent = []; this.readyState = 0; __cdSockets.push(this); }
           send(t) { this.sent.push(t); }
           close() { this.readyState = 3; }
         };",
    );
    install
        .call2(
            &JsValue::NULL,
            &JsValue::from_str(&session_json),
            &JsValue::from_str(&ava_json),
        )
        .unwrap();

    let (root, w) = mount_config(Lang::En, &fresh_merchant(), Some("forged"), true);
    for _ in 0..5 {
        tick().await;
    }
    // Refused token → asked again as a guest, and told so.
    let reqs: Vec<serde_json::Value> =
        serde_json::from_str(&js("JSON.stringify(__cdReq)").as_string().unwrap()).unwrap();
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    assert_eq!(reqs[0][1]["subscriber_token"], "forged");
    assert!(reqs[1][1]["subscriber_token"].is_null());
    assert!(q(&root, "cd-identity-notice").is_some());
    assert_eq!(
        js("__cdSockets.length").as_f64(),
        Some(1.0),
        "one socket after the session"
    );
    assert_eq!(
        js("__cdSockets[0].url").as_string().unwrap(),
        "ws://127.0.0.1:9/api/v1/conversations/c_1/ws?token=ct"
    );

    // Written before the socket opens: queued, then sent right after hello.
    type_and_enter(&root, "hello there").await;
    js("__cdSockets[0].readyState = 1; __cdSockets[0].onopen();");
    tick().await;
    assert_eq!(conn_state(&root), "online");
    let frames = sent(0);
    assert_eq!(
        frames[0],
        serde_json::json!({"type": "hello", "last_seq": 0})
    );
    assert_eq!(frames[1]["type"], "send");
    assert_eq!(frames[1]["body"], "hello there");
    let first_id = frames[1]["client_id"].as_str().unwrap().to_owned();
    deliver(
        0,
        &ServerFrame::Ack {
            client_id: first_id,
            seq: 1,
            at: 1,
        },
    );

    // An agent reply while the panel is closed: no receipt until it opens, then one.
    deliver(
        0,
        &ServerFrame::Message {
            message: message(2, Author::Agent, Some("Maya"), None),
        },
    );
    tick().await;
    let reads = |i| {
        sent(i)
            .into_iter()
            .filter(|f| f["type"] == "read")
            .collect::<Vec<_>>()
    };
    assert!(reads(0).is_empty());
    root.dispatch_event(&web_sys::CustomEvent::new("cd-open").unwrap())
        .unwrap();
    tick().await;
    root.dispatch_event(&web_sys::CustomEvent::new("cd-open").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(
        reads(0),
        vec![serde_json::json!({"type": "read", "seq": 2})]
    );

    // Typing: one `on` per throttle window, `off` when the draft empties.
    let typing = |i| {
        sent(i)
            .into_iter()
            .filter(|f| f["type"] == "typing")
            .map(|f| f["on"].as_bool().unwrap())
            .collect::<Vec<_>>()
    };
    type_draft(&root, "W").await;
    type_draft(&root, "Wh").await;
    type_draft(&root, "Why").await;
    assert_eq!(typing(0), vec![true]);
    type_draft(&root, "").await;
    assert_eq!(typing(0), vec![true, false]);

    // Offline: reconnecting, lines wait; back online: reconnect at once and flush.
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("offline").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(conn_state(&root), "reconnecting");
    assert_eq!(js("__cdSockets[0].readyState").as_f64(), Some(3.0));
    type_and_enter(&root, "while offline").await;
    assert_eq!(
        attr(&all(&root, "cd-message").pop().unwrap(), "data-state").as_deref(),
        Some("sending")
    );
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("online").unwrap())
        .unwrap();
    for _ in 0..5 {
        tick().await;
    }
    assert_eq!(js("__cdSockets.length").as_f64(), Some(2.0));
    js("__cdSockets[1].readyState = 1; __cdSockets[1].onopen();");
    tick().await;
    let frames = sent(1);
    assert_eq!(
        frames[0],
        serde_json::json!({"type": "hello", "last_seq": 2})
    );
    assert_eq!(frames[1]["body"], "while offline");
    let id = frames[1]["client_id"].as_str().unwrap().to_owned();

    // Rate limited: still sending, resent with the same id about 2 s later.
    deliver(
        1,
        &ServerFrame::error(shared::ErrorCode::RateLimited, Some(id.clone())),
    );
    // A line written meanwhile waits behind it, so it cannot overtake it.
    type_and_enter(&root, "after the limit").await;
    let bodies = |i| {
        sent(i)
            .into_iter()
            .filter(|f| f["type"] == "send")
            .map(|f| f["body"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(1), vec!["while offline"]);
    sleep(widget::client::RATE_LIMIT_RETRY_MS as i32 + 200).await;
    assert_eq!(
        bodies(1),
        vec!["while offline", "while offline", "after the limit"]
    );

    // CellarDoor.identify: a new session as Ava, a new socket, the waiting line kept.
    widget::identify(Some("ava-token".into()));
    for _ in 0..5 {
        tick().await;
    }
    let last_req = js("JSON.stringify(__cdReq[__cdReq.length - 1][1])")
        .as_string()
        .unwrap();
    assert!(
        last_req.contains("\"subscriber_token\":\"ava-token\""),
        "{last_req}"
    );
    assert_eq!(
        text(&q(&root, "cd-greeting").expect("greeting")),
        "Hi Ava! How can we help today?"
    );
    assert!(q(&root, "cd-identity-notice").is_none());
    assert_eq!(js("__cdSockets.length").as_f64(), Some(3.0));
    assert_eq!(js("__cdSockets[1].readyState").as_f64(), Some(3.0));
    assert!(js("__cdSockets[2].url")
        .as_string()
        .unwrap()
        .contains("/c_ava/"));
    js("__cdSockets[2].readyState = 1; __cdSockets[2].onopen();");
    tick().await;
    let frames = sent(2);
    assert_eq!(
        frames[0],
        serde_json::json!({"type": "hello", "last_seq": 0})
    );
    assert_eq!(frames[1]["client_id"], id.as_str());
    assert_eq!(frames[2]["body"], "after the limit");
    let bodies: Vec<_> = all(&root, "cd-message-body").iter().map(text).collect();
    assert_eq!(bodies, vec!["while offline", "after the limit"]);

    w.stop();
    js("window.fetch = window.__cdRealFetch; window.WebSocket = window.__cdRealWs;");
}
