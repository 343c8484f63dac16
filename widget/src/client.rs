//! The widget's connection to the edge: the session call (identified or anonymous), then
//! the conversation's WebSocket with resume-from-seq, resend of unacked lines (also after
//! a reload, from the stored outbox), reconnect with exponential backoff and jitter, and
//! the ephemeral frames (typing, read receipts).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use browser::{fetch_json, Answer};
use leptos::prelude::*;
use shared::api::{
    conversation_socket_path, Availability, FollowUpRequest, WidgetSessionRequest,
    WidgetSessionResponse, WIDGET_AVAILABILITY_PATH, WIDGET_FOLLOW_UP_PATH, WIDGET_SESSION_PATH,
};
use shared::chat::TYPING_TTL_MS;
use shared::protocol::{ClientFrame, ServerFrame};
use shared::selfservice::{
    apply_path, preview_path, ActionRequest, ApplyRequest, ApplyResponse, PreviewResponse,
    SubscriptionApiError, SubscriptionsResponse, IDEMPOTENCY_HEADER, MY_SUBSCRIPTIONS_PATH,
};
use shared::surveys::{
    answer_path, dismiss_path, PendingSurveyResponse, SurveyAnswer, PENDING_SURVEY_PATH,
};
use shared::ErrorCode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, WebSocket};

use crate::chat::Chat;
use crate::config::Config;
use crate::session::Session;
use crate::storage;
use crate::typing::TypingOut;

/// How long a rate-limited line waits before it is sent again.
pub const RATE_LIMIT_RETRY_MS: u64 = 2_000;

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

/// Signals the client writes and the views read.
#[derive(Clone, Copy)]
pub struct Signals {
    pub chat: RwSignal<Chat>,
    pub conn: RwSignal<Conn>,
    pub notice: RwSignal<Option<Notice>>,
    /// What the last session call said (identity, availability).
    pub session: RwSignal<Option<Session>>,
    /// The subscriber token was refused: the visitor chats as a guest.
    pub guest: RwSignal<bool>,
}

impl Signals {
    pub fn new() -> Self {
        Self {
            chat: RwSignal::new(Chat::default()),
            conn: RwSignal::new(Conn::Connecting),
            notice: RwSignal::new(None),
            session: RwSignal::new(None),
            guest: RwSignal::new(false),
        }
    }
}

impl Default for Signals {
    fn default() -> Self {
        Self::new()
    }
}

/// An open socket and the handlers it calls (dropped with it).
struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn Fn()>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_close: Closure<dyn Fn()>,
}

impl Socket {
    /// Closes without telling the client (no reconnect).
    fn shut(&self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

/// Why the follow-up email was not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpError {
    /// The server refused the address.
    Invalid,
    /// Network or server trouble (or no session yet): try again.
    Failed,
}

pub struct Client {
    config: Config,
    signals: Signals,
    /// Subscriber token for the next session call.
    token: RefCell<Option<String>>,
    socket: RefCell<Option<Socket>>,
    attempts: Cell<u32>,
    /// Bumped on every (re)start; callbacks of an older start ignore themselves.
    generation: Cell<u32>,
    retry: Cell<Option<TimeoutHandle>>,
    resend: Cell<Option<TimeoutHandle>>,
    typing: RefCell<TypingOut>,
    /// The conversation the chat shows.
    conversation: RefCell<Option<String>>,
    /// When availability was last asked for (session call or recheck), unix ms.
    checked_at: Cell<i64>,
    /// The last session's visitor token (freshly signed by each call, so kept out of
    /// `Signals::session`).
    visitor: RefCell<String>,
}

impl Client {
    pub fn new(config: Config, signals: Signals) -> Rc<Self> {
        Rc::new(Self {
            token: RefCell::new(config.token.clone()),
            config,
            signals,
            socket: RefCell::new(None),
            attempts: Cell::new(0),
            generation: Cell::new(0),
            retry: Cell::new(None),
            resend: Cell::new(None),
            typing: RefCell::new(TypingOut::default()),
            conversation: RefCell::new(None),
            checked_at: Cell::new(0),
            visitor: RefCell::default(),
        })
    }

