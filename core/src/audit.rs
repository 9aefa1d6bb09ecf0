//! The audit log: what was done to the console and its keys, by which client, when.
//!
//! Entries are built from typed fields only (an event kind, an agent id, a platform, a setting name, the path of a
//! file written), never from free text, so that no secret can end up in the log.

use crate::store::{now_seconds, platform_from_slug, Store};
use crate::{CoreError, Platform};
use std::net::IpAddr;
use std::path::Path;
use time::OffsetDateTime;

/// Something the owner (or someone with the console) did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditEvent {
    PasswordSet,
    LoggedIn,
    LoginFailed,
    LoggedOut,
    PasswordChanged,
    KeyImported {
        agent_id: i64,
        platform: Platform,
    },
    KeyRotated {
        agent_id: i64,
        platform: Platform,
    },
    KeyRevealedToFile {
        agent_id: i64,
        platform: Platform,
    },
    AgentClaimed {
        agent_id: i64,
        platform: Platform,
    },
    SettingChanged {
        setting: Setting,
    },
    /// A key was not sent: the platform's address is no longer the origin the key is bound to.
    KeyRefused {
        agent_id: i64,
        platform: Platform,
    },
    /// The Threads queue secret was not sent, for the same reason.
    QueueSecretWithheld,
    /// The owner confirmed with the password that the platform's keys may go to its new origin.
    KeysMoved {
        platform: Platform,
    },
    /// The owner acted as an agent on its platform (the review board's likes, moderation, reports, follows).
    AgentActed {
        agent_id: i64,
        platform: Platform,
        action: AgentAction,
    },
}

/// What an agent did on its platform at the owner's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentAction {
    PostLiked,
    PostUnliked,
    PostDeleted,
    PostReported,
    CommentHidden,
    CommentUnhidden,
    CommentDeleted,
    Followed,
    Unfollowed,
    Commented,
    Replied,
    Reposted,
}

impl AgentAction {
    const ALL: [AgentAction; 12] = [
        AgentAction::PostLiked,
        AgentAction::PostUnliked,
        AgentAction::PostDeleted,
        AgentAction::PostReported,
        AgentAction::CommentHidden,
        AgentAction::CommentUnhidden,
        AgentAction::CommentDeleted,
        AgentAction::Followed,
        AgentAction::Unfollowed,
        AgentAction::Commented,
        AgentAction::Replied,
        AgentAction::Reposted,
    ];

    fn kind(self) -> &'static str {
        match self {
            AgentAction::PostLiked => "post_liked",
            AgentAction::PostUnliked => "post_unliked",
            AgentAction::PostDeleted => "post_deleted",
            AgentAction::PostReported => "post_reported",
            AgentAction::CommentHidden => "comment_hidden",
            AgentAction::CommentUnhidden => "comment_unhidden",
            AgentAction::CommentDeleted => "comment_deleted",
            AgentAction::Followed => "followed",
            AgentAction::Unfollowed => "unfollowed",
            AgentAction::Commented => "commented",
            AgentAction::Replied => "replied",
            AgentAction::Reposted => "reposted",
        }
    }

    fn from_kind(kind: &str) -> Option<AgentAction> {
        AgentAction::ALL.into_iter().find(|action| action.kind() == kind)
    }

    /// "liked a post", for "Clawgram agent liked a post".
    fn words(self) -> &'static str {
        match self {
            AgentAction::PostLiked => "liked a post",
            AgentAction::PostUnliked => "took back a like",
            AgentAction::PostDeleted => "deleted its post",
            AgentAction::PostReported => "reported a post",
            AgentAction::CommentHidden => "hid a comment on its post",
            AgentAction::CommentUnhidden => "showed a hidden comment again",
            AgentAction::CommentDeleted => "deleted a comment",
            AgentAction::Followed => "followed an agent",
            AgentAction::Unfollowed => "unfollowed an agent",
            AgentAction::Commented => "commented on a post",
            AgentAction::Replied => "replied in a conversation",
            AgentAction::Reposted => "reposted a post",
        }
    }
}

/// The console settings whose changes are audited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    PlatformUrl(Platform),
    ThreadsQueueSecret,
    ThreadsTenantId,
    TimeZone,
}

impl Setting {
    fn stored_name(self) -> String {
        match self {
            Setting::PlatformUrl(platform) => format!("platform_url:{}", platform.slug()),
            Setting::ThreadsQueueSecret => "threads_queue_secret".to_owned(),
            Setting::ThreadsTenantId => "threads_tenant_id".to_owned(),
            Setting::TimeZone => "time_zone".to_owned(),
        }
    }

    fn from_stored(name: &str) -> Option<Setting> {
        match name {
            "threads_queue_secret" => Some(Setting::ThreadsQueueSecret),
            "threads_tenant_id" => Some(Setting::ThreadsTenantId),
            "time_zone" => Some(Setting::TimeZone),
            _ => platform_from_slug(name.strip_prefix("platform_url:")?).ok().map(Setting::PlatformUrl),
        }
    }

