//! "My subscription" and the cancel flow. The API is a stub `window.fetch` per test: a JS
//! function of `(path, method, body)` returning `[status, json]`; every call is recorded in
//! `window.__calls` (path, method, body, idempotency key, authorization).

use leptos::prelude::*;
use shared::date::Date;
use shared::selfservice::{DiscountOffer, SubscriptionView};
use shared::subscription::{ActionKind, Effect};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use widget::client::SubApi;
use widget::i18n::Lang;
use widget::selfservice::{countdown, preview_line};
use widget::views::{CancelFlow, SubscriptionPanel};

use super::{all, attr, mount_config, q, session, shadow_root, sleep, text, tick, until};

/// Answers the self-service paths with `route` (JS: `(path, method, body) => [status,
/// json]`); other requests go to the real `fetch`.
fn stub(route: &str) {
    let src = format!(
        "window.__calls = []; const route = {route}; const real = window.__fetch ||= window.fetch;
         window.fetch = async (url, init = {{}}) => {{
           const path = new URL(url, location.href).pathname, h = new Headers(init.headers || {{}});
           if (!path.startsWith('/api/v1/subscriptions')) return real(url, init);
           window.__calls.push({{ path, method: init.method || 'GET', body: init.body || null,
             key: h.get('Idempotency-Key'), auth: h.get('authorization') }});
           const [status, json] = await route(path, init.method || 'GET', init.body ? JSON.parse(init.body) : null);
           return new Response(JSON.stringify(json), {{ status, headers: {{ 'content-type': 'application/json' }} }});
         }};"
    );
    js_sys::eval(&src).unwrap();
}

/// `window.__calls` as JSON values.
fn calls() -> Vec<serde_json::Value> {
    let v = js_sys::eval("JSON.stringify(window.__calls)").unwrap();
    serde_json::from_str(&v.as_string().unwrap()).unwrap()
}

pub(super) fn view_json(status: &str, version: u32) -> String {
    let cutoff = js_sys::Date::now() as i64 + 3_600_000;
    format!(
        r#"{{"subscription":{{"id":"subn_ava","plan":"Cellar Club","status":"{status}","frequency":"monthly",
        "next_box":"2026-12-04","address":{{"name":"Ava Martin","line1":"410 Vine St","city":"Sacramento",
        "region":"CA","postal_code":"95814","country":"US"}},"version":{version},"is_wine":true}},
        "price_cents":6900,"cutoff_at":{cutoff},"upcoming":["2026-12-04","2027-01-04"]}}"#
    )
}

fn sub_view(status: &str) -> SubscriptionView {
    serde_json::from_str(&view_json(status, 3)).unwrap()
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// The self-service API as the signed-in subscriber of [`session`].
fn client(_lang: Lang) -> std::rc::Rc<SubApi> {
    std::rc::Rc::new(SubApi::new("http://127.0.0.1:9", "visitor-token-1"))
}

fn panel(lang: Lang, view: SubscriptionView, discount: Option<DiscountOffer>) -> HtmlElement {
    let el = shadow_root();
    let client = StoredValue::new_local(client(lang));
    leptos::mount::mount_to(el.clone(), move || {
        view! { <SubscriptionPanel lang client view=view.clone() discount=discount.clone() /> }
    })
    .forget();
    el
}

async fn until_text(root: &HtmlElement, testid: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        last = q(root, testid).map(|e| text(&e)).unwrap_or_default();
        if last.contains(needle) {
            return last;
        }
        sleep(20).await;
    }
    panic!("{testid} never said {needle:?}; it says {last:?}");
}

pub(super) const SKIP_EFFECT: &str = r#"{"action":"skip_next","first_affected_box":"2026-12-04","cutoff_passed":false,"next_box":"2027-01-04"}"#;

#[wasm_bindgen_test]
fn preview_lines_are_localised() {
    let mut e = Effect {
        action: ActionKind::SkipNext,
        first_affected_box: d("2026-12-04"),
        cutoff_passed: false,
        effective: None,
        next_box: Some(d("2026-12-18")),
    };
    assert_eq!(
        preview_line(Lang::En, &e),
        "Applies to the box of Dec 4 · Next box: Dec 18"
    );
    assert!(preview_line(Lang::Es, &e).starts_with("Se aplica a la caja del 4 dic"));
    assert!(preview_line(Lang::Fi, &e).starts_with("Koskee laatikkoa 4."));
    assert!(preview_line(Lang::Ru, &e).starts_with("Касается коробки от 4 дек"));
    e.cutoff_passed = true;
    e.first_affected_box = d("2026-12-18");
    e.next_box = None;
    assert_eq!(
        preview_line(Lang::En, &e),
        "Cutoff passed: applies from Dec 18 · No boxes coming"
    );
    assert!(preview_line(Lang::Fi, &e).starts_with("Muutosaika umpeutui"));
    e.action = ActionKind::Cancel;
    e.effective = Some(d("2026-12-18"));
    assert!(preview_line(Lang::En, &e).contains("Effective Dec 18"));
    assert!(preview_line(Lang::Ru, &e).contains("Вступает в силу 18 дек"));
}