    pub fn signals(&self) -> Signals {
        self.signals
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Starts (or restarts) the connection: session call, then the socket.
    pub fn start(self: &Rc<Self>) {
        if let Some(t) = self.retry.take() {
            t.clear();
        }
        let gen = self.generation.get().wrapping_add(1);
        self.generation.set(gen);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = this.session().await;
            if this.generation.get() != gen {
                return;
            }
            match result {
                Ok(s) => {
                    this.on_session(&s);
                    this.open_socket(&s, gen);
                }
                Err(true) => this.signals.conn.set(Conn::Offline),
                Err(false) => this.retry_later(gen),
            }
        });
    }

    /// Switches identity (`CellarDoor.identify`): a new session, conversation and socket.
    /// Lines not sent yet go to the new conversation if the new identity may send them
    /// (`Chat::on_session`).
    pub fn identify(self: &Rc<Self>, token: Option<String>) {
        *self.token.borrow_mut() = token.filter(|t| !t.is_empty());
        self.signals.guest.set(false);
        self.signals.session.set(None);
        self.signals.chat.update(Chat::restart);
        self.conversation.replace(None);
        self.drop_socket();
        self.attempts.set(0);
        self.signals.conn.set(Conn::Connecting);
        self.start();
    }

    /// Disconnects for good: no socket, no retries (until `start` or `identify`).
    pub fn stop(&self) {
        self.generation.set(self.generation.get().wrapping_add(1));
        for timer in [self.retry.take(), self.resend.take()]
            .into_iter()
            .flatten()
        {
            timer.clear();
        }
        self.drop_socket();
    }

    /// Reconnects at once (the browser is back online).
    pub fn reconnect_now(self: &Rc<Self>) {
        if self.signals.conn.get_untracked() == Conn::Online || self.is_fatal() {
            return;
        }
        self.drop_socket();
        self.attempts.set(0);
        self.start();
    }

    /// The browser went offline: show it and retry with backoff (until `online`).
    pub fn went_offline(self: &Rc<Self>) {
        if self.is_fatal() {
            return;
        }
        self.drop_socket();
        let gen = self.generation.get().wrapping_add(1);
        self.generation.set(gen);
        self.retry_later(gen);
    }

    fn is_fatal(&self) -> bool {
        self.signals.conn.get_untracked() == Conn::Offline
    }

    /// Listens for the browser's `online` / `offline` events for the page's lifetime.
    pub fn watch_network(self: &Rc<Self>) {
        let Some(w) = web_sys::window() else { return };
        let this = self.clone();
        let online = Closure::<dyn Fn()>::new(move || this.reconnect_now());
        let this = self.clone();
        let offline = Closure::<dyn Fn()>::new(move || this.went_offline());
        let _ = w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        let _ = w.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        online.forget();
        offline.forget();
    }

    /// Re-queues lines left unsent by an earlier page load (the session then drops them
    /// if someone else wrote them: `Chat::on_session`).
    pub fn restore_outbox(&self) {
        let pending = storage::outbox(&self.config);
        if !pending.is_empty() {
            self.signals.chat.update(|c| c.restore(pending));
        }
    }

    /// Queues a line and sends it if the socket is open; returns the validation error.
    pub fn send(&self, text: &str) -> Result<(), ErrorCode> {
        let body = shared::chat::validate_body(text)?.to_owned();
        let client_id = new_client_id();
        self.signals
            .chat
            .update(|c| c.push_local(client_id.clone(), body.clone(), now()));
        // Behind lines waiting out the rate limit it waits too: they go first, in order.
        if self.resend.get().is_none() {
            self.send_frame(&ClientFrame::Send { client_id, body });
        }
        self.stop_typing();
        Ok(())
    }

    /// The visitor's draft changed: tell the agent they are typing (throttled).
    pub fn draft(&self, text: &str) {
        // Nobody to tell while disconnected (and the throttle must not count it).
        if !self.is_open() {
            return;
        }
        let on = self.typing.borrow_mut().draft(text, now());
        if let Some(on) = on {
            self.send_frame(&ClientFrame::Typing { on });
        }
    }

    /// The visitor sent the draft or left the composer.
    pub fn stop_typing(&self) {
        let off = self.typing.borrow_mut().stop();
        if let Some(on) = off {
            self.send_frame(&ClientFrame::Typing { on });
        }
    }

    /// Sends a read receipt; false if the socket is not open.
    pub fn send_read(&self, seq: u64) -> bool {
        self.send_frame(&ClientFrame::Read { seq })
    }

