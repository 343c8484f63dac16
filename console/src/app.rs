//! Console root: checks the session (`GET /api/v1/agent/me`) and switches between the
//! sign-in page and the inbox. No router: the console is one page at /console/.
//!
//! Only `unauthorized` ends a session. A check that cannot reach the server (network error,
//! 5xx) keeps the current page (an open conversation and its draft stay) and shows that the
//! connection was lost; the check is tried again when the browser is back online, when the
//! inbox socket reconnects, and every [`RETRY_EVERY`].

use std::time::Duration;

use leptos::prelude::*;
use shared::api::{Agent, SignInRequest};
use shared::{ApiError, ErrorCode};

use crate::api;
use crate::browser;
use crate::i18n::{self, api_error_text, t, Key, Lang};
use crate::views::{Inbox, SignIn};

/// Session writes any view may trigger (provided as context).
#[derive(Clone, Copy)]
pub struct Session {
    pub sign_in: Action<SignInRequest, Result<Agent, ApiError>>,
    pub sign_out: Action<(), Result<(), ApiError>>,
    /// Asks the server again who is signed in (after a 401 or a socket that keeps failing).
    pub recheck: Callback<()>,
    /// The last session check could not reach the server (network error or 5xx): the page
    /// stays as it was and the check is being retried.
    pub lost: Signal<bool>,
}

impl Session {
    /// Re-checks the session if `err` says it has ended.
    pub fn check(&self, err: &ApiError) {
        if err.code == ErrorCode::Unauthorized {
            self.recheck.try_run(());
        }
    }
}

/// localStorage key of the agent's language choice (`en` | `es` | `fi` | `ru`).
pub const LANG_KEY: &str = "cd-console-lang";

/// The console's language (provided as context): the views re-render when it changes.
#[derive(Clone, Copy)]
pub struct LangChoice {
    pub lang: ReadSignal<Lang>,
    /// Switches the language and remembers the choice.
    pub choose: Callback<Lang>,
}

/// The agent's stored choice, else the browser's first supported language, else English.
fn initial_lang() -> Lang {
    browser::load(LANG_KEY)
        .and_then(|tag| Lang::parse(&tag))
        .unwrap_or_else(|| Lang::pick(browser::languages()))
}

/// Pause between retries of a session check that could not reach the server.
const RETRY_EVERY: Duration = Duration::from_secs(15);

/// Which page is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Screen {
    Checking,
    SignIn { notice: Option<String> },
    Inbox(Agent),
}

/// True if a session check failed without saying whether the session is valid (the server
/// could not be reached or answered with an error page).
fn is_lost(me: Option<&Result<Agent, ApiError>>) -> bool {
    matches!(me, Some(Err(e)) if e.code != ErrorCode::Unauthorized)
}