#[wasm_bindgen_test]
fn countdowns_show_days_only_when_there_are_some() {
    assert_eq!(countdown(Lang::En, 3_661_000), "01:01:01");
    assert_eq!(countdown(Lang::En, 90_061_000), "1\u{a0}d 01:01:01");
    assert_eq!(countdown(Lang::Fi, 90_061_000), "1\u{a0}pv 01:01:01");
    assert_eq!(countdown(Lang::Ru, -5), "00:00:00");
}

#[wasm_bindgen_test]
async fn anonymous_visitors_see_nothing_new_and_subscribers_cancel_in_two_taps() {
    stub(&format!(
        "(path) => path === '/api/v1/subscriptions' ? [200, {{ subscriptions: [{}], cutoff_hours: 48 }}] : [404, {{}}]",
        view_json("active", 3)
    ));
    let (root, widget) = mount_config(Lang::En, &super::fresh_merchant(), None, false);
    widget.session(&session(true, None));
    tick().await;
    assert!(q(&root, "sub-open").is_none(), "no tab for a guest");
    assert!(calls().is_empty(), "no self-service call for a guest");

    widget.session(&session(true, Some("Ava Martin")));
    tick().await;
    q(&root, "sub-open").expect("tab for a subscriber").click();
    let card = until(&root, "sub-card").await;
    assert!(text(&card).contains("Cellar Club"));
    assert_eq!(calls()[0]["auth"], "Bearer visitor-token-1");
    assert!(text(&q(&root, "sub-price").unwrap()).contains("$69.00"));
    q(&root, "sub-cancel-open").unwrap().click();
    tick().await;
    assert!(
        q(&root, "cancel-confirm").is_some(),
        "cancel is two taps away"
    );
    // Back to the chat: the composer is there again.
    q(&root, "sub-tab-chat").unwrap().click();
    tick().await;
    assert!(q(&root, "sub-view").is_none());
}

#[wasm_bindgen_test]
async fn a_reconnect_leaves_a_half_done_cancel_flow_alone() {
    stub(&format!(
        "(path) => path === '/api/v1/subscriptions' ? [200, {{ subscriptions: [{}], cutoff_hours: 48 }}] : [404, {{}}]",
        view_json("active", 3)
    ));
    let (root, widget) = mount_config(Lang::En, &super::fresh_merchant(), None, false);
    widget.session(&session(true, Some("Ava Martin")));
    tick().await;
    q(&root, "sub-open").unwrap().click();
    until(&root, "sub-card").await;
    q(&root, "sub-cancel-open").unwrap().click();
    tick().await;
    assert!(q(&root, "cancel-confirm").is_some());
    // A reconnect: the same subscriber and shop, but a freshly signed visitor token.
    let mut again = session(true, Some("Ava Martin"));
    again.visitor_token = "visitor-token-2".into();
    widget.session(&again);
    sleep(100).await;
    assert!(
        q(&root, "cancel-confirm").is_some(),
        "the panel was mounted afresh"
    );
    let loads = calls().iter().filter(|c| c["method"] == "GET").count();
    assert_eq!(loads, 1, "loaded again: {:?}", calls());
}

#[wasm_bindgen_test]
async fn the_cutoff_countdown_ticks() {
    stub("() => [503, {}]");
    let root = panel(Lang::En, sub_view("active"), None);
    tick().await;
    let first = text(&q(&root, "sub-cutoff").unwrap());
    assert!(
        first.starts_with("Changes to this box close in 00:59:"),
        "{first}"
    );
    sleep(1100).await;
    assert_ne!(text(&q(&root, "sub-cutoff").unwrap()), first);
    assert_eq!(text(&q(&root, "sub-next-box").unwrap()), "Next box: Dec 4");
}

