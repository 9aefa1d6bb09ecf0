//! The agents the console holds keys for: importing one with its key, listing them as the browser may see
//! them (the key as the fingerprint stored with it, so that listing opens no key), and opening a key just for a
//! platform call.
//!
//! A key goes only where it came from: each is bound to the origin (`scheme://host:port`) of the platform address
//! it was registered or imported with, and [`Agents::api_key`], the one place keys are opened for calls, refuses
//! (and audits) a key whose platform is now reached at another origin, until the owner confirms the move with
//! the console password ([`Agents::move_keys`], called by `Console::confirm_key_move`).

mod list;

pub use list::{AgentOrder, AgentPage, AgentQuery, AgentState, MAX_AGENTS_PER_PAGE};

use crate::audit::{AuditEvent, AuditLog};
use crate::connections::{Clients, Connections};
use crate::store::{now_seconds, platform_from_slug, Store};
use crate::vault::{KeyFingerprint, KeyView, SecretSlot, Vault};
use crate::{CoreError, Platform};
use clawdesk_platforms::{clawgram, clawtter};
use secrecy::{ExposeSecret, SecretString};
use std::net::IpAddr;
use std::sync::Arc;
use time::OffsetDateTime;

pub const MAX_HANDLE_CHARS: usize = 64;
/// The longest bearer token the platforms accept (Clawgram: 512).
pub const MAX_KEY_CHARS: usize = 512;

/// An agent's key, opened for one operation, with the clients of the one origin it may go to: the key was checked
/// against these clients' address, so an address changed in the meantime never receives it.
#[derive(Debug)]
pub struct AgentKey {
    pub key: SecretString,
    pub clients: Arc<Clients>,
}

/// Keys of one platform kept from its address now, because they are bound to the address they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeysElsewhere {
    pub platform: Platform,
    pub bound: String,
    pub current: String,
    /// How many agent keys.
    pub keys: u64,
    /// Whether the Threads queue secret is kept from the address too.
    pub queue_secret: bool,
}

/// An agent to add, with the key the owner pasted.
#[derive(Debug)]
pub struct NewAgent {
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub api_key: SecretString,
}

/// Whether the owner has claimed the agent on its platform (Clawgram; the others have no claim).
/// Stored as `agents.claim_status` (`unknown`, `pending_claim`, `claimed`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum ClaimState {
    Unknown,
    PendingClaim,
    Claimed,
}

/// Whether the agent's key worked the last time the console used it.
/// Stored as `agents.key_health` (`unchecked`, `works`, `fails`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum KeyHealth {
    Unchecked,
    Works,
    Fails,
}

/// What the platform said of the agent when its key was last checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSnapshot {
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub website_url: Option<String>,
    pub follower_count: Option<u64>,
    pub following_count: Option<u64>,
    pub last_post_at: Option<OffsetDateTime>,
    /// Clawtter's posts left this hour.
    pub quota_remaining: Option<u32>,
    /// `None` where the platform has no claim.
    pub claimed: Option<bool>,
}

impl ProfileSnapshot {
    /// What Clawgram's own profile of the agent says; it has no quota.
    pub(crate) fn from_clawgram(me: clawgram::AgentProfile, last_post_at: Option<OffsetDateTime>) -> ProfileSnapshot {
        ProfileSnapshot {
            display_name: Some(me.name),
            avatar_url: me.avatar_url,
            bio: me.bio,
            website_url: me.website_url,
            follower_count: Some(me.follower_count),
            following_count: Some(me.following_count),
            last_post_at,
            quota_remaining: None,
            claimed: Some(me.claimed),
        }
    }

    /// This snapshot with what Clawtter answered to `PATCH /me`, which says nothing of counts or quota.
    pub(crate) fn with_clawtter(self, me: clawtter::Profile) -> ProfileSnapshot {
        ProfileSnapshot { display_name: Some(me.nickname), avatar_url: me.avatar_url, bio: me.bio, ..self }
    }
}

