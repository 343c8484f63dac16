//! The widget's root component: owns the state, the client and the close action.

use std::rc::Rc;

use leptos::prelude::*;
use web_sys::HtmlElement;

use crate::chat::Chat;
use crate::client::{Client, Conn, Notice, Signals};
use crate::config::Config;
use crate::i18n::{t, Key};
use crate::views::{Composer, ErrorNotice, Header, MessageList};

#[component]
pub fn App(
    /// The loader's panel root; `cd-close` is dispatched on it.
    root: HtmlElement,
    config: Config,
    /// False in component tests: the client queues but never connects.
    connect: bool,
) -> impl IntoView {
    let lang = config.lang;
    let signals = Signals {
        chat: RwSignal::new(Chat::default()),
        conn: RwSignal::new(Conn::Connecting),
        notice: RwSignal::new(None::<Notice>),
    };
    let client: StoredValue<Rc<Client>, LocalStorage> =
        StoredValue::new_local(Client::new(config, signals));
    if connect {
        client.with_value(|c| c.start());
    }

    let send = Callback::new(move |text: String| {
        let result = client.with_value(|c| c.send(&text));
        match result {
            Ok(()) => {
                signals.notice.set(None);
                true
            }
            Err(code) => {
                signals.notice.set(Some(Notice {
                    code,
                    len: shared::chat::body_len(&text),
                }));
                false
            }
        }
    });
    let root: StoredValue<HtmlElement, LocalStorage> = StoredValue::new_local(root);
    let close = Callback::new(move |()| {
        root.with_value(|r| {
            if let Ok(ev) = web_sys::CustomEvent::new("cd-close") {
                let _ = r.dispatch_event(&ev);
            }
        });
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            close.run(());
        }
    };

    view! {
        <section class="cd-panel" data-testid="cd-panel" role="dialog" aria-label=t(lang, Key::Title) on:keydown=on_keydown lang=lang.tag()>
            <Header lang conn=signals.conn.read_only() on_close=close />
            <MessageList lang chat=signals.chat.read_only() />
            <ErrorNotice lang notice=signals.notice.read_only() />
            <Composer lang on_send=send />
        </section>
    }
}
