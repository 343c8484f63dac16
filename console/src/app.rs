//! Console root: checks the session (`GET /api/v1/agent/me`) and switches between the
//! sign-in page and the inbox. No router: the console is one page at /console/.

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

/// Which page is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Screen {
    Checking,
    SignIn { notice: Option<String> },
    Inbox(Agent),
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
    provide_context(Session {
        sign_in,
        sign_out,
        recheck: Callback::new(move |()| me.refetch()),
    });

    let screen = Memo::new(move |_| match me.get() {
        None => Screen::Checking,
        Some(Ok(agent)) => Screen::Inbox(agent),
        Some(Err(e)) if e.code == ErrorCode::Unauthorized => Screen::SignIn { notice: None },
        // The server could not say (down, or an error page): sign-in will tell more.
        Some(Err(e)) if e.code == ErrorCode::Internal => Screen::SignIn {
            notice: Some(api_error_text(&e)),
        },
        Some(Err(_)) => Screen::SignIn {
            notice: Some(t(Key::ErrGeneric).to_owned()),
        },
    });

    // A language change renders the page again in the new language (the inbox reconnects;
    // the session stays).
    move || {
        lang.track();
        match screen.get() {
            Screen::Checking => view! {
                <p class="checking" role="status" data-testid="console-loading">{t(Key::Loading)}</p>
            }
            .into_any(),
            Screen::SignIn { notice } => view! { <SignIn notice /> }.into_any(),
            Screen::Inbox(agent) => view! { <Inbox agent /> }.into_any(),
        }
    }
}
