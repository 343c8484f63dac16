//! The Conversation Durable Object: one per conversation. Messages live in the object's
//! SQLite storage with a gapless sequence number; sockets use the hibernation API (tagged by
//! author), so an idle conversation costs nothing while its sockets stay open. Each frame
//! sent to many sockets is serialised once.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use shared::api::AgentRef;
use shared::chat::{
    inbox_batch_delay_ms, parse_rate, validate_body, validate_client_id, RateLimiter, RecentSends,
    FRAME_BURST, FRAME_PER_SEC, RATE_BURST, RATE_PER_SEC, RESEND_WINDOW, TYPING_THROTTLE_MS,
};
use shared::protocol::{
    parse_client_frame, Author, ClientFrame, Message, ServerFrame, SystemEvent,
};
use shared::queue::{self, push_run, MessageRun};
use shared::ErrorCode;
use worker::{
    durable_object, DurableObject, Env, Method, Request, Response, Result, SqlStorage,
    SqlStorageValue, State, WebSocket, WebSocketPair,
};

use wasm_bindgen::prelude::*;

use crate::config::{now_millis, random_bytes};
use crate::error::{json_response, EdgeError};
use crate::http::internal_json;
use crate::inbox::{InboxEvent, QueueSeed};
use crate::peer::{internal_post, internal_upgrade, Peer};
use crate::sockets::{export_socket_events, send_text, SocketEvents, Sockets};

/// Most messages in one history frame: a resume gets everything it missed in frames of at
/// most this many (at 4,000 characters a message, a frame stays well under a megabyte).
const HISTORY_PAGE: i64 = 50;
/// Storage schema version of this object.
const SCHEMA_VERSION: i64 = 3;

/// A socket's attachment: who it is and when it connected. The per-connection limits live
/// beside it in memory only: after hibernation a connection starts with a full bucket, which
/// only ever follows a quiet period.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Conn {
    peer: Peer,
    created_at: i64,
    /// This connection's message rate, from its first send.
    #[serde(skip)]
    rate: Cell<Option<RateLimiter>>,
    /// This connection's rate of other frames (hello, typing, read), from its first one.
    #[serde(skip)]
    frames: Cell<Option<RateLimiter>>,
    /// When this connection's last `on` was passed on (typing frames are throttled)…
    #[serde(skip)]
    typing_since: Cell<Option<i64>>,
    /// …and whether the other side was last told it is typing.
    #[serde(skip)]
    typing_on: Cell<bool>,
}

/// A system message to post, sent by the Worker after an agent action.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SystemPost {
    pub event: SystemEvent,
}

struct Limits {
    /// Burst and refill per second of each connection's message rate
    /// (`CHAT_RATE_LIMIT` = "burst/per-second", default "10/1").
    burst: f64,
    per_sec: f64,
}

/// `fetch` only: the socket events are exported by `export_socket_events!` (see
/// [`SocketEvents`]).
#[durable_object(fetch)]
pub struct Conversation {
    state: State,
    env: Env,
    sql: SqlStorage,
    /// The next message seq; 0 until read from storage.
    next_seq: Cell<i64>,
    /// The newest messages' authors and client ids, read once per wake (with `next_seq`).
    recent: RefCell<RecentSends>,
    /// Each socket's attachment, decoded once: a JS Map from the socket object to an index
    /// into `conns` (sockets are the same JS objects until the object hibernates).
    conn_index: js_sys::Map,
    conns: RefCell<Vec<Option<Rc<Conn>>>>,
    /// The configured per-connection message rate; each connection's own limiter and typing
    /// throttle live in its [`Conn`].
    limits: Limits,
    /// The queue seed of this conversation, learnt from the first socket.
    seed: RefCell<Option<QueueSeed>>,
    /// The subscriber's messages no agent has read or answered; `None` until counted in this
    /// wake.
    unread: Cell<Option<u32>>,
    /// Messages not yet sent to the inbox, and whether a flush loop is running.
    outbox: Rc<RefCell<Outbox>>,
    flushing: Rc<Cell<bool>>,
    sockets: Sockets,
}

#[derive(Deserialize)]
struct StoredRow {
    seq: i64,
    client_id: String,
    author: String,
    author_name: Option<String>,
    body: String,
    at: i64,
    event: Option<String>,
}

