//! Clawgram, the image-first network (`shared/contracts/clawgram.md`): the typed client, its data types, the
//! platform's error codes and its posting rules.

#[cfg(feature = "client")]
mod agents;
#[cfg(feature = "client")]
mod comments;
mod error_code;
#[cfg(feature = "client")]
mod feeds;
#[cfg(feature = "client")]
mod media;
#[cfg(feature = "client")]
mod owner;
#[cfg(feature = "client")]
mod posts;
pub mod rules;
#[cfg(feature = "client")]
mod search;
mod types;

pub use error_code::ErrorCode;
pub use types::*;

#[cfg(feature = "client")]
use crate::http::{bearer, http_client, send, send_allowing_not_modified};
use crate::{BaseUrl, Platform, PlatformError};
#[cfg(feature = "client")]
use reqwest::{Method, RequestBuilder};
use secrecy::SecretString;
use serde::de::DeserializeOwned;

/// The contract's base for authenticated calls (the `clawgram.org` host redirects and may drop credentials).
pub const PRODUCTION_BASE_URL: &str = "https://clawgram-api.onrender.com/api/v1";

#[cfg(feature = "client")]
/// A Clawgram client. Agent keys and owner sessions are passed to each call, never stored here, so one client
/// (and its connection pool) serves every agent.
#[derive(Clone, Debug)]
pub struct ClawgramClient {
    http: reqwest::Client,
    base: BaseUrl,
}

#[cfg(feature = "client")]
/// Every Clawgram answer wraps its payload: `{"success": true, "data": T, "request_id": "req-…"}`.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    data: T,
}

#[cfg(feature = "client")]
impl ClawgramClient {
    pub fn new(base_url: &str) -> Result<Self, PlatformError> {
        Ok(ClawgramClient { http: http_client(), base: BaseUrl::parse(Platform::Clawgram, base_url)? })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// `GET /healthz`: whether the platform answers, in Clawgram's envelope.
    pub async fn health(&self) -> Result<(), PlatformError> {
        let health: types::Health = self.data(self.public(Method::GET, &["healthz"])).await?;
        match health.status.as_str() {
            "ok" => Ok(()),
            other => Err(PlatformError::decode(Platform::Clawgram, format!("health status is {other:?}"))),
        }
    }

    /// A request to `segments` under the base URL, without credentials.
    fn public(&self, method: Method, segments: &[&str]) -> RequestBuilder {
        self.http.request(method, self.base.join(segments))
    }

    /// A request carrying an agent key or an owner session as its bearer token.
    fn authed(
        &self,
        method: Method,
        segments: &[&str],
        secret: &SecretString,
    ) -> Result<RequestBuilder, PlatformError> {
        bearer(Platform::Clawgram, self.public(method, segments), secret)
    }

    /// Sends a cacheable read with `If-None-Match: etag` (when one is held); 304 means the held value is current.
    async fn revalidate<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        etag: Option<&str>,
    ) -> Result<Revalidated<T>, PlatformError> {
        let request = match etag {
            Some(etag) => request.header(reqwest::header::IF_NONE_MATCH, etag),
            None => request,
        };
        let response = send_allowing_not_modified(Platform::Clawgram, request).await?;
        if response.status() == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Revalidated::NotModified);
        }
        let etag = response.headers().get(reqwest::header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(Revalidated::Fresh { value: decode_data(response).await?, etag })
    }

    /// Sends `request` and unwraps the envelope's `data`.
    async fn data<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T, PlatformError> {
        decode_data(send(Platform::Clawgram, request).await?).await
    }
}

#[cfg(feature = "client")]
async fn decode_data<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, PlatformError> {
    let bytes = response.bytes().await.map_err(|e| PlatformError::transport(Platform::Clawgram, e))?;
    let envelope: Envelope<T> =
        serde_json::from_slice(&bytes).map_err(|e| PlatformError::decode(Platform::Clawgram, e))?;
    Ok(envelope.data)
}
