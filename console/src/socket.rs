//! WebSockets to the edge: a reconnecting socket (exponential backoff with jitter) used for
//! the inbox (`/api/v1/agent/inbox/ws`) and for one conversation at a time
//! (`/api/v1/agent/conversations/:id/ws`). Handlers hold only a weak reference, so dropping
//! the [`Socket`] (e.g. when its component unmounts) closes it for good.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, WebSocket};

/// A socket's connection state, for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Online,
    /// Lost; `n`-th retry pending.
    Reconnecting(u32),
}

impl Conn {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connecting => "connecting",
            Self::Online => "online",
            Self::Reconnecting(_) => "reconnecting",
        }
    }
}

/// The open socket, handed to handlers so they can answer.
pub struct Link(WebSocket);

impl Link {
    /// Sends a frame as JSON text; false if the socket is not open.
    pub fn send<T: Serialize>(&self, frame: &T) -> bool {
        self.0.ready_state() == WebSocket::OPEN
            && serde_json::to_string(frame).is_ok_and(|text| self.0.send_with_str(&text).is_ok())
    }
}

/// Handles one text frame.
pub type TextHandler = Box<dyn Fn(&Link, &str)>;

/// What a socket's owner does with its events.
pub struct Handlers {
    /// Right after each (re)connect.
    pub on_open: Box<dyn Fn(&Link)>,
    /// Every text frame.
    pub on_text: TextHandler,
    /// Every state change.
    pub on_state: Box<dyn Fn(Conn)>,
}

type Listeners = (
    Closure<dyn FnMut()>,
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut()>,
);

struct Inner {
    url: String,
    handlers: Handlers,
    ws: RefCell<Option<WebSocket>>,
    listeners: RefCell<Option<Listeners>>,
    attempts: Cell<u32>,
    retry: Cell<Option<TimeoutHandle>>,
    closed: Cell<bool>,
}

/// A reconnecting WebSocket; closes when dropped.
pub struct Socket(Rc<Inner>);

impl Socket {
    /// Opens a socket to `path` on this origin (`ws:` or `wss:` to match the page).
    pub fn connect(path: &str, handlers: Handlers) -> Self {
        let inner = Rc::new(Inner {
            url: ws_url(path),
            handlers,
            ws: RefCell::new(None),
            listeners: RefCell::new(None),
            attempts: Cell::new(0),
            retry: Cell::new(None),
            closed: Cell::new(false),
        });
        (inner.handlers.on_state)(Conn::Connecting);
        Inner::open(&inner);
        Self(inner)
    }

    /// Sends a frame if the socket is open.
    pub fn send<T: Serialize>(&self, frame: &T) -> bool {
        let ws = self.0.ws.borrow().clone();
        ws.is_some_and(|ws| Link(ws).send(frame))
    }

    /// Reconnects now if a retry is pending (e.g. the browser came back online).
    pub fn retry_now(&self) {
        if let Some(t) = self.0.retry.take() {
            t.clear();
            Inner::open(&self.0);
        }
    }

    /// Closes the socket for good.
    pub fn close(&self) {
        self.0.closed.set(true);
        if let Some(t) = self.0.retry.take() {
            t.clear();
        }
        if let Some(ws) = self.0.ws.borrow_mut().take() {
            ws.set_onopen(None);
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
        self.0.listeners.borrow_mut().take();
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.close();
    }
}

impl Inner {
    fn open(this: &Rc<Self>) {
        if this.closed.get() {
            return;
        }
        let Ok(ws) = WebSocket::new(&this.url) else {
            return Self::retry_later(this);
        };
        let weak = Rc::downgrade(this);
        let on_open = Closure::<dyn FnMut()>::new(with(&weak, |inner| {
            inner.attempts.set(0);
            (inner.handlers.on_state)(Conn::Online);
            if let Some(ws) = inner.ws.borrow().clone() {
                (inner.handlers.on_open)(&Link(ws));
            }
        }));
        let weak_msg = weak.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let (Some(inner), Some(text)) = (weak_msg.upgrade(), ev.data().as_string()) else {
                return;
            };
            let ws = inner.ws.borrow().clone();
            if let Some(ws) = ws {
                (inner.handlers.on_text)(&Link(ws), &text);
            }
        });
        let on_close = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.ws.borrow_mut().take();
                Self::retry_later(&inner);
            }
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The previous socket's listeners (if any) are dropped here, outside their own calls.
        *this.listeners.borrow_mut() = Some((on_open, on_message, on_close));
        *this.ws.borrow_mut() = Some(ws);
    }

    fn retry_later(this: &Rc<Self>) {
        if this.closed.get() {
            return;
        }
        let n = this.attempts.get();
        this.attempts.set(n.saturating_add(1));
        (this.handlers.on_state)(Conn::Reconnecting(n + 1));
        let weak = Rc::downgrade(this);
        let delay = Duration::from_millis(shared::protocol::reconnect_backoff_ms(
            n,
            js_sys::Math::random(),
        ));
        let handle = set_timeout_with_handle(
            move || {
                if let Some(inner) = weak.upgrade() {
                    inner.retry.set(None);
                    Self::open(&inner);
                }
            },
            delay,
        );
        this.retry.set(handle.ok());
    }
}

fn with(weak: &Weak<Inner>, f: impl Fn(&Inner) + 'static) -> impl FnMut() + 'static {
    let weak = weak.clone();
    move || {
        if let Some(inner) = weak.upgrade() {
            f(&inner);
        }
    }
}

/// `ws://host/path` or `wss://host/path` for this page's origin.
fn ws_url(path: &str) -> String {
    let loc = web_sys::window().map(|w| w.location());
    let secure = loc
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let host = loc.and_then(|l| l.host().ok()).unwrap_or_default();
    format!("{}://{host}{path}", if secure { "wss" } else { "ws" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_have_stable_names() {
        assert_eq!(Conn::Reconnecting(3).as_str(), "reconnecting");
        assert_eq!(Conn::Online.as_str(), "online");
    }
}
