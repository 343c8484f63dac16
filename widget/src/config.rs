//! What the loader passes to `mount`: `{merchant, api, lang?, token?}`.

use wasm_bindgen::JsValue;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Merchant id from `data-merchant`.
    pub merchant: String,
    /// Origin of the API, e.g. `https://support.example.com` (no trailing slash).
    pub api: String,
    pub lang: Lang,
    /// Subscriber token signed by the merchant (`data-subscriber-token` or
    /// `CellarDoor.identify`); `None` for an anonymous visitor.
    pub token: Option<String>,
}

impl Config {
    /// Reads the loader's config object; missing fields fall back to safe defaults.
    pub fn from_js(v: &JsValue) -> Self {
        let get = |k: &str| {
            js_sys::Reflect::get(v, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
        };
        let browser_lang = web_sys::window().and_then(|w| w.navigator().language());
        let lang = get("lang")
            .and_then(|l| Lang::parse(&l))
            .or_else(|| browser_lang.as_deref().and_then(Lang::parse))
            .unwrap_or_default();
        Self {
            merchant: get("merchant").unwrap_or_default(),
            api: get("api")
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            lang,
            token: get("token").filter(|t| !t.is_empty()),
        }
    }

    /// The WebSocket origin matching the API origin.
    pub fn ws_base(&self) -> String {
        if let Some(rest) = self.api.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = self.api.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            self.api.clone()
        }
    }

    /// localStorage key of this merchant's visitor token.
    pub fn storage_key(&self) -> String {
        format!("cellar-door:{}:visitor", self.merchant)
    }

    /// localStorage key of this merchant's unsent lines.
    pub fn outbox_key(&self) -> String {
        format!("cellar-door:{}:outbox", self.merchant)
    }
}
