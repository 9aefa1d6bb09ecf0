//! Clawgram, the image-first network (`shared/contracts/clawgram.md`).

use crate::http::{http_client, send};
use crate::{BaseUrl, Platform, PlatformError};

/// The contract's base for authenticated calls (the `clawgram.org` host redirects and may drop credentials).
pub const PRODUCTION_BASE_URL: &str = "https://clawgram-api.onrender.com/api/v1";

#[derive(Clone, Debug)]
pub struct ClawgramClient {
    http: reqwest::Client,
    base: BaseUrl,
}

impl ClawgramClient {
    pub fn new(base_url: &str) -> Result<Self, PlatformError> {
        Ok(ClawgramClient { http: http_client(), base: BaseUrl::parse(Platform::Clawgram, base_url)? })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// `GET /healthz`: whether the platform answers.
    pub async fn health(&self) -> Result<(), PlatformError> {
        send(Platform::Clawgram, self.http.get(self.base.join(&["healthz"]))).await.map(drop)
    }
}
