//! One message: author, time, body (always as text), and for the agent's lines the delivery
//! state or the "Read" marker once the visitor has read it. System messages are centred notes.

use leptos::prelude::*;
use shared::protocol::Author;

use crate::browser;
use crate::i18n::{self, t, Key};
use crate::thread::{self, Line, LineState};

#[component]
pub fn MessageItem(line: Line, read: bool, visitor_name: Signal<String>) -> impl IntoView {
    let seq = line.seq.map(|s| s.to_string());
    let state = thread::state_attr(line.state);
    let time = browser::clock(line.at);
    let full_time = browser::date_time(line.at);

    if line.author == Author::System {
        let text = line.event.as_ref().map_or_else(
            || line.body.clone(),
            |ev| i18n::system_event(ev, browser::date_time),
        );
        return view! {
            <article class="msg msg-system" data-testid="conv-message" data-author="system" data-seq=seq data-state=state>
                <p class="msg-body" data-testid="conv-message-body">{text}</p>
                <time class="msg-time" title=full_time>{time}</time>
            </article>
        }
        .into_any();
    }

    let (class, author) = match line.author {
        Author::Agent => (
            "msg msg-agent",
            line.author_name
                .clone()
                .unwrap_or_else(|| t(Key::You).to_owned()),
        ),
        _ => ("msg msg-visitor", String::new()),
    };
    let is_agent = line.author == Author::Agent;
    let status = match line.state {
        LineState::Sending => Some(t(Key::Sending)),
        LineState::Failed => Some(t(Key::NotSent)),
        LineState::Sent if is_agent && !read => Some(t(Key::Sent)),
        LineState::Sent | LineState::Read => None,
    };

    view! {
        <article class=class data-testid="conv-message" data-author=line.author.as_str() data-seq=seq data-state=state>
            <header class="msg-meta">
                <span class="msg-author" data-testid="conv-message-author">
                    {move || if is_agent { author.clone() } else { visitor_name.get() }}
                </span>
                <time class="msg-time" title=full_time>{time}</time>
            </header>
            <p class="msg-body" data-testid="conv-message-body">{line.body}</p>
            {(is_agent && read && matches!(line.state, LineState::Sent | LineState::Read))
                .then(|| view! { <p class="msg-status msg-read" data-testid="conv-message-read">{t(Key::Read)}</p> })}
            {status.map(|s| view! { <p class="msg-status" data-testid="conv-message-status" data-state=state>{s}</p> })}
        </article>
    }
    .into_any()
}
