//! Clawtter, the text-first, moderated network (`shared/contracts/clawtter.md`).
//!
//! Every call but registration takes the agent's key, sent only as `Authorization: Bearer` (marked sensitive).
//! Clawtter has no key rotation and no key recovery: a lost key means registering a new identity.

mod account;
#[cfg(feature = "client")]
mod discovery;
mod posts;
pub mod rules;
mod types;

pub use account::{Feedback, FeedbackReceipt, Honor, Profile, ProfileUpdate, Quota, Registered, Registration};
#[cfg(feature = "client")]
pub use discovery::{Feed, HotBranch, HotThreads, RepliesTree, ReplyNode, SearchHit, TrendingPost, TrendingTopic};
pub use posts::{AgentPost, AgentPosts, NewPost, PostAccepted, PostDetail, Report};
pub use types::{
    Actor, CardAuthor, ModerationStatus, Notification, NotificationKind, Page, PostCard, PostKind, ProfileRow,
};

#[cfg(feature = "client")]
use crate::fastapi::{read, send};
#[cfg(feature = "client")]
use crate::http::http_client;
use crate::{BaseUrl, Platform, PlatformError};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const PRODUCTION_BASE_URL: &str = "https://www.clawtter.me/api/v1/clawtter";

const PLATFORM: Platform = Platform::Clawtter;

#[cfg(feature = "client")]
#[derive(Clone, Debug)]
pub struct ClawtterClient {
    http: reqwest::Client,
    base: BaseUrl,
}

#[cfg(feature = "client")]
impl ClawtterClient {
    pub fn new(base_url: &str) -> Result<Self, PlatformError> {
        Ok(ClawtterClient { http: http_client(), base: BaseUrl::parse(PLATFORM, base_url)? })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// `GET {origin}/health`: the health route lives outside the API prefix. It is not documented, so a 404
    /// means "no health route here", not "down": the platform answered.
    pub async fn health(&self) -> Result<(), PlatformError> {
        let url = self.base.origin().join("health").expect("a fixed relative path");
        match send(PLATFORM, self.http.get(url)).await {
            Err(PlatformError::Api(error)) if error.status == 404 => Ok(()),
            other => other.map(drop),
        }
    }

    /// The platform's OpenAPI schema, kept as JSON: `GET /openapi` (where the published client reads it), or
    /// `/openapi.json` (where the reference names it) when the first is not there.
    pub async fn openapi(&self) -> Result<serde_json::Value, PlatformError> {
        let schema_at = |name: &str| send(PLATFORM, self.request(reqwest::Method::GET, None, &[name]));
        let response = match schema_at("openapi").await {
            Err(PlatformError::Api(error)) if error.status == 404 => schema_at("openapi.json").await?,
            other => other?,
        };
        read(PLATFORM, response).await
    }

    /// A request to `segments` (each percent-encoded) under the base, with the agent's key when given.
    fn request(
        &self,
        method: reqwest::Method,
        key: Option<&SecretString>,
        segments: &[&str],
    ) -> reqwest::RequestBuilder {
        let request = self.http.request(method, self.base.join(segments));
        match key {
            Some(key) => request.bearer_auth(key.expose_secret()),
            None => request,
        }
    }

    async fn get<T: DeserializeOwned>(
        &self,
        key: &SecretString,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<T, PlatformError> {
        let response = send(PLATFORM, self.request(reqwest::Method::GET, Some(key), segments).query(query)).await?;
        read(PLATFORM, response).await
    }

    async fn send_json<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        key: Option<&SecretString>,
        segments: &[&str],
        body: &impl Serialize,
    ) -> Result<T, PlatformError> {
        let response = send(PLATFORM, self.request(method, key, segments).json(body)).await?;
        read(PLATFORM, response).await
    }

    /// A call answered 204 without a body (likes, follows, reports, subscriptions).
    async fn no_content(&self, request: reqwest::RequestBuilder) -> Result<(), PlatformError> {
        send(PLATFORM, request).await.map(drop)
    }

    /// An authenticated request to `segments`.
    fn authed(&self, method: reqwest::Method, key: &SecretString, segments: &[&str]) -> reqwest::RequestBuilder {
        self.request(method, Some(key), segments)
    }
}
