//! The Inbox Durable Object: one per merchant. It keeps the live queue (SQLite), pushes it
//! to agents over hibernating WebSockets, tracks agent presence, and applies assignment
//! actions with `shared::queue`'s state machine.

use serde::{Deserialize, Serialize};
use shared::api::{
    AgentPresence, AgentRef, InboxClientFrame, InboxServerFrame, PresenceStatus, QueueItem,
    QueueStatus, SubscriberInfo,
};
use shared::protocol::Author;
use shared::queue::{self, MessageRun, QueueAction};
use shared::support::Channel;
use shared::{ApiError, ErrorCode};
use wasm_bindgen::prelude::*;
use worker::{
    durable_object, DurableObject, Env, Method, Request, Response, Result, State, WebSocket,
    WebSocketPair,
};

use crate::config::now_millis;
use crate::db::Db;
use crate::error::{json_response, EdgeError, EdgeResult};
use crate::http::internal_json;
use crate::peer::Peer;
use crate::sockets::{export_socket_events, SocketEvents};

/// Events the Worker and conversation objects send to the inbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InboxEvent {
    /// Messages of one conversation since the last batch, oldest first, as runs of one
    /// author, with the newest message's preview.
    Messages {
        seed: QueueSeed,
        runs: Vec<MessageRun>,
        newest: String,
    },
    AgentRead {
        conversation_id: String,
    },
    Action {
        seed: QueueSeed,
        action: ActionRequest,
        agent: AgentRef,
    },
}

/// Enough to create a queue row for a conversation the inbox has not seen yet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueueSeed {
    pub merchant_id: String,
    pub conversation_id: String,
    pub visitor_id: String,
    pub subscriber: Option<SubscriberInfo>,
    pub display_name: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ActionRequest {
    Claim,
    Transfer { to: AgentRef },
    Escalate { note: String },
    Resolve,
}

/// The inbox's answer to an action: the item and whether anything changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionOutcome {
    pub item: QueueItem,
    pub changed: bool,
}

/// Who is online, for the widget's availability line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PresenceSummary {
    pub agents: Vec<AgentPresence>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AgentSocket {
    id: String,
    name: String,
    status: PresenceStatus,
}

#[derive(Deserialize)]
struct QueueRow {
    item: String,
}

const SNAPSHOT_LIMIT: i64 = 300;

/// `fetch` only: the socket events are exported by `export_socket_events!`.
#[durable_object(fetch)]
pub struct Inbox {
    state: State,
    env: Env,
}

impl DurableObject for Inbox {
    fn new(state: State, env: Env) -> Self {
        // Each row keeps the QueueItem as JSON beside the columns it is queried by.
        if let Err(e) = state.storage().sql().exec(
            "CREATE TABLE IF NOT EXISTS queue (
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                last_message_at INTEGER NOT NULL,
                item TEXT NOT NULL
            )",
            None,
        ) {
            worker::console_error!("inbox schema: {e}");
        }
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let result = match (req.method(), path.as_str()) {
            (Method::Get, "/ws") => return self.accept(&req),
            (Method::Get, "/presence") => Ok(json_response(
                &PresenceSummary {
                    agents: self.presence(),
                },
                200,
            )),
            (Method::Post, "/event") => {
                async {
                    let event = internal_json::<InboxEvent>(&mut req).await?;
                    self.on_event(event).await
                }
                .await
            }
            _ => Err(EdgeError::from(ErrorCode::NotFound)),
        };
        Ok(result.unwrap_or_else(EdgeError::into_response))
    }
}

impl SocketEvents for Inbox {
    fn socket_text(&self, ws: &WebSocket, text: &str) -> Result<()> {
        self.on_message(ws, text)
    }

    /// Agents' sockets only ever send text; anything else is ignored.
    fn socket_binary(&self, _ws: &WebSocket) -> Result<()> {
        Ok(())
    }

    fn socket_close(&self, ws: &WebSocket, _code: usize, _reason: String) -> Result<()> {
        self.on_close(ws)
    }

    fn socket_error(&self, _ws: &WebSocket, error: &JsValue) {
        worker::console_log!("inbox socket error: {error:?}");
    }
}

export_socket_events!(Inbox);

