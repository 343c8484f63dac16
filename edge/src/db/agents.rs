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

    /// Claims a sign-in attempt for `email`: recorded as a failure before the password is
    /// checked (a success clears it), and only while fewer than `max` failures fall in the
    /// window. Counting and recording are one statement, so parallel attempts cannot all
    /// pass the check before any of them is recorded. Forgets failures before
    /// `forget_before`.
    pub async fn claim_sign_in_attempt(
        &self,
        email: &str,
        at: i64,
        forget_before: i64,
        max: i64,
    ) -> EdgeResult<bool> {
        let results = self
            .0
            .batch(vec![
                query!(
                    &self.0,
                    "DELETE FROM sign_in_failures WHERE email = ?1 AND at < ?2",
                    email,
                    forget_before
                )?,
                query!(
                    &self.0,
                    "INSERT INTO sign_in_failures (email, at)
                     SELECT ?1, ?2 WHERE (SELECT COUNT(*) FROM sign_in_failures WHERE email = ?1) < ?3",
                    email,
                    at,
                    max
                )?,
            ])
            .await?;
        Ok(results
            .get(1)
            .and_then(|r| r.meta().ok().flatten())
            .and_then(|m| m.changes)
            .unwrap_or(0)
            == 1)
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
