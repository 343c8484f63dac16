//! The reply box: canned replies (grouped by category) fill it; Enter sends, Shift+Enter
//! adds a line; typing is reported (throttled by the conversation).

use leptos::html;
use leptos::prelude::*;
use shared::api::CannedReply;
use shared::chat::{body_len, COUNTER_FROM_CHARS, MAX_BODY_CHARS};
use shared::ApiError;

use crate::forms::group_canned;
use crate::i18n::{self, t, Key};

#[component]
pub fn Composer(
    /// The conversation id (for element ids).
    id: String,
    visitor_name: Signal<String>,
    canned: LocalResource<Result<Vec<CannedReply>, ApiError>>,
    /// Sends the draft; returns true if it was accepted (the draft is then cleared).
    on_send: Callback<String, bool>,
    /// The draft changed; the argument says whether it is now empty.
    on_typing: Callback<bool>,
    /// The draft, when its owner keeps it (e.g. across conversation switches).
    #[prop(optional)]
    draft: Option<RwSignal<String>>,
) -> impl IntoView {
    let draft = draft.unwrap_or_else(|| RwSignal::new(String::new()));
    let textarea = NodeRef::<html::Textarea>::new();
    let submit = move || {
        if on_send.run(draft.get_untracked()) {
            draft.set(String::new());
        }
    };
    let groups = move || match canned.get() {
        Some(Ok(list)) => group_canned(&list),
        _ => Vec::new(),
    };
    let choose = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        let body = canned
            .get_untracked()
            .and_then(|r| r.ok())
            .and_then(|list| list.into_iter().find(|r| r.id == chosen));
        if let Some(reply) = body {
            draft.set(reply.body);
            on_typing.run(false);
            if let Some(el) = textarea.get_untracked() {
                let _ = el.focus();
            }
        }
        // Back to the placeholder so the same reply can be chosen again.
        if let Some(select) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
        {
            select.set_value("");
        }
    };
    let len = move || draft.with(|d| body_len(d));
    let show_counter = move || len() >= COUNTER_FROM_CHARS;
    let too_long = Memo::new(move |_| len() > MAX_BODY_CHARS);
    let canned_id = format!("canned-{id}");
    let canned_for = canned_id.clone();
    let composer_id = format!("composer-{id}");
    let composer_for = composer_id.clone();

    view! {
        <form
            class="composer"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <div class="composer-tools">
                <label class="field-inline" for=canned_for>
                    <span>{t(Key::CannedReply)}</span>
                    <select id=canned_id data-testid="conv-canned" on:change=choose>
                        <option value="">{t(Key::CannedPlaceholder)}</option>
                        {move || {
                            groups()
                                .into_iter()
                                .map(|(category, replies)| {
                                    view! {
                                        <optgroup label=i18n::category(&category)>
                                            {replies
                                                .into_iter()
                                                .map(|r| view! { <option value=r.id>{r.title}</option> })
                                                .collect_view()}
                                        </optgroup>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <Show when=show_counter>
                    <span class="counter" class:over=too_long data-testid="conv-counter">
                        {move || format!("{}/{MAX_BODY_CHARS}", len())}
                    </span>
                </Show>
            </div>
            <div class="composer-row">
                <label class="sr-only" for=composer_for>
                    {move || format!("{} — {}", t(Key::Composer), visitor_name.get())}
                </label>
                <textarea
                    id=composer_id
                    node_ref=textarea
                    rows="3"
                    data-testid="conv-composer"
                    placeholder=t(Key::ComposerPlaceholder)
                    prop:value=draft
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        on_typing.run(value.trim().is_empty());
                        draft.set(value);
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            submit();
                        }
                    }
                ></textarea>
                <button type="submit" class="primary" data-testid="conv-send">{t(Key::Send)}</button>
            </div>
        </form>
    }
}
