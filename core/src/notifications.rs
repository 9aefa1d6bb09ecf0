//! Notifications: Clawtter's, fetched in the background for every agent and stored (reading them on the
//! platform empties its queue, so the console is where they are kept), joined by the console's own events about
//! an agent, read from where they are recorded: a post failed, its outcome unknown, a Clawtter post approved or
//! rejected (the publishing targets), a claim completed, a key rotated or refused (the audit log). Each is stored
//! once, under an id made from what it is, so fetching again adds nothing twice.

use crate::agents::Agents;
use crate::store::{platform_from_slug, Store};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawtter::{self, NotificationKind as ClawtterKind};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::task::JoinHandle;

/// How often the background task fetches Clawtter's notifications.
pub const NOTIFICATIONS_EVERY: Duration = Duration::from_secs(60);

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotificationKind {
    Follow,
    Like,
    Reply,
    Repost,
    PostFailed,
    OutcomeUnknown,
    PostApproved,
    PostRejected,
    ClaimCompleted,
    KeyRotated,
    KeyRefused,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 11] = [
        NotificationKind::Follow,
        NotificationKind::Like,
        NotificationKind::Reply,
        NotificationKind::Repost,
        NotificationKind::PostFailed,
        NotificationKind::OutcomeUnknown,
        NotificationKind::PostApproved,
        NotificationKind::PostRejected,
        NotificationKind::ClaimCompleted,
        NotificationKind::KeyRotated,
        NotificationKind::KeyRefused,
    ];

    /// As stored in `notifications.kind`.
    pub fn slug(self) -> &'static str {
        match self {
            NotificationKind::Follow => "follow",
            NotificationKind::Like => "like",
            NotificationKind::Reply => "reply",
            NotificationKind::Repost => "repost",
            NotificationKind::PostFailed => "post_failed",
            NotificationKind::OutcomeUnknown => "outcome_unknown",
            NotificationKind::PostApproved => "post_approved",
            NotificationKind::PostRejected => "post_rejected",
            NotificationKind::ClaimCompleted => "claim_completed",
            NotificationKind::KeyRotated => "key_rotated",
            NotificationKind::KeyRefused => "key_refused",
        }
    }

    pub fn from_slug(slug: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }
}

/// One stored notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub agent_id: i64,
    pub agent_handle: String,
    /// The agent's name and avatar as its platform last showed them.
    pub agent_name: Option<String>,
    pub agent_avatar_url: Option<String>,
    pub platform: Platform,
    pub kind: NotificationKind,
    pub summary: String,
    /// Who acted (Clawtter: a nickname).
    pub actor: Option<String>,
    /// Its avatar, as the platform gave it with the notification.
    pub actor_avatar_url: Option<String>,
    /// The console page it is about.
    pub link: Option<String>,
    pub read: bool,
    pub at: OffsetDateTime,
}

/// Which notifications to list; `None` is "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NotificationFilter {
    pub agent_id: Option<i64>,
    pub kind: Option<NotificationKind>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    agent_id: i64,
    handle: String,
    display_name: Option<String>,
    avatar_url: Option<String>,
    platform: String,
    kind: String,
    summary: String,
    actor: Option<String>,
    actor_avatar_url: Option<String>,
    link: Option<String>,
    is_read: bool,
    occurred_at: i64,
}

#[derive(Clone)]
pub struct Notifications {
    store: Store,
    agents: Agents,
}

impl Notifications {
    pub fn new(store: Store, agents: Agents) -> Notifications {
        Notifications { store, agents }
    }

    /// Fetches every Clawtter agent's notifications and gathers the console's own events; returns how many
    /// notifications are new. An agent whose notifications cannot be fetched is skipped (and logged) this time.
    pub async fn fetch(&self) -> Result<u64, CoreError> {
        let mut added = 0;
        for agent in self.agents.list().await? {
            if agent.platform != Platform::Clawtter || agent.key.is_none() {
                continue;
            }
            let taken = async {
                let opened = self.agents.api_key(agent.id).await?;
                Ok::<_, CoreError>(opened.clients.clawtter.take_notifications(&opened.key).await?)
            };
            match taken.await {
                Ok(items) => {
                    for item in items {
                        added += self.store_clawtter(agent.id, &item).await?;
                    }
                }
                Err(error) => tracing::warn!(agent = agent.id, "fetching Clawtter notifications failed: {error}"),
            }
        }
        Ok(added + self.gather_console_events().await?)
    }

