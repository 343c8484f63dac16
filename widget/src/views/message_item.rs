//! One message. The body is always rendered as text, never as HTML.

use leptos::prelude::*;
use shared::protocol::Author;

use crate::chat::{Line, LineState};
use crate::i18n::{t, Key, Lang};

/// `HH:MM` in the visitor's local time.
fn clock(at: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

#[component]
pub fn MessageItem(lang: Lang, line: Line) -> impl IntoView {
    let own = line.author == Author::Visitor;
    let who = match line.author {
        Author::Visitor => t(lang, Key::You).to_owned(),
        _ => line
            .author_name
            .clone()
            .unwrap_or_else(|| t(lang, Key::Support).to_owned()),
    };
    let status = match line.state {
        LineState::Sending => t(lang, Key::Sending),
        LineState::Sent => t(lang, Key::Sent),
        LineState::Failed => t(lang, Key::NotSent),
    };
    let class = format!(
        "cd-msg cd-msg-{} cd-state-{}",
        line.author.as_str(),
        line.state.as_str()
    );
    view! {
        <li
            class=class
            data-testid="cd-message"
            data-author=line.author.as_str()
            data-state=line.state.as_str()
            data-seq=line.seq.map(|s| s.to_string())
        >
            <span class="cd-who">{who}</span>
            <p class="cd-body" data-testid="cd-message-body">{line.body}</p>
            <span class="cd-meta">
                <time>{clock(line.at)}</time>
                {own.then(|| view! { <span class="cd-status" data-testid="cd-message-status">{status}</span> })}
            </span>
        </li>
    }
}
