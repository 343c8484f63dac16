//! Says the subscriber sign-in was refused and the visitor chats as a guest.

use leptos::prelude::*;

use crate::i18n::{t, Key, Lang};

#[component]
pub fn IdentityNotice(lang: Lang, guest: ReadSignal<bool>) -> impl IntoView {
    move || {
        guest.get().then(|| {
            view! { <p class="cd-notice" data-testid="cd-identity-notice" role="status">{t(lang, Key::IdentityNotice)}</p> }
        })
    }
}
