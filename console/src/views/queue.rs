//! The left column: the four queue sections.

use leptos::prelude::*;

use crate::i18n::{t, Key};
use crate::queue::{Inbox, Section};
use crate::views::QueueSection;

#[component]
pub fn QueuePanel(
    inbox: ReadSignal<Inbox>,
    me: String,
    now: Signal<i64>,
    open: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <nav class="queue" aria-label=t(Key::Queue)>
            {Section::ALL
                .into_iter()
                .map(|section| view! { <QueueSection section inbox me=me.clone() now open /> })
                .collect_view()}
        </nav>
    }
}
