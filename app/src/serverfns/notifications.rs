//! Notifications as the page and the header's bell show them.

use crate::error::AppError;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many notifications the page lists.
pub const NOTIFICATIONS_SHOWN: u32 = 200;

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKindView {
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

impl NotificationKindView {
    pub const ALL: [NotificationKindView; 11] = [
        NotificationKindView::Follow,
        NotificationKindView::Like,
        NotificationKindView::Reply,
        NotificationKindView::Repost,
        NotificationKindView::PostFailed,
        NotificationKindView::OutcomeUnknown,
        NotificationKindView::PostApproved,
        NotificationKindView::PostRejected,
        NotificationKindView::ClaimCompleted,
        NotificationKindView::KeyRotated,
        NotificationKindView::KeyRefused,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NotificationKindView::Follow => "Follows",
            NotificationKindView::Like => "Likes",
            NotificationKindView::Reply => "Replies",
            NotificationKindView::Repost => "Reposts",
            NotificationKindView::PostFailed => "Failed posts",
            NotificationKindView::OutcomeUnknown => "Unknown outcomes",
            NotificationKindView::PostApproved => "Approved posts",
            NotificationKindView::PostRejected => "Rejected posts",
            NotificationKindView::ClaimCompleted => "Claims",
            NotificationKindView::KeyRotated => "Key rotations",
            NotificationKindView::KeyRefused => "Refused keys",
        }
    }

    #[cfg(feature = "ssr")]
    fn core(self) -> clawdesk_core::NotificationKind {
        use clawdesk_core::NotificationKind as K;
        match self {
            NotificationKindView::Follow => K::Follow,
            NotificationKindView::Like => K::Like,
            NotificationKindView::Reply => K::Reply,
            NotificationKindView::Repost => K::Repost,
            NotificationKindView::PostFailed => K::PostFailed,
            NotificationKindView::OutcomeUnknown => K::OutcomeUnknown,
            NotificationKindView::PostApproved => K::PostApproved,
            NotificationKindView::PostRejected => K::PostRejected,
            NotificationKindView::ClaimCompleted => K::ClaimCompleted,
            NotificationKindView::KeyRotated => K::KeyRotated,
            NotificationKindView::KeyRefused => K::KeyRefused,
        }
    }

    #[cfg(feature = "ssr")]
    fn of(kind: clawdesk_core::NotificationKind) -> NotificationKindView {
        Self::ALL.into_iter().find(|view| view.core() == kind).unwrap_or(NotificationKindView::Follow)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub agent_id: i64,
    pub agent_handle: String,
    /// Its name as the platform shows it, else its handle.
    pub agent_name: String,
    /// Shown through the console when not on a platform's own origin, as every platform image.
    pub agent_avatar_url: Option<String>,
    pub platform: Platform,
    pub kind: NotificationKindView,
    pub summary: String,
    /// Who acted (Clawtter), and its avatar (through the console like the agent's).
    pub actor: Option<String>,
    pub actor_avatar_url: Option<String>,
    pub link: Option<String>,
    pub read: bool,
    /// On the owner's clock.
    pub at_local: String,
}

/// The latest notifications, after fetching what Clawtter holds now.
#[server(endpoint = "notifications")]
pub async fn list_notifications(
    agent_id: Option<i64>,
    kind: Option<NotificationKindView>,
) -> Result<Vec<NotificationView>, AppError> {
    use clawdesk_core::{in_zone, NotificationFilter};
    let console = super::console()?;
    // Opening the page does not wait for the background task's next round.
    console.notifications().fetch().await?;
    let zone = console.publishing().time_zone().await?;
    let filter = NotificationFilter { agent_id, kind: kind.map(NotificationKindView::core) };
    let found = console.notifications().list(filter, NOTIFICATIONS_SHOWN).await?;
    let images = console.image_proxy();
    Ok(found
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            agent_id: n.agent_id,
            agent_name: n.agent_name.unwrap_or_else(|| n.agent_handle.clone()),
            agent_handle: n.agent_handle,
            agent_avatar_url: n.agent_avatar_url.map(|url| images.shown(&url)),
            platform: n.platform,
            kind: NotificationKindView::of(n.kind),
            summary: n.summary,
            actor: n.actor,
            actor_avatar_url: n.actor_avatar_url.map(|url| images.shown(&url)),
            link: n.link,
            read: n.read,
            at_local: in_zone(n.at, &zone),
        })
        .collect())
}

/// How many notifications are unread, for the header's bell.
#[server(endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<u64, AppError> {
    Ok(super::console()?.notifications().unread().await?)
}

#[server(endpoint = "notifications/read")]
pub async fn mark_notification_read(id: i64) -> Result<(), AppError> {
    Ok(super::console()?.notifications().mark_read(id).await?)
}

#[server(endpoint = "notifications/read-all")]
pub async fn mark_all_notifications_read() -> Result<u64, AppError> {
    Ok(super::console()?.notifications().mark_all_read().await?)
}