#[derive(Deserialize)]
struct RecentRow {
    seq: i64,
    at: i64,
    author_id: String,
    client_id: String,
}

#[derive(Deserialize)]
struct CountRow {
    n: i64,
}

#[derive(Deserialize)]
struct SeqAt {
    seq: i64,
    at: i64,
}

#[derive(Deserialize)]
struct ReadRow {
    author: String,
    seq: i64,
}

#[derive(Deserialize)]
struct Version {
    v: i64,
}

/// The messages, by seq (no other index: see `RecentSends`).
const MESSAGES_TABLE: &str = "CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL,
    author TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_name TEXT,
    body TEXT NOT NULL,
    at INTEGER NOT NULL,
    event TEXT
)";

fn migrate(sql: &SqlStorage) -> Result<()> {
    sql.exec(
        "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)",
        None,
    )?;
    let version = sql
        .exec("SELECT v FROM meta WHERE k = 'schema'", None)?
        .to_array::<Version>()?
        .first()
        .map_or(0, |r| r.v);
    if version < 1 {
        sql.exec(MESSAGES_TABLE, None)?;
    }
    if version < 2 {
        // Objects created by schema 1 may lack the event column.
        let cols: Vec<serde_json::Value> =
            sql.exec("PRAGMA table_info(messages)", None)?.to_array()?;
        if !cols.iter().any(|c| c["name"] == "event") {
            sql.exec("ALTER TABLE messages ADD COLUMN event TEXT", None)?;
        }
        sql.exec(
            "CREATE TABLE IF NOT EXISTS reads (author TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
            None,
        )?;
    }
    if (1..3).contains(&version) {
        // Schema 3 drops the unique index over (author_id, client_id), which doubled the
        // pages each message writes: resends are matched against the newest messages in
        // memory (shared::chat::RecentSends).
        sql.exec(&MESSAGES_TABLE.replace("messages (", "messages_v3 ("), None)?;
        sql.exec(
            "INSERT INTO messages_v3 (seq, client_id, author, author_id, author_name, body, at, event)
             SELECT seq, client_id, author, author_id, author_name, body, at, event FROM messages",
            None,
        )?;
        sql.exec("DROP TABLE messages", None)?;
        sql.exec("ALTER TABLE messages_v3 RENAME TO messages", None)?;
    }
    if version < SCHEMA_VERSION {
        sql.exec(
            "INSERT INTO meta (k, v) VALUES ('schema', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
            vec![SCHEMA_VERSION.into()],
        )?;
    }
    Ok(())
}

impl DurableObject for Conversation {
    fn new(state: State, env: Env) -> Self {
        if let Err(e) = migrate(&state.storage().sql()) {
            worker::console_error!("conversation schema: {e}");
        }
        let (burst, per_sec) = env
            .var("CHAT_RATE_LIMIT")
            .ok()
            .and_then(|v| parse_rate(&v.to_string()))
            .unwrap_or((RATE_BURST, RATE_PER_SEC));
        let limits = Limits { burst, per_sec };
        let sql = state.storage().sql();
        Self {
            state,
            env,
            sql,
            next_seq: Cell::new(0),
            recent: RefCell::new(RecentSends::new(RESEND_WINDOW)),
            conn_index: js_sys::Map::new(),
            conns: RefCell::new(Vec::new()),
            limits,
            seed: RefCell::new(None),
            unread: Cell::new(None),
            outbox: Rc::default(),
            flushing: Rc::default(),
            sockets: Sockets::default(),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            (Method::Post, "/system") => {
                let Ok(post) = internal_json::<SystemPost>(&mut req).await else {
                    return Ok(EdgeError::from(ErrorCode::InvalidJson).into_response());
                };
                let message = self.post_system(post.event)?;
                Ok(json_response(&message, 200))
            }
            _ => self.accept(&req),
        }
    }
}

impl SocketEvents for Conversation {
    fn socket_text(&self, ws: &WebSocket, text: &str) -> Result<()> {
        self.on_message(ws, text)
    }

    fn socket_binary(&self, ws: &WebSocket) -> Result<()> {
        send(ws, &ServerFrame::error(ErrorCode::InvalidFrame, None))
    }

