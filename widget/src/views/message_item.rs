//! One message. Text is always rendered as text, never as HTML, and links are not made
//! clickable. System messages are localised from their event and centred.

use leptos::prelude::*;
use shared::protocol::{Author, SystemEvent};

use crate::chat::{Line, LineState};
use crate::i18n::{system_event, t, Key, Lang};
use crate::time;

/// The text a line shows: system lines from their event, others as written.
fn text(lang: Lang, line: &Line) -> String {
    match (&line.author, &line.event) {
        (Author::System, Some(event)) => {
            let when = match event {
                SystemEvent::Escalated { expected_by, .. } => time::when(lang, *expected_by),
                _ => String::new(),
            };
            system_event(lang, event, &when)
        }
        _ => line.body.clone(),
    }
}

#[component]
pub fn MessageItem(lang: Lang, line: Line) -> impl IntoView {
    // Agent lines name the agent (testid `cd-message-author`); system lines name no one.
    let who = match line.author {
        Author::Visitor => Some((t(lang, Key::You).to_owned(), None)),
        Author::Agent => Some((
            line.author_name
                .clone()
                .unwrap_or_else(|| t(lang, Key::Support).to_owned()),
            Some("cd-message-author"),
        )),
        Author::System => None,
    }
    .map(|(name, testid)| view! { <span class="cd-who" data-testid=testid>{name}</span> });
    let status = (line.author == Author::Visitor).then(|| {
        let text = match line.state {
            LineState::Sending => t(lang, Key::Sending),
            LineState::Sent => t(lang, Key::Sent),
            LineState::Read => t(lang, Key::Read),
            LineState::Failed => t(lang, Key::NotSent),
        };
        view! { <span class="cd-status" data-testid="cd-message-status">{text}</span> }
    });
    let class = format!(
        "cd-msg cd-msg-{} cd-state-{}",
        line.author.as_str(),
        line.state.as_str()
    );
    let body = text(lang, &line);
    view! {
        <li
            class=class
            data-testid="cd-message"
            data-author=line.author.as_str()
            data-state=line.state.as_str()
            data-seq=line.seq.map(|s| s.to_string())
        >
            {who}
            <p class="cd-body" data-testid="cd-message-body">{body}</p>
            <span class="cd-meta">
                <time datetime=time::iso(line.at)>{time::stamp(lang, line.at)}</time>
                {status}
            </span>
        </li>
    }
}