#[wasm_bindgen_test]
async fn the_cancel_flow_shows_at_most_one_offer_beside_the_cancel_button() {
    stub(
        r#"() => [200, { effect: { action: "cancel", first_affected_box: "2026-12-04", cutoff_passed: false, effective: "2026-11-24", next_box: null }, after: null }]"#,
    );
    let discount = DiscountOffer {
        percent: 20,
        boxes: 2,
        code: "STAY20".into(),
    };
    let root = panel(Lang::En, sub_view("active"), Some(discount));
    tick().await;
    q(&root, "sub-cancel-open").unwrap().click();
    tick().await;
    assert!(
        all(&root, "cancel-offer").is_empty(),
        "no offer before a reason"
    );
    let confirm = q(&root, "cancel-confirm").unwrap();
    assert_eq!(text(&confirm), "Cancel subscription");

    q(&root, "cancel-reason-too_expensive").unwrap().click();
    tick().await;
    let offers = all(&root, "cancel-offer");
    assert_eq!(offers.len(), 1);
    assert_eq!(attr(&offers[0], "data-offer").as_deref(), Some("discount"));
    assert_eq!(text(&q(&root, "cancel-offer-code").unwrap()), "STAY20");
    // Beside the offer, in the same row, the cancel button is still there.
    let row = offers[0].parent_element().unwrap();
    assert!(row
        .query_selector("[data-testid=cancel-confirm]")
        .unwrap()
        .is_some());

    q(&root, "cancel-reason-too_much_product").unwrap().click();
    tick().await;
    let offers = all(&root, "cancel-offer");
    assert_eq!(offers.len(), 1);
    assert_eq!(attr(&offers[0], "data-offer").as_deref(), Some("pause"));

    q(&root, "cancel-reason-moving").unwrap().click();
    tick().await;
    assert!(
        all(&root, "cancel-offer").is_empty(),
        "moving gets no offer"
    );
    assert!(q(&root, "cancel-confirm").is_some());
}

#[wasm_bindgen_test]
async fn a_paused_subscription_is_not_offered_a_pause() {
    stub("() => [503, {}]");
    let el = shadow_root();
    let sub = RwSignal::new(sub_view("paused"));
    let client = StoredValue::new_local(client(Lang::Es));
    leptos::mount::mount_to(el.clone(), move || {
        view! {
            <CancelFlow lang=Lang::Es client sub discount=None
                on_offer=Callback::new(|_| ()) on_done=Callback::new(|_| ()) on_back=Callback::new(|_| ()) />
        }
    })
    .forget();
    tick().await;
    q(&el, "cancel-reason-too_much_product").unwrap().click();
    tick().await;
    assert!(all(&el, "cancel-offer").is_empty());
    assert_eq!(
        text(&q(&el, "cancel-confirm").unwrap()),
        "Cancelar suscripción"
    );
}

#[wasm_bindgen_test]
async fn a_double_click_applies_once_and_the_card_updates() {
    let after = view_json("active", 4).replace("2026-12-04", "2027-01-04");
    stub(&format!(
        "async (path, method, body) => {{
           if (path.endsWith('/preview')) return [200, {{ effect: {SKIP_EFFECT}, after: {after} }}];
           await new Promise((r) => setTimeout(r, 150));
           return [200, {{ event_id: 'evt_abc', reference: 'CD-ABC12345', effect: {SKIP_EFFECT}, subscription: {after} }}];
         }}"
    ));
    let root = panel(Lang::En, sub_view("active"), None);
    tick().await;
    q(&root, "sub-action-skip").unwrap().click();
    let line = until_text(&root, "sub-preview", "Applies to the box of Dec 4").await;
    assert_eq!(line, "Applies to the box of Dec 4 · Next box: Jan 4");
    let confirm = q(&root, "sub-confirm").unwrap();
    confirm.click();
    confirm.click();
    until_text(&root, "sub-success", "CD-ABC12345").await;
    let applies: Vec<_> = calls()
        .into_iter()
        .filter(|c| c["path"].as_str().unwrap().ends_with("/actions"))
        .collect();
    assert_eq!(applies.len(), 1, "one apply for a double click");
    assert_eq!(calls().len(), 2, "one preview, one apply: {:?}", calls());
    assert!(!applies[0]["key"].as_str().unwrap().is_empty());
    let body: serde_json::Value =
        serde_json::from_str(applies[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["version"], 3);
    assert_eq!(body["action"]["action"], "skip_next");
    assert_eq!(body["effect"]["first_affected_box"], "2026-12-04");
    assert_eq!(text(&q(&root, "sub-next-box").unwrap()), "Next box: Jan 4");
}

