//! Surveys (CSAT, CES, NPS): the card per kind, sending an answer once, dismissing (× and
//! Escape), the thank-you; the widget asking when a session starts and when the agent
//! resolves; CES after a self-service change. The API is a stub `window.fetch` (a JS
//! function of `(path, method, body)` returning `[status, json]`); calls to `/api/v1/` are
//! recorded in `window.__calls`.

use leptos::prelude::*;
use shared::protocol::{Author, ServerFrame, SystemEvent};
use shared::surveys::{PendingSurvey, SurveyKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};
use widget::client::SubApi;
use widget::i18n::Lang;
use widget::views::{MySubscription, SurveySlot};

use super::{all, attr, message, mount_config, q, session, shadow_root, sleep, text, tick, until};

/// Answers `/api/v1/…` with `route` (JS: `(path, method, body) => [status, json]`; a `null`
/// json answers with no body, like a 204).
fn stub(route: &str) {
    let src = format!(
        "window.__calls = []; const route = {route}; const real = window.__fetch ||= window.fetch;
         window.fetch = async (url, init = {{}}) => {{
           const path = new URL(url, location.href).pathname, h = new Headers(init.headers || {{}});
           if (!path.startsWith('/api/v1/')) return real(url, init);
           window.__calls.push({{ path, method: init.method || 'GET', body: init.body || null,
             auth: h.get('authorization') }});
           const [status, json] = await route(path, init.method || 'GET', init.body ? JSON.parse(init.body) : null);
           return new Response(json === null ? null : JSON.stringify(json), {{ status }});
         }};"
    );
    js_sys::eval(&src).unwrap();
}

fn calls() -> Vec<serde_json::Value> {
    let v = js_sys::eval("JSON.stringify(window.__calls)").unwrap();
    serde_json::from_str(&v.as_string().unwrap()).unwrap()
}

fn calls_to(suffix: &str) -> Vec<serde_json::Value> {
    calls()
        .into_iter()
        .filter(|c| c["path"].as_str().unwrap().ends_with(suffix))
        .collect()
}

/// Surveys answered with `pending` (a JSON survey or `null`); answers and dismissals take
/// `delay` ms and return 204.
fn stub_surveys(pending: &str, delay: u32) {
    stub(&format!(
        "async (path, method) => {{
           if (path === '/api/v1/surveys/pending') return [200, {{ survey: {pending} }}];
           await new Promise((r) => setTimeout(r, {delay}));
           return [204, null];
         }}"
    ));
}

fn survey(kind: SurveyKind) -> PendingSurvey {
    PendingSurvey {
        id: format!("srv_{}", kind.as_str()),
        kind,
        conversation_id: (kind == SurveyKind::Csat).then(|| "c_1".into()),
        agent_name: (kind == SurveyKind::Csat).then(|| "Maya".into()),
        event_id: None,
    }
}

/// A survey slot showing `s`.
fn slot(lang: Lang, s: PendingSurvey) -> HtmlElement {
    let el = shadow_root();
    let client = StoredValue::new_local(std::rc::Rc::new(SubApi::new(
        "http://127.0.0.1:9",
        "visitor-token-1",
    )));
    leptos::mount::mount_to(el.clone(), move || {
        let survey = RwSignal::new(Some(s.clone()));
        view! { <SurveySlot lang client survey /> }
    })
    .forget();
    el
}

async fn until_gone(root: &HtmlElement, testid: &str, ms: u32) {
    for _ in 0..ms / 20 {
        if q(root, testid).is_none() {
            return;
        }
        sleep(20).await;
    }
    panic!("{testid} is still there");
}

fn key(el: &HtmlElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    el.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
}

