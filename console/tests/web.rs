//! Component tests of the console in headless Chromium (wasm-bindgen-test). Run from console/:
//! `WASM_BINDGEN_TEST_WEBDRIVER_JSON=/work/main/widget/webdriver.json cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use console::alerts::Viewer;
use console::queue::Inbox;
use console::thread::Thread;
use console::views::inbox::InboxActions;
use console::views::{Composer, MessageList, QueuePanel};
use leptos::mount::mount_to;
use leptos::prelude::*;
use shared::api::{AgentRef, CannedReply, InboxServerFrame, QueueItem, QueueStatus};
use shared::protocol::{Author, Message, ServerFrame, SystemEvent};
use shared::ApiError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    HtmlElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Lets effects and renders settle.
async fn tick() {
    sleep(20).await;
}

fn host() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn all(root: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

fn one(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

fn item(id: &str, status: QueueStatus, created_at: i64, assignee: Option<&str>) -> QueueItem {
    QueueItem {
        id: id.into(),
        visitor_id: format!("v_{id}"),
        subscriber: None,
        display_name: format!("<b>Visitor {id}</b>"),
        status,
        assignee: assignee.map(|a| AgentRef {
            id: a.into(),
            name: a.into(),
        }),
        escalation_note: None,
        created_at,
        first_response_at: None,
        resolved_at: None,
        last_message_at: created_at,
        last_preview: "hello".into(),
        unread: 2,
    }
}

/// Context the queue rows need; records which conversation was opened.
fn actions(opened: Arc<Mutex<Vec<String>>>) -> InboxActions {
    InboxActions {
        open: Callback::new(move |id| opened.lock().unwrap().push(id)),
        set_presence: Callback::new(|_| {}),
        set_sound: Callback::new(|_| {}),
        upsert: Callback::new(|_| {}),
    }
}

#[wasm_bindgen_test]
async fn queue_groups_items_marks_sla_and_opens_on_click() {
    let root = host();
    let opened = Arc::new(Mutex::new(Vec::new()));
    let now = js_sys::Date::now() as i64;
    let mut inbox = Inbox::default();
    let viewer = Viewer {
        me: "maya".into(),
        open: None,
        visible: true,
    };
    inbox.apply(
        InboxServerFrame::Snapshot {
            conversations: vec![
                item("c_new", QueueStatus::Waiting, now - 10_000, None),
                item(
                    "c_risk",
                    QueueStatus::Waiting,
                    now - 4 * 60_000 - 5_000,
                    None,
                ),
                item("c_late", QueueStatus::Waiting, now - 6 * 60_000, None),
                item("c_mine", QueueStatus::Assigned, now, Some("maya")),
                item("c_sam", QueueStatus::Assigned, now, Some("sam")),
                item("c_done", QueueStatus::Resolved, now, Some("maya")),
            ],
            agents: vec![],
        },
        &viewer,
    );
    let (inbox, _) = signal(inbox);
    let (now_sig, _) = signal(now);
    let (open, _) = signal(None::<String>);
    let ctx = actions(opened.clone());
    let r = root.clone();
    mount_to(r, move || {
        provide_context(ctx);
        view! { <QueuePanel inbox me="maya".to_string() now=now_sig.into() open=open.into() /> }
    })
    .forget();
    tick().await;

    let ids = |section: &str| -> Vec<(String, String)> {
        all(
            &root,
            &format!("[data-testid={section}] [data-testid=queue-item]"),
        )
        .iter()
        .map(|e| {
            (
                e.get_attribute("data-conversation-id").unwrap(),
                e.get_attribute("data-sla").unwrap(),
            )
        })
        .collect()
    };
    assert_eq!(
        ids("queue-waiting"),
        [
            ("c_late".into(), "breached".into()),
            ("c_risk".into(), "at_risk".into()),
            ("c_new".into(), "ok".into())
        ]
    );
    assert_eq!(ids("queue-mine").len(), 1);
    assert_eq!(ids("queue-others")[0].0, "c_sam");
    assert_eq!(ids("queue-resolved")[0].0, "c_done");
    let first = one(&root, "[data-conversation-id=c_new]");
    // User text is text: no <b> element is created from a display name.
    assert_eq!(
        one(&first, "[data-testid=queue-item-name]")
            .text_content()
            .unwrap(),
        "<b>Visitor c_new</b>"
    );
    assert!(first.query_selector("b").unwrap().is_none());
    assert_eq!(
        one(&first, "[data-testid=queue-item-unread]")
            .text_content()
            .unwrap(),
        "2"
    );
    assert_eq!(
        one(&first, "[data-testid=queue-item-wait]")
            .text_content()
            .unwrap(),
        "10s"
    );
    first.click();
    assert_eq!(*opened.lock().unwrap(), ["c_new".to_string()]);
}

fn message(seq: u64, author: Author, body: &str) -> Message {
    Message {
        seq,
        client_id: format!("m{seq}"),
        author,
        author_name: (author == Author::Agent).then(|| "Maya Lindqvist".into()),
        body: body.into(),
        at: 1_795_392_000_000,
        event: None,
    }
}

#[wasm_bindgen_test]
async fn messages_show_read_markers_system_events_and_text_only_bodies() {
    let root = host();
    let thread = RwSignal::new(Thread::default());
    let mut system = message(4, Author::System, "fallback");
    system.event = Some(SystemEvent::Transferred {
        from_name: "Maya".into(),
        to_name: "Sam".into(),
    });
    thread.update(|t| {
        t.apply(
            ServerFrame::History {
                messages: vec![
                    message(1, Author::Visitor, "<img src=x onerror=alert(1)>"),
                    message(2, Author::Agent, "Hi!"),
                    message(3, Author::Agent, "Anything else?"),
                    system,
                ],
            },
            0,
        );
    });
    let r = root.clone();
    mount_to(r, move || view! { <MessageList thread=thread.read_only() visitor_name=Signal::derive(|| "Ava".to_string()) /> })
        .forget();
    tick().await;

    let msgs = all(&root, "[data-testid=conv-message]");
    assert_eq!(msgs.len(), 4);
    assert!(root.query_selector("img").unwrap().is_none());
    assert_eq!(
        one(&msgs[0], "[data-testid=conv-message-body]")
            .text_content()
            .unwrap(),
        "<img src=x onerror=alert(1)>"
    );
    assert_eq!(
        msgs[3].get_attribute("data-author").as_deref(),
        Some("system")
    );
    assert!(msgs[3]
        .text_content()
        .unwrap()
        .contains("Maya transferred the conversation to Sam."));
    assert!(all(&root, "[data-testid=conv-message-read]").is_empty());

    thread.update(|t| {
        t.apply(
            ServerFrame::Read {
                author: Author::Visitor,
                seq: 2,
            },
            0,
        );
    });
    tick().await;
    let read: Vec<_> = all(&root, "[data-testid=conv-message]")
        .iter()
        .map(|m| {
            m.query_selector("[data-testid=conv-message-read]")
                .unwrap()
                .is_some()
        })
        .collect();
    assert_eq!(read, [false, true, false, false]);
}

fn key(el: &HtmlElement, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn composer_sends_on_enter_and_canned_replies_fill_it() {
    let root = host();
    let sent = Arc::new(Mutex::new(Vec::<String>::new()));
    let s = sent.clone();
    let on_send = Callback::new(move |text: String| {
        s.lock().unwrap().push(text);
        true
    });
    let on_typing = Callback::new(|_: bool| {});
    let r = root.clone();
    mount_to(r, move || {
        let canned: LocalResource<Result<Vec<CannedReply>, ApiError>> =
            LocalResource::new(|| async { Ok(shared::support::default_canned_replies()) });
        view! {
            <Composer
                id="c_1".to_string()
                visitor_name=Signal::derive(|| "Ava".to_string())
                canned
                on_send
                on_typing
            />
        }
    })
    .forget();
    sleep(50).await;

    let composer: HtmlTextAreaElement = one(&root, "[data-testid=conv-composer]")
        .dyn_into()
        .unwrap();
    composer.set_value("Hello");
    composer
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    key(&composer, "Enter", true);
    assert!(sent.lock().unwrap().is_empty(), "Shift+Enter does not send");
    key(&composer, "Enter", false);
    tick().await;
    assert_eq!(*sent.lock().unwrap(), ["Hello".to_string()]);
    assert_eq!(composer.value(), "");

    let select: HtmlSelectElement = one(&root, "[data-testid=conv-canned]").dyn_into().unwrap();
    let groups: Vec<_> = all(&root, "[data-testid=conv-canned] optgroup")
        .iter()
        .map(|g| g.get_attribute("label").unwrap())
        .collect();
    assert_eq!(groups, ["General", "Apologies"]);
    select.set_value("late-delivery");
    let ev = web_sys::Event::new_with_event_init_dict("change", &{
        let i = web_sys::EventInit::new();
        i.set_bubbles(true);
        i
    })
    .unwrap();
    select.dispatch_event(&ev).unwrap();
    tick().await;
    assert!(composer.value().starts_with("I'm sorry your box is late."));
    assert_eq!(select.value(), "");
    // The send button exists, is labelled, and sends too.
    one(&root, "[data-testid=conv-send]").click();
    tick().await;
    assert_eq!(sent.lock().unwrap().len(), 2);
}