    fn socket_close(&self, ws: &WebSocket, code: usize, reason: String) -> Result<()> {
        self.on_close(ws, code, reason);
        Ok(())
    }

    fn socket_error(&self, ws: &WebSocket, error: &JsValue) {
        worker::console_log!("conversation socket error: {error:?}");
        self.sockets.removed(ws);
    }
}

export_socket_events!(Conversation);

/// Messages waiting to be told to the inbox, as runs of one author
/// ([`shared::queue::MessageRun`]). Only the newest one's preview is shown in the queue, so
/// only its body is kept (and cut to a preview once, when the batch is sent).
/// The unread count goes with every batch, so an agent's read and the messages around it
/// reach the inbox in the order they happened, over one channel.
#[derive(Default)]
struct Outbox {
    runs: Vec<MessageRun>,
    last_body: String,
    /// The subscriber's messages no agent has read or answered, if it changed since the last
    /// batch.
    unread: Option<u32>,
}

/// What a batch tells the inbox.
struct Batch {
    runs: Vec<MessageRun>,
    newest: String,
    unread: Option<u32>,
}

impl Outbox {
    fn push(&mut self, author: Author, agent: Option<&AgentRef>, at: i64, body: &str) {
        push_run(&mut self.runs, author, agent, at);
        self.last_body.clear();
        self.last_body.push_str(body);
    }

    /// What gathered since the last batch, or `None` if nothing did.
    fn take(&mut self) -> Option<Batch> {
        if self.runs.is_empty() && self.unread.is_none() {
            return None;
        }
        let runs = std::mem::take(&mut self.runs);
        let newest = if runs.is_empty() {
            String::new()
        } else {
            shared::queue::preview(&self.last_body)
        };
        Some(Batch {
            runs,
            newest,
            unread: self.unread.take(),
        })
    }

    fn clear(&mut self) {
        self.runs.clear();
        self.unread = None;
    }
}

/// Helpers of the conversation object.
impl Conversation {
    /// A text frame from `ws`.
    fn on_message(&self, ws: &WebSocket, text: &str) -> Result<()> {
        let frame = match parse_client_frame(text) {
            Ok(f) => f,
            Err(code) => return send(ws, &ServerFrame::error(code, None)),
        };
        let Some(conn) = self.conn(ws)? else {
            return send(ws, &ServerFrame::error(ErrorCode::Unauthorized, None));
        };
        self.remember_seed(&conn.peer);
        if !matches!(frame, ClientFrame::Send { .. }) && !self.allow_frame(&conn) {
            // Typing and read frames over the limit are dropped; a hello is told.
            return match frame {
                ClientFrame::Hello { .. } => {
                    send(ws, &ServerFrame::error(ErrorCode::RateLimited, None))
                }
                _ => Ok(()),
            };
        }
        match frame {
            ClientFrame::Hello { last_seq } => self.on_hello(ws, conn.peer.author, last_seq),
            ClientFrame::Send { client_id, body } => self.on_send(ws, &conn, client_id, &body),
            ClientFrame::Typing { on } => self.on_typing(ws, &conn, on),
            ClientFrame::Read { seq } => self.on_read(ws, &conn, seq),
        }
    }

    fn on_close(&self, ws: &WebSocket, code: usize, reason: String) {
        self.forget_conn(ws);
        self.sockets.removed(ws);
        // The runtime may already have answered the close; a second close is harmless.
        let code = u16::try_from(code)
            .ok()
            .filter(|c| *c >= 1000 && *c != 1005 && *c != 1006)
            .unwrap_or(1000);
        let _ = ws.close(Some(code), Some(reason));
    }

    fn sql(&self) -> &SqlStorage {
        &self.sql
    }

    /// The socket's connection, decoded from its attachment at most once per wake.
    fn conn(&self, ws: &WebSocket) -> Result<Option<Rc<Conn>>> {
        let key: &JsValue = ws.as_ref();
        if let Some(i) = self.conn_index.get(key).as_f64() {
            return Ok(self.conns.borrow().get(i as usize).cloned().flatten());
        }
        let Some(conn) = ws.deserialize_attachment::<Conn>()? else {
            return Ok(None);
        };
        let conn = Rc::new(conn);
        let mut conns = self.conns.borrow_mut();
        conns.push(Some(conn.clone()));
        self.conn_index
            .set(key, &JsValue::from_f64((conns.len() - 1) as f64));
        Ok(Some(conn))
    }

