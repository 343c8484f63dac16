//! The widget's connection to the edge: the session call, then the conversation's
//! WebSocket with resume-from-seq, resend of unacked lines, and reconnect with
//! exponential backoff and jitter.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use shared::api::{
    conversation_socket_path, WidgetSessionRequest, WidgetSessionResponse, WIDGET_SESSION_PATH,
};
use shared::protocol::{ClientFrame, ServerFrame};
use shared::ErrorCode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, WebSocket};

use crate::chat::Chat;
use crate::config::Config;

/// What the connection indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Online,
    Reconnecting,
    Offline,
}

impl Conn {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connecting => "connecting",
            Self::Online => "online",
            Self::Reconnecting => "reconnecting",
            Self::Offline => "offline",
        }
    }
}

/// An error to show the visitor: the code and, for length errors, the length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub code: ErrorCode,
    pub len: usize,
}

/// Backoff before reconnect attempt `n` (0-based): 0.5 s doubling to 30 s, with up to
/// 50% jitter drawn from `r` in [0, 1).
pub fn backoff_ms(n: u32, r: f64) -> i32 {
    let base = (500u64 << n.min(6)).min(30_000) as f64;
    (base * (0.5 + r * 0.5)) as i32
}

/// Signals the client writes and the views read.
#[derive(Clone, Copy)]
pub struct Signals {
    pub chat: RwSignal<Chat>,
    pub conn: RwSignal<Conn>,
    pub notice: RwSignal<Option<Notice>>,
}

pub struct Client {
    config: Config,
    signals: Signals,
    ws: RefCell<Option<WebSocket>>,
    attempts: RefCell<u32>,
}

impl Client {
    pub fn new(config: Config, signals: Signals) -> Rc<Self> {
        Rc::new(Self {
            config,
            signals,
            ws: RefCell::new(None),
            attempts: RefCell::new(0),
        })
    }

    /// Starts (or restarts) the connection.
    pub fn start(self: &Rc<Self>) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match this.session().await {
                Ok(s) => this.open_socket(&s),
                Err(fatal) if fatal => this.signals.conn.set(Conn::Offline),
                Err(_) => this.retry_later(),
            }
        });
    }

    /// Queues a line and sends it if the socket is open; returns the validation error.
    pub fn send(&self, text: &str) -> Result<(), ErrorCode> {
        let body = shared::chat::validate_body(text)?.to_owned();
        let client_id = new_client_id();
        self.signals
            .chat
            .update(|c| c.push_local(client_id.clone(), body.clone(), js_sys::Date::now() as i64));
        self.send_frame(&ClientFrame::Send { client_id, body });
        Ok(())
    }

    fn send_frame(&self, frame: &ClientFrame) {
        if let Some(ws) = self.ws.borrow().as_ref() {
            if ws.ready_state() == WebSocket::OPEN {
                if let Ok(text) = serde_json::to_string(frame) {
                    let _ = ws.send_with_str(&text);
                }
            }
        }
    }

    /// Posts the session request. `Err(true)` means retrying cannot help (unknown shop).
    async fn session(&self) -> Result<WidgetSessionResponse, bool> {
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        let key = self.config.storage_key();
        let visitor_token = storage
            .as_ref()
            .and_then(|s| s.get_item(&key).ok().flatten());
        let body = serde_json::to_string(&WidgetSessionRequest {
            merchant_id: self.config.merchant.clone(),
            visitor_token,
            subscriber_token: None,
        })
        .map_err(|_| true)?;
        let text = post_json(
            &format!("{}{}", self.config.api, WIDGET_SESSION_PATH),
            &body,
        )
        .await;
        let (status, text) = text.map_err(|_| false)?;
        if status == 404 || status == 403 || status == 400 {
            return Err(true);
        }
        if status != 200 {
            return Err(false);
        }
        let session: WidgetSessionResponse = serde_json::from_str(&text).map_err(|_| false)?;
        if let Some(s) = storage {
            let _ = s.set_item(&key, &session.visitor_token);
        }
        Ok(session)
    }

    fn open_socket(self: &Rc<Self>, s: &WidgetSessionResponse) {
        let url = format!(
            "{}{}?token={}",
            self.config.ws_base(),
            conversation_socket_path(&s.conversation_id),
            js_sys::encode_uri_component(&s.conversation_token)
        );
        let Ok(ws) = WebSocket::new(&url) else {
            return self.retry_later();
        };

        let this = self.clone();
        let on_open = Closure::<dyn Fn()>::new(move || {
            *this.attempts.borrow_mut() = 0;
            this.signals.conn.set(Conn::Online);
            let last_seq = this.signals.chat.with_untracked(|c| c.last_seq);
            this.send_frame(&ClientFrame::Hello { last_seq });
            for (client_id, body) in this.signals.chat.with_untracked(Chat::unsent) {
                this.send_frame(&ClientFrame::Send { client_id, body });
            }
        });
        let this = self.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            let Ok(frame) = serde_json::from_str::<ServerFrame>(&text) else {
                return;
            };
            let len = match &frame {
                ServerFrame::Error {
                    client_id: Some(id),
                    ..
                } => this
                    .signals
                    .chat
                    .with_untracked(|c| {
                        c.lines
                            .iter()
                            .find(|l| &l.client_id == id)
                            .map(|l| l.body.chars().count())
                    })
                    .unwrap_or(0),
                _ => 0,
            };
            let mut code = None;
            this.signals.chat.update(|c| code = c.apply(frame));
            if let Some(code) = code {
                this.signals.notice.set(Some(Notice { code, len }));
            }
        });
        let this = self.clone();
        let on_close = Closure::<dyn Fn()>::new(move || {
            this.ws.borrow_mut().take();
            this.retry_later();
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The socket owns its handlers for as long as it lives.
        on_open.forget();
        on_message.forget();
        on_close.forget();
        *self.ws.borrow_mut() = Some(ws);
    }

    fn retry_later(self: &Rc<Self>) {
        let n = {
            let mut a = self.attempts.borrow_mut();
            *a += 1;
            *a - 1
        };
        self.signals.conn.set(Conn::Reconnecting);
        let this = self.clone();
        let again = Closure::once_into_js(move || this.start());
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                again.unchecked_ref(),
                backoff_ms(n, js_sys::Math::random()),
            );
        }
    }
}

/// A fresh client message id: time plus randomness, `[a-z0-9-]`.
fn new_client_id() -> String {
    let r = (js_sys::Math::random() * 1e15) as u64;
    format!("m{:x}-{:x}", js_sys::Date::now() as u64, r)
}

async fn post_json(url: &str, body: &str) -> Result<(u16, String), JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let headers = web_sys::Headers::new()?;
    headers.set("content-type", "application/json")?;
    init.set_headers(&headers);
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(resp.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((resp.status(), text))
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_grows_caps_and_jitters() {
        assert_eq!(backoff_ms(0, 0.0), 250);
        assert_eq!(backoff_ms(0, 0.999_999), 499);
        assert_eq!(backoff_ms(3, 1.0), 4_000);
        assert_eq!(backoff_ms(20, 1.0), 30_000);
        assert_eq!(backoff_ms(20, 0.0), 15_000);
    }
}
