//! Component tests of the console in headless Chromium (wasm-bindgen-test). Run from console/:
//! `WASM_BINDGEN_TEST_WEBDRIVER_JSON=/work/main/widget/webdriver.json cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use console::alerts::Viewer;
use console::queue::Inbox;
use console::thread::Thread;
use console::views::inbox::InboxActions;
use console::views::{
    AuditEntry, Composer, Dashboard, MessageList, MetricsReport, QueuePanel, SubscriptionCard,
};
use leptos::mount::mount_to;
use leptos::prelude::*;
use shared::api::{AgentRef, CannedReply, InboxServerFrame, QueueItem, QueueStatus};
use shared::protocol::{Author, Message, ServerFrame, SystemEvent};
use shared::selfservice::{Actor, SubscriptionEventView, SubscriptionView};
use shared::subscription::{ActionKind, Effect, SubscriptionData};
use shared::ApiError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent,
    KeyboardEventInit,
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

#[track_caller]
fn one(root: &HtmlElement, selector: &str) -> HtmlElement {
    match root.query_selector(selector).unwrap() {
        Some(el) => el.dyn_into().unwrap(),
        None => panic!("no {selector} in {}", root.inner_html()),
    }
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
        ticket: Callback::new(|()| Inbox::default().ticket()),
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
        lead: false,
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

fn ava_subscription(status: serde_json::Value) -> SubscriptionView {
    let mut data = serde_json::json!({
        "id": "subn_ava_cellar", "plan": "Cellar Club — 3 bottles",
        "frequency": "monthly", "next_box": "2026-12-04", "version": 3,
        "address": {"name":"Ava Martin","line1":"410 Vine St","city":"Sacramento","region":"CA","postal_code":"95814","country":"US"}
    });
    for (k, v) in status.as_object().unwrap() {
        data[k] = v.clone();
    }
    SubscriptionView {
        subscription: serde_json::from_value::<SubscriptionData>(data).unwrap(),
        price_cents: 6_900,
        cutoff_at: Some(4_102_444_800_000), // 2100: still open
        upcoming: vec![],
    }
}

fn text(root: &HtmlElement, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn audit_rows_say_who_did_what_with_which_effect() {
    let root = host();
    let before = ava_subscription(serde_json::json!({"status": "active"})).subscription;
    let mut after = before.clone();
    after.next_box = shared::date::Date::parse("2027-01-04").ok();
    let effect: Effect = serde_json::from_value(serde_json::json!({
        "action": "skip_next", "first_affected_box": "2026-12-04", "cutoff_passed": false,
        "next_box": "2027-01-04"
    }))
    .unwrap();
    let event = |id: &str, actor: Actor| SubscriptionEventView {
        id: id.into(),
        subscription_id: before.id.clone(),
        actor,
        action: ActionKind::SkipNext,
        effect,
        before: before.clone(),
        after: after.clone(),
        at: 1_795_392_000_000,
        reference: "CD-7K3P9QXM".into(),
    };
    let by_maya = event(
        "evt_1",
        Actor::Agent {
            id: "a_maya".into(),
            name: "Maya Lindqvist".into(),
        },
    );
    let by_ava = event(
        "evt_2",
        Actor::Subscriber {
            id: "sub_ava".into(),
        },
    );
    let r = root.clone();
    mount_to(r, move || {
        view! {
            <ul>
                <AuditEntry event=by_maya plan=None />
                <AuditEntry event=by_ava plan=Some("Cellar Club".into()) />
            </ul>
        }
    })
    .forget();
    tick().await;

    let rows = all(&root, "[data-testid=ctx-audit-row]");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].get_attribute("data-actor").as_deref(),
        Some("agent")
    );
    assert_eq!(
        rows[0].get_attribute("data-action").as_deref(),
        Some("skip_next")
    );
    assert_eq!(
        text(&rows[0], "[data-testid=ctx-audit-who]"),
        "Maya Lindqvist"
    );
    assert_eq!(
        text(&rows[0], "[data-testid=ctx-audit-action]"),
        "Skip next box"
    );
    assert_eq!(
        text(&rows[0], "[data-testid=ctx-audit-effect]"),
        "Applies to the box of Dec 4 · Next box: Jan 4"
    );
    assert_eq!(
        text(&rows[0], "[data-testid=ctx-audit-changes]"),
        "Next box: Dec 4 → Jan 4"
    );
    assert_eq!(text(&rows[0], "[data-testid=ctx-audit-ref]"), "CD-7K3P9QXM");
    assert!(text(&rows[0], "[data-testid=ctx-audit-when]").contains("2026"));
    assert_eq!(
        rows[1].get_attribute("data-actor").as_deref(),
        Some("subscriber")
    );
    assert_eq!(text(&rows[1], "[data-testid=ctx-audit-who]"), "Subscriber");
    assert!(rows[1].text_content().unwrap().contains("Cellar Club"));
}