    fn forget_conn(&self, ws: &WebSocket) {
        let key: &JsValue = ws.as_ref();
        if let Some(i) = self.conn_index.get(key).as_f64() {
            if let Some(slot) = self.conns.borrow_mut().get_mut(i as usize) {
                *slot = None;
            }
            self.conn_index.delete(key);
        }
    }

    fn accept(&self, req: &Request) -> Result<Response> {
        let Some(peer) = Peer::from_request(req) else {
            return Ok(EdgeError::from(ErrorCode::Unauthorized).into_response());
        };
        if !req
            .headers()
            .get("upgrade")?
            .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
        {
            return Ok(EdgeError::from(ErrorCode::UpgradeRequired).into_response());
        }
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[peer.author.as_str()]);
        self.sockets.added(&pair.server);
        self.remember_seed(&peer);
        pair.server.serialize_attachment(&Conn {
            peer,
            created_at: now_millis(),
            rate: Cell::new(None),
            frames: Cell::new(None),
            typing_since: Cell::new(None),
            typing_on: Cell::new(false),
        })?;
        Response::from_websocket(pair.client)
    }

    fn remember_seed(&self, peer: &Peer) {
        if self.seed.borrow().is_none() {
            if let Some(seed) = &peer.seed {
                *self.seed.borrow_mut() = Some(seed.clone());
            }
        }
    }

    /// Sends `text` to every socket except `skip`.
    fn broadcast(&self, text: &str, skip: Option<&WebSocket>) {
        self.sockets.send_all(&self.state, text, skip);
    }

    /// Sends `text` to the sockets of the other side than `author`.
    fn to_other_side(&self, author: Author, text: &str) {
        let text = JsValue::from_str(text);
        for side in [Author::Visitor, Author::Agent] {
            if side != author {
                self.send_to(side, &text);
            }
        }
    }

    /// Sends an already-converted JS string to every socket of one side.
    fn send_to(&self, side: Author, text: &JsValue) {
        for ws in self.state.get_websockets_with_tag(side.as_str()) {
            send_text(&ws, text);
        }
    }

    /// Whether a connection may send another frame other than a message.
    fn allow_frame(&self, conn: &Conn) -> bool {
        let now = now_millis();
        let mut limiter = conn
            .frames
            .get()
            .unwrap_or_else(|| RateLimiter::with_rate(FRAME_BURST, FRAME_PER_SEC, now));
        let allowed = limiter.allow(now);
        conn.frames.set(Some(limiter));
        allowed
    }

    /// Everything after `last_seq`, oldest first, in frames of at most [`HISTORY_PAGE`]
    /// messages (at least one frame, maybe empty), then both sides' read positions.
    fn on_hello(&self, ws: &WebSocket, reader: Author, last_seq: u64) -> Result<()> {
        let mut after = i64::try_from(last_seq).unwrap_or(i64::MAX);
        loop {
            let rows: Vec<StoredRow> = self
                .sql()
                .exec(
                    "SELECT seq, client_id, author, author_name, body, at, event FROM messages
                     WHERE seq > ? ORDER BY seq LIMIT ?",
                    vec![after.into(), HISTORY_PAGE.into()],
                )?
                .to_array()?;
            let full = rows.len() as i64 == HISTORY_PAGE;
            after = rows.last().map_or(after, |r| r.seq);
            let messages = rows
                .into_iter()
                .filter_map(row_to_message)
                .map(|m| as_seen_by(reader, m))
                .collect();
            send(ws, &ServerFrame::History { messages })?;
            if !full {
                break;
            }
        }
        let reads: Vec<ReadRow> = self
            .sql()
            .exec("SELECT author, seq FROM reads", None)?
            .to_array()?;
        for r in reads {
            if let (Some(author), Ok(seq)) = (Author::parse(&r.author), u64::try_from(r.seq)) {
                send(ws, &ServerFrame::Read { author, seq })?;
            }
        }
        Ok(())
    }

    fn on_send(&self, ws: &WebSocket, conn: &Conn, client_id: String, body: &str) -> Result<()> {
        if let Err(code) = validate_client_id(&client_id) {
            return send(ws, &ServerFrame::error(code, None));
        }
        let body = match validate_body(body) {
            Ok(b) => b,
            Err(code) => return send(ws, &ServerFrame::error(code, Some(client_id))),
        };
        let now = now_millis();
        let mut limiter = conn
            .rate
            .get()
            .unwrap_or_else(|| RateLimiter::with_rate(self.limits.burst, self.limits.per_sec, now));
        let allowed = limiter.allow(now);
        conn.rate.set(Some(limiter));
        if !allowed {
            return send(
                ws,
                &ServerFrame::error(ErrorCode::RateLimited, Some(client_id)),
            );
        }
        let peer = &conn.peer;
        let (stored, fresh) = self.store(peer, &client_id, body, None)?;
        send(
            ws,
            &ServerFrame::Ack {
                client_id: client_id.clone(),
                seq: stored.seq as u64,
                at: stored.at,
            },
        )?;
        if fresh {
            let message = Message {
                seq: stored.seq as u64,
                client_id,
                author: peer.author,
                author_name: (peer.author == Author::Agent).then(|| peer.name.clone()),
                body: body.to_owned(),
                at: stored.at,
                event: None,
            };
            self.broadcast(&ServerFrame::Message { message }.to_text(), Some(ws));
            // A sent message ends the sender's typing (the other side clears it on the message).
            conn.typing_since.set(None);
            conn.typing_on.set(false);
            let agent = (peer.author == Author::Agent).then(|| AgentRef {
                id: peer.id.clone(),
                name: peer.name.clone(),
            });
            self.queue_for_inbox(peer.author, agent.as_ref(), stored.at, body);
        }
        Ok(())
    }

    fn on_typing(&self, _ws: &WebSocket, conn: &Conn, on: bool) -> Result<()> {
        let now = now_millis();
        if on {
            if conn
                .typing_since
                .get()
                .is_some_and(|last| now - last < TYPING_THROTTLE_MS)
            {
                return Ok(());
            }
            conn.typing_since.set(Some(now));
            conn.typing_on.set(true);
        } else if !conn.typing_on.replace(false) {
            // Already off: nothing to tell. (The throttle is not reset, so toggling cannot
            // flood the other side.)
            return Ok(());
        }
        let name = (conn.peer.author == Author::Agent).then(|| conn.peer.name.clone());
        self.to_other_side(
            conn.peer.author,
            &ServerFrame::Typing {
                author: conn.peer.author,
                name,
                on,
            }
            .to_text(),
        );
        Ok(())
    }

    fn on_read(&self, ws: &WebSocket, conn: &Conn, seq: u64) -> Result<()> {
        let author = conn.peer.author;
        let max: Vec<SeqAt> = self
            .sql()
            .exec(
                "SELECT COALESCE(MAX(seq), 0) AS seq, 0 AS at FROM messages",
                None,
            )?
            .to_array()?;
        let seq = seq.min(max.first().map_or(0, |m| m.seq as u64));
        let seq_i = i64::try_from(seq).unwrap_or(0);
        let updated: Vec<ReadRow> = self
            .sql()
            .exec(
                "INSERT INTO reads (author, seq) VALUES (?, ?)
                 ON CONFLICT (author) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > reads.seq
                 RETURNING author, seq",
                vec![author.as_str().into(), seq_i.into()],
            )?
            .to_array()?;
        if updated.is_empty() {
            return Ok(());
        }
        self.broadcast(&ServerFrame::Read { author, seq }.to_text(), Some(ws));
        if author == Author::Agent {
            let unread = self.count_unread()?;
            self.unread.set(Some(unread));
            self.outbox.borrow_mut().unread = Some(unread);
            self.flush_to_inbox();
        }
        Ok(())
    }

    /// Stores and broadcasts a system message.
    fn post_system(&self, event: SystemEvent) -> Result<Message> {
        let client_id = random_bytes()
            .map(|b| shared::ids::from_random("s_", b))
            .map_err(|_| worker::Error::RustError("random".into()))?;
        let peer = Peer {
            author: Author::System,
            id: "system".into(),
            name: String::new(),
            merchant: String::new(),
            seed: None,
        };
        let body = event.fallback_text();
        let (stored, _) = self.store(&peer, &client_id, &body, Some(&event))?;
        let message = Message {
            seq: stored.seq as u64,
            client_id,
            author: Author::System,
            author_name: None,
            body,
            at: stored.at,
            event: Some(event),
        };
        let text = |m: &Message| ServerFrame::Message { message: m.clone() }.to_text();
        let visitors_copy = as_seen_by(Author::Visitor, message.clone());
        if visitors_copy == message {
            self.broadcast(&text(&message), None);
        } else {
            self.send_to(Author::Agent, &JsValue::from_str(&text(&message)));
            self.send_to(Author::Visitor, &JsValue::from_str(&text(&visitors_copy)));
        }
        Ok(message)
    }

    /// Adds a message to the inbox outbox. The first message after a quiet spell goes to the
    /// inbox at once; while messages keep coming, one background loop per object sends what
    /// gathered as one batch about every [`shared::chat::INBOX_BATCH_MS`] (jittered: see
    /// [`inbox_batch_delay_ms`]), over one feed socket to the inbox that stays open until the
    /// conversation goes quiet (a request would cost a subrequest per batch). A busy
    /// conversation thus costs the inbox one frame per interval rather than one request per
    /// message, and batches arrive in order.
    fn queue_for_inbox(&self, author: Author, agent: Option<&AgentRef>, at: i64, body: &str) {
        let unread = match self.unread.get() {
            Some(n) => queue::unread_after(n, author),
            // The first message of a wake: count it with the rest from storage.
            None => self.count_unread().unwrap_or_else(|e| {
                worker::console_error!("unread count: {e}");
                queue::unread_after(0, author)
            }),
        };
        self.unread.set(Some(unread));
        let mut outbox = self.outbox.borrow_mut();
        outbox.push(author, agent, at, body);
        outbox.unread = Some(unread);
        drop(outbox);
        self.flush_to_inbox();
    }

    /// Starts the loop that sends the outbox to the inbox, unless it is running.
    fn flush_to_inbox(&self) {
        if self.flushing.replace(true) {
            return;
        }
        let Some(seed) = self.seed.borrow().clone() else {
            self.outbox.borrow_mut().clear();
            self.flushing.set(false);
            return;
        };
        let Ok(stub) = self
            .env
            .durable_object("INBOXES")
            .and_then(|ns| ns.id_from_name(&seed.merchant_id)?.get_stub())
        else {
            self.outbox.borrow_mut().clear();
            self.flushing.set(false);
            return;
        };
        let (outbox, flushing) = (self.outbox.clone(), self.flushing.clone());
        self.state.wait_until(async move {
            // The inbox's feed socket, opened with the first batch and closed once quiet.
            let mut feed: Option<WebSocket> = None;
            loop {
                let batch = outbox.borrow_mut().take();
                let Some(Batch {
                    runs,
                    newest,
                    unread,
                }) = batch
                else {
                    if let Some(ws) = feed.take() {
                        let _ = ws.close(Some(1000), Some("quiet"));
                    }
                    flushing.set(false);
                    break;
                };
                let mut seed = seed.clone();
                if let Some(first) = runs.first() {
                    seed.created_at = first.first_at;
                }
                let event = InboxEvent::Messages {
                    seed,
                    runs,
                    newest,
                    unread,
                };
                if let Err(e) = send_batch(&stub, &mut feed, &event).await {
                    worker::console_error!("inbox notify: {e}");
                }
                let wait = inbox_batch_delay_ms(js_sys::Math::random());
                worker::Delay::from(std::time::Duration::from_millis(wait)).await;
            }
        });
    }

    /// The subscriber's messages after the agents' last read or reply, from storage (see
    /// [`queue::unread_after`] for how each message moves it).
    fn count_unread(&self) -> Result<u32> {
        let rows: Vec<CountRow> = self
            .sql
            .exec(
                "SELECT COUNT(*) AS n FROM messages WHERE author = 'visitor' AND seq > MAX(
                   COALESCE((SELECT seq FROM reads WHERE author = 'agent'), 0),
                   COALESCE((SELECT seq FROM messages WHERE author = 'agent' ORDER BY seq DESC LIMIT 1), 0))",
                None,
            )?
            .to_array()?;
        Ok(rows
            .first()
            .map_or(0, |r| u32::try_from(r.n).unwrap_or(u32::MAX)))
    }

    /// The next seq to assign; the first call of a wake reads it from storage together
    /// with the newest messages' client ids.
    fn next_seq(&self) -> Result<i64> {
        if self.next_seq.get() == 0 {
            let newest: Vec<RecentRow> = self
                .sql
                .exec(
                    "SELECT seq, at, author_id, client_id FROM messages ORDER BY seq DESC LIMIT ?",
                    vec![(RESEND_WINDOW as i64).into()],
                )?
                .to_array()?;
            let mut recent = self.recent.borrow_mut();
            for r in newest.iter().rev() {
                recent.push(&r.author_id, &r.client_id, r.seq, r.at);
            }
            self.next_seq.set(newest.first().map_or(0, |r| r.seq) + 1);
        }
        Ok(self.next_seq.get())
    }

    /// Stores a message once per (author, client id); returns its seq and time, and whether
    /// it is new. The object runs one event at a time and nothing here awaits, so seqs are
    /// assigned in order with no gaps: a resend finds its first copy among the newest
    /// messages (`RESEND_WINDOW`) and takes no seq.
    fn store(
        &self,
        peer: &Peer,
        client_id: &str,
        body: &str,
        event: Option<&SystemEvent>,
    ) -> Result<(SeqAt, bool)> {
        let seq = self.next_seq()?;
        let ((seq, at), fresh) =
            self.recent
                .borrow_mut()
                .find_or_insert_with(&peer.id, client_id, || {
                    let at = now_millis();
                    let name = (peer.author != Author::System).then(|| peer.name.clone());
                    self.sql.exec(
                        "INSERT INTO messages (seq, client_id, author, author_id, author_name, body, at, event)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        vec![
                            seq.into(),
                            client_id.into(),
                            peer.author.as_str().into(),
                            peer.id.as_str().into(),
                            SqlStorageValue::from(name),
                            body.into(),
                            at.into(),
                            SqlStorageValue::from(event.and_then(|e| serde_json::to_string(e).ok())),
                        ],
                    )?;
                    Ok::<_, worker::Error>((seq, at))
                })?;
        if fresh {
            self.next_seq.set(seq + 1);
        }
        Ok((SeqAt { seq, at }, fresh))
    }
}