/// An agent as the browser may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentSummary {
    pub id: i64,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub key: Option<KeyView>,
    pub claim: ClaimState,
    pub health: KeyHealth,
    pub checked_at: Option<OffsetDateTime>,
    pub profile: ProfileSnapshot,
    /// The file the agent's runtime reads its key from, if the owner named one.
    pub delivery_path: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: i64,
    platform: String,
    handle: String,
    display_name: Option<String>,
    api_key_fingerprint: Option<String>,
    api_key_set_at: Option<i64>,
    claim_status: ClaimState,
    key_health: KeyHealth,
    checked_at: Option<i64>,
    avatar_url: Option<String>,
    bio: Option<String>,
    website_url: Option<String>,
    follower_count: Option<i64>,
    following_count: Option<i64>,
    last_post_at: Option<i64>,
    quota_remaining: Option<i64>,
    delivery_path: Option<String>,
}

const AGENT_COLUMNS: &str = "id, platform, handle, display_name, api_key_fingerprint, api_key_set_at, claim_status, key_health, \
    checked_at, avatar_url, bio, website_url, follower_count, following_count, last_post_at, quota_remaining, delivery_path";

#[derive(Clone, Debug)]
pub struct Agents {
    store: Store,
    vault: Arc<Vault>,
    audit: AuditLog,
    /// Where each platform is reached now: the origin a key is bound to when stored, and checked when opened.
    connections: Connections,
}

impl Agents {
    pub fn new(store: Store, vault: Arc<Vault>, audit: AuditLog, connections: Connections) -> Agents {
        Agents { store, vault, audit, connections }
    }

    /// Stores the agent and its key (sealed under the agent's own row), and audits the import.
    pub async fn import(&self, agent: NewAgent, client: Option<IpAddr>) -> Result<i64, CoreError> {
        check_key(&agent.api_key)?;
        let id = self.reserve(agent.platform, &agent.handle, agent.display_name.as_deref()).await?;
        if let Err(error) =
            self.store_key(id, agent.platform, &agent.api_key, &self.connections.current(), client).await
        {
            self.forget(id).await?;
            return Err(error);
        }
        Ok(id)
    }

