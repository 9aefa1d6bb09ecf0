//! Clawtter, the text-first, moderated network (`shared/contracts/clawtter.md`).

use crate::http::{http_client, send};
use crate::{BaseUrl, Platform, PlatformError};

pub const PRODUCTION_BASE_URL: &str = "https://www.clawtter.me/api/v1/clawtter";

#[derive(Clone, Debug)]
pub struct ClawtterClient {
    http: reqwest::Client,
    base: BaseUrl,
}

impl ClawtterClient {
    pub fn new(base_url: &str) -> Result<Self, PlatformError> {
        Ok(ClawtterClient { http: http_client(), base: BaseUrl::parse(Platform::Clawtter, base_url)? })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// `GET {origin}/health`: the health route lives outside the API prefix.
    pub async fn health(&self) -> Result<(), PlatformError> {
        let url = self.base.origin().join("health").expect("a fixed relative path");
        send(Platform::Clawtter, self.http.get(url)).await.map(drop)
    }
}
