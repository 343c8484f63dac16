//! D1 queries. Every table is keyed by merchant, and every query names the merchant.

mod agents;
mod context;
mod metrics;
mod subscriptions;
mod surveys;

pub use metrics::{DashboardRows, KeyCount, Window};
pub use subscriptions::{ChangeRecord, IdempotencyRecord, StoredSubscription};
pub use surveys::{Respondent, SurveyRow};

use serde::Deserialize;
use shared::api::SubscriberInfo;
use shared::metrics::Targets;
use shared::selfservice::DiscountOffer;
use shared::subscription::Policy;
use shared::support::{BusinessHours, Channel, CHAT_FIRST_RESPONSE_MINUTES};
use shared::token::SubscriberClaims;
use shared::ErrorCode;
use worker::{query, D1Database, Env};

use crate::config::now_millis;
use crate::error::{EdgeError, EdgeResult};

pub struct Db(D1Database);

#[derive(Debug, Deserialize)]
pub struct Merchant {
    pub id: String,
    pub name: String,
    settings: String,
    pub widget_secret: String,
}

/// The policy a merchant sets (JSON in `merchants.settings`).
#[derive(Debug, Clone, Deserialize)]
pub struct MerchantSettings {
    #[serde(default)]
    pub business_hours: BusinessHours,
    #[serde(default = "default_first_response")]
    pub first_response_minutes: u32,
    /// The discount save offer of the cancel flow.
    #[serde(default)]
    pub discount_offer: Option<DiscountOffer>,
    /// Where signed webhooks of subscription changes go.
    #[serde(default)]
    pub webhook: Option<WebhookSettings>,
    /// The dashboard's targets (defaults from DOMAIN.md until a lead changes them).
    #[serde(default)]
    pub targets: Targets,
}

/// The merchant's webhook endpoint (settings `webhook`).
#[derive(Debug, Clone, Deserialize)]
pub struct WebhookSettings {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub secret: String,
    /// Development only: multiplies the retry delays (so tests need not wait 10 s).
    #[serde(default)]
    pub retry_scale: Option<f64>,
}

fn default_first_response() -> u32 {
    CHAT_FIRST_RESPONSE_MINUTES
}

impl Merchant {
    pub fn settings(&self) -> MerchantSettings {
        serde_json::from_str(&self.settings).unwrap_or(MerchantSettings {
            business_hours: BusinessHours::default(),
            first_response_minutes: CHAT_FIRST_RESPONSE_MINUTES,
            discount_offer: None,
            webhook: None,
            targets: Targets::default(),
        })
    }

