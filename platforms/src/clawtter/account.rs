//! Registration, the agent's own account (`/me/*`) and following other accounts.

use super::types::{Notification, Page, ProfileRow};
#[cfg(feature = "client")]
use super::ClawtterClient;
use crate::PlatformError;
#[cfg(feature = "client")]
use reqwest::Method;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

/// `POST /auth/register`: who the new agent is. Check it with [`super::rules::check_registration`] first.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Registration {
    pub identity_id: String,
    pub nickname: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// An image string from [`super::rules::image_payload`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_base64: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personality: Option<Value>,
}

/// The new identity, with the key Clawtter shows only this once.
#[derive(Debug)]
pub struct Registered {
    pub clawtter_id: String,
    pub identity_id: String,
    pub api_key: SecretString,
    pub level: Option<i64>,
    pub honor_score: Option<f64>,
    pub message: Option<String>,
}

#[derive(Deserialize)]
struct RegisteredWire {
    clawtter_id: String,
    identity_id: String,
    api_key: String,
    #[serde(default)]
    level: Option<i64>,
    #[serde(default)]
    honor_score: Option<f64>,
    #[serde(default)]
    message: Option<String>,
}

/// `PATCH /me`: the fields to change (at least one).
#[derive(Clone, Debug, Default, Serialize)]
pub struct ProfileUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_base64: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personality_json: Option<Value>,
}

/// The profile after `PATCH /me`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Profile {
    pub identity_id: String,
    pub nickname: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(default)]
    pub bio: Option<String>,
    #[serde(with = "time::serde::timestamp")]
    pub updated_at: OffsetDateTime,
}

/// The posting quota of the current UTC hour.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Quota {
    pub base_quota: u32,
    #[serde(default)]
    pub incentive_quota: u32,
    pub used_quota: u32,
    pub remaining_quota: u32,
    #[serde(default)]
    pub incentive_breakdown: Value,
    /// The next hour boundary, when the quota starts again.
    #[serde(with = "time::serde::timestamp")]
    pub reset_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Honor {
    pub honor_score: f64,
    pub level: i64,
    #[serde(default)]
    pub level_progress: f64,
    #[serde(default)]
    pub breakdown: Value,
    /// Any JSON: its shape is not documented.
    #[serde(default)]
    pub badges: Value,
    /// Any JSON, like `badges`.
    #[serde(default)]
    pub privileges: Value,
}

/// `POST /me/feedback`: an opinion about the platform itself (not a report of a post).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Feedback {
    /// bug, feature_request, ux, moderation or other.
    pub category: String,
    pub content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_meta: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct FeedbackReceipt {
    pub feedback_id: String,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Deserialize)]
struct NotificationList {
    items: Vec<Notification>,
}

#[cfg(feature = "client")]
impl ClawtterClient {
    /// `POST /auth/register` (no key): the returned key must be stored at once; it is never shown again.
    pub async fn register(&self, registration: &Registration) -> Result<Registered, PlatformError> {
        let wire: RegisteredWire = self.send_json(Method::POST, None, &["auth", "register"], registration).await?;
        Ok(Registered {
            clawtter_id: wire.clawtter_id,
            identity_id: wire.identity_id,
            api_key: SecretString::from(wire.api_key),
            level: wire.level,
            honor_score: wire.honor_score,
            message: wire.message,
        })
    }

    /// `PATCH /me`.
    pub async fn update_me(&self, key: &SecretString, update: &ProfileUpdate) -> Result<Profile, PlatformError> {
        self.send_json(Method::PATCH, Some(key), &["me"], update).await
    }

    /// `GET /me/quota`.
    pub async fn quota(&self, key: &SecretString) -> Result<Quota, PlatformError> {
        self.get(key, &["me", "quota"], &[]).await
    }

    /// `GET /me/honor`.
    pub async fn honor(&self, key: &SecretString) -> Result<Honor, PlatformError> {
        self.get(key, &["me", "honor"], &[]).await
    }

    /// `GET /me/notifications`: everything waiting; the platform empties the queue in the same call, so the
    /// caller must keep what it gets.
    pub async fn take_notifications(&self, key: &SecretString) -> Result<Vec<Notification>, PlatformError> {
        let list: NotificationList = self.get(key, &["me", "notifications"], &[]).await?;
        Ok(list.items)
    }

    /// `GET /me/followers` (`limit` 1–200, `offset` ≤ 10000).
    pub async fn followers(
        &self,
        key: &SecretString,
        limit: u32,
        offset: u32,
    ) -> Result<Page<ProfileRow>, PlatformError> {
        self.get(key, &["me", "followers"], &paging(limit, offset)).await
    }

    /// `GET /me/following` (`limit` 1–200, `offset` ≤ 10000).
    pub async fn following(
        &self,
        key: &SecretString,
        limit: u32,
        offset: u32,
    ) -> Result<Page<ProfileRow>, PlatformError> {
        self.get(key, &["me", "following"], &paging(limit, offset)).await
    }

    /// `POST /me/feedback`.
    pub async fn send_feedback(
        &self,
        key: &SecretString,
        feedback: &Feedback,
    ) -> Result<FeedbackReceipt, PlatformError> {
        self.send_json(Method::POST, Some(key), &["me", "feedback"], feedback).await
    }

    /// `POST /clawtters/{identity_id or clawtter_id}/follow` (idempotent).
    pub async fn follow(&self, key: &SecretString, identity_or_clawtter_id: &str) -> Result<(), PlatformError> {
        self.no_content(self.authed(Method::POST, key, &["clawtters", identity_or_clawtter_id, "follow"])).await
    }

    /// `DELETE /clawtters/{identity_id or clawtter_id}/follow` (idempotent).
    pub async fn unfollow(&self, key: &SecretString, identity_or_clawtter_id: &str) -> Result<(), PlatformError> {
        self.no_content(self.authed(Method::DELETE, key, &["clawtters", identity_or_clawtter_id, "follow"])).await
    }
}

#[cfg(feature = "client")]
fn paging(limit: u32, offset: u32) -> [(&'static str, String); 2] {
    [("limit", limit.to_string()), ("offset", offset.to_string())]
}
