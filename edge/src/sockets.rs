//! The sockets of one Durable Object, kept as one JS array, so that a broadcast is one call
//! from wasm into JS however many sockets receive it. (Asking the runtime for its sockets and
//! sending to each from Rust costs a wasm/JS crossing and a handle per socket per frame.)

use std::cell::OnceCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use worker::{State, WebSocket};

#[wasm_bindgen(inline_js = "
export function send_all(sockets, text, skip) {
  for (let i = 0; i < sockets.length; i++) {
    const ws = sockets[i];
    if (ws !== skip) {
      try { ws.send(text); } catch (e) { /* closing: its close event removes it */ }
    }
  }
}
export function remove_socket(sockets, ws) {
  const i = sockets.indexOf(ws);
  if (i >= 0) sockets.splice(i, 1);
}
")]
extern "C" {
    /// A WebSocket seen through its JS `send`, which takes an already-converted JS string.
    type RawSocket;
    #[wasm_bindgen(method, catch, js_name = send)]
    fn send_value(this: &RawSocket, data: &JsValue) -> Result<(), JsValue>;

    fn send_all(sockets: &Array, text: &JsValue, skip: &JsValue);
    fn remove_socket(sockets: &Array, ws: &JsValue);
}

/// Sends an already-converted JS string to one socket (a closing socket is skipped).
pub fn send_text(ws: &WebSocket, text: &JsValue) {
    let socket: &JsValue = ws.as_ref();
    let _ = socket.unchecked_ref::<RawSocket>().send_value(text);
}

/// The object's open sockets, read from the runtime once per wake and then kept in step
/// with accepts and closes.
#[derive(Default)]
pub struct Sockets {
    all: OnceCell<Array>,
}

impl Sockets {
    fn all(&self, state: &State) -> &Array {
        self.all.get_or_init(|| {
            state
                .get_websockets()
                .iter()
                .map(|ws| -> &JsValue { ws.as_ref() })
                .collect()
        })
    }

    /// Call after accepting `ws`. (Before the first broadcast of a wake the runtime's own
    /// list already has it.)
    pub fn added(&self, ws: &WebSocket) {
        if let Some(all) = self.all.get() {
            all.push(ws.as_ref());
        }
    }

    /// Call when `ws` closes or fails.
    pub fn removed(&self, ws: &WebSocket) {
        if let Some(all) = self.all.get() {
            remove_socket(all, ws.as_ref());
        }
    }

    /// Sends `text` to every socket except `skip`, converting it to a JS string once.
    pub fn send_all(&self, state: &State, text: &str, skip: Option<&WebSocket>) {
        let text = JsValue::from_str(text);
        match skip {
            Some(ws) => send_all(self.all(state), &text, ws.as_ref()),
            None => send_all(self.all(state), &text, &JsValue::UNDEFINED),
        }
    }
}

/// A Durable Object's hibernatable socket events, each handled synchronously.
/// [`export_socket_events!`] exports them as the runtime's `webSocketMessage`,
/// `webSocketClose` and `webSocketError`, each returning an already-settled promise, instead
/// of `#[durable_object]`'s async exports: a future, a pending promise and a queued microtask
/// per event, which profiles of the chat benchmark showed costing about as much as the
/// handler's own work.
pub trait SocketEvents {
    /// A text frame.
    fn socket_text(&self, ws: &WebSocket, text: &str) -> worker::Result<()>;
    /// A binary frame (the protocols are JSON text).
    fn socket_binary(&self, ws: &WebSocket) -> worker::Result<()>;
    /// The socket closed (`code` as the runtime reports it).
    fn socket_close(&self, ws: &WebSocket, code: usize, reason: String) -> worker::Result<()>;
    /// The socket failed; its close event may not follow.
    fn socket_error(&self, ws: &WebSocket, error: &JsValue);
}

/// Exports an object's [`SocketEvents`] to the runtime (the object is declared with
/// `#[durable_object(fetch)]`, so the macro generates no socket exports of its own).
macro_rules! export_socket_events {
    ($object:ty) => {
        #[::wasm_bindgen::prelude::wasm_bindgen]
        impl $object {
            #[wasm_bindgen(js_name = webSocketMessage)]
            pub fn web_socket_message(
                &self,
                ws: ::worker::worker_sys::web_sys::WebSocket,
                message: ::wasm_bindgen::JsValue,
            ) -> ::js_sys::Promise {
                use $crate::sockets::SocketEvents;
                let ws = ::worker::WebSocket::from(ws);
                $crate::sockets::settled(match message.as_string() {
                    Some(text) => self.socket_text(&ws, &text),
                    None => self.socket_binary(&ws),
                })
            }

            #[wasm_bindgen(js_name = webSocketClose)]
            pub fn web_socket_close(
                &self,
                ws: ::worker::worker_sys::web_sys::WebSocket,
                code: usize,
                reason: String,
                _was_clean: bool,
            ) -> ::js_sys::Promise {
                use $crate::sockets::SocketEvents;
                $crate::sockets::settled(self.socket_close(
                    &::worker::WebSocket::from(ws),
                    code,
                    reason,
                ))
            }

            #[wasm_bindgen(js_name = webSocketError)]
            pub fn web_socket_error(
                &self,
                ws: ::worker::worker_sys::web_sys::WebSocket,
                error: ::wasm_bindgen::JsValue,
            ) -> ::js_sys::Promise {
                use $crate::sockets::SocketEvents;
                self.socket_error(&::worker::WebSocket::from(ws), &error);
                $crate::sockets::settled(Ok(()))
            }
        }
    };
}
pub(crate) use export_socket_events;

/// The result of a synchronous socket event handler as the promise the runtime expects.
pub fn settled(result: worker::Result<()>) -> js_sys::Promise {
    match result {
        Ok(()) => js_sys::Promise::resolve(&JsValue::NULL),
        Err(e) => js_sys::Promise::reject(&JsValue::from(e)),
    }
}
