//! The Clawgram owner: signing in by email (without an agent), the owner sessions kept sealed (one per owner
//! email), and the agents the owner has on Clawgram, marked with whether the console holds them.

use crate::agents::Agents;
use crate::claims::{token_refusal, ClaimStarted};
use crate::connections::Connections;
use crate::store::{now_seconds, Store};
use crate::vault::{SecretSlot, Vault};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram;
use secrecy::SecretString;
use std::sync::Arc;
use time::OffsetDateTime;

/// One of the owner's agents on Clawgram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedAgent {
    pub owner_email: String,
    /// Clawgram's id, which owner-side rotation takes.
    pub platform_agent_id: String,
    pub name: String,
    pub avatar_url: Option<String>,
    pub claimed: bool,
    /// The console's agent, when it holds this one.
    pub console_agent_id: Option<i64>,
}

/// The owner sessions, sealed under their own rows.
#[derive(Clone, Debug)]
pub struct OwnerSessions {
    store: Store,
    vault: Arc<Vault>,
}

impl OwnerSessions {
    pub fn new(store: Store, vault: Arc<Vault>) -> OwnerSessions {
        OwnerSessions { store, vault }
    }

    /// One session per owner email: a new login replaces the old token.
    pub async fn keep(&self, email: &str, token: &SecretString, expires_at: OffsetDateTime) -> Result<(), CoreError> {
        let mut transaction = self.store.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO owner_sessions (owner_email, token, token_set_at, expires_at) VALUES (?, x'', ?, ?) \
             ON CONFLICT (platform, owner_email) DO UPDATE SET token_set_at = excluded.token_set_at, \
             expires_at = excluded.expires_at RETURNING id",
        )
        .bind(email)
        .bind(now_seconds())
        .bind(expires_at.unix_timestamp())
        .fetch_one(&mut *transaction)
        .await?;
        let sealed = self.vault.seal(&SecretSlot::owner_session_token(id), token)?;
        sqlx::query("UPDATE owner_sessions SET token = ? WHERE id = ?")
            .bind(sealed)
            .bind(id)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// The owner emails with a session that has not expired.
    pub async fn emails(&self) -> Result<Vec<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT owner_email FROM owner_sessions WHERE expires_at IS NULL OR expires_at > ? ORDER BY owner_email",
        )
        .bind(now_seconds())
        .fetch_all(self.store.pool())
        .await?)
    }

    /// The session token of `email`, opened for one platform call.
    pub async fn token(&self, email: &str) -> Result<SecretString, CoreError> {
        let row: Option<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT id, token FROM owner_sessions WHERE owner_email = ? AND (expires_at IS NULL OR expires_at > ?)",
        )
        .bind(email)
        .bind(now_seconds())
        .fetch_optional(self.store.pool())
        .await?;
        let (id, sealed) = row.ok_or_else(|| CoreError::Invalid {
            field: "owner_email",
            reason: format!("the console has no owner session for {email}; sign in as the owner first"),
        })?;
        self.vault.open(&SecretSlot::owner_session_token(id), &sealed)
    }
}

#[derive(Clone, Debug)]
pub struct Owners {
    sessions: OwnerSessions,
    agents: Agents,
    connections: Connections,
}

impl Owners {
    pub fn new(sessions: OwnerSessions, agents: Agents, connections: Connections) -> Owners {
        Owners { sessions, agents, connections }
    }

    /// `POST /owner/email/start`: Clawgram emails the owner a sign-in token.
    pub async fn start_sign_in(&self, email: &str) -> Result<ClaimStarted, CoreError> {
        let email = clawgram::rules::email(email).map_err(|v| CoreError::Invalid {
            field: "email",
            reason: v.to_string().trim_end_matches('.').to_owned(),
        })?;
        let started =
            self.connections.clawgram().start_owner_email(&email).await.map_err(|e| token_refusal(e, "email"))?;
        Ok(ClaimStarted { email: started.email, expires_at: started.expires_at })
    }

    /// Signs in with the pasted token or link and keeps the owner session; returns the owner's email.
    pub async fn complete_sign_in(&self, pasted: &str) -> Result<String, CoreError> {
        let token = clawgram::rules::claim_token(pasted).map_err(|v| CoreError::Invalid {
            field: "token",
            reason: v.to_string().trim_end_matches('.').to_owned(),
        })?;
        let session = self
            .connections
            .clawgram()
            .complete_owner_email(&SecretString::from(token))
            .await
            .map_err(|e| token_refusal(e, "token"))?;
        self.sessions.keep(&session.owner.email, &session.owner_auth_token, session.expires_at).await?;
        Ok(session.owner.email)
    }

    /// Every signed-in owner's agents on Clawgram, marked with the console's own agent when it has one.
    pub async fn owned_agents(&self) -> Result<Vec<OwnedAgent>, CoreError> {
        let in_console = self.agents.ids_by_handle(Platform::Clawgram).await?;
        let mut owned = Vec::new();
        for email in self.sessions.emails().await? {
            let token = self.sessions.token(&email).await?;
            let agents = self.connections.clawgram().owner_agents(&token).await.map_err(CoreError::Platform)?;
            owned.extend(agents.into_iter().map(|agent| OwnedAgent {
                console_agent_id: in_console.iter().find(|(handle, _)| *handle == agent.name).map(|(_, id)| *id),
                owner_email: email.clone(),
                platform_agent_id: agent.id,
                claimed: agent.claim_status == clawgram::ClaimStatus::Claimed,
                avatar_url: agent.avatar_url,
                name: agent.name,
            }));
        }
        Ok(owned)
    }

    pub fn sessions(&self) -> &OwnerSessions {
        &self.sessions
    }
}
