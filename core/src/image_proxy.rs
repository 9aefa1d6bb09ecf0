//! The image proxy: a platform image served from a host the pages' policy does not name (a CDN) is shown
//! through the console instead. Views map such an address to `/media/proxy/{mac}/{address}`, where the MAC is
//! an HMAC of the address under a key derived from the master key, so the browser can only ask for addresses
//! the console itself took from a platform's answer; the proxy fetches nothing else. A fetch is bounded: http(s)
//! only, redirects only within the same host, a timeout, at most [`PROXIED_IMAGE_MAX_BYTES`], and only an
//! `image/*` answer.

use crate::connections::Connections;
use crate::keyed_hash::KeyedHash;
use crate::media::LinkedImage;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Where the console serves proxied images; the MAC and the encoded address follow.
pub const IMAGE_PROXY_PATH: &str = "/media/proxy/";
/// The largest image the proxy passes on.
pub const PROXIED_IMAGE_MAX_BYTES: usize = 10 * 1024 * 1024;
/// How long one fetch may take in all.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// 128 bits of the HMAC: enough that no address can be forged, short enough for a path.
const MAC_BYTES: usize = 16;
/// Redirects followed within the image's own host.
const MAX_REDIRECTS: usize = 3;

/// Why the proxy serves no image.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProxyRefusal {
    /// Not an address the console handed out (altered, or made up).
    #[error("this image address was not issued by the console")]
    NotIssued,
    #[error("the image host answered {0}")]
    Upstream(String),
    #[error("the image host sent {0}, not an image")]
    NotAnImage(String),
    #[error("the image is larger than {} MB", PROXIED_IMAGE_MAX_BYTES / (1024 * 1024))]
    TooLarge,
}

#[derive(Clone, Debug)]
pub struct ImageProxy {
    macs: Arc<KeyedHash>,
    connections: Connections,
    http: reqwest::Client,
}

impl ImageProxy {
    pub(crate) fn new(macs: KeyedHash, connections: Connections) -> ImageProxy {
        let http = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                let same_host = attempt.previous().first().map(Url::host_str) == Some(attempt.url().host_str());
                if same_host && attempt.previous().len() <= MAX_REDIRECTS {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }))
            .build()
            .unwrap_or_default();
        ImageProxy { macs: Arc::new(macs), connections, http }
    }

    /// The address a page shows the platform image `url` at: itself on a platform's own origin (the pages'
    /// policy names those), else through the proxy.
    pub fn shown(&self, url: &str) -> String {
        let Ok(parsed) = Url::parse(url) else { return url.to_owned() };
        let origin = parsed.origin().ascii_serialization();
        if self.connections.origins().contains(&origin) || !matches!(parsed.scheme(), "http" | "https") {
            return url.to_owned();
        }
        format!("{IMAGE_PROXY_PATH}{}/{}", self.mac(url), URL_SAFE_NO_PAD.encode(url))
    }

    /// Fetches the image at the encoded address `encoded`, if `mac` is the console's for it.
    pub async fn fetch(&self, mac: &str, encoded: &str) -> Result<LinkedImage, ProxyRefusal> {
        let url = URL_SAFE_NO_PAD
            .decode(encoded)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .filter(|url| hex::decode(mac).is_ok_and(|given| self.verifies(url, &given)))
            .ok_or(ProxyRefusal::NotIssued)?;
        let mut response =
            self.http.get(&url).send().await.map_err(|e| ProxyRefusal::Upstream(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(ProxyRefusal::Upstream(response.status().to_string()));
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .unwrap_or_default();
        // SVG is an image that can carry scripts: not passed on.
        if !content_type.starts_with("image/") || content_type.contains("svg") {
            return Err(ProxyRefusal::NotAnImage(if content_type.is_empty() {
                "no type".into()
            } else {
                content_type
            }));
        }
        if response.content_length().is_some_and(|length| length > PROXIED_IMAGE_MAX_BYTES as u64) {
            return Err(ProxyRefusal::TooLarge);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|e| ProxyRefusal::Upstream(e.without_url().to_string()))?
        {
            if bytes.len() + chunk.len() > PROXIED_IMAGE_MAX_BYTES {
                return Err(ProxyRefusal::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(LinkedImage { content_type, bytes })
    }

    fn mac(&self, url: &str) -> String {
        hex::encode(&self.macs.digest(url.as_bytes())[..MAC_BYTES])
    }

    fn verifies(&self, url: &str, given: &[u8]) -> bool {
        given.len() == MAC_BYTES && self.macs.verifies_truncated(url.as_bytes(), given)
    }
}
