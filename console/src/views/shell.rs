//! The top bar: brand, Inbox | Dashboard navigation, live-connection state, the agent's name, presence, sound and sign-out.
//! Below it, when needed: the session check could not reach the server (retrying), or a
//! sign-out did not go through.

use leptos::prelude::*;
use shared::api::PresenceStatus;

use crate::app::{LangChoice, Session};
use crate::i18n::{self, api_error_text, t, Key, Lang};
use crate::socket::Conn;
use crate::views::inbox::{InboxActions, Page};

#[component]
pub fn Shell(
    name: String,
    conn: Signal<Conn>,
    presence: Signal<PresenceStatus>,
    sound: Signal<bool>,
    page: RwSignal<Page>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let actions = expect_context::<InboxActions>();
    let signing_out = session.sign_out.pending();
    // A sign-out that failed without ending the session (network, 5xx); an `unauthorized`
    // answer means the session is over anyway and the sign-in page follows.
    let sign_out_error = move || match session.sign_out.value().get() {
        Some(Err(e)) if !signing_out.get() && e.code != shared::ErrorCode::Unauthorized => {
            Some(format!("{} {}", t(Key::SignOutFailed), api_error_text(&e)))
        }
        _ => None,
    };
    let lost = session.lost;
    let conn_text = move || match conn.get() {
        Conn::Connecting => t(Key::ConnConnecting),
        Conn::Online => t(Key::ConnLive),
        Conn::Reconnecting(_) => t(Key::ConnReconnecting),
    };
    // Without the app's context (component tests) the choice still switches the catalogue.
    let lang_choice = use_context::<LangChoice>();
    let lang_value = move || lang_choice.map_or_else(i18n::lang, |c| c.lang.get()).tag();
    let presence_value = move || match presence.get() {
        PresenceStatus::Away => "away",
        _ => "online",
    };

    view! {
        <header class="shell">
            <div class="shell-brand">
                <span class="brand">{t(Key::Product)}</span>
                <span class="shell-title">{t(Key::AgentConsole)}</span>
            </div>
            <nav class="shell-nav" aria-label=t(Key::ConsoleSections)>
                {[(Page::Inbox, Key::NavInbox, "console-nav-inbox"), (Page::Dashboard, Key::NavDashboard, "console-nav-dashboard")]
                    .into_iter()
                    .map(|(p, key, testid)| view! {
                        <button
                            type="button"
                            class="nav-tab"
                            data-testid=testid
                            aria-current=move || (page.get() == p).then_some("page")
                            on:click=move |_| page.set(p)
                        >
                            {t(key)}
                        </button>
                    })
                    .collect_view()}
            </nav>
            <p class="conn" role="status" data-testid="console-connection" data-state=move || conn.get().as_str()>
                <span class="conn-dot" aria-hidden="true"></span>
                {conn_text}
            </p>
            <div class="shell-controls">
                <span class="agent-name" data-testid="console-agent-name">{name}</span>
                <label class="field-inline" for="console-presence">
                    <span>{t(Key::Status)}</span>
                    <select
                        id="console-presence"
                        data-testid="console-presence"
                        data-state=presence_value
                        prop:value=presence_value
                        on:change=move |ev| {
                            let status = if event_target_value(&ev) == "away" { PresenceStatus::Away } else { PresenceStatus::Online };
                            actions.set_presence.run(status);
                        }
                    >
                        <option value="online">{t(Key::Online)}</option>
                        <option value="away">{t(Key::Away)}</option>
                    </select>
                </label>
                <label class="field-inline" for="console-lang">
                    <span>{t(Key::Language)}</span>
                    <select
                        id="console-lang"
                        data-testid="console-lang"
                        prop:value=lang_value
                        on:change=move |ev| {
                            let l = Lang::parse(&event_target_value(&ev)).unwrap_or_default();
                            match lang_choice {
                                Some(c) => c.choose.run(l),
                                None => i18n::set_lang(l),
                            }
                        }
                    >
                        {Lang::ALL
                            .into_iter()
                            .map(|l| view! {
                                <option value=l.tag() lang=l.tag() selected=move || lang_value() == l.tag()>
                                    {l.native_name()}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="toggle" for="console-sound">
                    <input
                        id="console-sound"
                        type="checkbox"
                        data-testid="console-sound-toggle"
                        prop:checked=sound
                        on:change=move |ev| actions.set_sound.run(event_target_checked(&ev))
                    />
                    <span>{t(Key::Sound)}</span>
                </label>
                <button
                    type="button"
                    class="ghost"
                    data-testid="console-signout"
                    disabled=signing_out
                    on:click=move |_| {
                        session.sign_out.dispatch_local(());
                    }
                >
                    {t(Key::SignOut)}
                </button>
            </div>
        </header>
        <Show when=move || lost.get()>
            <div class="banner" role="status" data-testid="console-session-lost">
                <span>{t(Key::ConnLostRetrying)}</span>
                <button
                    type="button"
                    class="secondary"
                    data-testid="console-session-retry"
                    on:click=move |_| session.recheck.run(())
                >
                    {t(Key::RetryNow)}
                </button>
            </div>
        </Show>
        {move || sign_out_error().map(|e| view! {
            <p class="banner inline-error" role="alert" data-testid="console-signout-error">{e}</p>
        })}
    }
}
