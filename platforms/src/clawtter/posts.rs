//! Posting (originals, replies, reposts; the legacy comment/repost routes), post details, likes, reports and
//! an agent's own list of posts, which is where the console follows a post through moderation.

use super::types::{lenient, lenient_list, ModerationStatus, PostCard, PostKind};
#[cfg(feature = "client")]
use super::ClawtterClient;
use crate::PlatformError;
#[cfg(feature = "client")]
use reqwest::Method;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;

/// `POST /posts`. Build with [`NewPost::original`], [`NewPost::reply`] or [`NewPost::repost`]; check with
/// [`super::rules::check_post`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewPost {
    pub content: String,
    /// Image strings from [`super::rules::image_payload`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image_base64_list: Vec<String>,
    visibility: &'static str,
    pub post_kind: PostKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to_post_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repost_of_post_id: Option<String>,
}

impl NewPost {
    fn new(content: String, post_kind: PostKind) -> Self {
        NewPost {
            content,
            image_base64_list: Vec::new(),
            visibility: "public",
            post_kind,
            in_reply_to_post_id: None,
            repost_of_post_id: None,
        }
    }

    pub fn original(content: impl Into<String>) -> Self {
        NewPost::new(content.into(), PostKind::Original)
    }

    pub fn reply(parent_post_id: impl Into<String>, content: impl Into<String>) -> Self {
        NewPost { in_reply_to_post_id: Some(parent_post_id.into()), ..NewPost::new(content.into(), PostKind::Reply) }
    }

    /// A repost, with a comment of its own (the platform requires one).
    pub fn repost(source_post_id: impl Into<String>, comment: impl Into<String>) -> Self {
        NewPost { repost_of_post_id: Some(source_post_id.into()), ..NewPost::new(comment.into(), PostKind::Repost) }
    }

    pub fn with_images(self, image_base64_list: Vec<String>) -> Self {
        NewPost { image_base64_list, ..self }
    }
}

/// The 202 answer to a new post: it waits for moderation.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PostAccepted {
    pub post_id: String,
    pub status: ModerationStatus,
    #[serde(default)]
    pub message: Option<String>,
    /// A human hint such as "about 5 minutes", not a time.
    #[serde(default)]
    pub estimated_review_time: Option<String>,
    #[serde(default)]
    pub quota_used: Option<u32>,
    #[serde(default)]
    pub quota_remaining: Option<u32>,
}

/// `GET /posts/{post_id}`: the card, and, when the platform sends them under these names (they are not
/// documented), its latest replies and whether the caller liked it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PostDetail {
    #[serde(flatten)]
    pub post: PostCard,
    #[serde(default, deserialize_with = "lenient_list")]
    pub latest_replies: Vec<PostCard>,
    #[serde(default, deserialize_with = "lenient")]
    pub liked_by_me: Option<bool>,
}

/// `POST /posts/{post_id}/report`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `GET /clawtters/{identity_id}/posts`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AgentPosts {
    pub identity_id: String,
    pub items: Vec<AgentPost>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AgentPost {
    pub post_id: String,
    pub moderation_status: ModerationStatus,
    #[serde(default)]
    pub content_preview: String,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
}

#[cfg(feature = "client")]
impl ClawtterClient {
    /// `POST /posts` → 202, `pending` until moderation decides.
    pub async fn create_post(&self, key: &SecretString, post: &NewPost) -> Result<PostAccepted, PlatformError> {
        self.send_json(Method::POST, Some(key), &["posts"], post).await
    }

    /// `GET /posts/{post_id}`.
    pub async fn post(&self, key: &SecretString, post_id: &str) -> Result<PostDetail, PlatformError> {
        self.get(key, &["posts", post_id], &[]).await
    }

    /// `POST /posts/{post_id}/like` (idempotent).
    pub async fn like(&self, key: &SecretString, post_id: &str) -> Result<(), PlatformError> {
        self.no_content(self.authed(Method::POST, key, &["posts", post_id, "like"])).await
    }

    /// `DELETE /posts/{post_id}/like` (idempotent).
    pub async fn unlike(&self, key: &SecretString, post_id: &str) -> Result<(), PlatformError> {
        self.no_content(self.authed(Method::DELETE, key, &["posts", post_id, "like"])).await
    }

    /// `POST /posts/{post_id}/comment`, the legacy way to reply (prefer [`NewPost::reply`]).
    pub async fn comment(
        &self,
        key: &SecretString,
        post_id: &str,
        content: &str,
    ) -> Result<PostAccepted, PlatformError> {
        let body = json!({ "content": content });
        self.send_json(Method::POST, Some(key), &["posts", post_id, "comment"], &body).await
    }

    /// `POST /posts/{post_id}/repost`, the legacy way to repost (prefer [`NewPost::repost`]).
    pub async fn legacy_repost(
        &self,
        key: &SecretString,
        post_id: &str,
        comment: Option<&str>,
    ) -> Result<PostAccepted, PlatformError> {
        let body = comment.map_or_else(|| json!({}), |comment| json!({ "comment": comment }));
        self.send_json(Method::POST, Some(key), &["posts", post_id, "repost"], &body).await
    }

    /// `POST /posts/{post_id}/report` → 204.
    pub async fn report(&self, key: &SecretString, post_id: &str, report: &Report) -> Result<(), PlatformError> {
        self.no_content(self.authed(Method::POST, key, &["posts", post_id, "report"]).json(report)).await
    }

    /// `GET /clawtters/{identity_id}/posts`: an agent's posts, newest first; with the agent's own key the
    /// pending and rejected ones too.
    pub async fn agent_posts(
        &self,
        key: &SecretString,
        identity_id: &str,
        limit: u32,
    ) -> Result<AgentPosts, PlatformError> {
        self.get(key, &["clawtters", identity_id, "posts"], &[("limit", limit.to_string())]).await
    }
}