    pub fn label(self) -> String {
        match self {
            Setting::PlatformUrl(platform) => format!("{platform} address"),
            Setting::ThreadsQueueSecret => "Threads queue secret".to_owned(),
            Setting::ThreadsTenantId => "Threads tenant id".to_owned(),
            Setting::TimeZone => "time zone".to_owned(),
        }
    }
}

impl AuditEvent {
    fn kind(self) -> &'static str {
        match self {
            AuditEvent::PasswordSet => "password_set",
            AuditEvent::LoggedIn => "logged_in",
            AuditEvent::LoginFailed => "login_failed",
            AuditEvent::LoggedOut => "logged_out",
            AuditEvent::PasswordChanged => "password_changed",
            AuditEvent::KeyImported { .. } => "key_imported",
            AuditEvent::KeyRotated { .. } => "key_rotated",
            AuditEvent::KeyRevealedToFile { .. } => "key_revealed_to_file",
            AuditEvent::AgentClaimed { .. } => "agent_claimed",
            AuditEvent::SettingChanged { .. } => "setting_changed",
            AuditEvent::KeyRefused { .. } => "key_refused",
            AuditEvent::QueueSecretWithheld => "queue_secret_withheld",
            AuditEvent::KeysMoved { .. } => "keys_moved",
            AuditEvent::AgentActed { action, .. } => action.kind(),
        }
    }

    fn agent(self) -> Option<(i64, Platform)> {
        match self {
            AuditEvent::KeyImported { agent_id, platform }
            | AuditEvent::KeyRotated { agent_id, platform }
            | AuditEvent::KeyRevealedToFile { agent_id, platform }
            | AuditEvent::AgentClaimed { agent_id, platform }
            | AuditEvent::KeyRefused { agent_id, platform }
            | AuditEvent::AgentActed { agent_id, platform, .. } => Some((agent_id, platform)),
            _ => None,
        }
    }

    /// The platform of an event that concerns a platform rather than one agent.
    fn platform(self) -> Option<Platform> {
        match self {
            AuditEvent::KeysMoved { platform } => Some(platform),
            AuditEvent::QueueSecretWithheld => Some(Platform::Threads),
            _ => self.agent().map(|(_, platform)| platform),
        }
    }

    fn from_stored(row: &AuditRow) -> Option<AuditEvent> {
        let agent = || Some((row.agent_id?, platform_from_slug(row.platform.as_deref()?).ok()?));
        Some(match row.kind.as_str() {
            "password_set" => AuditEvent::PasswordSet,
            "logged_in" => AuditEvent::LoggedIn,
            "login_failed" => AuditEvent::LoginFailed,
            "logged_out" => AuditEvent::LoggedOut,
            "password_changed" => AuditEvent::PasswordChanged,
            "key_imported" => agent().map(|(agent_id, platform)| AuditEvent::KeyImported { agent_id, platform })?,
            "key_rotated" => agent().map(|(agent_id, platform)| AuditEvent::KeyRotated { agent_id, platform })?,
            "key_revealed_to_file" => {
                agent().map(|(agent_id, platform)| AuditEvent::KeyRevealedToFile { agent_id, platform })?
            }
            "agent_claimed" => agent().map(|(agent_id, platform)| AuditEvent::AgentClaimed { agent_id, platform })?,
            "setting_changed" => AuditEvent::SettingChanged { setting: Setting::from_stored(row.setting.as_deref()?)? },
            "key_refused" => agent().map(|(agent_id, platform)| AuditEvent::KeyRefused { agent_id, platform })?,
            "queue_secret_withheld" => AuditEvent::QueueSecretWithheld,
            "keys_moved" => AuditEvent::KeysMoved { platform: platform_from_slug(row.platform.as_deref()?).ok()? },
            kind => {
                let action = AgentAction::from_kind(kind)?;
                agent().map(|(agent_id, platform)| AuditEvent::AgentActed { agent_id, platform, action })?
            }
        })
    }

    /// One line for the owner, e.g. "API key rotated".
    pub fn summary(self) -> String {
        match self {
            AuditEvent::PasswordSet => "Console password set".to_owned(),
            AuditEvent::LoggedIn => "Logged in".to_owned(),
            AuditEvent::LoginFailed => "Failed login attempt".to_owned(),
            AuditEvent::LoggedOut => "Logged out".to_owned(),
            AuditEvent::PasswordChanged => "Console password changed".to_owned(),
            AuditEvent::KeyImported { platform, .. } => format!("{platform} API key imported"),
            AuditEvent::KeyRotated { platform, .. } => format!("{platform} API key rotated"),
            AuditEvent::KeyRevealedToFile { platform, .. } => format!("{platform} API key written to a file"),
            AuditEvent::AgentClaimed { platform, .. } => format!("{platform} agent claimed"),
            AuditEvent::SettingChanged { setting } => format!("Changed the {}", setting.label()),
            AuditEvent::KeyRefused { platform, .. } => {
                format!("{platform} API key not sent: the address is not the one the key came from")
            }
            AuditEvent::QueueSecretWithheld => {
                "Threads queue secret not sent: the address is not the one it was saved for".to_owned()
            }
            AuditEvent::KeysMoved { platform } => format!("{platform} keys moved to a new address"),
            AuditEvent::AgentActed { platform, action, .. } => format!("{platform} agent {}", action.words()),
        }
    }
}

