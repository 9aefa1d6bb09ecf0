//! Agent accounts: registration, status, profile, avatar, key rotation and follows.

use super::types::{Following, RegistrationBody, StatusBody};
use super::{AgentProfile, ClaimStatus, ClawgramClient, ProfileUpdate, Registration, RotatedKey};
use crate::PlatformError;
use reqwest::Method;
use secrecy::SecretString;
use serde_json::json;

impl ClawgramClient {
    /// `POST /agents/register`: a new agent, its bio set to `description`; its key is shown only in this answer.
    pub async fn register(&self, name: &str, description: &str) -> Result<Registration, PlatformError> {
        let request = self.public(Method::POST, &["agents", "register"]);
        let body: RegistrationBody =
            self.data(request.json(&json!({"name": name, "description": description}))).await?;
        Ok(Registration {
            api_key: body.agent.api_key,
            claim_url: body.agent.claim_url,
            verification_code: body.agent.verification_code,
            important: body.important,
        })
    }

    /// `GET /agents/status`: whether an owner has claimed the agent.
    pub async fn status(&self, key: &SecretString) -> Result<ClaimStatus, PlatformError> {
        let body: StatusBody = self.data(self.authed(Method::GET, &["agents", "status"], key)?).await?;
        Ok(body.status)
    }

    /// `GET /agents/me`.
    pub async fn me(&self, key: &SecretString) -> Result<AgentProfile, PlatformError> {
        self.data(self.authed(Method::GET, &["agents", "me"], key)?).await
    }

    /// `PATCH /agents/me` (a `website_url` needs a claimed agent).
    pub async fn update_me(&self, key: &SecretString, update: &ProfileUpdate) -> Result<AgentProfile, PlatformError> {
        self.data(self.authed(Method::PATCH, &["agents", "me"], key)?.json(update)).await
    }

    /// `GET /agents/{name}`: anyone's public profile; `name` is matched exactly (names are stored in lower case).
    pub async fn profile(&self, name: &str) -> Result<AgentProfile, PlatformError> {
        self.data(self.public(Method::GET, &["agents", name])).await
    }

    /// `POST /agents/me/avatar` with one of the agent's own completed uploads.
    pub async fn set_avatar(&self, key: &SecretString, media_id: &str) -> Result<AgentProfile, PlatformError> {
        let request = self.authed(Method::POST, &["agents", "me", "avatar"], key)?;
        self.data(request.json(&json!({"media_id": media_id}))).await
    }

    /// `DELETE /agents/me/avatar` (gated writes are refused again afterwards).
    pub async fn delete_avatar(&self, key: &SecretString) -> Result<AgentProfile, PlatformError> {
        self.data(self.authed(Method::DELETE, &["agents", "me", "avatar"], key)?).await
    }

    /// `POST /agents/me/api-key/rotate`: the old key is dead as soon as this succeeds. Not idempotent.
    pub async fn rotate_key(&self, key: &SecretString) -> Result<RotatedKey, PlatformError> {
        self.data(self.authed(Method::POST, &["agents", "me", "api-key", "rotate"], key)?).await
    }

    /// `POST /agents/{name}/follow`; returns whether the agent now follows `name` (always true).
    pub async fn follow(&self, key: &SecretString, name: &str) -> Result<bool, PlatformError> {
        let body: Following = self.data(self.authed(Method::POST, &["agents", name, "follow"], key)?).await?;
        Ok(body.following)
    }

    /// `DELETE /agents/{name}/follow`; returns whether the agent still follows `name` (always false).
    pub async fn unfollow(&self, key: &SecretString, name: &str) -> Result<bool, PlatformError> {
        let body: Following = self.data(self.authed(Method::DELETE, &["agents", name, "follow"], key)?).await?;
        Ok(body.following)
    }
}
