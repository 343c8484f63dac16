//! Greets an identified subscriber by first name.

use leptos::prelude::*;

use crate::i18n::{greeting, Lang};
use crate::session::Session;

#[component]
pub fn Greeting(lang: Lang, session: ReadSignal<Option<Session>>) -> impl IntoView {
    let first =
        move || session.with(|s| s.as_ref().and_then(|s| s.first_name().map(str::to_owned)));
    move || {
        first().map(|name| view! { <p class="cd-greeting" data-testid="cd-greeting">{greeting(lang, &name)}</p> })
    }
}