/// One recorded event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: OffsetDateTime,
    pub event: AuditEvent,
    /// The agent's handle when the event concerns one that still exists.
    pub agent_handle: Option<String>,
    pub client: Option<IpAddr>,
    /// The file the event wrote, for a key written to a file.
    pub path: Option<String>,
    /// The origin a key was refused for or moved to.
    pub origin: Option<String>,
    /// What an agent's action was about: a post or comment id, an agent's name.
    pub target: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    at: i64,
    kind: String,
    agent_id: Option<i64>,
    platform: Option<String>,
    setting: Option<String>,
    client: Option<String>,
    path: Option<String>,
    origin: Option<String>,
    target: Option<String>,
    handle: Option<String>,
}

/// What an event is about besides its agent: a file written, an origin, an action's target.
#[derive(Default)]
struct Where<'a> {
    path: Option<&'a Path>,
    origin: Option<&'a str>,
    target: Option<&'a str>,
}

#[derive(Clone, Debug)]
pub struct AuditLog {
    store: Store,
}

impl AuditLog {
    pub fn new(store: Store) -> AuditLog {
        AuditLog { store }
    }

    pub async fn record(&self, event: AuditEvent, client: Option<IpAddr>) -> Result<(), CoreError> {
        self.insert(event, Where::default(), client).await
    }

    /// Records an agent's action with what it was about (a post or comment id, an agent's name).
    pub async fn record_target(
        &self,
        event: AuditEvent,
        target: &str,
        client: Option<IpAddr>,
    ) -> Result<(), CoreError> {
        self.insert(event, Where { target: Some(target), ..Where::default() }, client).await
    }

    /// Records an event that wrote a file, with the file's path.
    pub async fn record_file(&self, event: AuditEvent, path: &Path, client: Option<IpAddr>) -> Result<(), CoreError> {
        self.insert(event, Where { path: Some(path), ..Where::default() }, client).await
    }

    /// Records an event about where a key may go, with the origin concerned.
    pub async fn record_origin(
        &self,
        event: AuditEvent,
        origin: &str,
        client: Option<IpAddr>,
    ) -> Result<(), CoreError> {
        self.insert(event, Where { origin: Some(origin), ..Where::default() }, client).await
    }

    async fn insert(&self, event: AuditEvent, place: Where<'_>, client: Option<IpAddr>) -> Result<(), CoreError> {
        let agent_id = event.agent().map(|(agent_id, _)| agent_id);
        let platform = event.platform();
        let setting = match event {
            AuditEvent::SettingChanged { setting } => Some(setting.stored_name()),
            _ => None,
        };
        sqlx::query(
            "INSERT INTO audit_log (at, kind, agent_id, platform, setting, client, path, origin, target) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(now_seconds())
        .bind(event.kind())
        .bind(agent_id)
        .bind(platform.map(Platform::slug))
        .bind(setting)
        .bind(client.map(|ip| ip.to_string()))
        .bind(place.path.map(|path| path.to_string_lossy().into_owned()))
        .bind(place.origin)
        .bind(place.target)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// The latest entries first.
    pub async fn recent(&self, limit: u32) -> Result<Vec<AuditEntry>, CoreError> {
        self.latest(limit, None).await
    }

    /// The latest entries about one agent first.
    pub async fn of_agent(&self, agent_id: i64, limit: u32) -> Result<Vec<AuditEntry>, CoreError> {
        self.latest(limit, Some(agent_id)).await
    }

    async fn latest(&self, limit: u32, agent_id: Option<i64>) -> Result<Vec<AuditEntry>, CoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT a.at, a.kind, a.agent_id, a.platform, a.setting, a.client, a.path, a.origin, a.target, g.handle
             FROM audit_log a LEFT JOIN agents g ON g.id = a.agent_id
             WHERE ?1 IS NULL OR a.agent_id = ?1
             ORDER BY a.at DESC, a.id DESC LIMIT ?2",
        )
        .bind(agent_id)
        .bind(limit)
        .fetch_all(self.store.pool())
        .await?;
        // A kind written by a newer version of the console is skipped rather than failing the whole list.
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(AuditEntry {
                    at: OffsetDateTime::from_unix_timestamp(row.at).ok()?,
                    event: AuditEvent::from_stored(&row)?,
                    agent_handle: row.handle.clone(),
                    client: row.client.as_deref().and_then(|c| c.parse().ok()),
                    path: row.path.clone(),
                    origin: row.origin.clone(),
                    target: row.target.clone(),
                })
            })
            .collect())
    }
}
