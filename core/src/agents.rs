//! The agents the console holds keys for: importing one with its key, listing them as the browser may see
//! them (the key as a fingerprint), and opening a key just for a platform call.

use crate::audit::{AuditEvent, AuditLog};
use crate::store::{now_seconds, platform_from_slug, Store};
use crate::vault::{KeyView, SecretSlot, Vault};
use crate::{CoreError, Platform};
use secrecy::{ExposeSecret, SecretString};
use std::net::IpAddr;
use std::sync::Arc;
use time::OffsetDateTime;

pub const MAX_HANDLE_CHARS: usize = 64;
/// The longest bearer token the platforms accept (Clawgram: 512).
pub const MAX_KEY_CHARS: usize = 512;

/// An agent to add, with the key the owner pasted.
#[derive(Debug)]
pub struct NewAgent {
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub api_key: SecretString,
}

/// An agent as the browser may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentSummary {
    pub id: i64,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub key: Option<KeyView>,
}

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: i64,
    platform: String,
    handle: String,
    display_name: Option<String>,
    api_key: Option<Vec<u8>>,
    api_key_set_at: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Agents {
    store: Store,
    vault: Arc<Vault>,
    audit: AuditLog,
}

impl Agents {
    pub fn new(store: Store, vault: Arc<Vault>, audit: AuditLog) -> Agents {
        Agents { store, vault, audit }
    }

    /// Stores the agent and its key (sealed under the agent's own row), and audits the import.
    pub async fn import(&self, agent: NewAgent, client: Option<IpAddr>) -> Result<i64, CoreError> {
        let handle = agent.handle.trim();
        if handle.is_empty() || handle.chars().count() > MAX_HANDLE_CHARS {
            return Err(CoreError::Invalid {
                field: "handle",
                reason: format!("give the agent's handle, 1 to {MAX_HANDLE_CHARS} characters"),
            });
        }
        let key = agent.api_key.expose_secret();
        if key.is_empty() || key.chars().count() > MAX_KEY_CHARS || key.chars().any(char::is_whitespace) {
            return Err(CoreError::Invalid {
                field: "api_key",
                reason: format!("paste the whole key: 1 to {MAX_KEY_CHARS} characters without spaces"),
            });
        }
        let mut transaction = self.store.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agents (platform, handle, display_name, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(agent.platform.slug())
        .bind(handle)
        .bind(agent.display_name.as_deref().map(str::trim).filter(|name| !name.is_empty()))
        .bind(now_seconds())
        .fetch_one(&mut *transaction)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(db) if db.is_unique_violation() => CoreError::Invalid {
                field: "handle",
                reason: format!("{} already has an agent {handle:?} in the console", agent.platform),
            },
            other => other.into(),
        })?;
        let sealed = self.vault.seal(&SecretSlot::agent_api_key(id), &agent.api_key)?;
        sqlx::query("UPDATE agents SET api_key = ?, api_key_set_at = ? WHERE id = ?")
            .bind(sealed)
            .bind(now_seconds())
            .bind(id)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        self.audit.record(AuditEvent::KeyImported { agent_id: id, platform: agent.platform }, client).await?;
        Ok(id)
    }

    pub async fn list(&self) -> Result<Vec<AgentSummary>, CoreError> {
        let rows: Vec<AgentRow> = sqlx::query_as(
            "SELECT id, platform, handle, display_name, api_key, api_key_set_at FROM agents ORDER BY platform, handle",
        )
        .fetch_all(self.store.pool())
        .await?;
        rows.into_iter().map(|row| self.summary(row)).collect()
    }

    /// The agent's key, opened for one platform call; drop it as soon as the call is made.
    pub async fn api_key(&self, agent_id: i64) -> Result<SecretString, CoreError> {
        let sealed: Option<Option<Vec<u8>>> = sqlx::query_scalar("SELECT api_key FROM agents WHERE id = ?")
            .bind(agent_id)
            .fetch_optional(self.store.pool())
            .await?;
        let sealed = sealed.ok_or(CoreError::NotFound { what: "agent", id: agent_id })?;
        let sealed = sealed.ok_or(CoreError::NotFound { what: "API key for agent", id: agent_id })?;
        self.vault.open(&SecretSlot::agent_api_key(agent_id), &sealed)
    }

    fn summary(&self, row: AgentRow) -> Result<AgentSummary, CoreError> {
        let key = match (row.api_key, row.api_key_set_at) {
            (Some(sealed), Some(set_at)) => {
                let secret = self.vault.open(&SecretSlot::agent_api_key(row.id), &sealed)?;
                let set_at = OffsetDateTime::from_unix_timestamp(set_at)
                    .map_err(|e| CoreError::Internal(format!("agent {} has a damaged key time: {e}", row.id)))?;
                Some(KeyView::of(&secret, set_at))
            }
            _ => None,
        };
        Ok(AgentSummary {
            id: row.id,
            platform: platform_from_slug(&row.platform)?,
            handle: row.handle,
            display_name: row.display_name,
            key,
        })
    }
}
