//! Cellar Door support widget: a Leptos CSR app that `loader.js` mounts inside a shadow
//! root on the merchant's storefront. Built by Trunk (see widget/index.html); its
//! exported `mount(root, config)` is the loader's only entry point.
//! Browser tests: `cargo test -p widget --target wasm32-unknown-unknown` (headless Chromium).

pub mod app;
pub mod chat;
pub mod client;
pub mod config;
pub mod i18n;
pub mod views;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::config::Config;

/// The widget's stylesheet, injected inside the shadow root so host CSS cannot reach it.
pub const STYLE: &str = include_str!("../style.css");

/// Mounts the widget into `root` (an element inside the loader's shadow root).
#[wasm_bindgen]
pub fn mount(root: HtmlElement, config: JsValue) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let config = Config::from_js(&config);
    mount_with(root, config, true)
}

/// Mounts the app with an explicit config; `connect` is false in component tests.
pub fn mount_with(root: HtmlElement, config: Config, connect: bool) -> Result<(), JsValue> {
    let doc = root.owner_document().ok_or("root is not in a document")?;
    let style = doc.create_element("style")?;
    style.set_text_content(Some(STYLE));
    root.append_child(&style)?;

    // Focus the composer whenever the loader shows the panel.
    let focus_root = root.clone();
    let on_open = Closure::<dyn Fn()>::new(move || {
        if let Ok(Some(el)) = focus_root.query_selector("textarea") {
            if let Ok(el) = el.dyn_into::<HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    root.add_event_listener_with_callback("cd-open", on_open.as_ref().unchecked_ref())?;
    on_open.forget();

    let app_root = root.clone();
    leptos::mount::mount_to(root, move || {
        app::App(app::AppProps {
            root: app_root,
            config,
            connect,
        })
    })
    .forget();
    Ok(())
}
