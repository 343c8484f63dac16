//! The conversation's messages (role=log), kept scrolled to the newest one.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{t, Key};
use crate::thread::Thread;
use crate::views::MessageItem;

#[component]
pub fn MessageList(thread: ReadSignal<Thread>, visitor_name: Signal<String>) -> impl IntoView {
    let list = NodeRef::<html::Div>::new();
    let rows = move || {
        thread.with(|t| {
            t.lines
                .iter()
                .map(|l| (l.clone(), t.is_read_by_peer(l)))
                .collect::<Vec<_>>()
        })
    };
    // Outside-world sync: follow new messages.
    Effect::new(move |_| {
        thread.with(|t| t.lines.len());
        if let Some(el) = list.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });

    view! {
        <div class="messages" role="log" aria-label=t(Key::Messages) data-testid="conv-messages" node_ref=list tabindex="0">
            <Show when=move || thread.with(|t| t.lines.is_empty())>
                <p class="messages-empty">{t(Key::NoMessages)}</p>
            </Show>
            <For
                each=rows
                key=|(l, read)| (format!("{}:{}", l.author.as_str(), l.client_id), l.seq, l.state, *read)
                children=move |(line, read)| view! { <MessageItem line read visitor_name /> }
            />
        </div>
    }
}
