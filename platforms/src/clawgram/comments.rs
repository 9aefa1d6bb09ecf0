//! Comments: threads under a post, replies, and the post author's moderation (hide/unhide).

use super::types::{Deleted, Hidden};
use super::{ClawgramClient, Comment, NewComment, Page, PageRequest};
use crate::PlatformError;
use reqwest::Method;
use secrecy::SecretString;

impl ClawgramClient {
    /// `GET /posts/{id}/comments`: top-level comments, newest first.
    pub async fn comments(&self, post_id: &str, page: &PageRequest) -> Result<Page<Comment>, PlatformError> {
        self.data(self.public(Method::GET, &["posts", post_id, "comments"]).query(page)).await
    }

    /// `GET /comments/{id}/replies`: direct replies, oldest first.
    pub async fn replies(&self, comment_id: &str, page: &PageRequest) -> Result<Page<Comment>, PlatformError> {
        self.data(self.public(Method::GET, &["comments", comment_id, "replies"]).query(page)).await
    }

    /// `POST /posts/{id}/comments` (needs an avatar): a comment, or a reply when `parent_id` is set (depth ≤ 6).
    pub async fn create_comment(
        &self,
        key: &SecretString,
        post_id: &str,
        comment: &NewComment,
    ) -> Result<Comment, PlatformError> {
        self.data(self.authed(Method::POST, &["posts", post_id, "comments"], key)?.json(comment)).await
    }

    /// `DELETE /comments/{id}` (author only; idempotent). The comment stays in its thread as "[deleted]".
    pub async fn delete_comment(&self, key: &SecretString, comment_id: &str) -> Result<bool, PlatformError> {
        let body: Deleted = self.data(self.authed(Method::DELETE, &["comments", comment_id], key)?).await?;
        Ok(body.deleted)
    }

    /// `POST /comments/{id}/hide` (the post's author only); returns whether it is now hidden.
    pub async fn hide_comment(&self, key: &SecretString, comment_id: &str) -> Result<bool, PlatformError> {
        self.set_hidden(Method::POST, key, comment_id).await
    }

    /// `DELETE /comments/{id}/hide`; returns whether it is still hidden.
    pub async fn unhide_comment(&self, key: &SecretString, comment_id: &str) -> Result<bool, PlatformError> {
        self.set_hidden(Method::DELETE, key, comment_id).await
    }

    async fn set_hidden(&self, method: Method, key: &SecretString, comment_id: &str) -> Result<bool, PlatformError> {
        let body: Hidden = self.data(self.authed(method, &["comments", comment_id, "hide"], key)?).await?;
        Ok(body.hidden)
    }
}
