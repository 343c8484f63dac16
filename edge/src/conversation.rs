//! The Conversation Durable Object: one per conversation. Messages live in the object's
//! SQLite storage with a monotonic sequence number; sockets use the hibernation API, so an
//! idle conversation costs nothing while its sockets stay open.

use serde::{Deserialize, Serialize};
use shared::chat::{validate_body, validate_client_id};
use shared::protocol::{parse_client_frame, Author, ClientFrame, Message, ServerFrame};
use shared::ErrorCode;
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue,
    State, WebSocket, WebSocketIncomingMessage, WebSocketPair,
};

use crate::config::now_millis;
use crate::error::{json_response, EdgeError};

/// Header on the Worker → object request carrying the verified peer (JSON). The object is
/// reachable only through the Worker, which sets it after checking the token.
pub const PEER_HEADER: &str = "x-cellar-peer";
/// Most messages sent in one history frame.
const HISTORY_LIMIT: i64 = 500;

/// Who is at the other end of a socket; kept as the socket's attachment so it survives
/// hibernation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Peer {
    pub author: Author,
    pub id: String,
    pub name: Option<String>,
}

impl Peer {
    pub fn visitor(id: String) -> Self {
        Self {
            author: Author::Visitor,
            id,
            name: None,
        }
    }
}

#[durable_object]
pub struct Conversation {
    state: State,
    #[allow(dead_code)]
    env: Env,
}

#[derive(Deserialize)]
struct StoredRow {
    seq: i64,
    client_id: String,
    author: String,
    author_name: Option<String>,
    body: String,
    at: i64,
}

#[derive(Deserialize)]
struct SeqAt {
    seq: i64,
    at: i64,
}

impl DurableObject for Conversation {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        // Idempotent: runs each time the object wakes up.
        if let Err(e) = sql.exec(
            "CREATE TABLE IF NOT EXISTS messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                client_id TEXT NOT NULL,
                author TEXT NOT NULL,
                author_id TEXT NOT NULL,
                author_name TEXT,
                body TEXT NOT NULL,
                at INTEGER NOT NULL,
                UNIQUE (author_id, client_id)
            )",
            None,
        ) {
            worker::console_error!("conversation schema: {e}");
        }
        Self { state, env }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        let peer = req
            .headers()
            .get(PEER_HEADER)?
            .and_then(|h| serde_json::from_str::<Peer>(&h).ok());
        let Some(peer) = peer else {
            return Ok(EdgeError::from(ErrorCode::Unauthorized).into_response());
        };
        if !req
            .headers()
            .get("upgrade")?
            .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
        {
            return Ok(json_response(
                &shared::ApiError::new(ErrorCode::UpgradeRequired),
                426,
            ));
        }
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        pair.server.serialize_attachment(&peer)?;
        Response::from_websocket(pair.client)
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        message: WebSocketIncomingMessage,
    ) -> Result<()> {
        let text = match message {
            WebSocketIncomingMessage::String(s) => s,
            WebSocketIncomingMessage::Binary(_) => {
                return send(&ws, &ServerFrame::error(ErrorCode::InvalidFrame, None))
            }
        };
        match parse_client_frame(&text) {
            Ok(ClientFrame::Hello { last_seq }) => self.on_hello(&ws, last_seq),
            Ok(ClientFrame::Send { client_id, body }) => self.on_send(&ws, client_id, &body),
            Err(code) => send(&ws, &ServerFrame::error(code, None)),
        }
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        code: usize,
        reason: String,
        _was_clean: bool,
    ) -> Result<()> {
        // The runtime may already have answered the close; a second close is harmless.
        let code = u16::try_from(code)
            .ok()
            .filter(|c| *c >= 1000 && *c != 1005 && *c != 1006)
            .unwrap_or(1000);
        let _ = ws.close(Some(code), Some(reason));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, error: worker::Error) -> Result<()> {
        worker::console_log!("conversation socket error: {error}");
        Ok(())
    }
}

/// Helpers of the conversation object.
impl Conversation {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    fn on_hello(&self, ws: &WebSocket, last_seq: u64) -> Result<()> {
        let after = i64::try_from(last_seq).unwrap_or(i64::MAX);
        let rows: Vec<StoredRow> = self
            .sql()
            .exec(
                "SELECT seq, client_id, author, author_name, body, at FROM messages
                 WHERE seq > ? ORDER BY seq LIMIT ?",
                vec![after.into(), HISTORY_LIMIT.into()],
            )?
            .to_array()?;
        let messages = rows.into_iter().filter_map(row_to_message).collect();
        send(ws, &ServerFrame::History { messages })
    }

    fn on_send(&self, ws: &WebSocket, client_id: String, body: &str) -> Result<()> {
        if let Err(code) = validate_client_id(&client_id) {
            return send(ws, &ServerFrame::error(code, None));
        }
        let body = match validate_body(body) {
            Ok(b) => b,
            Err(code) => return send(ws, &ServerFrame::error(code, Some(client_id))),
        };
        let Some(peer) = ws.deserialize_attachment::<Peer>()? else {
            return send(
                ws,
                &ServerFrame::error(ErrorCode::Unauthorized, Some(client_id)),
            );
        };
        let (stored, fresh) = self.store(&peer, &client_id, body)?;
        send(
            ws,
            &ServerFrame::Ack {
                client_id: client_id.clone(),
                seq: stored.seq as u64,
                at: stored.at,
            },
        )?;
        if fresh {
            let frame = ServerFrame::Message {
                message: Message {
                    seq: stored.seq as u64,
                    client_id,
                    author: peer.author,
                    author_name: peer.name,
                    body: body.to_owned(),
                    at: stored.at,
                },
            }
            .to_text();
            // Serialised once, sent to every other socket of the conversation.
            for other in self.state.get_websockets() {
                if other != *ws {
                    let _ = other.send_with_str(&frame);
                }
            }
        }
        Ok(())
    }

    /// Stores a message once per (author, client id); returns its seq and time, and whether
    /// it is new. The object runs one event at a time and nothing here awaits, so the
    /// look-up and the insert are atomic, and a resend never consumes a seq.
    fn store(&self, peer: &Peer, client_id: &str, body: &str) -> Result<(SeqAt, bool)> {
        let sql = self.sql();
        let existing: Vec<SeqAt> = sql
            .exec(
                "SELECT seq, at FROM messages WHERE author_id = ? AND client_id = ?",
                vec![peer.id.as_str().into(), client_id.into()],
            )?
            .to_array()?;
        if let Some(row) = existing.into_iter().next() {
            return Ok((row, false));
        }
        let stored: SeqAt = sql
            .exec(
                "INSERT INTO messages (client_id, author, author_id, author_name, body, at)
                 VALUES (?, ?, ?, ?, ?, ?)
                 RETURNING seq, at",
                vec![
                    client_id.into(),
                    peer.author.as_str().into(),
                    peer.id.as_str().into(),
                    SqlStorageValue::from(peer.name.clone()),
                    body.into(),
                    now_millis().into(),
                ],
            )?
            .one()?;
        Ok((stored, true))
    }
}

fn row_to_message(r: StoredRow) -> Option<Message> {
    Some(Message {
        seq: u64::try_from(r.seq).ok()?,
        client_id: r.client_id,
        author: Author::parse(&r.author)?,
        author_name: r.author_name,
        body: r.body,
        at: r.at,
    })
}

fn send(ws: &WebSocket, frame: &ServerFrame) -> Result<()> {
    ws.send_with_str(frame.to_text())
}
