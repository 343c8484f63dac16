//! The error line above the composer (role=alert, so screen readers announce it).

use leptos::prelude::*;

use crate::client::Notice;
use crate::i18n::{error, Lang};

#[component]
pub fn ErrorNotice(lang: Lang, notice: ReadSignal<Option<Notice>>) -> impl IntoView {
    move || {
        notice.get().map(|n| {
            view! { <p class="cd-error" data-testid="cd-error" role="alert">{error(lang, n.code, n.len)}</p> }
        })
    }
}
