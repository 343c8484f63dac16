//! The conversation log, following the newest line, with the agent's typing indicator.

use leptos::html::Ol;
use leptos::prelude::*;

use shared::protocol::Author;

use crate::chat::Chat;
use crate::i18n::{t, Key, Lang};
use crate::views::{MessageItem, TypingIndicator};

#[component]
pub fn MessageList(lang: Lang, chat: ReadSignal<Chat>) -> impl IntoView {
    let list = NodeRef::<Ol>::new();
    // A new line (not typing or receipts) is followed if the visitor was at the bottom, or
    // wrote it; one who scrolled up to read stays put. Runs after the list rendered (it
    // subscribed after it); keeps `(lines, own lines, scroll height)` as of last time: the
    // height before the new line tells whether they were at the bottom.
    Effect::new(move |prev: Option<Option<(usize, usize, i32)>>| {
        let (n, own) = chat.with(|c| {
            let own = c.lines.iter().filter(|l| l.author == Author::Visitor);
            (c.lines.len(), own.count())
        });
        let el = list.get()?;
        let (seen, seen_own, height) = prev.flatten().unwrap_or_default();
        if n > seen && (height - el.scroll_top() - el.client_height() < 48 || own > seen_own) {
            el.set_scroll_top(el.scroll_height());
        }
        Some((n, own, el.scroll_height()))
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
