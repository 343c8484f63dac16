//! Panel header: title, connection state and the close button.

use leptos::prelude::*;

use crate::client::Conn;
use crate::i18n::{t, Key, Lang};

#[component]
pub fn Header(lang: Lang, conn: ReadSignal<Conn>, on_close: Callback<()>) -> impl IntoView {
    let conn_text = move || match conn.get() {
        Conn::Connecting => t(lang, Key::Connecting),
        Conn::Online => t(lang, Key::Online),
        Conn::Reconnecting => t(lang, Key::Reconnecting),
        Conn::Offline => t(lang, Key::Offline),
    };
    view! {
        <header class="cd-header" data-testid="cd-header">
            <div class="cd-titles">
                <h2 class="cd-title">{t(lang, Key::Title)}</h2>
                <p class="cd-subtitle">{t(lang, Key::Subtitle)}</p>
                <p class="cd-conn" data-testid="cd-connection" data-state=move || conn.get().as_str() aria-live="polite">
                    <span class="cd-dot" aria-hidden="true"></span>
                    {conn_text}
                </p>
            </div>
            <button
                type="button"
                class="cd-close"
                data-testid="cd-close"
                aria-label=t(lang, Key::Close)
                title=t(lang, Key::Close)
                on:click=move |_| on_close.run(())
            >
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                    <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
            </button>
        </header>
    }
}
