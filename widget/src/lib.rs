//! Cellar Door support widget: a Leptos CSR app that `loader.js` mounts inside a shadow
//! root on the merchant's storefront. Built by Trunk (see widget/index.html); its
//! exported `mount(root, config)` is the loader's entry point, and `identify(token)`
//! switches the mounted widget to another subscriber (`CellarDoor.identify`).
//! Unit tests: `cargo test -p widget --lib`. Browser tests: `cargo test -p widget
//! --target wasm32-unknown-unknown --test web` (headless Chromium).

pub mod app;
pub mod chat;
pub mod client;
pub mod config;
pub mod i18n;
pub mod panel;
pub mod seen;
pub mod selfservice;
pub mod session;
pub mod storage;
pub mod time;
pub mod typing;
pub mod views;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::Set;
use shared::api::WidgetSessionResponse;
use shared::protocol::ServerFrame;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::client::{Client, Signals};
use crate::config::Config;

/// The widget's stylesheet, injected inside the shadow root so host CSS cannot reach it.
pub const STYLE: &str = include_str!("../style.css");

thread_local! {
    /// The mounted widget's client, for `identify`.
    static MOUNTED: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
}

/// Mounts the widget into `root` (an element inside the loader's shadow root).
/// Exported by the widget's own module only (feature `entry`): the panel module
/// (`widget-panel`) links this crate without it.
#[cfg(feature = "entry")]
#[wasm_bindgen]
pub fn mount(root: HtmlElement, config: JsValue) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let config = Config::from_js(&config);
    mount_with(root, config, true).map(|_| ())
}

/// Identifies the visitor as another subscriber (or, with `null`, as a guest): the
/// widget starts a new session and reconnects. No-op before `mount`.
#[cfg(feature = "entry")]
#[wasm_bindgen]
pub fn identify(token: Option<String>) {
    let client = MOUNTED.with(|m| m.borrow().clone());
    if let Some(client) = client {
        client.identify(token);
    }
}

/// A mounted widget. Component tests drive it with server data through this handle.
#[derive(Clone)]
pub struct Widget {
    client: Rc<Client>,
}

impl Widget {
    /// Applies a frame as if the server had sent it.
    pub fn receive(&self, frame: ServerFrame) {
        self.client.on_frame(frame);
    }

    /// Applies a session response as if the session call had returned it.
    pub fn session(&self, s: &WidgetSessionResponse) {
        self.client.on_session(s);
    }

    /// Disconnects for good (no socket, no retries).
    pub fn stop(&self) {
        self.client.stop();
    }

    /// Marks the subscriber token as refused, as the session call does on a 401.
    pub fn refuse_identity(&self) {
        self.client.signals().guest.set(true);
    }
}

/// Mounts the app with an explicit config; `connect` is false in component tests (the
/// client queues but never connects).
pub fn mount_with(root: HtmlElement, config: Config, connect: bool) -> Result<Widget, JsValue> {
    let doc = root.owner_document().ok_or("root is not in a document")?;
    let style = doc.create_element("style")?;
    style.set_text_content(Some(STYLE));
    root.append_child(&style)?;

    let client = Client::new(config, Signals::new());
    // Mounting means the visitor opened the widget: storage may be used from now on.
    client.restore_outbox();
    if connect {
        client.start();
        client.watch_network();
    }
    MOUNTED.with(|m| *m.borrow_mut() = Some(client.clone()));

    let app_root = root.clone();
    let app_client = client.clone();
    leptos::mount::mount_to(root, move || {
        app::App(app::AppProps {
            root: app_root,
            client: app_client,
        })
    })
    .forget();
    Ok(Widget { client })
}