    async fn store_clawtter(&self, agent_id: i64, item: &clawtter::Notification) -> Result<u64, CoreError> {
        let who = &item.actor.nickname;
        let (kind, summary) = match &item.kind {
            ClawtterKind::Follow => (NotificationKind::Follow, format!("{who} followed this agent")),
            ClawtterKind::Like => (NotificationKind::Like, format!("{who} liked a post")),
            ClawtterKind::Reply => (NotificationKind::Reply, format!("{who} replied")),
            ClawtterKind::Repost => (NotificationKind::Repost, format!("{who} reposted a post")),
            ClawtterKind::Other(other) => {
                tracing::info!(kind = %other, "a Clawtter notification of a kind this console does not know was skipped");
                return Ok(0);
            }
        };
        let summary = match &item.content_preview {
            Some(preview) if !preview.is_empty() => format!("{summary}: “{preview}”"),
            _ => summary,
        };
        // The post it is about on this agent's side: the liked, replied-to or reposted one.
        let about = item.target_post_id.as_ref().or(item.post_id.as_ref());
        let link = about.map(|post| format!("/feeds/{agent_id}/{post}"));
        let id = format!(
            "clawtter:{}:{}:{}:{}",
            kind.slug(),
            item.created_at.unix_timestamp(),
            item.actor.clawtter_id,
            item.post_id.as_deref().unwrap_or_default()
        );
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO notifications \
             (agent_id, platform_notification_id, kind, summary, actor, actor_avatar_url, link, occurred_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(agent_id)
        .bind(id)
        .bind(kind.slug())
        .bind(summary)
        .bind(who)
        .bind(item.actor.avatar_url.as_deref())
        .bind(link)
        .bind(item.created_at.unix_timestamp())
        .execute(self.store.pool())
        .await?;
        Ok(inserted.rows_affected())
    }

    /// The console's own events about agents, each stored once: from the audit log (claims, rotations, refused
    /// keys) and the publishing targets (failures, unknown outcomes, Clawtter's moderation).
    async fn gather_console_events(&self) -> Result<u64, CoreError> {
        let from_audit = sqlx::query(
            "INSERT OR IGNORE INTO notifications (agent_id, platform_notification_id, kind, summary, link, occurred_at)
             SELECT a.agent_id, 'audit:' || a.id,
                    CASE a.kind WHEN 'agent_claimed' THEN 'claim_completed' ELSE a.kind END,
                    CASE a.kind
                        WHEN 'agent_claimed' THEN 'The owner claimed this agent'
                        WHEN 'key_rotated' THEN 'The API key was rotated'
                        ELSE 'The API key was not sent: the platform address is not the one it came from' END,
                    '/agents/' || a.agent_id, a.at
             FROM audit_log a JOIN agents g ON g.id = a.agent_id
             WHERE a.kind IN ('agent_claimed', 'key_rotated', 'key_refused')",
        )
        .execute(self.store.pool())
        .await?;
        let from_targets = sqlx::query(
            "INSERT OR IGNORE INTO notifications (agent_id, platform_notification_id, kind, summary, link, occurred_at)
             SELECT t.agent_id, 'target:' || t.id || ':' || t.state,
                    CASE t.state WHEN 'failed' THEN 'post_failed' WHEN 'outcome_unknown' THEN 'outcome_unknown'
                                 WHEN 'rejected' THEN 'post_rejected' ELSE 'post_approved' END,
                    CASE t.state
                        WHEN 'failed' THEN 'A post failed: ' || COALESCE(t.error_message, 'no reason given')
                        WHEN 'outcome_unknown' THEN 'A post may or may not have gone out: check it on the schedule'
                        WHEN 'rejected' THEN 'Clawtter''s moderator rejected a post'
                        ELSE 'Clawtter''s moderator approved a post' END,
                    CASE WHEN t.state IN ('failed', 'outcome_unknown') OR t.platform_post_id IS NULL THEN '/schedule'
                         ELSE '/feeds/' || t.agent_id || '/' || t.platform_post_id END,
                    t.updated_at
             FROM post_targets t JOIN agents g ON g.id = t.agent_id
             WHERE t.state IN ('failed', 'outcome_unknown', 'rejected')
                OR (t.state = 'sent' AND g.platform = 'clawtter')",
        )
        .execute(self.store.pool())
        .await?;
        Ok(from_audit.rows_affected() + from_targets.rows_affected())
    }

    /// The latest notifications matching `filter`, newest first.
    pub async fn list(&self, filter: NotificationFilter, limit: u32) -> Result<Vec<Notification>, CoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT n.id, n.agent_id, g.handle, g.display_name, g.avatar_url, g.platform, n.kind, n.summary, n.actor,
                    n.actor_avatar_url, n.link, n.is_read, n.occurred_at
             FROM notifications n JOIN agents g ON g.id = n.agent_id
             WHERE (?1 IS NULL OR n.agent_id = ?1) AND (?2 IS NULL OR n.kind = ?2)
             ORDER BY n.occurred_at DESC, n.id DESC LIMIT ?3",
        )
        .bind(filter.agent_id)
        .bind(filter.kind.map(NotificationKind::slug))
        .bind(limit)
        .fetch_all(self.store.pool())
        .await?;
        // A kind written by a newer console is left out rather than failing the list.
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(Notification {
                    id: row.id,
                    agent_id: row.agent_id,
                    agent_handle: row.handle,
                    agent_name: row.display_name,
                    agent_avatar_url: row.avatar_url,
                    platform: platform_from_slug(&row.platform).ok()?,
                    kind: NotificationKind::from_slug(&row.kind)?,
                    summary: row.summary,
                    actor: row.actor,
                    actor_avatar_url: row.actor_avatar_url,
                    link: row.link,
                    read: row.is_read,
                    at: OffsetDateTime::from_unix_timestamp(row.occurred_at).ok()?,
                })
            })
            .collect())
    }

    pub async fn unread(&self) -> Result<u64, CoreError> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE is_read = 0")
            .fetch_one(self.store.pool())
            .await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Marks one notification read.
    pub async fn mark_read(&self, id: i64) -> Result<(), CoreError> {
        let done = sqlx::query("UPDATE notifications SET is_read = 1 WHERE id = ?")
            .bind(id)
            .execute(self.store.pool())
            .await?;
        match done.rows_affected() {
            0 => Err(CoreError::NotFound { what: "notification", id }),
            _ => Ok(()),
        }
    }

    /// Marks every notification read; returns how many were unread.
    pub async fn mark_all_read(&self) -> Result<u64, CoreError> {
        let done =
            sqlx::query("UPDATE notifications SET is_read = 1 WHERE is_read = 0").execute(self.store.pool()).await?;
        Ok(done.rows_affected())
    }

    /// Fetches now and then every `every`, until the console stops.
    pub fn start(self, every: Duration) -> JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(error) = self.fetch().await {
                    tracing::warn!("gathering notifications failed: {error}");
                }
                tokio::time::sleep(every).await;
            }
        })
    }
}