/// The page after a session check answered `me` (`None`: no answer yet), given the page
/// shown now. Only `unauthorized` leads to sign-in; any other failure keeps the current page.
fn next_screen(current: Option<&Screen>, me: Option<&Result<Agent, ApiError>>) -> Screen {
    match (me, current) {
        (None, Some(current)) => current.clone(),
        (None, None) => Screen::Checking,
        (Some(Ok(agent)), _) => Screen::Inbox(agent.clone()),
        (Some(Err(e)), _) if e.code == ErrorCode::Unauthorized => Screen::SignIn { notice: None },
        // The server could not say: stay where we are (the inbox keeps its state).
        (Some(Err(_)), Some(Screen::Inbox(agent))) => Screen::Inbox(agent.clone()),
        (Some(Err(e)), Some(Screen::SignIn { .. })) => Screen::SignIn {
            notice: Some(api_error_text(e)),
        },
        (Some(Err(_)), Some(Screen::Checking) | None) => Screen::Checking,
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(initial_lang());
    i18n::set_lang(lang.get_untracked());
    browser::set_document_lang(lang.get_untracked().tag());
    provide_context(LangChoice {
        lang: lang.read_only(),
        choose: Callback::new(move |l: Lang| {
            // The catalogue switches first, so the re-rendered views read the new language.
            i18n::set_lang(l);
            browser::set_document_lang(l.tag());
            browser::save(LANG_KEY, l.tag());
            lang.set(l);
        }),
    });

    let sign_in = Action::new_local(|req: &SignInRequest| api::sign_in(req.clone()));
    let sign_out = Action::new_local(|_: &()| api::sign_out());
    // Re-asked after every sign-in or sign-out attempt: the server is the source of truth.
    let me = LocalResource::new(move || {
        sign_in.version().track();
        sign_out.version().track();
        api::me()
    });
    let lost = Memo::new(move |_| me.with(|m| is_lost(m.as_ref())));
    let recheck = Callback::new(move |()| me.refetch());
    provide_context(Session {
        sign_in,
        sign_out,
        recheck,
        lost: lost.into(),
    });

    let screen =
        Memo::new(move |current: Option<&Screen>| me.with(|m| next_screen(current, m.as_ref())));

    // Retry a check that could not reach the server: when the browser is back online, and
    // every RETRY_EVERY while it stays lost (the inbox socket also retries when it reconnects).
    let on_online = window_event_listener_untyped("online", move |_| {
        if lost.get_untracked() {
            recheck.run(());
        }
    });
    let retry = set_interval_with_handle(
        move || {
            if lost.try_get_untracked() == Some(true) {
                recheck.run(());
            }
        },
        RETRY_EVERY,
    )
    .ok();
    on_cleanup(move || {
        on_online.remove();
        if let Some(r) = retry {
            r.clear();
        }
    });

    // A language change renders the page again in the new language (the inbox reconnects;
    // the session stays).
    move || {
        lang.track();
        match screen.get() {
            Screen::Checking => view! {
                <p class="checking" role="status" data-testid="console-loading">
                    {move || if lost.get() { t(Key::ConnLostRetrying) } else { t(Key::Loading) }}
                </p>
                <Show when=move || lost.get()>
                    <p class="checking">
                        <button
                            type="button"
                            class="secondary"
                            data-testid="console-retry"
                            on:click=move |_| recheck.run(())
                        >
                            {t(Key::RetryNow)}
                        </button>
                    </p>
                </Show>
            }
            .into_any(),
            Screen::SignIn { notice } => view! { <SignIn notice /> }.into_any(),
            Screen::Inbox(agent) => view! { <Inbox agent /> }.into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::AgentRole;

    fn maya() -> Agent {
        Agent {
            id: "a_maya".into(),
            name: "Maya".into(),
            email: "maya@demo-wines.test".into(),
            role: AgentRole::Agent,
        }
    }

    fn err(code: ErrorCode) -> Option<Result<Agent, ApiError>> {
        Some(Err(ApiError::new(code)))
    }

    #[test]
    fn only_unauthorized_leaves_the_inbox() {
        let inbox = Screen::Inbox(maya());
        // Network error (the console maps it to Internal) or a 5xx: the inbox stays.
        for code in [
            ErrorCode::Internal,
            ErrorCode::NotFound,
            ErrorCode::TooManyAttempts,
        ] {
            assert_eq!(next_screen(Some(&inbox), err(code).as_ref()), inbox);
            assert!(is_lost(err(code).as_ref()));
        }
        assert_eq!(
            next_screen(Some(&inbox), err(ErrorCode::Unauthorized).as_ref()),
            Screen::SignIn { notice: None }
        );
        assert!(!is_lost(err(ErrorCode::Unauthorized).as_ref()));
        // While a check is on its way, nothing changes.
        assert_eq!(next_screen(Some(&inbox), None), inbox);
    }

    #[test]
    fn an_unreachable_server_keeps_the_current_page() {
        // First load: keep checking (the view says the connection is lost and retries).
        assert_eq!(
            next_screen(None, err(ErrorCode::Internal).as_ref()),
            Screen::Checking
        );
        assert_eq!(
            next_screen(Some(&Screen::Checking), err(ErrorCode::Internal).as_ref()),
            Screen::Checking
        );
        // On the sign-in page: stay, with a notice.
        let signin = Screen::SignIn { notice: None };
        assert!(matches!(
            next_screen(Some(&signin), err(ErrorCode::Internal).as_ref()),
            Screen::SignIn { notice: Some(_) }
        ));
        // Back online and still signed in.
        assert_eq!(
            next_screen(Some(&Screen::Checking), Some(&Ok(maya()))),
            Screen::Inbox(maya())
        );
        assert!(!is_lost(Some(&Ok(maya()))));
        assert!(!is_lost(None));
    }
}
