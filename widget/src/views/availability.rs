//! The reply expectation: "We usually reply within 5 minutes" while someone can answer
//! (an agent online in business hours, or one who has lately been in this conversation);
//! otherwise when we will, plus the email follow-up form for visitors we cannot reach.

use leptos::prelude::*;

use crate::i18n::{away, reply_within, Key, Lang};
use crate::session::Session;
use crate::time;
use crate::views::FollowUpForm;

#[component]
pub fn Availability(
    lang: Lang,
    session: ReadSignal<Option<Session>>,
    /// An agent is in the conversation (`Thread::is_attended`).
    attended: Memo<bool>,
    /// The follow-up email once saved.
    saved: ReadSignal<Option<String>>,
    /// Why saving it failed.
    error: ReadSignal<Option<Key>>,
    /// Validates and saves the follow-up email.
    on_submit: Callback<String>,
) -> impl IntoView {
    move || {
        let attended = attended.get();
        session.with(|s| {
            s.as_ref().map(|s| {
                let online = s.can_reply_now(attended);
                let a = &s.availability;
                let text = if online {
                    reply_within(lang, a.first_response_minutes)
                } else {
                    away(lang, a.reply_by.map(|at| time::when(lang, at)).as_deref())
                };
                // Kept after saving, to confirm (the session then knows the email).
                let form = (!online && (s.offers_follow_up(attended) || saved.get_untracked().is_some()))
                    .then(|| view! { <FollowUpForm lang saved error on_submit /> });
                view! {
                    <div class="cd-availability" data-testid="cd-availability" data-state=if online { "online" } else { "offline" }>
                        <p class="cd-availability-text">{text}</p>
                        {form}
                    </div>
                }
            })
        })
    }
}
