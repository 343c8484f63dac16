//! One queue section (Waiting / Mine / Others / Resolved) and its conversations.

use leptos::prelude::*;

use crate::i18n::{section_heading, t, Key};
use crate::queue::{Inbox, Section};
use crate::views::QueueRow;

fn label(section: Section) -> &'static str {
    match section {
        Section::Waiting => t(Key::Waiting),
        Section::Mine => t(Key::Mine),
        Section::Others => t(Key::Others),
        Section::Resolved => t(Key::Resolved),
    }
}

#[component]
pub fn QueueSection(
    section: Section,
    inbox: ReadSignal<Inbox>,
    me: String,
    now: Signal<i64>,
    open: Signal<Option<String>>,
) -> impl IntoView {
    let ids = Memo::new(move |_| inbox.with(|i| i.section_ids(section, &me)));
    let heading_id = format!("{}-heading", section.test_id());
    let labelled_by = heading_id.clone();

    view! {
        <section class="queue-section" data-testid=section.test_id() aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || section_heading(label(section), ids.with(Vec::len))}</h2>
            <Show
                when=move || ids.with(|v| !v.is_empty())
                fallback=|| view! { <p class="queue-empty">{t(Key::EmptySection)}</p> }
            >
                <ul class="queue-list">
                    <For
                        each=move || ids.get()
                        key=|id| id.clone()
                        children=move |id| view! { <QueueRow id inbox now open /> }
                    />
                </ul>
            </Show>
        </section>
    }
}
