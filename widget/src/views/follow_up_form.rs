//! The email follow-up form offered while nobody can answer. The app validates with the
//! shared rule and saves; this view shows the outcome.

use leptos::either::Either;
use leptos::html::Input;
use leptos::prelude::*;

use crate::i18n::{follow_up_done, t, Key, Lang};

#[component]
pub fn FollowUpForm(
    lang: Lang,
    /// The email once saved.
    saved: ReadSignal<Option<String>>,
    /// Why the last attempt failed.
    error: ReadSignal<Option<Key>>,
    /// Validates and saves the email as typed.
    on_submit: Callback<String>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(el) = input.get_untracked() {
            on_submit.run(el.value());
        }
    };
    move || match saved.get() {
        Some(email) => Either::Left(view! {
            <p class="cd-followup-done" data-testid="cd-followup-done" role="status">{follow_up_done(lang, &email)}</p>
        }),
        None => Either::Right(view! {
            <form class="cd-followup" novalidate on:submit=submit>
                <label class="cd-followup-label" for="cd-followup-email">{t(lang, Key::FollowUpLabel)}</label>
                <div class="cd-followup-row">
                    <input
                        node_ref=input
                        id="cd-followup-email"
                        class="cd-followup-input"
                        data-testid="cd-followup-email"
                        type="email"
                        autocomplete="email"
                        placeholder="name@example.com"
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby="cd-followup-error"
                    />
                    <button type="submit" class="cd-followup-submit" data-testid="cd-followup-submit">
                        {t(lang, Key::FollowUpSubmit)}
                    </button>
                </div>
                <p id="cd-followup-error" class="cd-followup-error" data-testid="cd-followup-error" role="alert">
                    {move || error.get().map(|k| t(lang, k))}
                </p>
            </form>
        }),
    }
}
