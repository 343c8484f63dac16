//! The composer: Enter sends, Shift+Enter adds a line; a counter appears near the limit.

use leptos::prelude::*;
use shared::chat::{body_len, COUNTER_FROM_CHARS, MAX_BODY_CHARS};

use crate::i18n::{counter, t, Key, Lang};

#[component]
pub fn Composer(
    lang: Lang,
    /// Sends the text; returns whether it was accepted (the draft is then cleared).
    on_send: Callback<String, bool>,
) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let submit = move || {
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
    view! {
        <form class="cd-composer" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <textarea
                class="cd-input"
                data-testid="cd-composer"
                rows="2"
                aria-label=t(lang, Key::ComposerLabel)
                aria-describedby="cd-hint"
                placeholder=t(lang, Key::Placeholder)
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=on_keydown
            ></textarea>
            <div class="cd-actions">
                <span id="cd-hint" class="cd-hint">{t(lang, Key::ComposerHint)}</span>
                <Show when=move || { len() >= COUNTER_FROM_CHARS }>
                    <span class="cd-counter" data-testid="cd-counter" class:cd-over=move || { len() > MAX_BODY_CHARS }>
                        {move || counter(lang, len())}
                    </span>
                </Show>
                <button type="submit" class="cd-send" data-testid="cd-send">{t(lang, Key::Send)}</button>
            </div>
        </form>
    }
}