fn scores(root: &HtmlElement) -> Vec<String> {
    let list = root
        .query_selector_all("[data-testid^=survey-score-]")
        .unwrap();
    (0..list.length())
        .map(|i| {
            let el: HtmlElement = list.item(i).unwrap().dyn_into().unwrap();
            attr(&el, "data-testid").unwrap()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn each_kind_shows_its_scale_and_labels() {
    stub_surveys("null", 0);
    let csat = slot(Lang::En, survey(SurveyKind::Csat));
    tick().await;
    let card = q(&csat, "survey-card").unwrap();
    assert_eq!(attr(&card, "data-kind").as_deref(), Some("csat"));
    assert_eq!(
        text(&q(&csat, "survey-kind-csat").unwrap()),
        "How satisfied were you with Maya's help?"
    );
    assert_eq!(
        scores(&csat),
        (1..=5)
            .map(|n| format!("survey-score-{n}"))
            .collect::<Vec<_>>()
    );
    let one = q(&csat, "survey-score-1").unwrap();
    assert_eq!(
        attr(&one, "aria-label").as_deref(),
        Some("Very dissatisfied")
    );
    assert_eq!(attr(&one, "role").as_deref(), Some("radio"));
    assert_eq!(
        attr(&q(&csat, "survey-score-5").unwrap(), "aria-label").as_deref(),
        Some("Very satisfied")
    );
    assert!(q(&csat, "survey-comment").is_some());
    assert!(q(&csat, "survey-submit").is_some());
    assert!(q(&csat, "survey-dismiss").is_some());

    let ces = slot(Lang::En, survey(SurveyKind::Ces));
    tick().await;
    assert!(text(&q(&ces, "survey-kind-ces").unwrap()).contains("How easy was it"));
    assert_eq!(scores(&ces).len(), 7);
    assert_eq!(scores(&ces)[0], "survey-score-1");
    assert_eq!(
        attr(&q(&ces, "survey-score-7").unwrap(), "aria-label").as_deref(),
        Some("7 – Very easy")
    );

    let nps = slot(Lang::En, survey(SurveyKind::Nps));
    tick().await;
    assert_eq!(scores(&nps).len(), 11);
    assert_eq!(scores(&nps)[0], "survey-score-0");
    assert_eq!(scores(&nps)[10], "survey-score-10");
    assert!(text(&q(&nps, "survey-card").unwrap()).contains("Not at all likely"));
    assert!(text(&q(&nps, "survey-card").unwrap()).contains("main reason"));

    // Translated.
    let fi = slot(Lang::Fi, survey(SurveyKind::Nps));
    tick().await;
    assert!(text(&q(&fi, "survey-kind-nps").unwrap()).contains("suosittelisit"));
    let ru = slot(Lang::Ru, survey(SurveyKind::Ces));
    tick().await;
    assert_eq!(
        attr(&q(&ru, "survey-submit").unwrap(), "data-testid").as_deref(),
        Some("survey-submit")
    );
    assert_eq!(text(&q(&ru, "survey-submit").unwrap()), "Отправить");
}

#[wasm_bindgen_test]
async fn a_double_click_sends_one_answer_then_thanks_and_closes() {
    stub_surveys("null", 150);
    let root = slot(Lang::En, survey(SurveyKind::Csat));
    tick().await;
    // Nothing picked yet: said so, nothing sent.
    q(&root, "survey-submit").unwrap().click();
    tick().await;
    assert_eq!(text(&q(&root, "survey-error").unwrap()), "Pick a score.");
    assert!(calls().is_empty());

    let five = q(&root, "survey-score-5").unwrap();
    five.click();
    tick().await;
    assert_eq!(attr(&five, "aria-checked").as_deref(), Some("true"));
    assert_eq!(
        attr(&q(&root, "survey-score-4").unwrap(), "aria-checked").as_deref(),
        Some("false")
    );
    let comment: HtmlTextAreaElement = q(&root, "survey-comment").unwrap().dyn_into().unwrap();
    comment.set_value("  Quick and kind  ");
    comment
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let submit = q(&root, "survey-submit").unwrap();
    submit.click();
    submit.click();
    let thanks = until(&root, "survey-thanks").await;
    assert_eq!(text(&thanks), "Thank you for your feedback!");
    let answers = calls_to("/answer");
    assert_eq!(
        answers.len(),
        1,
        "one answer for a double click: {:?}",
        calls()
    );
    assert_eq!(answers[0]["path"], "/api/v1/surveys/srv_csat/answer");
    assert_eq!(answers[0]["method"], "POST");
    assert_eq!(answers[0]["auth"], "Bearer visitor-token-1");
    let body: serde_json::Value =
        serde_json::from_str(answers[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"score": 5, "comment": "Quick and kind"})
    );
    assert!(calls_to("/dismiss").is_empty());
    // Then it closes by itself.
    until_gone(&root, "survey-card", 4_000).await;
}

#[wasm_bindgen_test]
async fn a_too_long_comment_is_refused_before_sending() {
    stub_surveys("null", 0);
    let root = slot(Lang::En, survey(SurveyKind::Nps));
    tick().await;
    q(&root, "survey-score-0").unwrap().click();
    let comment: HtmlTextAreaElement = q(&root, "survey-comment").unwrap().dyn_into().unwrap();
    comment.set_value(&"x".repeat(1001));
    comment
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    q(&root, "survey-submit").unwrap().click();
    tick().await;
    assert!(text(&q(&root, "survey-error").unwrap()).contains("1,000"));
    assert!(calls().is_empty());
}

#[wasm_bindgen_test]
async fn dismissing_posts_dismiss_and_hides_the_card() {
    stub_surveys("null", 0);
    let root = slot(Lang::En, survey(SurveyKind::Nps));
    tick().await;
    q(&root, "survey-dismiss").unwrap().click();
    tick().await;
    assert!(q(&root, "survey-card").is_none());
    sleep(50).await;
    let d = calls_to("/dismiss");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["path"], "/api/v1/surveys/srv_nps/dismiss");
    assert_eq!(d[0]["method"], "POST");
    assert!(calls_to("/answer").is_empty());
}

#[wasm_bindgen_test]
async fn escape_dismisses_and_arrow_keys_move_the_score() {
    stub_surveys("null", 0);
    let root = slot(Lang::En, survey(SurveyKind::Ces));
    tick().await;
    let first = q(&root, "survey-score-1").unwrap();
    assert_eq!(attr(&first, "tabindex").as_deref(), Some("0"));
    key(&first, "ArrowRight");
    tick().await;
    assert_eq!(attr(&first, "aria-checked").as_deref(), Some("true"));
    key(&first, "ArrowRight");
    tick().await;
    let two = q(&root, "survey-score-2").unwrap();
    assert_eq!(attr(&two, "aria-checked").as_deref(), Some("true"));
    assert_eq!(attr(&two, "tabindex").as_deref(), Some("0"));
    assert_eq!(attr(&first, "tabindex").as_deref(), Some("-1"));

    key(&q(&root, "survey-comment").unwrap(), "Escape");
    tick().await;
    assert!(q(&root, "survey-card").is_none());
    sleep(50).await;
    assert_eq!(calls_to("/dismiss").len(), 1);
}

#[wasm_bindgen_test]
async fn the_widget_asks_when_a_session_starts_and_shows_the_card_above_the_composer() {
    stub_surveys(
        r#"{ id: 'srv_n1', kind: 'nps', conversation_id: null, agent_name: null, event_id: null }"#,
        0,
    );
    let (root, widget) = mount_config(Lang::En, &super::fresh_merchant(), None, false);
    widget.session(&session(true, Some("Ava Martin")));
    let card = until(&root, "survey-card").await;
    assert_eq!(attr(&card, "data-kind").as_deref(), Some("nps"));
    let host = q(&root, "survey-host").unwrap();
    assert!(
        host.contains(Some(&card)),
        "the card is in the chat's survey host"
    );
    let pending = calls_to("/surveys/pending");
    assert_eq!(pending[0]["auth"], "Bearer visitor-token-1");
    assert_eq!(pending.len(), 1, "the card uses the widget's answer");
    // The chat stays usable.
    assert!(!q(&root, "cd-composer").unwrap().has_attribute("disabled"));
    // Escape closes the card, not the widget.
    let closed = std::rc::Rc::new(std::cell::Cell::new(false));
    let c = closed.clone();
    let on_close = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || c.set(true));
    root.add_event_listener_with_callback("cd-close", on_close.as_ref().unchecked_ref())
        .unwrap();
    on_close.forget();
    key(&q(&root, "survey-score-0").unwrap(), "Escape");
    tick().await;
    assert!(q(&root, "survey-card").is_none());
    assert!(!closed.get(), "the widget stays open");
}

