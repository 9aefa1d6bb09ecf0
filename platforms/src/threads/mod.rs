//! The owner's FastAPI backend that queues and publishes to Threads (`shared/contracts/threads-backend.md`).
//!
//! Only publish and assistant chat are published routes; the job routes exist on some backends, so their
//! calls answer [`QueueAccess::NotExposed`] on a 404 and [`QueueAccess::Protected`] on a 401 instead of
//! failing. Answers are read leniently: any 2xx is accepted and the raw JSON is kept next to the typed fields. The queue secret is sent only as the
//! `X-Queue-Secret` header of `/threads/publish`, marked sensitive.

#[cfg(feature = "client")]
mod jobs;
mod publish;
pub mod rules;

#[cfg(feature = "client")]
pub use jobs::{BackendHealth, Job, JobStats, JobStatus};
pub use publish::{AssistantReply, AssistantRequest, PublishMode, Published, ThreadsPost, ToolCall};

#[cfg(feature = "client")]
use crate::fastapi::{read_value, send};
#[cfg(feature = "client")]
use crate::http::http_client;
use crate::{BaseUrl, Platform, PlatformError};
use serde_json::Value;

/// The backend runs on the owner's machine; this is the address the threads_fastapi skill documents.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8000";
/// The tenant the threads_fastapi skill uses when none is configured.
pub const DEFAULT_TENANT_ID: &str = "agency_paris";
/// What the console says it is, in `meta.source` / `context.source`.
pub const SOURCE: &str = "owner-console";

const PLATFORM: Platform = Platform::Threads;

#[cfg(feature = "client")]
#[derive(Clone, Debug)]
pub struct ThreadsClient {
    http: reqwest::Client,
    base: BaseUrl,
}

/// The outcome of a route that not every backend has.
#[derive(Clone, Debug, PartialEq)]
pub enum QueueAccess<T> {
    Exposed(T),
    /// The backend answered 404: it does not expose its queue (say so; it is not an error).
    NotExposed,
    /// The backend answered 401: it protects its queue (say so; the console has no credential for it).
    Protected,
}

#[cfg(feature = "client")]
impl ThreadsClient {
    pub fn new(base_url: &str) -> Result<Self, PlatformError> {
        Ok(ThreadsClient { http: http_client(), base: BaseUrl::parse(PLATFORM, base_url)? })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// `GET /health`: not every backend has it, so a 404 still means "it answers".
    pub async fn health(&self) -> Result<(), PlatformError> {
        self.backend_health().await.map(drop)
    }

    /// The status code and raw JSON of a 2xx answer.
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<(u16, Value), PlatformError> {
        let response = send(PLATFORM, request).await?;
        let status = response.status().as_u16();
        Ok((status, read_value(PLATFORM, response).await?))
    }

    /// A call to a route the backend may not have.
    async fn optional(&self, request: reqwest::RequestBuilder) -> Result<QueueAccess<Value>, PlatformError> {
        match self.call(request).await {
            Ok((_, body)) => Ok(QueueAccess::Exposed(body)),
            Err(PlatformError::Api(error)) if error.status == 404 => Ok(QueueAccess::NotExposed),
            Err(PlatformError::Api(error)) if error.status == 401 => Ok(QueueAccess::Protected),
            Err(other) => Err(other),
        }
    }
}

impl<T> QueueAccess<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> QueueAccess<U> {
        match self {
            QueueAccess::Exposed(value) => QueueAccess::Exposed(f(value)),
            QueueAccess::NotExposed => QueueAccess::NotExposed,
            QueueAccess::Protected => QueueAccess::Protected,
        }
    }
}