/// Helpers of the inbox object.
impl Inbox {
    /// A text frame from an agent's queue socket: only presence changes are accepted.
    fn on_message(&self, ws: &WebSocket, text: &str) -> Result<()> {
        let Ok(InboxClientFrame::Presence { status }) =
            serde_json::from_str::<InboxClientFrame>(text)
        else {
            return ws.send_with_str(
                shared::protocol::ServerFrame::error(ErrorCode::InvalidFrame, None).to_text(),
            );
        };
        // Presence is the agent's choice, so it applies to every socket (tab) of theirs.
        let status = if status == PresenceStatus::Offline {
            PresenceStatus::Away
        } else {
            status
        };
        if let Some(me) = ws.deserialize_attachment::<AgentSocket>()? {
            for other in self.state.get_websockets() {
                if let Ok(Some(mut a)) = other.deserialize_attachment::<AgentSocket>() {
                    if a.id == me.id && a.status != status {
                        a.status = status;
                        other.serialize_attachment(&a)?;
                    }
                }
            }
            self.broadcast_presence(&me.id, None);
        }
        Ok(())
    }

    fn on_close(&self, ws: &WebSocket) -> Result<()> {
        if let Some(a) = ws.deserialize_attachment::<AgentSocket>()? {
            self.broadcast_presence(&a.id, Some(ws));
        }
        let _ = ws.close(Some(1000), Some("bye"));
        Ok(())
    }

    fn accept(&self, req: &Request) -> Result<Response> {
        let Some(peer) = Peer::from_request(req).filter(|p| p.author == Author::Agent) else {
            return Ok(EdgeError::from(ErrorCode::Unauthorized).into_response());
        };
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        pair.server.serialize_attachment(&AgentSocket {
            id: peer.id.clone(),
            name: peer.name,
            status: PresenceStatus::Online,
        })?;
        let snapshot = InboxServerFrame::Snapshot {
            conversations: self.snapshot()?,
            agents: self.presence(),
        };
        pair.server.send_with_str(to_text(&snapshot))?;
        self.broadcast_presence(&peer.id, None);
        Response::from_websocket(pair.client)
    }

    fn snapshot(&self) -> Result<Vec<QueueItem>> {
        let rows: Vec<QueueRow> = self
            .state
            .storage()
            .sql()
            .exec(
                "SELECT item FROM queue WHERE status != 'resolved' OR last_message_at > ?
                 ORDER BY last_message_at DESC LIMIT ?",
                vec![
                    (now_millis() - 24 * 3600 * 1000).into(),
                    SNAPSHOT_LIMIT.into(),
                ],
            )?
            .to_array()?;
        Ok(rows
            .into_iter()
            .filter_map(|r| serde_json::from_str(&r.item).ok())
            .collect())
    }

    /// Each connected agent with their best status across their sockets.
    fn presence(&self) -> Vec<AgentPresence> {
        self.presence_excluding(None)
    }

    fn presence_excluding(&self, closing: Option<&WebSocket>) -> Vec<AgentPresence> {
        let mut out: Vec<AgentPresence> = Vec::new();
        for ws in self.state.get_websockets() {
            if closing.is_some_and(|c| *c == ws) {
                continue;
            }
            let Ok(Some(a)) = ws.deserialize_attachment::<AgentSocket>() else {
                continue;
            };
            match out.iter_mut().find(|p| p.id == a.id) {
                Some(p) if a.status == PresenceStatus::Online => p.status = PresenceStatus::Online,
                Some(_) => {}
                None => out.push(AgentPresence {
                    id: a.id,
                    name: a.name,
                    status: a.status,
                }),
            }
        }
        out
    }

    fn broadcast_presence(&self, agent_id: &str, closing: Option<&WebSocket>) {
        let agents = self.presence_excluding(closing);
        let agent = agents
            .into_iter()
            .find(|a| a.id == agent_id)
            .unwrap_or(AgentPresence {
                id: agent_id.to_owned(),
                name: String::new(),
                status: PresenceStatus::Offline,
            });
        self.broadcast(&InboxServerFrame::Presence { agent }, closing);
    }

    fn broadcast(&self, frame: &InboxServerFrame, skip: Option<&WebSocket>) {
        let text = to_text(frame);
        for ws in self.state.get_websockets() {
            if skip.is_some_and(|s| *s == ws) {
                continue;
            }
            let _ = ws.send_with_str(&text);
        }
    }

    /// The queue item of a conversation, if the queue has one.
    fn stored(&self, conversation_id: &str) -> Result<Option<QueueItem>> {
        let rows: Vec<QueueRow> = self
            .state
            .storage()
            .sql()
            .exec(
                "SELECT item FROM queue WHERE id = ?",
                vec![conversation_id.into()],
            )?
            .to_array()?;
        Ok(rows
            .into_iter()
            .find_map(|r| serde_json::from_str(&r.item).ok()))
    }