#[wasm_bindgen_test]
async fn no_survey_no_card_and_a_resolve_asks_again() {
    stub_surveys("null", 0);
    let (root, widget) = mount_config(Lang::En, &super::fresh_merchant(), None, false);
    widget.session(&session(true, None));
    sleep(100).await;
    assert_eq!(calls_to("/surveys/pending").len(), 1);
    assert!(q(&root, "survey-card").is_none());
    assert!(all(&root, "survey-host").len() == 1);

    stub_surveys(
        r#"{ id: 'srv_c1', kind: 'csat', conversation_id: 'c_1', agent_name: 'Maya', event_id: null }"#,
        0,
    );
    widget.receive(ServerFrame::Message {
        message: message(
            1,
            Author::System,
            None,
            Some(SystemEvent::Resolved {
                agent_name: "Maya".into(),
            }),
        ),
    });
    let card = until(&root, "survey-card").await;
    assert_eq!(attr(&card, "data-kind").as_deref(), Some("csat"));
    assert!(text(&card).contains("Maya"));
}

#[wasm_bindgen_test]
async fn a_self_service_change_shows_the_ces_card_at_the_top() {
    let view = super::selfservice::view_json("active", 3);
    let after = super::selfservice::view_json("active", 4).replace("2026-12-04", "2027-01-04");
    let effect = super::selfservice::SKIP_EFFECT;
    stub(&format!(
        "async (path, method) => {{
           if (path === '/api/v1/subscriptions') return [200, {{ subscriptions: [{view}], cutoff_hours: 48 }}];
           if (path.endsWith('/preview')) return [200, {{ effect: {effect}, after: {after} }}];
           if (path.endsWith('/actions')) return [200, {{ event_id: 'evt_1', reference: 'CD-1', effect: {effect}, subscription: {after} }}];
           if (path === '/api/v1/surveys/pending')
             return [200, {{ survey: {{ id: 'srv_e1', kind: 'ces', event_id: 'evt_1' }} }}];
           return [204, null];
         }}"
    ));
    let el = shadow_root();
    let client = StoredValue::new_local(std::rc::Rc::new(SubApi::new(
        "http://127.0.0.1:9",
        "visitor-token-1",
    )));
    leptos::mount::mount_to(
        el.clone(),
        move || view! { <MySubscription lang=Lang::En client /> },
    )
    .forget();
    until(&el, "sub-action-skip").await.click();
    until(&el, "sub-preview").await;
    sleep(50).await;
    assert!(
        calls_to("/surveys/pending").is_empty(),
        "not asked before a change"
    );
    q(&el, "sub-confirm").unwrap().click();
    let card = until(&el, "survey-card").await;
    assert_eq!(attr(&card, "data-kind").as_deref(), Some("ces"));
    // At the top of the view, before the subscription's card.
    let view = q(&el, "sub-view").unwrap();
    let first: HtmlElement = view.first_element_child().unwrap().dyn_into().unwrap();
    assert_eq!(attr(&first, "data-testid").as_deref(), Some("survey-card"));
    assert!(q(&el, "sub-success").is_some());
    assert_eq!(calls_to("/surveys/pending").len(), 1);
}