/// Sends a batch to the inbox over its feed socket, opening the feed if there is none or the
/// last one failed (the inbox restarted, say); without a feed, as one request.
async fn send_batch(
    stub: &worker::Stub,
    feed: &mut Option<WebSocket>,
    event: &InboxEvent,
) -> Result<()> {
    let text = serde_json::to_string(event).map_err(|e| worker::Error::RustError(e.to_string()))?;
    if let Some(ws) = feed.as_ref() {
        if ws.send_with_str(&text).is_ok() {
            return Ok(());
        }
        *feed = None;
    }
    if let Some(ws) = open_feed(stub).await {
        if ws.send_with_str(&text).is_ok() {
            *feed = Some(ws);
            return Ok(());
        }
    }
    let req =
        internal_post("/event", event).map_err(|e| worker::Error::RustError(format!("{e:?}")))?;
    stub.fetch_with_request(req).await.map(|_| ())
}

/// A new feed socket to the inbox, or `None` if the inbox does not take one.
async fn open_feed(stub: &worker::Stub) -> Option<WebSocket> {
    let req = internal_upgrade("/feed").ok()?;
    let ws = stub.fetch_with_request(req).await.ok()?.websocket()?;
    ws.accept().ok()?;
    Some(ws)
}

/// A message as `reader`'s side may see it (see [`SystemEvent::for_visitor`]).
fn as_seen_by(reader: Author, mut m: Message) -> Message {
    if reader == Author::Visitor {
        m.event = m.event.as_ref().map(SystemEvent::for_visitor);
    }
    m
}

fn row_to_message(r: StoredRow) -> Option<Message> {
    let author = Author::parse(&r.author)?;
    Some(Message {
        seq: u64::try_from(r.seq).ok()?,
        client_id: r.client_id,
        author,
        author_name: r.author_name.filter(|_| author == Author::Agent),
        body: r.body,
        at: r.at,
        event: r.event.and_then(|e| serde_json::from_str(&e).ok()),
    })
}

fn send(ws: &WebSocket, frame: &ServerFrame) -> Result<()> {
    ws.send_with_str(frame.to_text())
}