    /// The conversation's queue item, or a new one from `seed`; and whether it is new.
    fn load(&self, seed: &QueueSeed) -> Result<(QueueItem, bool)> {
        Ok(match self.stored(&seed.conversation_id)? {
            Some(item) => (item, false),
            None => (
                QueueItem {
                    id: seed.conversation_id.clone(),
                    visitor_id: seed.visitor_id.clone(),
                    subscriber: seed.subscriber.clone(),
                    display_name: seed.display_name.clone(),
                    status: QueueStatus::Waiting,
                    assignee: None,
                    escalation_note: None,
                    created_at: seed.created_at,
                    first_response_at: None,
                    resolved_at: None,
                    last_message_at: seed.created_at,
                    last_preview: String::new(),
                    unread: 0,
                },
                true,
            ),
        })
    }

    /// The channel of a conversation whose visitor first wrote at `at`: live chat if the
    /// shop was in business hours with an agent online, else an offline message.
    async fn channel_at(&self, db: &Db, merchant_id: &str, at: i64) -> EdgeResult<Channel> {
        let in_hours = match db.merchant(merchant_id).await? {
            Some(m) => m.settings().business_hours.is_open(at),
            None => false,
        };
        let online = self
            .presence()
            .iter()
            .any(|a| a.status == PresenceStatus::Online);
        Ok(Channel::at_opening(in_hours, online))
    }

    fn save(&self, item: &QueueItem) -> Result<()> {
        let status = serde_json::to_value(item.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        self.state.storage().sql().exec(
            "INSERT INTO queue (id, status, last_message_at, item) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, last_message_at = excluded.last_message_at, item = excluded.item",
            vec![item.id.as_str().into(), status.into(), item.last_message_at.into(), to_text(item).into()],
        )?;
        self.broadcast(
            &InboxServerFrame::Upsert {
                conversation: Box::new(item.clone()),
            },
            None,
        );
        Ok(())
    }

    async fn on_event(&self, ev: InboxEvent) -> std::result::Result<Response, EdgeError> {
        match ev {
            InboxEvent::Messages { seed, runs, newest } => {
                let (mut item, is_new) = self.load(&seed)?;
                if let Some(first) = runs.first() {
                    item.created_at = item.created_at.min(first.first_at);
                }
                let db = Db::new(&self.env)?;
                if is_new {
                    if let Some(first) = runs.iter().find(|r| r.author == Author::Visitor) {
                        let at = first.first_at;
                        let channel = self.channel_at(&db, &seed.merchant_id, at).await?;
                        db.record_opened(&seed.merchant_id, &item.id, at, channel)
                            .await?;
                    }
                }
                let last = runs.len().saturating_sub(1);
                for (i, run) in runs.iter().enumerate() {
                    let body = if i == last { newest.as_str() } else { "" };
                    let fx = queue::on_run(&mut item, run, body);
                    if fx.first_response {
                        db.record_first_response(&seed.merchant_id, &item.id, run.first_at)
                            .await?;
                    }
                    if fx.reopened {
                        db.record_reopen(&seed.merchant_id, &item.id, run.first_at)
                            .await?;
                    }
                }
                self.save(&item)?;
                Ok(Response::empty()?.with_status(204))
            }
            InboxEvent::AgentRead { conversation_id } => {
                if let Some(mut item) = self.stored(&conversation_id)? {
                    if item.unread > 0 {
                        item.unread = 0;
                        self.save(&item)?;
                    }
                }
                Ok(Response::empty()?.with_status(204))
            }
            InboxEvent::Action {
                seed,
                action,
                agent,
            } => {
                let (mut item, _) = self.load(&seed)?;
                let action = match action {
                    ActionRequest::Claim => QueueAction::Claim,
                    ActionRequest::Transfer { to } => QueueAction::Transfer(to),
                    ActionRequest::Escalate { note } => QueueAction::Escalate(note),
                    ActionRequest::Resolve => QueueAction::Resolve,
                };
                let changed =
                    queue::apply(&mut item, &action, &agent, now_millis()).map_err(|code| {
                        match code {
                            ErrorCode::InvalidField => EdgeError::from(ApiError::field(
                                code,
                                "note",
                                "The note must be 1 to 500 characters.",
                            )),
                            other => EdgeError::from(other),
                        }
                    })?;
                if changed {
                    self.save(&item)?;
                }
                Ok(json_response(&ActionOutcome { item, changed }, 200))
            }
        }
    }
}

fn to_text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
