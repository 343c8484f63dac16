//! The Inbox Durable Object: one per merchant. It keeps the live queue (SQLite), pushes it
//! to agents over hibernating WebSockets, tracks agent presence, and applies assignment
//! actions with `shared::queue`'s state machine.
//!
//! Busy conversations send their batches over a feed socket (`GET /feed`, tagged `feed`)
//! that stays open while they are busy, instead of one request per batch: the queue is
//! updated as each batch arrives, in order, and the dashboard's rows in D1 are written
//! behind it, one at a time in the same order.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

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
    /// `unread`: the subscriber's messages no agent has read or answered, when it changed
    /// (an agent's read comes this way too, so it cannot overtake the messages before it).
    Messages {
        seed: QueueSeed,
        runs: Vec<MessageRun>,
        newest: String,
        #[serde(default)]
        unread: Option<u32>,
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
    /// Dashboard rows still to write to D1, oldest first, and whether a writer is running.
    metric_ops: Rc<RefCell<VecDeque<MetricOp>>>,
    writing_metrics: Rc<Cell<bool>>,
}

/// Tags of the inbox's sockets: agents' queue sockets and conversations' feeds.
const AGENT_TAG: &str = "agent";
const FEED_TAG: &str = "feed";

/// A conversation's event for the dashboard (D1), recorded after the queue changed.
#[derive(Debug, Clone)]
struct MetricOp {
    merchant_id: String,
    conversation_id: String,
    at: i64,
    kind: MetricKind,
}

#[derive(Debug, Clone, Copy)]
enum MetricKind {
    /// The visitor's first message; `agent_online` is whether an agent was then.
    Opened {
        agent_online: bool,
    },
    FirstResponse,
    Reopened,
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
        Self {
            state,
            env,
            metric_ops: Rc::default(),
            writing_metrics: Rc::default(),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let result = match (req.method(), path.as_str()) {
            (Method::Get, "/ws") => return self.accept(&req),
            (Method::Get, "/feed") => return self.accept_feed(),
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
        if self.state.get_tags(ws).iter().any(|t| t == FEED_TAG) {
            self.on_feed(text);
            Ok(())
        } else {
            self.on_message(ws, text)
        }
    }

    /// Agents' sockets only ever send text; anything else is ignored.
    fn socket_binary(&self, _ws: &WebSocket) -> Result<()> {
        Ok(())
    }

    fn socket_close(&self, ws: &WebSocket, _code: usize, _reason: String) -> Result<()> {
        self.on_close(ws)
    }

    fn socket_error(&self, ws: &WebSocket, error: &JsValue) {
        worker::console_log!("inbox socket error: {error:?}");
        // No close event may follow: the agent's presence goes now.
        let _ = self.on_close(ws);
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
            for other in self.state.get_websockets_with_tag(AGENT_TAG) {
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
        self.state
            .accept_websocket_with_tags(&pair.server, &[AGENT_TAG]);
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
        for ws in self.state.get_websockets_with_tag(AGENT_TAG) {
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
        for ws in self.state.get_websockets_with_tag(AGENT_TAG) {
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

    /// A conversation's feed: its batches arrive as text frames on this socket.
    fn accept_feed(&self) -> Result<Response> {
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[FEED_TAG]);
        Response::from_websocket(pair.client)
    }

    /// A frame on a conversation's feed: a batch of its messages.
    fn on_feed(&self, text: &str) {
        match serde_json::from_str::<InboxEvent>(text) {
            Ok(InboxEvent::Messages {
                seed,
                runs,
                newest,
                unread,
            }) => {
                if let Err(e) = self.apply_messages(&seed, &runs, &newest, unread) {
                    worker::console_error!("inbox feed: {e}");
                }
            }
            Ok(_) => worker::console_error!("inbox feed: not a batch of messages"),
            Err(e) => worker::console_error!("inbox feed: {e}"),
        }
    }

    /// Applies a conversation's batch to its queue item, then has the dashboard's rows
    /// written behind it.
    fn apply_messages(
        &self,
        seed: &QueueSeed,
        runs: &[MessageRun],
        newest: &str,
        unread: Option<u32>,
    ) -> Result<()> {
        let (mut item, is_new) = self.load(seed)?;
        if is_new && runs.is_empty() {
            // A read in a conversation the queue has not seen: nothing to show.
            return Ok(());
        }
        if let Some(first) = runs.first() {
            item.created_at = item.created_at.min(first.first_at);
        }
        let mut ops = Vec::new();
        let mut record = |at: i64, kind: MetricKind| {
            ops.push(MetricOp {
                merchant_id: seed.merchant_id.clone(),
                conversation_id: seed.conversation_id.clone(),
                at,
                kind,
            });
        };
        if is_new {
            if let Some(first) = runs.iter().find(|r| r.author == Author::Visitor) {
                let agent_online = self
                    .presence()
                    .iter()
                    .any(|a| a.status == PresenceStatus::Online);
                record(first.first_at, MetricKind::Opened { agent_online });
            }
        }
        let last = runs.len().saturating_sub(1);
        for (i, run) in runs.iter().enumerate() {
            let body = if i == last { newest } else { "" };
            let fx = queue::on_run(&mut item, run, body);
            if fx.first_response {
                record(run.first_at, MetricKind::FirstResponse);
            }
            if fx.reopened {
                record(run.first_at, MetricKind::Reopened);
            }
        }
        if let Some(n) = unread {
            item.unread = n;
        }
        self.save(&item)?;
        self.write_metrics(ops);
        Ok(())
    }

    /// Queues dashboard rows for D1; one writer per object writes them in order.
    fn write_metrics(&self, ops: Vec<MetricOp>) {
        if ops.is_empty() {
            return;
        }
        self.metric_ops.borrow_mut().extend(ops);
        if self.writing_metrics.replace(true) {
            return;
        }
        let (queue, writing, env) = (
            self.metric_ops.clone(),
            self.writing_metrics.clone(),
            self.env.clone(),
        );
        self.state.wait_until(async move {
            loop {
                let Some(op) = queue.borrow_mut().pop_front() else {
                    writing.set(false);
                    break;
                };
                if let Err(e) = write_metric(&env, op).await {
                    worker::console_error!("inbox metrics: {e:?}");
                }
            }
        });
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
            InboxEvent::Messages {
                seed,
                runs,
                newest,
                unread,
            } => {
                self.apply_messages(&seed, &runs, &newest, unread)?;
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

/// Writes one dashboard row. A conversation opens as live chat if the shop was in business
/// hours with an agent online, else as an offline message.
async fn write_metric(env: &Env, op: MetricOp) -> EdgeResult<()> {
    let db = Db::new(env)?;
    let MetricOp {
        merchant_id,
        conversation_id,
        at,
        kind,
    } = op;
    match kind {
        MetricKind::Opened { agent_online } => {
            let in_hours = match db.merchant(&merchant_id).await? {
                Some(m) => m.settings().business_hours.is_open(at),
                None => false,
            };
            let channel = Channel::at_opening(in_hours, agent_online);
            db.record_opened(&merchant_id, &conversation_id, at, channel)
                .await
        }
        MetricKind::FirstResponse => {
            db.record_first_response(&merchant_id, &conversation_id, at)
                .await
        }
        MetricKind::Reopened => db.record_reopen(&merchant_id, &conversation_id, at).await,
    }
}

fn to_text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