    fn is_open(&self) -> bool {
        self.socket
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ws.ready_state() == WebSocket::OPEN)
    }

    fn send_frame(&self, frame: &ClientFrame) -> bool {
        let socket = self.socket.borrow();
        let Some(s) = socket.as_ref() else {
            return false;
        };
        if s.ws.ready_state() != WebSocket::OPEN {
            return false;
        }
        serde_json::to_string(frame)
            .ok()
            .is_some_and(|text| s.ws.send_with_str(&text).is_ok())
    }

    /// Sends every unacknowledged line, oldest first (the server dedupes by client id).
    fn flush(&self) {
        for (client_id, body) in self.signals.chat.with_untracked(|c| c.unsent()) {
            self.send_frame(&ClientFrame::Send { client_id, body });
        }
    }

    /// When availability was last asked for (see `Availability::recheck_at`).
    pub fn checked_at(&self) -> i64 {
        self.checked_at.get()
    }

    /// Asks the edge again who can answer now. Only the session's availability changes,
    /// and only if the answer differs (a half-typed follow-up email stays).
    pub async fn refresh_availability(&self) {
        self.checked_at.set(now());
        let url = format!(
            "{}{}?merchant={}",
            self.config.api,
            WIDGET_AVAILABILITY_PATH,
            js_sys::encode_uri_component(&self.config.merchant)
        );
        let Ok(answer) = fetch_json("GET", &url, None, &[]).await else {
            return;
        };
        let Some(fresh) = answer
            .is_success()
            .then(|| serde_json::from_str::<Availability>(&answer.text).ok())
            .flatten()
        else {
            return;
        };
        let session = self.signals.session;
        if session.with_untracked(|s| s.as_ref().is_some_and(|s| s.availability != fresh)) {
            session.update(|s| {
                if let Some(s) = s {
                    s.availability = fresh;
                }
            });
        }
    }

    /// The last session's visitor token (empty before the first).
    pub fn visitor_token(&self) -> String {
        self.visitor.borrow().clone()
    }

    /// Records what the session call said.
    pub fn on_session(&self, s: &WidgetSessionResponse) {
        self.checked_at.set(now());
        storage::set_visitor_token(&self.config, &s.visitor_token);
        self.visitor.replace(s.visitor_token.clone());
        // Another conversation (e.g. the last one was resolved): its seqs start over. And
        // before anything is sent: unsent lines of another subscriber are dropped.
        let previous = self.conversation.replace(Some(s.conversation_id.clone()));
        let restart = previous.is_some_and(|c| c != s.conversation_id);
        let who = s.subscriber.as_ref().map(|s| s.id.clone());
        self.signals
            .chat
            .maybe_update(|c| c.on_session(who, restart));
        // Unchanged on a reconnect (but for the token, kept above): leave the views (a
        // half-typed email, a half-done cancel flow) alone.
        let session = Some(Session::from(s));
        if self.signals.session.with_untracked(|old| *old != session) {
            self.signals.session.set(session);
        }
    }

    /// Applies a frame from the server.
    pub fn on_frame(self: &Rc<Self>, frame: ServerFrame) {
        let len = match &frame {
            ServerFrame::Error {
                client_id: Some(id),
                ..
            } => self
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
        let acked = matches!(frame, ServerFrame::Ack { .. });
        let typing_on = matches!(frame, ServerFrame::Typing { on: true, .. });
        let mut code = None;
        self.signals.chat.update(|c| code = c.apply(frame, now()));
        if let Some(code) = code {
            self.signals.notice.set(Some(Notice { code, len }));
            if code == ErrorCode::RateLimited {
                self.resend_later();
            }
        } else if acked
            && self
                .signals
                .notice
                .with_untracked(|n| n.is_some_and(|n| n.code == ErrorCode::RateLimited))
        {
            self.signals.notice.set(None);
        }
        if typing_on {
            let chat = self.signals.chat;
            set_timeout(
                move || {
                    let t = now();
                    if chat.with_untracked(|c| c.typing.as_ref().is_some_and(|p| p.until <= t)) {
                        chat.update(|c| {
                            c.expire_typing(t);
                        });
                    }
                },
                Duration::from_millis(TYPING_TTL_MS as u64 + 50),
            );
        }
    }

    /// After `rate_limited`: send the waiting lines again in ~2 s (once, however many
    /// lines were refused).
    fn resend_later(self: &Rc<Self>) {
        if self.resend.get().is_some() {
            return;
        }
        let this = self.clone();
        let handle = set_timeout_with_handle(
            move || {
                this.resend.set(None);
                this.flush();
            },
            Duration::from_millis(RATE_LIMIT_RETRY_MS),
        );
        self.resend.set(handle.ok());
    }

    /// Posts the session request. `Err(true)` means retrying cannot help (unknown shop).
    async fn session(&self) -> Result<WidgetSessionResponse, bool> {
        let url = format!("{}{}", self.config.api, WIDGET_SESSION_PATH);
        loop {
            let sent_token = self.token.borrow().clone();
            let body = serde_json::to_string(&WidgetSessionRequest {
                merchant_id: self.config.merchant.clone(),
                visitor_token: storage::visitor_token(&self.config),
                subscriber_token: sent_token.clone(),
            })
            .map_err(|_| true)?;
            let answer = post_json(&url, &body).await.map_err(|_| false)?;
            match answer.status {
                200 => return serde_json::from_str(&answer.text).map_err(|_| false),
                // `invalid_subscriber_token`: carry on as a guest, and say so (unless
                // `identify` changed the token meanwhile: then try the new one).
                401 if sent_token.is_some() => {
                    let mut token = self.token.borrow_mut();
                    if *token == sent_token {
                        token.take();
                        self.signals.guest.set(true);
                    }
                }
                400 | 401 | 403 | 404 => return Err(true),
                _ => return Err(false),
            }
        }
    }

    fn open_socket(self: &Rc<Self>, s: &WidgetSessionResponse, gen: u32) {
        let url = format!(
            "{}{}?token={}",
            self.config.ws_base(),
            conversation_socket_path(&s.conversation_id),
            js_sys::encode_uri_component(&s.conversation_token)
        );
        let Ok(ws) = WebSocket::new(&url) else {
            return self.retry_later(gen);
        };

        let this = self.clone();
        let on_open = Closure::<dyn Fn()>::new(move || {
            this.attempts.set(0);
            this.signals.conn.set(Conn::Online);
            let last_seq = this.signals.chat.with_untracked(|c| c.last_seq);
            this.send_frame(&ClientFrame::Hello { last_seq });
            this.flush();
        });
        let this = self.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            if let Ok(frame) = serde_json::from_str::<ServerFrame>(&text) {
                this.on_frame(frame);
            }
        });
        let this = self.clone();
        let on_close = Closure::<dyn Fn()>::new(move || {
            if this.generation.get() == gen {
                this.retry_later(gen);
            }
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let old = self.socket.borrow_mut().replace(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        });
        if let Some(old) = old {
            old.shut();
        }
    }

    /// Closes the socket quietly (no reconnect from its close handler).
    fn drop_socket(&self) {
        let old = self.socket.borrow_mut().take();
        if let Some(old) = old {
            old.shut();
        }
    }

    fn retry_later(self: &Rc<Self>, gen: u32) {
        if self.generation.get() != gen {
            return;
        }
        let n = self.attempts.get();
        self.attempts.set(n.saturating_add(1));
        self.signals.conn.set(Conn::Reconnecting);
        let this = self.clone();
        let delay = shared::protocol::reconnect_backoff_ms(n, js_sys::Math::random());
        let handle = set_timeout_with_handle(
            move || {
                this.retry.set(None);
                if this.generation.get() == gen {
                    this.start();
                }
            },
            Duration::from_millis(delay),
        );
        if let Some(old) = self.retry.replace(handle.ok()) {
            old.clear();
        }
    }

    /// Saves the visitor's follow-up email for this visitor.
    pub async fn follow_up(&self, email: String) -> Result<(), FollowUpError> {
        let visitor_token = self.visitor_token();
        if visitor_token.is_empty() {
            return Err(FollowUpError::Failed);
        }
        let body = serde_json::to_string(&FollowUpRequest {
            visitor_token,
            email,
        })
        .map_err(|_| FollowUpError::Failed)?;
        let url = format!("{}{}", self.config.api, WIDGET_FOLLOW_UP_PATH);
        match post_json(&url, &body).await {
            Ok(a) if a.is_success() => Ok(()),
            Ok(a) if a.status == 400 => Err(FollowUpError::Invalid),
            _ => Err(FollowUpError::Failed),
        }
    }
}