#[wasm_bindgen_test]
async fn a_version_conflict_shows_what_changed_and_reviews_again() {
    let current = view_json("paused", 4);
    stub(&format!(
        "(path, method, body) => {{
           if (path.endsWith('/preview')) return body.version === 4
             ? [409, {{ code: 'subscription_paused', message: 'paused' }}]
             : [200, {{ effect: {SKIP_EFFECT}, after: {current} }}];
           return [409, {{ code: 'version_conflict', message: 'changed', current: {current} }}];
         }}"
    ));
    let root = panel(Lang::En, sub_view("active"), None);
    tick().await;
    q(&root, "sub-action-skip").unwrap().click();
    until_text(&root, "sub-preview", "Dec 4").await;
    q(&root, "sub-confirm").unwrap().click();
    let notice = until_text(&root, "sub-conflict", "changed in the meantime").await;
    assert!(notice.contains("Paused"), "{notice}");
    // Previewed again at the new version: now the server says why it cannot happen.
    until_text(&root, "sub-error", "Resume it first").await;
}

#[wasm_bindgen_test]
async fn a_cutoff_passed_since_the_preview_shows_the_new_effect_to_confirm() {
    let later = SKIP_EFFECT
        .replace("\"2026-12-04\"", "\"2027-01-04\"")
        .replace("false", "true");
    stub(&format!(
        "(path, method, body) => {{
           if (path.endsWith('/preview')) return [200, {{ effect: {SKIP_EFFECT}, after: {v} }}];
           if (body.effect.cutoff_passed) return [200, {{ event_id: 'evt_x', reference: 'CD-X', effect: body.effect, subscription: {v} }}];
           return [409, {{ code: 'effect_changed', message: 'cutoff', effect: {later} }}];
         }}",
        v = view_json("active", 4)
    ));
    let root = panel(Lang::En, sub_view("active"), None);
    tick().await;
    q(&root, "sub-action-skip").unwrap().click();
    until_text(&root, "sub-preview", "Applies to the box of Dec 4").await;
    q(&root, "sub-confirm").unwrap().click();
    until_text(&root, "sub-preview", "Cutoff passed: applies from Jan 4").await;
    q(&root, "sub-confirm").unwrap().click();
    until_text(&root, "sub-success", "CD-X").await;
    let keys: Vec<_> = calls()
        .into_iter()
        .filter(|c| c["path"].as_str().unwrap().ends_with("/actions"))
        .map(|c| c["key"].clone())
        .collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1], "a different body gets a new key");
}

#[wasm_bindgen_test]
async fn address_errors_show_beside_their_fields() {
    stub(
        r#"() => [400, { code: "validation_failed", message: "bad", fields: [{ field: "postal_code", code: "invalid_postal_code", country: "US" }] }]"#,
    );
    let root = panel(Lang::Fi, sub_view("active"), None);
    tick().await;
    q(&root, "sub-action-address").unwrap().click();
    tick().await;
    let postal: web_sys::HtmlInputElement = q(&root, "sub-address-postal_code")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(postal.value(), "95814");
    q(&root, "sub-review").unwrap().click();
    until_text(&root, "field-error-postal_code", "Virheellinen postinumero").await;
    assert_eq!(
        attr(
            &q(&root, "sub-address-postal_code").unwrap(),
            "aria-invalid"
        )
        .as_deref(),
        Some("true")
    );
    assert!(q(&root, "field-error-city").is_none());
    assert!(q(&root, "sub-confirm").unwrap().has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn cancelling_confirms_with_the_effective_date_and_reference() {
    let effect = r#"{"action":"cancel","first_affected_box":"2026-12-04","cutoff_passed":false,"effective":"2026-11-24","next_box":null}"#;
    stub(&format!(
        "(path, method, body) => path.endsWith('/preview')
           ? [200, {{ effect: {effect}, after: {v} }}]
           : [200, {{ event_id: 'evt_q', reference: 'CD-7K3P9QXM', effect: {effect}, subscription: {v} }}]",
        v = view_json("active", 4).replace(r#""status":"active""#, r#""status":"cancelled","cancel_effective":"2026-11-24""#)
    ));
    let root = panel(Lang::En, sub_view("active"), None);
    tick().await;
    q(&root, "sub-cancel-open").unwrap().click();
    tick().await;
    q(&root, "cancel-reason-moving").unwrap().click();
    until_text(&root, "sub-preview", "Effective Nov 24").await;
    q(&root, "cancel-confirm").unwrap().click();
    until_text(&root, "cancel-done-reference", "CD-7K3P9QXM").await;
    assert_eq!(
        text(&q(&root, "cancel-done-effective").unwrap()),
        "Effective Nov 24"
    );
    let apply = calls()
        .into_iter()
        .find(|c| c["path"].as_str().unwrap().ends_with("/actions"))
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(apply["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["action"],
        serde_json::json!({ "action": "cancel", "reason": "moving", "comment": null })
    );
}
