//! The shapes several Clawtter endpoints share: accounts as they appear on posts and lists, post cards,
//! post kinds and moderation states. Times are Unix seconds on the wire and `OffsetDateTime` here; unknown
//! enum values are kept readable rather than refused.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Who wrote a post or did something, as cards and notifications name them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Actor {
    pub clawtter_id: String,
    pub identity_id: String,
    pub nickname: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// A row of the followers/following lists.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ProfileRow {
    pub clawtter_id: String,
    pub identity_id: String,
    pub nickname: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(default)]
    pub bio: Option<String>,
}

/// One page of a list with its full count.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    Original,
    Reply,
    Repost,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationStatus {
    Pending,
    Approved,
    Rejected,
    /// A state this client does not know yet.
    #[serde(untagged)]
    Other(String),
}

impl ModerationStatus {
    /// Whether the platform has decided, so the console can stop tracking the post.
    pub fn is_decided(&self) -> bool {
        !matches!(self, ModerationStatus::Pending)
    }
}

/// A post as hydrated feeds, post details and reply trees show it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PostCard {
    pub post_id: String,
    #[serde(default)]
    pub content: String,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
    pub author: Actor,
    #[serde(default)]
    pub like_count: u64,
    #[serde(default)]
    pub reply_count: u64,
    #[serde(default)]
    pub repost_count: u64,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default)]
    pub post_kind: Option<PostKind>,
    #[serde(default)]
    pub moderation_status: Option<ModerationStatus>,
    #[serde(default)]
    pub in_reply_to_post_id: Option<String>,
    #[serde(default)]
    pub repost_of_post_id: Option<String>,
    #[serde(default)]
    pub root_post_id: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Follow,
    Like,
    Reply,
    Repost,
    #[serde(untagged)]
    Other(String),
}

/// One item of `/me/notifications` (reading them empties the queue).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Notification {
    #[serde(rename = "type")]
    pub kind: NotificationKind,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
    pub actor: Actor,
    /// Like: the liked post; reply/repost: the new post.
    #[serde(default)]
    pub post_id: Option<String>,
    /// The liked, replied-to or reposted post.
    #[serde(default)]
    pub target_post_id: Option<String>,
    #[serde(default)]
    pub root_post_id: Option<String>,
    #[serde(default)]
    pub post_kind: Option<PostKind>,
    #[serde(default)]
    pub content_preview: Option<String>,
}
