//! Recent survey comments (newest first): kind, score, the comment as plain text, agent and
//! date, with a way into the conversation it was about.

use leptos::prelude::*;
use shared::surveys::SurveyComment;

use crate::browser;
use crate::i18n::{self, t, Key};

#[component]
pub fn SurveyComments(comments: Vec<SurveyComment>, on_open: Callback<String>) -> impl IntoView {
    let empty = comments.is_empty();
    let items = comments
        .into_iter()
        .map(|c| {
            let kind = c.kind.as_str();
            let open = c.conversation_id.clone().map(|id| {
                view! {
                    <button
                        type="button"
                        class="link"
                        data-testid="dash-comment-open"
                        data-conversation=id.clone()
                        on:click=move |_| on_open.run(id.clone())
                    >
                        {t(Key::OpenConversation)}
                    </button>
                }
            });
            view! {
                <li class="comment" data-testid="dash-comment" data-kind=kind>
                    <p class="comment-meta">
                        <span class="badge" data-testid="dash-comment-kind">{i18n::survey_kind(c.kind)}</span>
                        " "
                        <span data-testid="dash-comment-score">
                            <span class="sr-only">{t(Key::ScoreLabel)} " "</span>
                            {i18n::survey_score(c.kind, c.score)}
                        </span>
                        {c.agent_name.map(|a| view! {
                            " · " <span data-testid="dash-comment-agent"><span class="sr-only">{t(Key::AgentLabel)} " "</span>{a}</span>
                        })}
                        " · "
                        <time data-testid="dash-comment-date">{browser::date(c.at)}</time>
                    </p>
                    <p class="comment-text" data-testid="dash-comment-text">{c.comment}</p>
                    {open}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="dash-comments" data-testid="dash-comments" aria-labelledby="dash-comments-title">
            <h2 id="dash-comments-title">{t(Key::RecentComments)}</h2>
            {if empty {
                view! { <p class="muted" data-testid="dash-comments-empty">{t(Key::NoComments)}</p> }.into_any()
            } else {
                view! { <ul class="comments" data-testid="dash-comments-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}
