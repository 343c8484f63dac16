//! The composer: Enter sends, Shift+Enter adds a line; a counter appears near the limit.
//! It stays usable while reconnecting (lines wait and go out on reconnect, as the header
//! says); it is disabled, with the reason, only when chat cannot work at all.

use leptos::prelude::*;
use shared::chat::{body_len, COUNTER_FROM_CHARS, MAX_BODY_CHARS};

use crate::i18n::{counter, t, Key, Lang};

#[component]
pub fn Composer(
    lang: Lang,
    /// Sends the text; returns whether it was accepted (the draft is then cleared).
    on_send: Callback<String, bool>,
    /// The draft changed (drives the typing indicator the agent sees).
    on_draft: Callback<String>,
    /// The visitor left the composer.
    on_leave: Callback<()>,
    /// Chat is unavailable: the composer is disabled and says why.
    #[prop(into)]
    blocked: Signal<bool>,
) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let submit = move || {
        if blocked.get_untracked() {
            return;
        }
        if on_send.run(draft.get_untracked()) {
            draft.set(String::new());
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            submit();
        }
    };
    let len = move || draft.with(|d| body_len(d));
    let hint = move || {
        if blocked.get() {
            t(lang, Key::Offline)
        } else {
            t(lang, Key::ComposerHint)
        }
    };
    view! {
        <form class="cd-composer" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <textarea
                class="cd-input"
                data-testid="cd-composer"
                rows="2"
                aria-label=t(lang, Key::ComposerLabel)
                aria-describedby="cd-hint"
                placeholder=t(lang, Key::Placeholder)
                disabled=move || blocked.get()
                prop:value=move || draft.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    on_draft.run(text.clone());
                    draft.set(text);
                }
                on:blur=move |_| on_leave.run(())
                on:keydown=on_keydown
            ></textarea>
            <div class="cd-actions">
                <span id="cd-hint" class="cd-hint" class:cd-blocked=move || blocked.get()>{hint}</span>
                <Show when=move || { len() >= COUNTER_FROM_CHARS }>
                    <span class="cd-counter" data-testid="cd-counter" class:cd-over=move || { len() > MAX_BODY_CHARS }>
                        {move || counter(lang, len())}
                    </span>
                </Show>
                <button type="submit" class="cd-send" data-testid="cd-send" disabled=move || blocked.get()>{t(lang, Key::Send)}</button>
            </div>
        </form>
    }
}
