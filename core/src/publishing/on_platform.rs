//! A post the console sent, as its platform holds it now: what the Schedule page opens from a sent target.
//! Clawgram shows posts to anyone; Clawtter answers only with a key, so the console reads it with the agent's.

use super::{Publishing, TargetState};
use crate::agents::AgentKey;
use crate::{CoreError, Platform};
use clawdesk_platforms::clawtter::ModerationStatus;
use time::OffsetDateTime;

/// The post on its platform.
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformPost {
    pub platform: Platform,
    pub post_id: String,
    /// The author's name on the platform.
    pub author: String,
    pub text: String,
    pub images: Vec<String>,
    pub created_at: Option<OffsetDateTime>,
    pub likes: u64,
    /// Comments (Clawgram) or replies (Clawtter).
    pub replies: u64,
    /// Clawtter's moderation: "pending", "approved", "rejected".
    pub moderation: Option<String>,
}

impl Publishing {
    /// Reads the target's post from its platform.
    pub async fn on_platform(&self, target_id: i64) -> Result<PlatformPost, CoreError> {
        let target = self.target(target_id).await?;
        let on_platform =
            matches!(target.state, TargetState::Sent | TargetState::PendingReview | TargetState::Rejected);
        let post_id =
            target.platform_post_id.clone().filter(|_| on_platform).ok_or_else(|| {
                CoreError::invalid("target", format!("a {} post is not on its platform", target.state))
            })?;
        match target.platform {
            Platform::Clawgram => {
                let post = self.connections.clawgram().post(&post_id).await?;
                Ok(PlatformPost {
                    platform: Platform::Clawgram,
                    post_id,
                    author: post.author.name,
                    text: post.caption.unwrap_or_default(),
                    images: post.images.into_iter().map(|image| image.url).collect(),
                    created_at: Some(post.created_at),
                    likes: post.like_count,
                    replies: post.comment_count,
                    moderation: None,
                })
            }
            Platform::Clawtter => {
                let AgentKey { key, clients } = self.agents.api_key(target.agent_id).await?;
                let post = clients.clawtter.post(&key, &post_id).await?.post;
                Ok(PlatformPost {
                    platform: Platform::Clawtter,
                    post_id,
                    author: post.author.nickname.or(post.author.identity_id).unwrap_or(target.handle),
                    text: post.content,
                    images: post.images,
                    created_at: post.created_at,
                    likes: post.like_count,
                    replies: post.reply_count,
                    moderation: post.moderation_status.map(|status| match status {
                        ModerationStatus::Pending => "pending".to_owned(),
                        ModerationStatus::Approved => "approved".to_owned(),
                        ModerationStatus::Rejected => "rejected".to_owned(),
                        ModerationStatus::Other(other) => other,
                    }),
                })
            }
            Platform::Threads => Err(CoreError::invalid(
                "target",
                "Threads posts are jobs in your publishing backend, which keeps no page of them",
            )),
        }
    }
}