    /// The self-service policy in the settings (validated by `shared`).
    pub fn policy(&self) -> EdgeResult<Policy> {
        serde_json::from_str(&self.settings)
            .map_err(|e| EdgeError::Platform(format!("merchant {} policy: {e}", self.id)))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConversationRow {
    pub id: String,
    pub visitor_id: String,
    pub subscriber_id: Option<String>,
}

#[derive(Deserialize)]
struct IdRow {
    id: String,
}

#[derive(Deserialize)]
struct Found {
    #[allow(dead_code)]
    found: i64,
}

#[derive(Deserialize)]
struct EmailRow {
    email: Option<String>,
}

impl Db {
    pub fn new(env: &Env) -> EdgeResult<Self> {
        Ok(Self(env.d1("DB")?))
    }

    pub async fn merchant(&self, id: &str) -> EdgeResult<Option<Merchant>> {
        Ok(query!(
            &self.0,
            "SELECT id, name, settings, widget_secret FROM merchants WHERE id = ?1",
            id
        )?
        .first::<Merchant>(None)
        .await?)
    }

    /// The merchant a widget call names, if it exists (`MerchantNotFound`) and the call's
    /// origin is one it lists (see [`Db::require_origin`]).
    pub async fn widget_merchant(
        &self,
        merchant_id: &str,
        origin: Option<&str>,
    ) -> EdgeResult<Merchant> {
        let merchant = self
            .merchant(merchant_id)
            .await?
            .ok_or(ErrorCode::MerchantNotFound)?;
        self.require_origin(&merchant.id, origin).await?;
        Ok(merchant)
    }

    /// Refuses a browser call (`origin`, none for a server-side caller) from an origin this
    /// merchant does not list: `OriginNotAllowed`.
    pub async fn require_origin(&self, merchant_id: &str, origin: Option<&str>) -> EdgeResult<()> {
        match origin {
            Some(o) if !self.origin_allowed(merchant_id, o).await? => {
                Err(ErrorCode::OriginNotAllowed.into())
            }
            _ => Ok(()),
        }
    }

    /// True if `origin` may call the API for this merchant.
    pub async fn origin_allowed(&self, merchant_id: &str, origin: &str) -> EdgeResult<bool> {
        let row = query!(
            &self.0,
            "SELECT 1 AS found FROM merchant_origins WHERE merchant_id = ?1 AND origin = ?2",
            merchant_id,
            origin
        )?
        .first::<Found>(None)
        .await?;
        Ok(row.is_some())
    }

    /// True if any merchant lists `origin` (used for CORS preflights, which carry no body).
    pub async fn origin_known(&self, origin: &str) -> EdgeResult<bool> {
        let row = query!(
            &self.0,
            "SELECT 1 AS found FROM merchant_origins WHERE origin = ?1 LIMIT 1",
            origin
        )?
        .first::<Found>(None)
        .await?;
        Ok(row.is_some())
    }

    /// Records (or refreshes) a subscriber the merchant's server vouched for.
    pub async fn upsert_subscriber(
        &self,
        merchant_id: &str,
        c: &SubscriberClaims,
    ) -> EdgeResult<()> {
        query!(
            &self.0,
            "INSERT INTO subscribers (merchant_id, id, email, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (merchant_id, id) DO UPDATE SET email = excluded.email, name = excluded.name",
            merchant_id,
            c.subscriber,
            c.email,
            c.name,
            now_millis()
        )?
        .run()
        .await?;
        Ok(())
    }

    pub async fn subscriber(
        &self,
        merchant_id: &str,
        id: &str,
    ) -> EdgeResult<Option<SubscriberInfo>> {
        Ok(query!(
            &self.0,
            "SELECT id, name, email FROM subscribers WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            id
        )?
        .first::<SubscriberInfo>(None)
        .await?)
    }

    /// The subscribers of a merchant (dev endpoints only), without the synthetic history ones
    /// (edge/seed/history.sql).
    pub async fn subscribers(&self, merchant_id: &str) -> EdgeResult<Vec<SubscriberInfo>> {
        Ok(query!(&self.0, "SELECT id, name, email FROM subscribers WHERE merchant_id = ?1 AND id NOT LIKE 'sub!_hist!_%' ESCAPE '!' ORDER BY name LIMIT 100", merchant_id)?
            .all()
            .await?
            .results()?)
    }

    /// The most recent open conversation of a visitor, or of a subscriber on any device.
    pub async fn open_conversation(
        &self,
        merchant_id: &str,
        visitor_id: &str,
        subscriber_id: Option<&str>,
    ) -> EdgeResult<Option<String>> {
        let stmt = match subscriber_id {
            Some(s) => query!(
                &self.0,
                "SELECT id FROM conversations WHERE merchant_id = ?1 AND subscriber_id = ?2 AND status = 'open'
                 ORDER BY created_at DESC LIMIT 1",
                merchant_id,
                s
            )?,
            None => query!(
                &self.0,
                "SELECT id FROM conversations WHERE merchant_id = ?1 AND visitor_id = ?2 AND subscriber_id IS NULL
                 AND status = 'open' ORDER BY created_at DESC LIMIT 1",
                merchant_id,
                visitor_id
            )?,
        };
        Ok(stmt.first::<IdRow>(None).await?.map(|r| r.id))
    }

    /// Records the visitor (if new, linking the subscriber) and, when `conversation_id` is
    /// given, a new open conversation — in one atomic batch.
    pub async fn start_visit(
        &self,
        merchant_id: &str,
        visitor_id: &str,
        subscriber_id: Option<&str>,
        conversation_id: Option<&str>,
    ) -> EdgeResult<()> {
        let now = now_millis();
        let mut batch = vec![query!(
            &self.0,
            "INSERT INTO visitors (merchant_id, id, subscriber_id, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (merchant_id, id) DO UPDATE SET subscriber_id = COALESCE(excluded.subscriber_id, visitors.subscriber_id)",
            merchant_id,
            visitor_id,
            subscriber_id,
            now
        )?];
        if let Some(c) = conversation_id {
            batch.push(query!(
                &self.0,
                "INSERT INTO conversations (merchant_id, id, visitor_id, subscriber_id, status, channel, created_at)
                 VALUES (?1, ?2, ?3, ?4, 'open', 'chat', ?5)",
                merchant_id,
                c,
                visitor_id,
                subscriber_id,
                now
            )?);
        }
        self.0.batch(batch).await?;
        Ok(())
    }

    pub async fn visitor_email(
        &self,
        merchant_id: &str,
        visitor_id: &str,
    ) -> EdgeResult<Option<String>> {
        let row = query!(
            &self.0,
            "SELECT email FROM visitors WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            visitor_id
        )?
        .first::<EmailRow>(None)
        .await?;
        Ok(row.and_then(|r| r.email))
    }

    pub async fn set_visitor_email(
        &self,
        merchant_id: &str,
        visitor_id: &str,
        email: &str,
    ) -> EdgeResult<bool> {
        let r = query!(
            &self.0,
            "UPDATE visitors SET email = ?3 WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            visitor_id,
            email
        )?
        .run()
        .await?;
        Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
    }

    pub async fn conversation(
        &self,
        merchant_id: &str,
        id: &str,
    ) -> EdgeResult<Option<ConversationRow>> {
        Ok(query!(
            &self.0,
            "SELECT id, visitor_id, subscriber_id FROM conversations WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            id
        )?
        .first::<ConversationRow>(None)
        .await?)
    }

    /// Applies an agent action to the conversation row and appends it to the audit trail,
    /// atomically.
    pub async fn record_action(
        &self,
        merchant_id: &str,
        conversation_id: &str,
        action: Action<'_>,
        agent_id: &str,
        detail: Option<&str>,
    ) -> EdgeResult<()> {
        let now = now_millis();
        let (id, c) = (merchant_id, conversation_id);
        let (kind, update) = match action {
            Action::Claim => (
                "claimed",
                query!(&self.0, "UPDATE conversations SET assignee_id = ?3 WHERE merchant_id = ?1 AND id = ?2", id, c, agent_id)?,
            ),
            Action::Transfer(to) => (
                "transferred",
                query!(&self.0, "UPDATE conversations SET assignee_id = ?3 WHERE merchant_id = ?1 AND id = ?2", id, c, to)?,
            ),
            Action::Escalate => (
                "escalated",
                query!(
                    &self.0,
                    "UPDATE conversations SET escalated_at = COALESCE(escalated_at, ?3), assignee_id = NULL
                     WHERE merchant_id = ?1 AND id = ?2",
                    id,
                    c,
                    now
                )?,
            ),
            Action::Resolve(reason) => (
                "resolved",
                query!(
                    &self.0,
                    "UPDATE conversations SET status = 'resolved', resolved_at = ?3, contact_reason = COALESCE(?4, contact_reason)
                     WHERE merchant_id = ?1 AND id = ?2",
                    id,
                    c,
                    now,
                    reason
                )?,
            ),
        };
        let stmts = vec![
            update,
            query!(
                &self.0,
                "INSERT INTO conversation_events (merchant_id, conversation_id, kind, agent_id, detail, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                id,
                c,
                kind,
                agent_id,
                detail,
                now
            )?,
        ];
        self.0.batch(stmts).await?;
        Ok(())
    }
}

/// Timestamps the inbox records as they happen: the first agent reply, and a subscriber
/// writing again after a resolution.
impl Db {
    pub async fn record_first_response(
        &self,
        merchant_id: &str,
        conversation_id: &str,
        at: i64,
    ) -> EdgeResult<()> {
        let update = query!(
            &self.0,
            "UPDATE conversations SET first_response_at = ?3 WHERE merchant_id = ?1 AND id = ?2 AND first_response_at IS NULL",
            merchant_id,
            conversation_id,
            at
        )?;
        self.with_event(update, merchant_id, conversation_id, "first_response", at)
            .await
    }

    /// When the visitor first wrote (a widget session alone leaves the row empty) and so
    /// through which channel.
    pub async fn record_opened(
        &self,
        merchant_id: &str,
        conversation_id: &str,
        at: i64,
        channel: Channel,
    ) -> EdgeResult<()> {
        query!(
            &self.0,
            "UPDATE conversations SET opened_at = ?3, channel = ?4 WHERE merchant_id = ?1 AND id = ?2 AND opened_at IS NULL",
            merchant_id,
            conversation_id,
            at,
            channel.as_str()
        )?
        .run()
        .await?;
        Ok(())
    }

    pub async fn record_reopen(
        &self,
        merchant_id: &str,
        conversation_id: &str,
        at: i64,
    ) -> EdgeResult<()> {
        let update = query!(
            &self.0,
            "UPDATE conversations SET status = 'open', reopened = 1, resolved_at = NULL WHERE merchant_id = ?1 AND id = ?2",
            merchant_id,
            conversation_id
        )?;
        self.with_event(update, merchant_id, conversation_id, "reopened", at)
            .await
    }

    /// Runs `update` and appends the conversation event `kind`, atomically.
    async fn with_event(
        &self,
        update: worker::D1PreparedStatement,
        merchant_id: &str,
        conversation_id: &str,
        kind: &str,
        at: i64,
    ) -> EdgeResult<()> {
        let event = query!(
            &self.0,
            "INSERT INTO conversation_events (merchant_id, conversation_id, kind, at) VALUES (?1, ?2, ?3, ?4)",
            merchant_id,
            conversation_id,
            kind,
            at
        )?;
        self.0.batch(vec![update, event]).await?;
        Ok(())
    }
}

/// An agent action on a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    Claim,
    /// To the agent with this id.
    Transfer(&'a str),
    Escalate,
    /// With the contact reason, if the agent gave one.
    Resolve(Option<&'a str>),
}