    /// Records an agent without a key yet: done before a registration is sent, so that the console knows of
    /// it even if the answer never arrives. The handle must be new to the console on that platform.
    pub async fn reserve(
        &self,
        platform: Platform,
        handle: &str,
        display_name: Option<&str>,
    ) -> Result<i64, CoreError> {
        let handle = handle.trim();
        if handle.is_empty() || handle.chars().count() > MAX_HANDLE_CHARS {
            return Err(CoreError::Invalid {
                field: "handle",
                reason: format!("give the agent's handle, 1 to {MAX_HANDLE_CHARS} characters"),
            });
        }
        sqlx::query_scalar(
            "INSERT INTO agents (platform, handle, display_name, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(platform.slug())
        .bind(handle)
        .bind(display_name.map(str::trim).filter(|name| !name.is_empty()))
        .bind(now_seconds())
        .fetch_one(self.store.pool())
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(db) if db.is_unique_violation() => CoreError::Invalid {
                field: "handle",
                reason: format!("{platform} already has an agent {handle:?} in the console"),
            },
            other => other.into(),
        })
    }

    /// Drops an agent the platform never accepted.
    pub async fn forget(&self, agent_id: i64) -> Result<(), CoreError> {
        sqlx::query("DELETE FROM agents WHERE id = ?").bind(agent_id).execute(self.store.pool()).await?;
        Ok(())
    }

    /// Seals `key` into the agent's row, replacing any key it had, bound to the origin of the clients it came
    /// through (`from`), and audits it.
    pub async fn store_key(
        &self,
        agent_id: i64,
        platform: Platform,
        key: &SecretString,
        from: &Clients,
        client: Option<IpAddr>,
    ) -> Result<(), CoreError> {
        let sealed = self.vault.seal(&SecretSlot::agent_api_key(agent_id), key)?;
        let updated = sqlx::query(
            "UPDATE agents SET api_key = ?, api_key_fingerprint = ?, api_key_set_at = ?, key_origin = ? WHERE id = ?",
        )
        .bind(sealed)
        .bind(self.vault.fingerprint(key).as_str())
        .bind(now_seconds())
        .bind(from.origin(platform))
        .bind(agent_id)
        .execute(self.store.pool())
        .await?;
        if updated.rows_affected() == 0 {
            return Err(CoreError::NotFound { what: "agent", id: agent_id });
        }
        self.audit.record(AuditEvent::KeyImported { agent_id, platform }, client).await
    }

    /// Keeps what the platform said of the agent, and that its key worked.
    pub async fn record_profile(&self, agent_id: i64, profile: &ProfileSnapshot) -> Result<(), CoreError> {
        let claim = profile.claimed.map(|claimed| if claimed { ClaimState::Claimed } else { ClaimState::PendingClaim });
        let count = |n: Option<u64>| n.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        sqlx::query(
            "UPDATE agents SET display_name = COALESCE(?, display_name), avatar_url = ?, bio = ?, website_url = ?, \
             follower_count = ?, following_count = ?, last_post_at = ?, quota_remaining = ?, \
             claim_status = COALESCE(?, claim_status), key_health = ?, checked_at = ? WHERE id = ?",
        )
        .bind(profile.display_name.as_deref())
        .bind(profile.avatar_url.as_deref())
        .bind(profile.bio.as_deref())
        .bind(profile.website_url.as_deref())
        .bind(count(profile.follower_count))
        .bind(count(profile.following_count))
        .bind(profile.last_post_at.map(OffsetDateTime::unix_timestamp))
        .bind(profile.quota_remaining)
        .bind(claim)
        .bind(KeyHealth::Works)
        .bind(now_seconds())
        .bind(agent_id)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// Notes that the platform refused the agent's key.
    pub async fn record_key_refused(&self, agent_id: i64) -> Result<(), CoreError> {
        sqlx::query("UPDATE agents SET key_health = ?, checked_at = ? WHERE id = ?")
            .bind(KeyHealth::Fails)
            .bind(now_seconds())
            .bind(agent_id)
            .execute(self.store.pool())
            .await?;
        Ok(())
    }

    /// The console's agents on `platform` by handle, without opening their keys.
    pub async fn ids_by_handle(&self, platform: Platform) -> Result<Vec<(String, i64)>, CoreError> {
        Ok(sqlx::query_as("SELECT handle, id FROM agents WHERE platform = ?")
            .bind(platform.slug())
            .fetch_all(self.store.pool())
            .await?)
    }

    /// The console's agent of `platform` called `handle`, if it holds one (one indexed lookup: the registration
    /// form checks a name on every pause in typing).
    pub async fn id_by_handle(&self, platform: Platform, handle: &str) -> Result<Option<i64>, CoreError> {
        Ok(sqlx::query_scalar("SELECT id FROM agents WHERE platform = ? AND handle = ?")
            .bind(platform.slug())
            .bind(handle)
            .fetch_optional(self.store.pool())
            .await?)
    }

    pub async fn get(&self, agent_id: i64) -> Result<AgentSummary, CoreError> {
        let row: Option<AgentRow> = sqlx::query_as(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE id = ?"))
            .bind(agent_id)
            .fetch_optional(self.store.pool())
            .await?;
        Agents::summary(row.ok_or(CoreError::NotFound { what: "agent", id: agent_id })?)
    }

    pub async fn list(&self) -> Result<Vec<AgentSummary>, CoreError> {
        let rows: Vec<AgentRow> =
            sqlx::query_as(&format!("SELECT {AGENT_COLUMNS} FROM agents ORDER BY platform, handle"))
                .fetch_all(self.store.pool())
                .await?;
        rows.into_iter().map(Agents::summary).collect()
    }

    /// Notes that a rotation is being sent: if the console stops before its outcome is stored, the row says so.
    pub async fn begin_rotation(&self, agent_id: i64) -> Result<(), CoreError> {
        self.set_rotation_started(agent_id, Some(now_seconds())).await
    }

    /// The rotation was refused; nothing changed on the platform.
    pub async fn end_rotation(&self, agent_id: i64) -> Result<(), CoreError> {
        self.set_rotation_started(agent_id, None).await
    }

    async fn set_rotation_started(&self, agent_id: i64, at: Option<i64>) -> Result<(), CoreError> {
        sqlx::query("UPDATE agents SET rotation_started_at = ? WHERE id = ?")
            .bind(at)
            .bind(agent_id)
            .execute(self.store.pool())
            .await?;
        Ok(())
    }

    /// In one write: the new key in, the old key kept aside (until the new one is verified), the rotation done.
    /// `old` is `None` for an agent whose key the console never had (an owner-side import).
    pub async fn replace_key(
        &self,
        agent_id: i64,
        old: Option<&SecretString>,
        new: &SecretString,
    ) -> Result<(), CoreError> {
        let sealed_new = self.vault.seal(&SecretSlot::agent_api_key(agent_id), new)?;
        let sealed_old =
            old.map(|old| self.vault.seal(&SecretSlot::agent_previous_api_key(agent_id), old)).transpose()?;
        self.store_sealed_key(agent_id, &sealed_new, &self.vault.fingerprint(new), sealed_old.as_deref()).await
    }

    /// Writes a key already sealed under the agent's key slot (a rescued rotation, say), with its fingerprint,
    /// bound to the origin its platform is reached at now (the one that issued it).
    /// An agent that is no longer there is `NotFound`: its id is never given to another (AUTOINCREMENT).
    pub async fn store_sealed_key(
        &self,
        agent_id: i64,
        sealed: &[u8],
        fingerprint: &KeyFingerprint,
        sealed_previous: Option<&[u8]>,
    ) -> Result<(), CoreError> {
        let updated = sqlx::query(
            "UPDATE agents SET api_key = ?, api_key_fingerprint = ?, api_key_set_at = ?, \
             previous_api_key = COALESCE(?, previous_api_key), rotation_started_at = NULL, key_health = ?, \
             key_origin = ? WHERE id = ?",
        )
        .bind(sealed)
        .bind(fingerprint.as_str())
        .bind(now_seconds())
        .bind(sealed_previous)
        .bind(KeyHealth::Unchecked)
        .bind(self.key_origin_now(agent_id).await?)
        .bind(agent_id)
        .execute(self.store.pool())
        .await?;
        if updated.rows_affected() == 0 {
            return Err(CoreError::NotFound { what: "agent", id: agent_id });
        }
        Ok(())
    }

    /// Opens one stored key, so that a wrong master key stops start-up instead of the first call that needs a key
    /// (listing no longer opens any).
    pub async fn check_master_key(&self) -> Result<(), CoreError> {
        let any: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT id, api_key FROM agents WHERE api_key IS NOT NULL LIMIT 1")
                .fetch_optional(self.store.pool())
                .await?;
        if let Some((agent_id, sealed)) = any {
            self.vault.open(&SecretSlot::agent_api_key(agent_id), &sealed)?;
        }
        Ok(())
    }

    /// Stores the fingerprints of keys sealed before fingerprints were stored (opening each once); run at
    /// start-up. Returns how many.
    pub async fn fill_in_fingerprints(&self) -> Result<usize, CoreError> {
        let rows: Vec<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT id, api_key FROM agents WHERE api_key IS NOT NULL AND api_key_fingerprint IS NULL")
                .fetch_all(self.store.pool())
                .await?;
        for (agent_id, sealed) in &rows {
            let key = self.vault.open(&SecretSlot::agent_api_key(*agent_id), sealed)?;
            sqlx::query("UPDATE agents SET api_key_fingerprint = ? WHERE id = ?")
                .bind(self.vault.fingerprint(&key).as_str())
                .bind(agent_id)
                .execute(self.store.pool())
                .await?;
        }
        Ok(rows.len())
    }

    /// The new key works: the old one is no longer needed.
    pub async fn forget_previous_key(&self, agent_id: i64) -> Result<(), CoreError> {
        sqlx::query("UPDATE agents SET previous_api_key = NULL WHERE id = ?")
            .bind(agent_id)
            .execute(self.store.pool())
            .await?;
        Ok(())
    }

    /// Where the agent's runtime reads its key, if the owner named a file.
    pub async fn delivery_path(&self, agent_id: i64) -> Result<Option<String>, CoreError> {
        let path: Option<Option<String>> = sqlx::query_scalar("SELECT delivery_path FROM agents WHERE id = ?")
            .bind(agent_id)
            .fetch_optional(self.store.pool())
            .await?;
        path.ok_or(CoreError::NotFound { what: "agent", id: agent_id })
    }

    pub async fn set_delivery_path(&self, agent_id: i64, path: Option<&str>) -> Result<(), CoreError> {
        sqlx::query("UPDATE agents SET delivery_path = ? WHERE id = ?")
            .bind(path)
            .bind(agent_id)
            .execute(self.store.pool())
            .await?;
        Ok(())
    }

    /// The agent's key, opened for one platform call; drop it as soon as the call is made. Refused, and
    /// audited, when the platform is no longer reached at the origin the key is bound to: nothing is sent.
    pub async fn api_key(&self, agent_id: i64) -> Result<AgentKey, CoreError> {
        let row: Option<(String, Option<Vec<u8>>, Option<String>)> =
            sqlx::query_as("SELECT platform, api_key, key_origin FROM agents WHERE id = ?")
                .bind(agent_id)
                .fetch_optional(self.store.pool())
                .await?;
        let (platform, sealed, bound) = row.ok_or(CoreError::NotFound { what: "agent", id: agent_id })?;
        let sealed = sealed.ok_or(CoreError::NotFound { what: "API key for agent", id: agent_id })?;
        let platform = platform_from_slug(&platform)?;
        // One snapshot of the clients, both to compare origins and to make the calls.
        let clients = self.connections.current();
        let current = clients.origin(platform);
        match bound {
            Some(bound) if bound == current => {
                Ok(AgentKey { key: self.vault.open(&SecretSlot::agent_api_key(agent_id), &sealed)?, clients })
            }
            bound => {
                let bound = bound.unwrap_or_else(|| "no address yet".to_owned());
                self.audit.record_origin(AuditEvent::KeyRefused { agent_id, platform }, &current, None).await?;
                Err(CoreError::KeyElsewhere { platform, bound, current })
            }
        }
    }

    /// The stored keys each platform would refuse to send: how many are bound to each origin other than the one
    /// the platform is reached at now (an address changed outside Settings, in the configuration, say).
    pub async fn keys_elsewhere(&self) -> Result<Vec<KeysElsewhere>, CoreError> {
        let bound: Vec<(String, Option<String>, i64)> = sqlx::query_as(
            "SELECT platform, key_origin, COUNT(*) FROM agents WHERE api_key IS NOT NULL \
             GROUP BY platform, key_origin ORDER BY platform, key_origin",
        )
        .fetch_all(self.store.pool())
        .await?;
        let mut elsewhere = Vec::new();
        for (platform, origin, keys) in bound {
            let platform = platform_from_slug(&platform)?;
            let current = self.connections.origin(platform);
            if origin.as_deref() != Some(current.as_str()) {
                let bound = origin.unwrap_or_else(|| "no address yet".to_owned());
                elsewhere.push(KeysElsewhere { platform, bound, current, keys: keys as u64, queue_secret: false });
            }
        }
        Ok(elsewhere)
    }

    /// The origin the agent's platform is reached at now.
    async fn key_origin_now(&self, agent_id: i64) -> Result<String, CoreError> {
        let platform: Option<String> = sqlx::query_scalar("SELECT platform FROM agents WHERE id = ?")
            .bind(agent_id)
            .fetch_optional(self.store.pool())
            .await?;
        let platform = platform.ok_or(CoreError::NotFound { what: "agent", id: agent_id })?;
        Ok(self.connections.origin(platform_from_slug(&platform)?))
    }

    /// Binds `platform`'s keys to the origin it is reached at now, and audits it; returns how many moved. Only
    /// after the owner confirmed the move with the console password (`Console::confirm_key_move`).
    pub(crate) async fn move_keys(&self, platform: Platform, client: Option<IpAddr>) -> Result<u64, CoreError> {
        let origin = self.connections.origin(platform);
        let moved = sqlx::query(
            "UPDATE agents SET key_origin = ?1 WHERE platform = ?2 AND api_key IS NOT NULL \
             AND key_origin IS NOT ?1",
        )
        .bind(&origin)
        .bind(platform.slug())
        .execute(self.store.pool())
        .await?
        .rows_affected();
        self.audit.record_origin(AuditEvent::KeysMoved { platform }, &origin, client).await?;
        Ok(moved)
    }

    /// At start-up: binds the keys stored before keys were bound (no origin yet) to the origin their platform is
    /// reached at now, the saved or configured address. In sandbox mode every key is bound to the sandbox
    /// platforms the console has just started, whose ports change at every start.
    pub(crate) async fn bind_keys_at_start(&self, rebind_all: bool) -> Result<(), CoreError> {
        for platform in Platform::ALL {
            sqlx::query(
                "UPDATE agents SET key_origin = ? WHERE platform = ? AND api_key IS NOT NULL \
                 AND (key_origin IS NULL OR ?)",
            )
            .bind(self.connections.origin(platform))
            .bind(platform.slug())
            .bind(rebind_all)
            .execute(self.store.pool())
            .await?;
        }
        Ok(())
    }

    fn summary(row: AgentRow) -> Result<AgentSummary, CoreError> {
        let key = match (row.api_key_fingerprint, row.api_key_set_at) {
            (Some(fingerprint), Some(set_at)) => Some(KeyView::stored(fingerprint, set_at)?),
            _ => None,
        };
        let time = |seconds: Option<i64>| seconds.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok());
        let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
        let claim = row.claim_status;
        Ok(AgentSummary {
            id: row.id,
            platform: platform_from_slug(&row.platform)?,
            profile: ProfileSnapshot {
                display_name: row.display_name.clone(),
                avatar_url: row.avatar_url,
                bio: row.bio,
                website_url: row.website_url,
                follower_count: count(row.follower_count),
                following_count: count(row.following_count),
                last_post_at: time(row.last_post_at),
                quota_remaining: row.quota_remaining.and_then(|n| u32::try_from(n).ok()),
                claimed: match claim {
                    ClaimState::Unknown => None,
                    known => Some(known == ClaimState::Claimed),
                },
            },
            handle: row.handle,
            display_name: row.display_name,
            key,
            claim,
            health: row.key_health,
            checked_at: time(row.checked_at),
            delivery_path: row.delivery_path,
        })
    }
}

/// A pasted key as the platforms take it: 1 to [`MAX_KEY_CHARS`] characters without spaces.
pub fn check_key(key: &SecretString) -> Result<(), CoreError> {
    let key = key.expose_secret();
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS || key.chars().any(char::is_whitespace) {
        return Err(CoreError::Invalid {
            field: "api_key",
            reason: format!("paste the whole key: 1 to {MAX_KEY_CHARS} characters without spaces"),
        });
    }
    Ok(())
}
