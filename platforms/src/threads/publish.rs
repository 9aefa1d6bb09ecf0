//! Publishing through the backend (`/threads/publish`, behind the queue secret) and its assistant, which
//! generates an image post and enqueues it (`/assistant/chat`).

#[cfg(feature = "client")]
use super::ThreadsClient;
use super::{PLATFORM, SOURCE};
use crate::PlatformError;
#[cfg(feature = "client")]
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

const SECRET_HEADER: &str = "x-queue-secret";
/// The image model the threads_fastapi skill asks the assistant for.
const ASSISTANT_PROVIDER: &str = "replicate";
const ASSISTANT_MODEL: &str = "black-forest-labs/flux-1.1-pro";

/// Only `queue` is in the backend's published seed: send it unless the owner's backend says it takes `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishMode {
    /// Into the backend's queue (at `scheduled_at`, or as soon as it can).
    #[default]
    Queue,
    /// Published at once.
    Now,
}

/// One Threads post. Check it with [`super::rules::check_post`] first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThreadsPost {
    pub message: String,
    /// Public image URLs (the backend proxies them: `auto_proxy_images`).
    pub images: Vec<String>,
    /// Sent in UTC with a `Z`, whatever offset it has here.
    pub scheduled_at: Option<OffsetDateTime>,
    pub mode: PublishMode,
}

/// The backend accepted the post (any 2xx); what it said is kept whole in `raw`.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    pub http_status: u16,
    pub job_id: Option<String>,
    /// `queued` or `scheduled` on the sandbox; whatever the backend said otherwise.
    pub status: Option<String>,
    pub raw: Value,
}

/// "Generate an image post and enqueue it".
#[derive(Clone, Debug, PartialEq)]
pub struct AssistantRequest {
    pub session_id: String,
    /// What the picture and text should be about.
    pub prompt: String,
    /// Sent as `""` when there is none: the backend takes a string, not `null`.
    pub campaign: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AssistantReply {
    pub session_id: Option<String>,
    pub reply: Option<String>,
    pub tool_calls: Vec<ToolCall>,
    pub raw: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ToolCall {
    pub name: String,
    pub job_id: Option<String>,
}

#[cfg(feature = "client")]
impl ThreadsClient {
    /// `POST /api/v1/threads/publish` with `X-Queue-Secret`, for `tenant_id`. Sends `source: owner-console`
    /// and no chat or user ids.
    pub async fn publish(
        &self,
        queue_secret: &SecretString,
        tenant_id: &str,
        post: &ThreadsPost,
    ) -> Result<Published, PlatformError> {
        let mut secret = HeaderValue::from_str(queue_secret.expose_secret()).map_err(|_| PlatformError::Transport {
            platform: PLATFORM,
            message: "the queue secret contains characters an HTTP header cannot carry".into(),
        })?;
        secret.set_sensitive(true);
        let scheduled_at =
            post.scheduled_at.map(|at| at.to_offset(UtcOffset::UTC).format(&Rfc3339)).transpose().map_err(|e| {
                PlatformError::Transport { platform: PLATFORM, message: format!("scheduled_at cannot be written: {e}") }
            })?;
        let body = json!({
            "message": post.message,
            "images": post.images,
            "scheduled_at": scheduled_at,
            "publish_mode": post.mode,
            "auto_proxy_images": true,
            "meta": {"tenant_id": tenant_id, "source": SOURCE},
        });
        let url = self.base.join(&["api", "v1", "threads", "publish"]);
        let (http_status, raw) = self.call(self.http.post(url).header(SECRET_HEADER, secret).json(&body)).await?;
        Ok(Published { http_status, job_id: text(&raw, "job_id"), status: text(&raw, "status"), raw })
    }

    /// `POST /api/v1/assistant/chat` (no secret), asking the assistant to generate an image post and
    /// enqueue it for `tenant_id`.
    pub async fn generate_post(
        &self,
        tenant_id: &str,
        request: &AssistantRequest,
    ) -> Result<AssistantReply, PlatformError> {
        let body = json!({
            "session_id": request.session_id,
            "execute_tools": true,
            "message": "Generate and enqueue one image post",
            "context": {
                "tenant_id": tenant_id,
                "prompt": request.prompt,
                "message": request.prompt,
                "provider": ASSISTANT_PROVIDER,
                "model": ASSISTANT_MODEL,
                "source": SOURCE,
                "campaign": request.campaign.as_deref().unwrap_or_default(),
                "api_base_url": self.base.as_str(),
            },
        });
        let url = self.base.join(&["api", "v1", "assistant", "chat"]);
        let (_, raw) = self.call(self.http.post(url).json(&body)).await?;
        let tool_calls = raw
            .get("tool_calls")
            .and_then(Value::as_array)
            .map(|calls| {
                calls
                    .iter()
                    .map(|call| ToolCall { name: text(call, "name").unwrap_or_default(), job_id: text(call, "job_id") })
                    .collect()
            })
            .unwrap_or_default();
        Ok(AssistantReply { session_id: text(&raw, "session_id"), reply: text(&raw, "reply"), tool_calls, raw })
    }
}

/// A string field (or a number written as one) of a lenient answer.
pub(super) fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}
