//! Agent actions on a conversation — claim, transfer, escalate, resolve — and the context
//! panel. The inbox applies the queue's state machine; when something changed, the
//! conversation gets a system message and D1 the audit record.

use serde::Deserialize;
use shared::api::{AgentRef, EscalateRequest, QueueItem, TransferRequest};
use shared::protocol::SystemEvent;
use shared::queue::validate_note;
use shared::surveys::ContactReason;
use shared::{ids, ApiError, ErrorCode};
use worker::{Env, Request, Response};

use crate::auth::{require_agent, AgentSession};
use crate::config::{now_millis, random_bytes};
use crate::conversation::SystemPost;
use crate::db::{Action, ConversationRow, Db};
use crate::error::{json_response, EdgeError, EdgeResult};
use crate::http::{read_body, read_json};
use crate::inbox::{ActionOutcome, ActionRequest, InboxEvent, QueueSeed};
use crate::peer::internal_post;
use crate::routes::surveys::SURVEY_PREFIX;

/// What the inbox needs to list a conversation, from its D1 row.
pub async fn seed_for(db: &Db, merchant_id: &str, row: &ConversationRow) -> EdgeResult<QueueSeed> {
    let subscriber = match &row.subscriber_id {
        Some(s) => db.subscriber(merchant_id, s).await?,
        None => None,
    };
    let display_name = match &subscriber {
        Some(s) => s.name.clone(),
        None => db
            .visitor_email(merchant_id, &row.visitor_id)
            .await?
            .unwrap_or_else(|| shared::queue::anonymous_name(&row.visitor_id)),
    };
    Ok(QueueSeed {
        merchant_id: merchant_id.to_owned(),
        conversation_id: row.id.clone(),
        visitor_id: row.visitor_id.clone(),
        subscriber,
        display_name,
        created_at: now_millis(),
    })
}

async fn conversation_of(
    req: &Request,
    env: &Env,
    id: &str,
) -> EdgeResult<(AgentSession, Db, ConversationRow)> {
    let session = require_agent(req, env).await?;
    if !ids::is_valid(ids::CONVERSATION_PREFIX, id) {
        return Err(ErrorCode::NotFound.into());
    }
    let db = Db::new(env)?;
    let row = db
        .conversation(&session.merchant_id, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    Ok((session, db, row))
}

pub async fn context(req: Request, env: &Env, id: &str) -> EdgeResult<Response> {
    let (session, db, row) = conversation_of(&req, env, id).await?;
    Ok(json_response(
        &db.context(&session.merchant_id, &row).await?,
        200,
    ))
}

pub async fn claim(req: Request, env: &Env, id: &str) -> EdgeResult<Response> {
    act(req, env, id, ActionRequest::Claim, None).await
}

/// Body of a resolve, optional (an empty body resolves with no reason).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveBody {
    #[serde(default)]
    reason: Option<ContactReason>,
}

/// Resolves, recording the contact reason if given, and asks the visitor for CSAT.
pub async fn resolve(mut req: Request, env: &Env, id: &str) -> EdgeResult<Response> {
    let bytes = read_body(&mut req).await?;
    let reason = if bytes.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let body: ResolveBody = serde_json::from_slice(&bytes).map_err(|_| {
            ApiError::field(
                ErrorCode::InvalidField,
                "reason",
                "The reason must be one of the contact reasons.",
            )
        })?;
        body.reason
    };
    act(req, env, id, ActionRequest::Resolve, reason).await
}

pub async fn transfer(mut req: Request, env: &Env, id: &str) -> EdgeResult<Response> {
    let body: TransferRequest = read_json(&mut req).await?;
    act(
        req,
        env,
        id,
        ActionRequest::Transfer {
            to: AgentRef {
                id: body.agent_id,
                name: String::new(),
            },
        },
        None,
    )
    .await
}

pub async fn escalate(mut req: Request, env: &Env, id: &str) -> EdgeResult<Response> {
    let body: EscalateRequest = read_json(&mut req).await?;
    let note = validate_note(&body.note)
        .map_err(|code| ApiError::field(code, "note", "The note must be 1 to 500 characters."))?;
    act(req, env, id, ActionRequest::Escalate { note }, None).await
}

async fn act(
    req: Request,
    env: &Env,
    id: &str,
    mut action: ActionRequest,
    reason: Option<ContactReason>,
) -> EdgeResult<Response> {
    let (session, db, row) = conversation_of(&req, env, id).await?;
    let merchant = session.merchant_id.clone();
    let me = AgentRef {
        id: session.agent.id.clone(),
        name: session.agent.name.clone(),
    };
    if let ActionRequest::Transfer { to } = &mut action {
        let target = db
            .agents(&merchant)
            .await?
            .into_iter()
            .find(|a| a.id == to.id);
        let target = target.ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidField,
                "agent_id",
                "No such agent on your team.",
            )
        })?;
        to.name = target.name;
    }

    let seed = seed_for(&db, &merchant, &row).await?;
    let inbox = env
        .durable_object("INBOXES")?
        .id_from_name(&merchant)?
        .get_stub()?;
    let mut resp = inbox
        .fetch_with_request(internal_post(
            "/event",
            &InboxEvent::Action {
                seed,
                action: action.clone(),
                agent: me.clone(),
            },
        )?)
        .await?;
    if resp.status_code() != 200 {
        let body: ApiError = resp.json().await?;
        return Err(EdgeError::Api(body));
    }
    let outcome: ActionOutcome = resp.json().await?;
    if outcome.changed {
        let (event, kind, detail) = match &action {
            ActionRequest::Claim => (
                SystemEvent::AgentJoined {
                    agent_name: me.name.clone(),
                },
                Action::Claim,
                None,
            ),
            ActionRequest::Transfer { to } => (
                SystemEvent::Transferred {
                    from_name: me.name.clone(),
                    to_name: to.name.clone(),
                },
                Action::Transfer(&to.id),
                Some(to.id.clone()),
            ),
            ActionRequest::Escalate { note } => {
                let hours = db
                    .merchant(&merchant)
                    .await?
                    .map(|m| m.settings().business_hours)
                    .unwrap_or_default();
                let expected_by = hours.a_business_day_after(now_millis());
                (
                    SystemEvent::Escalated {
                        note: note.clone(),
                        expected_by,
                    },
                    Action::Escalate,
                    Some(note.clone()),
                )
            }
            ActionRequest::Resolve => (
                SystemEvent::Resolved {
                    agent_name: me.name.clone(),
                },
                Action::Resolve(reason.map(ContactReason::as_str)),
                None,
            ),
        };
        let conversation = env
            .durable_object("CONVERSATIONS")?
            .id_from_name(id)?
            .get_stub()?;
        let posted = conversation
            .fetch_with_request(internal_post("/system", &SystemPost { event })?)
            .await?;
        if posted.status_code() != 200 {
            return Err(EdgeError::Platform(format!(
                "system message: status {}",
                posted.status_code()
            )));
        }
        db.record_action(&merchant, id, kind, &me.id, detail.as_deref())
            .await?;
        if matches!(action, ActionRequest::Resolve) {
            let survey = ids::from_random(SURVEY_PREFIX, random_bytes()?);
            db.create_csat_survey(&merchant, &survey, id, &me.id, now_millis())
                .await?;
        }
    }
    let item: QueueItem = outcome.item;
    Ok(json_response(&item, 200))
}
