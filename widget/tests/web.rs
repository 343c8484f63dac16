//! Component tests of the widget in headless Chromium (wasm-bindgen-test).
//! Run: `cargo test -p widget --target wasm32-unknown-unknown` (chromedriver on PATH).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};
use widget::config::Config;
use widget::i18n::Lang;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the widget (not connected) into a fresh div inside an open shadow root.
fn mount(lang: Lang) -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    shadow.append_child(&root).unwrap();
    let config = Config {
        merchant: "demo-wines".into(),
        api: "http://127.0.0.1:9".into(),
        lang,
    };
    widget::mount_with(root.clone(), config, false).unwrap();
    root
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

async fn tick() {
    // Let Leptos flush its effects (they run on the microtask queue / next frame).
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
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
