//! The conversation log, scrolled to the newest line, with the agent's typing indicator.

use leptos::html::Ol;
use leptos::prelude::*;

use crate::chat::Chat;
use crate::i18n::{t, Key, Lang};
use crate::views::{MessageItem, TypingIndicator};

#[component]
pub fn MessageList(lang: Lang, chat: ReadSignal<Chat>) -> impl IntoView {
    let list = NodeRef::<Ol>::new();
    Effect::new(move |_| {
        chat.track();
        if let Some(el) = list.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    view! {
        <div class="cd-log">
            <Show when=move || chat.with(|c| c.lines.is_empty())>
                <p class="cd-empty" data-testid="cd-empty">{t(lang, Key::Empty)}</p>
            </Show>
            <ol class="cd-messages" data-testid="cd-messages" role="log" aria-label=t(lang, Key::Log) node_ref=list>
                <For
                    each=move || chat.with(|c| c.lines.clone())
                    key=|line| line.render_key()
                    children=move |line| view! { <MessageItem lang line /> }
                />
            </ol>
            <TypingIndicator lang chat />
        </div>
    }
}