fn input(el: &HtmlInputElement, value: &str) {
    el.set_value(value);
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn subscription_cards_offer_the_actions_of_their_status_and_check_forms_first() {
    let root = host();
    let paused = ava_subscription(serde_json::json!({
        "status": "paused", "pause_from": "2026-12-04", "pause_boxes": 2, "next_box": "2027-02-04"
    }));
    let active = ava_subscription(serde_json::json!({"status": "active"}));
    let r = root.clone();
    mount_to(r, move || {
        let refresh = Callback::new(|()| {});
        let p = Signal::derive(move || Some(paused.clone()));
        let a = Signal::derive(move || Some(active.clone()));
        view! {
            <ul>
                <SubscriptionCard id="p".to_string() sub=p cutoff_hours=Signal::derive(|| Some(48)) refresh />
                <SubscriptionCard id="a".to_string() sub=a cutoff_hours=Signal::derive(|| Some(48)) refresh />
            </ul>
        }
    })
    .forget();
    tick().await;

    let cards = all(&root, "[data-testid=ctx-sub-card]");
    assert_eq!(cards.len(), 2);
    let paused_card = &cards[0];
    assert_eq!(
        paused_card.get_attribute("data-status").as_deref(),
        Some("paused")
    );
    assert_eq!(
        text(paused_card, "[data-testid=ctx-sub-status-detail]"),
        "Paused for 2 boxes from Dec 4"
    );
    assert_eq!(
        one(paused_card, "[data-testid=ctx-sub-next-box]")
            .get_attribute("data-date")
            .as_deref(),
        Some("2027-02-04")
    );
    assert!(text(paused_card, "[data-testid=ctx-sub-cutoff]").starts_with("Changes until: "));
    assert_eq!(
        text(paused_card, "[data-testid=ctx-sub-address]"),
        "Ship to: Ava Martin, 410 Vine St, Sacramento CA 95814, US"
    );
    let buttons = |card: &HtmlElement| -> Vec<String> {
        all(card, ".ctx-sub-actions button")
            .iter()
            .map(|b| b.get_attribute("data-testid").unwrap())
            .collect()
    };
    assert_eq!(
        buttons(paused_card),
        [
            "ctx-sub-action-resume",
            "ctx-sub-action-frequency",
            "ctx-sub-action-address",
            "ctx-sub-action-cancel"
        ]
    );
    let card = &cards[1];
    assert_eq!(buttons(card)[0], "ctx-sub-action-skip");
    assert!(card
        .query_selector("[data-testid=ctx-sub-status-detail]")
        .unwrap()
        .is_none());

    // Pause: out of range is caught before any request, and labelled for the agent.
    let pause = one(card, "[data-testid=ctx-sub-action-pause]");
    pause.click();
    tick().await;
    assert_eq!(
        pause.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let boxes: HtmlInputElement = one(card, "[data-testid=ctx-sub-pause-boxes]")
        .dyn_into()
        .unwrap();
    assert_eq!(boxes.value(), "2");
    let label = one(card, &format!("label[for='{}']", boxes.id()));
    assert!(label.text_content().unwrap().contains("Boxes to pause"));
    input(&boxes, "13");
    one(card, "[data-testid=ctx-sub-preview-button]").click();
    tick().await;
    assert_eq!(
        text(card, "[data-testid=ctx-sub-error]"),
        "Pause for 1 to 12 boxes."
    );
    assert!(card
        .query_selector("[data-testid=ctx-sub-preview]")
        .unwrap()
        .is_none());

    // Address: each bad field says what is wrong beside it.
    one(card, "[data-testid=ctx-sub-action-address]").click();
    tick().await;
    assert_eq!(
        all(card, "[data-testid=ctx-sub-form]").len(),
        1,
        "one form at a time"
    );
    let postal: HtmlInputElement = one(card, "[data-testid=ctx-sub-address-postal_code]")
        .dyn_into()
        .unwrap();
    assert_eq!(postal.value(), "95814");
    input(&postal, "");
    one(card, "[data-testid=ctx-sub-preview-button]").click();
    tick().await;
    assert_eq!(
        text(card, "[data-testid=ctx-sub-field-error-postal_code]"),
        "This field is required."
    );
    assert_eq!(
        postal.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        text(card, "[data-testid=ctx-sub-error]"),
        "Check the highlighted address fields."
    );
    // Typing in the field clears its error.
    input(&postal, "95816");
    tick().await;
    assert!(card
        .query_selector("[data-testid=ctx-sub-field-error-postal_code]")
        .unwrap()
        .is_none());
    one(card, "[data-testid=ctx-sub-close]").click();
    tick().await;
    assert!(card
        .query_selector("[data-testid=ctx-sub-form]")
        .unwrap()
        .is_none());
}

/// An element that may be SVG (not an HtmlElement).
#[track_caller]
fn element(root: &HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn count(root: &HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn metrics_fixture() -> shared::surveys::MetricsResponse {
    serde_json::from_value(serde_json::json!({
        "range": {"from": "2026-10-28", "to": "2026-11-24"},
        "period": "week",
        "agent_id": null,
        "targets": {},
        "tiles": [
            {"metric": "csat", "value": 92.345, "previous": 89.845, "trend": 2.5, "target": 90.0,
             "better": "higher", "standing": "on_target", "sample": 12},
            {"metric": "nps", "value": 41.6, "previous": null, "trend": null, "target": 70.0,
             "better": "higher", "standing": "off_target", "sample": 5},
            {"metric": "ces", "value": null, "previous": null, "trend": null, "target": 5.5,
             "better": "higher", "standing": "no_data", "sample": 0},
            {"metric": "frt_median", "value": 4.46, "previous": 3.2, "trend": 1.26, "target": 5.0,
             "better": "lower", "standing": "on_target", "sample": 30}
        ],
        "series": [
            {"metric": "csat", "points": [
                {"start": "2026-10-26", "value": 80.0, "sample": 5},
                {"start": "2026-11-02", "value": null, "sample": 0},
                {"start": "2026-11-09", "value": 100.0, "sample": 3},
                {"start": "2026-11-16", "value": 90.0, "sample": 4}
            ]}
        ],
        "contact_reasons": [
            {"key": "wrong_order", "count": 3, "share": 75.0},
            {"key": "billing", "count": 1, "share": 25.0}
        ],
        "cancel_reasons": [],
        "comments": [
            {"kind": "csat", "score": 2, "comment": "<img src=x onerror=alert(1)> slow, \"really\"",
             "conversation_id": "c_42", "agent_name": "Maya Lindqvist", "at": 1795392000000i64},
            {"kind": "nps", "score": 9, "comment": "Lovely wines", "at": 1795392000000i64}
        ]
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn dashboard_report_shows_tiles_charts_breakdowns_and_comments() {
    let root = host();
    let opened = Arc::new(Mutex::new(Vec::<String>::new()));
    let rec = opened.clone();
    let report = metrics_fixture();
    let r = root.clone();
    mount_to(r, move || {
        let on_open = Callback::new(move |id: String| rec.lock().unwrap().push(id));
        view! { <MetricsReport report on_open /> }
    })
    .forget();
    tick().await;

    // Tiles: value with unit, status in words and colour hook, target, trend and sample.
    assert_eq!(all(&root, ".tiles > li").len(), 4);
    assert_eq!(text(&root, "[data-testid=dash-tile-csat-value]"), "92.3%");
    let csat_value = one(&root, "[data-testid=dash-tile-csat-value]");
    assert_eq!(
        csat_value.get_attribute("data-value").as_deref(),
        Some("92.3")
    );
    let csat = one(&root, "[data-testid=dash-tile-csat]");
    assert_eq!(
        csat.get_attribute("data-standing").as_deref(),
        Some("on_target")
    );
    assert_eq!(
        text(&root, "[data-testid=dash-tile-csat-standing]"),
        "On target"
    );
    assert_eq!(
        text(&root, "[data-testid=dash-tile-csat-target]"),
        "Target: 90.0%"
    );
    let trend = one(&root, "[data-testid=dash-tile-csat-trend]");
    assert!(
        trend.class_name().contains("good"),
        "{}",
        trend.class_name()
    );
    assert!(trend.text_content().unwrap().contains("▲ 2.5 pts"));
    assert_eq!(trend.get_attribute("data-direction").as_deref(), Some("up"));
    // The arrow, the abbreviation and "vs previous period" are hidden from screen readers,
    // which read the trend in words instead, once.
    assert_eq!(
        text(&trend, ".sr-only"),
        "Up 2.5 points, better than the previous period"
    );
    for span in all(&trend, ":scope > span:not(.sr-only)") {
        assert_eq!(
            span.get_attribute("aria-hidden").as_deref(),
            Some("true"),
            "{}",
            span.outer_html()
        );
    }
    // FRT went up: that is worse.
    let frt = one(&root, "[data-testid=dash-tile-frt_median-trend]");
    assert!(frt.class_name().contains("bad"));
    assert!(frt.text_content().unwrap().contains("▲ 1.3 min"));
    assert_eq!(
        text(&frt, ".sr-only"),
        "Up 1.3 minutes, worse than the previous period"
    );
    assert_eq!(text(&root, "[data-testid=dash-tile-nps-value]"), "42");
    assert_eq!(
        text(&root, "[data-testid=dash-tile-nps-standing]"),
        "Off target"
    );
    assert_eq!(text(&root, "[data-testid=dash-tile-ces-value]"), "—");
    assert_eq!(
        text(&root, "[data-testid=dash-tile-ces-empty]"),
        "No answers in this period"
    );
    assert_eq!(
        text(&root, "[data-testid=dash-tile-csat-sample]"),
        "Sample: 12"
    );
    let tiles_csv = one(&root, "[data-testid=dash-csv-tiles]");
    assert_eq!(
        tiles_csv.get_attribute("data-filename").as_deref(),
        Some("metrics-2026-10-28_2026-11-24.csv")
    );

    // The CSAT line chart: labelled SVG, a line broken at the empty week, a hidden table.
    let chart = one(&root, "[data-testid=dash-chart-csat]");
    let svg = element(&chart, "svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let label = svg.get_attribute("aria-label").unwrap();
    assert!(label.starts_with("CSAT by week."), "{label}");
    assert!(label.contains("16 Nov 2026: 90.0%"), "{label}");
    assert!(label.contains("1 period without data"), "{label}");
    let d = element(&chart, "path.line").get_attribute("d").unwrap();
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert_eq!(count(&chart, "circle"), 3);
    let rows = all(&chart, "table tbody tr");
    assert_eq!(rows.len(), 4);
    assert!(rows[1].text_content().unwrap().contains('—'));
    assert_eq!(
        one(&chart, "[data-testid=dash-csv-csat]")
            .get_attribute("data-filename")
            .as_deref(),
        Some("csat-weekly-2026-10-28_2026-11-24.csv")
    );

    // Bar charts: the contact reasons have bars and a table; no cancellations says so.
    let contact = one(&root, "[data-testid=dash-chart-contact-reasons]");
    assert_eq!(count(&contact, "rect"), 2);
    let label = element(&contact, "svg")
        .get_attribute("aria-label")
        .unwrap();
    assert!(label.contains("Wrong order: 3 (75.0%)"), "{label}");
    assert_eq!(all(&contact, "table tbody tr").len(), 2);
    assert_eq!(
        text(&root, "[data-testid=dash-chart-cancel-reasons-empty]"),
        "Nothing recorded in this period"
    );

    // Comments are text, never HTML, and open their conversation.
    let comments = all(&root, "[data-testid=dash-comment]");
    assert_eq!(comments.len(), 2);
    assert!(root
        .query_selector("[data-testid=dash-comments] img")
        .unwrap()
        .is_none());
    assert_eq!(
        one(&comments[0], "[data-testid=dash-comment-text]")
            .text_content()
            .unwrap(),
        "<img src=x onerror=alert(1)> slow, \"really\""
    );
    assert_eq!(
        text(&comments[0], "[data-testid=dash-comment-score]"),
        "Score 2 of 5"
    );
    assert!(comments[1]
        .query_selector("[data-testid=dash-comment-open]")
        .unwrap()
        .is_none());
    one(&comments[0], "[data-testid=dash-comment-open]").click();
    tick().await;
    assert_eq!(*opened.lock().unwrap(), vec!["c_42".to_string()]);
}

#[wasm_bindgen_test]
async fn dashboard_filters_offer_a_labelled_channel_filter() {
    let root = host();
    let agent = shared::api::Agent {
        id: "a_maya".into(),
        name: "Maya Lindqvist".into(),
        email: "maya@demo-wines.test".into(),
        role: shared::api::AgentRole::Agent,
    };
    let r = root.clone();
    mount_to(r, move || {
        let on_open = Callback::new(|_: String| {});
        view! { <Dashboard agent on_open /> }
    })
    .forget();
    tick().await;

    let select: HtmlSelectElement = one(&root, "[data-testid=dash-channel]").dyn_into().unwrap();
    // Labelled, in the filters next to the agent filter, and reachable by Tab.
    let label = one(&root, "label[for=dash-channel]");
    assert_eq!(select.id(), "dash-channel");
    assert_eq!(text(&label, "span"), "Channel");
    assert!(label.contains(Some(&select)));
    assert!(select.tab_index() >= 0);
    let filters = one(&root, ".dash-filters");
    assert!(filters.contains(Some(&select)));
    assert!(filters.contains(Some(&one(&root, "[data-testid=dash-agent]"))));
    let options: Vec<(String, String)> = all(&select, "option")
        .iter()
        .map(|o| {
            (
                o.get_attribute("value").unwrap_or_default(),
                o.text_content().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        options,
        vec![
            (String::new(), "All channels".to_string()),
            ("chat".to_string(), "Live chat".to_string()),
            ("email".to_string(), "Offline messages".to_string()),
        ]
    );
    assert_eq!(select.value(), "");
    select.set_value("email");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(select.value(), "email");
}

#[wasm_bindgen_test]
async fn shell_offers_a_labelled_language_picker_that_switches_without_reload() {
    use console::app::{LangChoice, Session};
    use console::i18n::{self, Lang};
    use console::socket::Conn;
    use console::views::inbox::Page;
    use console::views::Shell;
    use shared::api::{PresenceStatus, SignInRequest};

    let root = host();
    let lang = RwSignal::new(Lang::En);
    let _handle = mount_to(root.clone(), move || {
        provide_context(Session {
            sign_in: Action::new_local(|_: &SignInRequest| async {
                Err::<shared::api::Agent, _>(ApiError::new(shared::ErrorCode::Internal))
            }),
            sign_out: Action::new_local(|_: &()| async { Ok(()) }),
            recheck: Callback::new(|_| {}),
            lost: Signal::derive(|| false),
        });
        provide_context(actions(Arc::default()));
        provide_context(LangChoice {
            lang: lang.read_only(),
            choose: Callback::new(move |l: Lang| {
                i18n::set_lang(l);
                lang.set(l);
            }),
        });
        // As the app does: a language change renders again.
        move || {
            lang.track();
            view! {
                <Shell
                    name="Maya".to_owned()
                    conn=Signal::derive(|| Conn::Online)
                    presence=Signal::derive(|| PresenceStatus::Online)
                    sound=Signal::derive(|| true)
                    page=RwSignal::new(Page::Inbox)
                />
            }
        }
    });
    tick().await;
    // English stays the default; the picker is a labelled select listing all four.
    let select: HtmlSelectElement = one(&root, "[data-testid=console-lang]").dyn_into().unwrap();
    assert_eq!(select.value(), "en");
    assert_eq!(select.id(), "console-lang");
    assert_eq!(text(&root, "label[for=console-lang] span"), "Language");
    let options: Vec<_> = all(&root, "[data-testid=console-lang] option")
        .iter()
        .map(|o| o.get_attribute("value").unwrap())
        .collect();
    assert_eq!(options, ["en", "es", "fi", "ru"]);
    assert_eq!(text(&root, "[data-testid=console-signout]"), "Sign out");

    select.set_value("fi");
    let ev = web_sys::Event::new_with_event_init_dict("change", &{
        let i = web_sys::EventInit::new();
        i.set_bubbles(true);
        i
    })
    .unwrap();
    select.dispatch_event(&ev).unwrap();
    tick().await;
    assert_eq!(i18n::lang(), Lang::Fi);
    assert_eq!(
        text(&root, "[data-testid=console-signout]"),
        "Kirjaudu ulos"
    );
    assert_eq!(text(&root, "label[for=console-lang] span"), "Kieli");
    let select: HtmlSelectElement = one(&root, "[data-testid=console-lang]").dyn_into().unwrap();
    assert_eq!(select.value(), "fi");

    // The other tests share this thread's language.
    i18n::set_lang(Lang::En);
    root.remove();
}
