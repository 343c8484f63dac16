//! D1 queries. Every table is keyed by merchant, and every query names the merchant.

use serde::Deserialize;
use worker::{query, D1Database, Env};

use crate::config::now_millis;
use crate::error::EdgeResult;

pub struct Db(D1Database);

#[derive(Debug, Deserialize)]
pub struct Merchant {
    pub id: String,
    pub name: String,
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

impl Db {
    pub fn new(env: &Env) -> EdgeResult<Self> {
        Ok(Self(env.d1("DB")?))
    }

    pub async fn merchant(&self, id: &str) -> EdgeResult<Option<Merchant>> {
        Ok(
            query!(&self.0, "SELECT id, name FROM merchants WHERE id = ?1", id)?
                .first::<Merchant>(None)
                .await?,
        )
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

    /// The visitor's most recent open conversation.
    pub async fn open_conversation(
        &self,
        merchant_id: &str,
        visitor_id: &str,
    ) -> EdgeResult<Option<String>> {
        let row = query!(
            &self.0,
            "SELECT id FROM conversations WHERE merchant_id = ?1 AND visitor_id = ?2 AND status = 'open'
             ORDER BY created_at DESC LIMIT 1",
            merchant_id,
            visitor_id
        )?
        .first::<IdRow>(None)
        .await?;
        Ok(row.map(|r| r.id))
    }

    /// Records the visitor (if new) and a new open conversation, in one atomic batch.
    pub async fn start_conversation(
        &self,
        merchant_id: &str,
        visitor_id: &str,
        conversation_id: &str,
    ) -> EdgeResult<()> {
        let now = now_millis();
        self.0
            .batch(vec![
                query!(
                    &self.0,
                    "INSERT OR IGNORE INTO visitors (merchant_id, id, created_at) VALUES (?1, ?2, ?3)",
                    merchant_id,
                    visitor_id,
                    now
                )?,
                query!(
                    &self.0,
                    "INSERT INTO conversations (merchant_id, id, visitor_id, status, channel, created_at)
                     VALUES (?1, ?2, ?3, 'open', 'chat', ?4)",
                    merchant_id,
                    conversation_id,
                    visitor_id,
                    now
                )?,
            ])
            .await?;
        Ok(())
    }
}
