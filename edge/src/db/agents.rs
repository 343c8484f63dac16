//! Agents, their sessions and failed sign-ins.

use serde::Deserialize;
use shared::api::{Agent, AgentRole};
use worker::query;

use super::Db;
use crate::auth::AgentSession;
use crate::error::EdgeResult;

#[derive(Deserialize)]
struct AgentRow {
    merchant_id: String,
    id: String,
    email: String,
    name: String,
    role: String,
    password_hash: String,
}

impl AgentRow {
    fn agent(&self) -> Agent {
        Agent {
            id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            role: if self.role == "lead" {
                AgentRole::Lead
            } else {
                AgentRole::Agent
            },
        }
    }
}

#[derive(Deserialize)]
struct Count {
    n: i64,
}

/// An agent found by email, with the stored password hash to check.
pub struct AgentLogin {
    pub session: AgentSession,
    pub password_hash: String,
}

impl Db {
    pub async fn agent_by_email(&self, email: &str) -> EdgeResult<Option<AgentLogin>> {
        let row = query!(
            &self.0,
            "SELECT merchant_id, id, email, name, role, password_hash FROM agents WHERE email = ?1",
            email
        )?
        .first::<AgentRow>(None)
        .await?;
        Ok(row.map(|r| AgentLogin {
            session: AgentSession {
                merchant_id: r.merchant_id.clone(),
                agent: r.agent(),
            },
            password_hash: r.password_hash,
        }))
    }

    pub async fn agents(&self, merchant_id: &str) -> EdgeResult<Vec<Agent>> {
        let rows: Vec<AgentRow> = query!(
            &self.0,
            "SELECT merchant_id, id, email, name, role, '' AS password_hash FROM agents WHERE merchant_id = ?1 ORDER BY name",
            merchant_id
        )?
        .all()
        .await?
        .results()?;
        Ok(rows.iter().map(AgentRow::agent).collect())
    }

    pub async fn sign_in_failures(&self, email: &str, since: i64) -> EdgeResult<i64> {
        let row = query!(
            &self.0,
            "SELECT COUNT(*) AS n FROM sign_in_failures WHERE email = ?1 AND at >= ?2",
            email,
            since
        )?
        .first::<Count>(None)
        .await?;
        Ok(row.map_or(0, |r| r.n))
    }

    /// Records a failed sign-in, forgetting ones older than `forget_before`.
    pub async fn record_sign_in_failure(
        &self,
        email: &str,
        at: i64,
        forget_before: i64,
    ) -> EdgeResult<()> {
        self.0
            .batch(vec![
                query!(
                    &self.0,
                    "DELETE FROM sign_in_failures WHERE email = ?1 AND at < ?2",
                    email,
                    forget_before
                )?,
                query!(
                    &self.0,
                    "INSERT INTO sign_in_failures (email, at) VALUES (?1, ?2)",
                    email,
                    at
                )?,
            ])
            .await?;
        Ok(())
    }

    pub async fn create_session(
        &self,
        key: &str,
        s: &AgentSession,
        now: i64,
        expires_at: i64,
    ) -> EdgeResult<()> {
        self.0
            .batch(vec![
                query!(&self.0, "DELETE FROM sign_in_failures WHERE email = ?1", s.agent.email)?,
                query!(&self.0, "DELETE FROM agent_sessions WHERE merchant_id = ?1 AND agent_id = ?2 AND expires_at < ?3", s.merchant_id, s.agent.id, now)?,
                query!(
                    &self.0,
                    "INSERT INTO agent_sessions (id, merchant_id, agent_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    key,
                    s.merchant_id,
                    s.agent.id,
                    now,
                    expires_at
                )?,
            ])
            .await?;
        Ok(())
    }

    pub async fn agent_session(&self, key: &str, now: i64) -> EdgeResult<Option<AgentSession>> {
        let row = query!(
            &self.0,
            "SELECT a.merchant_id, a.id, a.email, a.name, a.role, '' AS password_hash
             FROM agent_sessions s JOIN agents a ON a.merchant_id = s.merchant_id AND a.id = s.agent_id
             WHERE s.id = ?1 AND s.expires_at > ?2",
            key,
            now
        )?
        .first::<AgentRow>(None)
        .await?;
        Ok(row.map(|r| AgentSession {
            merchant_id: r.merchant_id.clone(),
            agent: r.agent(),
        }))
    }

    pub async fn delete_session(&self, key: &str) -> EdgeResult<()> {
        query!(&self.0, "DELETE FROM agent_sessions WHERE id = ?1", key)?
            .run()
            .await?;
        Ok(())
    }
}
