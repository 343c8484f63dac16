//! The sign-in page.

use leptos::prelude::*;

use crate::i18n::{t, Key};

#[component]
pub fn SignIn() -> impl IntoView {
    let notice = RwSignal::new(false);
    view! {
        <section class="signin" data-testid="console-signin">
            <p class="brand">{t(Key::Product)}</p>
            <h1>{t(Key::SignInTitle)}</h1>
            <p class="lead">{t(Key::SignInLead)}</p>
            <form on:submit=move |ev| { ev.prevent_default(); notice.set(true); }>
                <label for="email">{t(Key::Email)}</label>
                <input id="email" name="email" type="email" autocomplete="username" required data-testid="console-email" />
                <label for="password">{t(Key::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required data-testid="console-password" />
                <button type="submit" data-testid="console-signin-submit">{t(Key::SignIn)}</button>
            </form>
            <Show when=move || notice.get()>
                <p class="notice" role="status" data-testid="console-notice">{t(Key::NotYet)}</p>
            </Show>
        </section>
    }
}
