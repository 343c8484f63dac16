//! "Maya is typing…" while the agent types (the chat forgets it after the TTL).

use leptos::prelude::*;

use crate::chat::Chat;
use crate::i18n::{typing, Lang};

#[component]
pub fn TypingIndicator(lang: Lang, chat: ReadSignal<Chat>) -> impl IntoView {
    let text = move || chat.with(|c| c.typing.as_ref().map(|t| typing(lang, t.name.as_deref())));
    view! {
        <p class="cd-typing" aria-live="polite">
            {move || text().map(|text| view! {
                <span data-testid="cd-typing">
                    <span class="cd-typing-dots" aria-hidden="true"><i></i><i></i><i></i></span>
                    {text}
                </span>
            })}
        </p>
    }
}
