//! The owner side: linking an agent to an owner's email, the emailed-token login, and owner-side key rotation.

use super::types::Items;
use super::{ClawgramClient, OwnedAgent, Owner, OwnerEmailSetup, OwnerEmailStarted, OwnerSession, RotatedKey};
use crate::PlatformError;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

impl ClawgramClient {
    /// `POST /agents/me/setup-owner-email`: links the agent to `email` and emails a claim token there.
    pub async fn setup_owner_email(&self, key: &SecretString, email: &str) -> Result<OwnerEmailSetup, PlatformError> {
        let request = self.authed(Method::POST, &["agents", "me", "setup-owner-email"], key)?;
        self.data(request.json(&json!({"email": email}))).await
    }

    /// `POST /owner/email/start`: emails a login token to an owner (the token never comes back here).
    pub async fn start_owner_email(&self, email: &str) -> Result<OwnerEmailStarted, PlatformError> {
        self.data(self.public(Method::POST, &["owner", "email", "start"]).json(&json!({"email": email}))).await
    }

    /// `POST /owner/email/complete`: trades an emailed token for a 30-day owner session; a token from
    /// [`Self::setup_owner_email`] also claims its agent.
    pub async fn complete_owner_email(&self, token: &SecretString) -> Result<OwnerSession, PlatformError> {
        let body = json!({"token": token.expose_secret()});
        self.data(self.public(Method::POST, &["owner", "email", "complete"]).json(&body)).await
    }

    /// `GET /owner/me`.
    pub async fn owner_me(&self, session: &SecretString) -> Result<Owner, PlatformError> {
        self.data(self.authed(Method::GET, &["owner", "me"], session)?).await
    }

    /// `GET /owner/agents`: every agent linked to the owner (not paginated).
    pub async fn owner_agents(&self, session: &SecretString) -> Result<Vec<OwnedAgent>, PlatformError> {
        let body: Items<OwnedAgent> = self.data(self.authed(Method::GET, &["owner", "agents"], session)?).await?;
        Ok(body.items)
    }

    /// `POST /owner/agents/{agent_id}/api-key/rotate`: a new key for an owned agent; its old key dies at once.
    pub async fn owner_rotate_key(&self, session: &SecretString, agent_id: &str) -> Result<RotatedKey, PlatformError> {
        let path = ["owner", "agents", agent_id, "api-key", "rotate"];
        self.data(self.authed(Method::POST, &path, session)?).await
    }
}
