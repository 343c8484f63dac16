//! What an agent sees beside a conversation: the subscriber, their plan, recent orders
//! and previous conversations.

use serde::Deserialize;
use shared::api::{
    ConversationContext, OrderItem, OrderSummary, PastConversation, QueueStatus,
    SubscriptionSummary,
};
use worker::query;

use super::{ConversationRow, Db};
use crate::error::EdgeResult;

#[derive(Deserialize)]
struct OrderRow {
    id: String,
    status: String,
    items: String,
    total_cents: i64,
    placed_at: i64,
    delivered_at: Option<i64>,
}

#[derive(Deserialize)]
struct PastRow {
    id: String,
    created_at: i64,
    status: String,
    assignee_id: Option<String>,
    escalated_at: Option<i64>,
}

/// The queue status a stored conversation row stands for.
pub fn queue_status(status: &str, assignee: Option<&str>, escalated: bool) -> QueueStatus {
    match (status, assignee, escalated) {
        ("resolved", _, _) => QueueStatus::Resolved,
        (_, Some(_), _) => QueueStatus::Assigned,
        (_, None, true) => QueueStatus::Escalated,
        _ => QueueStatus::Waiting,
    }
}

impl Db {
    pub async fn context(
        &self,
        merchant_id: &str,
        conv: &ConversationRow,
    ) -> EdgeResult<ConversationContext> {
        let subscriber = match &conv.subscriber_id {
            Some(s) => self.subscriber(merchant_id, s).await?,
            None => None,
        };
        let sub_id = conv.subscriber_id.clone().unwrap_or_default();
        let subscriptions: Vec<SubscriptionSummary> = query!(
            &self.0,
            "SELECT id, plan, status, frequency, next_box_date, price_cents FROM subscriptions
             WHERE merchant_id = ?1 AND subscriber_id = ?2 ORDER BY created_at",
            merchant_id,
            sub_id
        )?
        .all()
        .await?
        .results()?;
        let orders: Vec<OrderRow> = query!(
            &self.0,
            "SELECT id, status, items, total_cents, placed_at, delivered_at FROM orders
             WHERE merchant_id = ?1 AND subscriber_id = ?2 ORDER BY placed_at DESC LIMIT 5",
            merchant_id,
            sub_id
        )?
        .all()
        .await?
        .results()?;
        let past: Vec<PastRow> = query!(
            &self.0,
            "SELECT id, created_at, status, assignee_id, escalated_at FROM conversations
             WHERE merchant_id = ?1 AND id != ?2 AND (visitor_id = ?3 OR (?4 != '' AND subscriber_id = ?4))
             ORDER BY created_at DESC LIMIT 10",
            merchant_id,
            conv.id,
            conv.visitor_id,
            sub_id
        )?
        .all()
        .await?
        .results()?;
        Ok(ConversationContext {
            subscriber,
            subscriptions,
            orders: orders
                .into_iter()
                .map(|o| OrderSummary {
                    items: serde_json::from_str::<Vec<OrderItem>>(&o.items).unwrap_or_default(),
                    id: o.id,
                    status: o.status,
                    total_cents: o.total_cents,
                    placed_at: o.placed_at,
                    delivered_at: o.delivered_at,
                })
                .collect(),
            previous_conversations: past
                .into_iter()
                .map(|p| PastConversation {
                    status: queue_status(
                        &p.status,
                        p.assignee_id.as_deref(),
                        p.escalated_at.is_some(),
                    ),
                    id: p.id,
                    created_at: p.created_at,
                    rating: None,
                })
                .collect(),
            follow_up_email: self.visitor_email(merchant_id, &conv.visitor_id).await?,
        })
    }
}
