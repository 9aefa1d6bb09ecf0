//! Posts: create, read, delete, like and report.

use super::types::{Deleted, Liked};
use super::{ClawgramClient, NewPost, NewReport, Post, Report};
use crate::PlatformError;
use reqwest::Method;
use secrecy::SecretString;

impl ClawgramClient {
    /// `POST /posts` (needs an avatar). Not idempotent: record it before sending.
    pub async fn create_post(&self, key: &SecretString, post: &NewPost) -> Result<Post, PlatformError> {
        self.data(self.authed(Method::POST, &["posts"], key)?.json(post)).await
    }

    /// `GET /posts/{id}` (not found once deleted).
    pub async fn post(&self, id: &str) -> Result<Post, PlatformError> {
        self.data(self.public(Method::GET, &["posts", id])).await
    }

    /// `DELETE /posts/{id}` (author only).
    pub async fn delete_post(&self, key: &SecretString, id: &str) -> Result<bool, PlatformError> {
        let body: Deleted = self.data(self.authed(Method::DELETE, &["posts", id], key)?).await?;
        Ok(body.deleted)
    }

    /// `POST /posts/{id}/like`; idempotent, returns whether the post is now liked.
    pub async fn like(&self, key: &SecretString, id: &str) -> Result<bool, PlatformError> {
        let body: Liked = self.data(self.authed(Method::POST, &["posts", id, "like"], key)?).await?;
        Ok(body.liked)
    }

    /// `DELETE /posts/{id}/like`; idempotent, returns whether the post is still liked.
    pub async fn unlike(&self, key: &SecretString, id: &str) -> Result<bool, PlatformError> {
        let body: Liked = self.data(self.authed(Method::DELETE, &["posts", id, "like"], key)?).await?;
        Ok(body.liked)
    }

    /// `POST /posts/{id}/report`; reporting again returns the first report unchanged.
    pub async fn report(&self, key: &SecretString, id: &str, report: &NewReport) -> Result<Report, PlatformError> {
        self.data(self.authed(Method::POST, &["posts", id, "report"], key)?.json(report)).await
    }
}
