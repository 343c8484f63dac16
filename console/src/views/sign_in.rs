//! The sign-in page: email + password → `POST /api/v1/agent/session`.

use leptos::prelude::*;
use shared::api::SignInRequest;

use crate::app::Session;
use crate::i18n::{api_error_text, t, Key};

#[component]
pub fn SignIn(
    /// Shown above the form (e.g. the server could not be reached).
    notice: Option<String>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let sign_in = session.sign_in;
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = sign_in.pending();
    let error = move || match sign_in.value().get() {
        Some(Err(e)) if !pending.get() => Some(api_error_text(&e)),
        _ => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        sign_in.dispatch_local(SignInRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };

    view! {
        <main class="signin-page">
            <section class="signin" data-testid="console-signin" aria-labelledby="signin-title">
                <p class="brand">{t(Key::Product)}</p>
                <h1 id="signin-title">{t(Key::SignInTitle)}</h1>
                <p class="lead">{t(Key::SignInLead)}</p>
                {notice.map(|n| view! { <p class="notice" role="status" data-testid="console-notice">{n}</p> })}
                <form on:submit=submit>
                    <label for="email">{t(Key::Email)}</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        data-testid="console-email"
                        prop:value=email
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                    <label for="password">{t(Key::Password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        data-testid="console-password"
                        prop:value=password
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    <button type="submit" class="primary" data-testid="console-signin-submit" aria-busy=move || pending.get().then_some("true")>
                        {move || if pending.get() { t(Key::SigningIn) } else { t(Key::SignIn) }}
                    </button>
                </form>
                {move || error().map(|e| view! { <p class="form-error" role="alert" data-testid="console-signin-error">{e}</p> })}
            </section>
        </main>
    }
}
