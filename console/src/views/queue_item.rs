//! One conversation in the queue: name, unread count, preview, and the waiting time ticking
//! against the first-response target (`data-sla`). Click, Enter or Space opens it.

use leptos::prelude::*;
use shared::api::{QueueItem, QueueStatus};

use crate::format::format_wait;
use crate::i18n::{self, t, Key};
use crate::queue::{self, Inbox};
use crate::views::inbox::InboxActions;

#[component]
pub fn QueueRow(
    id: String,
    inbox: ReadSignal<Inbox>,
    now: Signal<i64>,
    open: Signal<Option<String>>,
) -> impl IntoView {
    let actions = expect_context::<InboxActions>();
    let item_id = id.clone();
    let item = Memo::new(move |_| inbox.with(|i| i.get(&item_id).cloned()));
    let read = move |f: fn(&QueueItem) -> String| {
        move || item.with(|i| i.as_ref().map(f).unwrap_or_default())
    };
    let unread = move || item.with(|i| i.as_ref().map_or(0, |i| i.unread));
    let has_unread = move || unread() > 0;
    let status = move || {
        item.with(|i| {
            i.as_ref()
                .map_or("waiting", |i| queue::status_str(i.status))
        })
    };
    let answered = move || item.with(|i| i.as_ref().is_some_and(|i| i.first_response_at.is_some()));
    let sla = move || {
        let now = now.get();
        item.with(|i| {
            i.as_ref()
                .map_or("ok", |i| queue::sla_str(queue::sla_of(i, now)))
        })
    };
    let wait = move || {
        let now = now.get();
        item.with(|i| {
            i.as_ref()
                .map(|i| format_wait(queue::wait_ms(i, now)))
                .unwrap_or_default()
        })
    };
    let assignee = move || {
        item.with(|i| {
            i.as_ref().and_then(|i| match i.status {
                QueueStatus::Escalated => Some(i18n::status_label(QueueStatus::Escalated, None)),
                _ => i.assignee.as_ref().map(|a| a.name.clone()),
            })
        })
    };
    let open_id = id.clone();
    let selected = move || open.with(|o| o.as_deref() == Some(open_id.as_str()));
    let click_id = id.clone();

    view! {
        <li>
            <button
                type="button"
                class="qitem"
                data-testid="queue-item"
                data-conversation-id=id
                data-status=status
                data-sla=sla
                aria-current=move || selected().then_some("true")
                on:click=move |_| actions.open.run(click_id.clone())
            >
                <span class="qitem-top">
                    <span class="qitem-name" data-testid="queue-item-name">{read(i18n::visitor_name)}</span>
                    <Show when=has_unread>
                        <span class="qitem-unread" data-testid="queue-item-unread" aria-label=move || i18n::unread(unread())>
                            {unread}
                        </span>
                    </Show>
                </span>
                <span class="qitem-preview" data-testid="queue-item-preview">{read(|i| i.last_preview.clone())}</span>
                <span class="qitem-meta">
                    <span
                        class="qitem-wait"
                        data-testid="queue-item-wait"
                        title=move || if answered() { t(Key::ResponseTime) } else { t(Key::WaitingTime) }
                    >
                        <span class="sla-dot" aria-hidden="true"></span>
                        {wait}
                    </span>
                    {move || assignee().map(|a| view! { <span class="qitem-assignee">{a}</span> })}
                </span>
            </button>
        </li>
    }
}