/// A self-service call's result: the answer, or the API's error body (code `network` when
/// there was none).
pub type SubResult<T> = Result<T, SubscriptionApiError>;

fn net_error() -> SubscriptionApiError {
    SubscriptionApiError {
        code: "network".into(),
        message: String::new(),
        field: None,
        fields: Vec::new(),
        current: None,
        effect: None,
    }
}

/// The self-service API as the signed-in subscriber: plain HTTP calls with the visitor
/// token (`Authorization: Bearer <visitor token>`), nothing of the chat (no socket, no
/// session state). The "My subscription" panel builds one from what the widget passes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubApi {
    /// Origin of the API (no trailing slash).
    api: String,
    /// The session's visitor token.
    visitor_token: String,
}

impl SubApi {
    pub fn new(api: impl Into<String>, visitor_token: impl Into<String>) -> Self {
        Self {
            api: api.into().trim_end_matches('/').to_owned(),
            visitor_token: visitor_token.into(),
        }
    }

    /// A self-service call; `key` is the apply's idempotency key.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: Option<String>,
        key: Option<&str>,
    ) -> SubResult<T> {
        let token = format!("Bearer {}", self.visitor_token);
        let url = format!("{}{path}", self.api);
        let mut headers = vec![("authorization", token.as_str())];
        headers.extend(key.map(|k| (IDEMPOTENCY_HEADER, k)));
        let method = if body.is_some() { "POST" } else { "GET" };
        let a = fetch_json(method, &url, body.as_deref(), &headers)
            .await
            .map_err(|_| net_error())?;
        if a.is_success() {
            serde_json::from_str(&a.text).map_err(|_| net_error())
        } else {
            Err(serde_json::from_str(&a.text).unwrap_or_else(|_| net_error()))
        }
    }

    /// `GET` the signed-in subscriber's subscriptions.
    pub async fn subscriptions(&self) -> SubResult<SubscriptionsResponse> {
        self.call(MY_SUBSCRIPTIONS_PATH, None, None).await
    }

    /// What an action would do.
    pub async fn preview(&self, id: &str, req: &ActionRequest) -> SubResult<PreviewResponse> {
        let body = serde_json::to_string(req).map_err(|_| net_error())?;
        self.call(&preview_path(id), Some(body), None).await
    }

    /// Applies an action; a repeat with the same `key` and body applies it once.
    pub async fn apply(&self, id: &str, req: &ApplyRequest, key: &str) -> SubResult<ApplyResponse> {
        let body = serde_json::to_string(req).map_err(|_| net_error())?;
        self.call(&apply_path(id), Some(body), Some(key)).await
    }

    /// `GET` the survey to show now, if any.
    pub async fn pending_survey(&self) -> SubResult<PendingSurveyResponse> {
        self.call(PENDING_SURVEY_PATH, None, None).await
    }

    /// Answers a survey (an answer validated with [`SurveyAnswer::validate`]); whether the
    /// server took it (a repeat is taken and ignored).
    pub async fn answer_survey(&self, id: &str, answer: &SurveyAnswer) -> bool {
        let body = serde_json::to_string(answer).unwrap_or_default();
        self.post_204(&answer_path(id), &body).await
    }

    /// The visitor closed the survey: it is not asked again.
    pub async fn dismiss_survey(&self, id: &str) -> bool {
        self.post_204(&dismiss_path(id), "{}").await
    }

    async fn post_204(&self, path: &str, body: &str) -> bool {
        let token = format!("Bearer {}", self.visitor_token);
        let url = format!("{}{path}", self.api);
        fetch_json("POST", &url, Some(body), &[("authorization", &token)])
            .await
            .is_ok_and(|a| a.is_success())
    }
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh client message id (also an idempotency key): time plus randomness, `[a-z0-9-]`.
pub fn new_client_id() -> String {
    let r = (js_sys::Math::random() * 1e15) as u64;
    format!("m{:x}-{:x}", js_sys::Date::now() as u64, r)
}

async fn post_json(url: &str, body: &str) -> Result<Answer, JsValue> {
    fetch_json("POST", url, Some(body), &[]).await
}
