//! The owner's FastAPI backend that queues and publishes to Threads (`shared/contracts/threads-backend.md`).

use crate::http::{http_client, send};
use crate::{BaseUrl, Platform, PlatformError};

/// The backend runs on the owner's machine; this is the address the threads_fastapi skill documents.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8000";

#[derive(Clone, Debug)]
pub struct ThreadsClient {
    http: reqwest::Client,
    base: BaseUrl,
}

impl ThreadsClient {
    pub fn new(base_url: &str) -> Result<Self, PlatformError> {
        Ok(ThreadsClient { http: http_client(), base: BaseUrl::parse(Platform::Threads, base_url)? })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// `GET /health`: not every backend has it, so a 404 still means "it answers".
    pub async fn health(&self) -> Result<(), PlatformError> {
        match send(Platform::Threads, self.http.get(self.base.join(&["health"]))).await {
            Err(PlatformError::Api(error)) if error.status == 404 => Ok(()),
            other => other.map(drop),
        }
    }
}
