//! What every platform client shares: a validated base URL and a pooled HTTP client with safe defaults.

use crate::error::RateLimit;
use crate::{ApiError, Platform, PlatformError};
#[cfg(feature = "client")]
use reqwest::header::{HeaderValue, AUTHORIZATION};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// Longer addresses are refused rather than stored: no platform's base URL comes near it.
const MAX_BASE_URL_BYTES: usize = 2048;

/// An http(s) base URL without a trailing slash, e.g. `https://clawgram-api.onrender.com/api/v1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(url::Url);

impl BaseUrl {
    pub fn parse(platform: Platform, raw: &str) -> Result<Self, PlatformError> {
        let invalid = |why: &str| PlatformError::InvalidBaseUrl(platform, why.to_owned());
        let raw = raw.trim().trim_end_matches('/');
        if raw.is_empty() {
            return Err(invalid("it is empty"));
        }
        if raw.len() > MAX_BASE_URL_BYTES {
            return Err(invalid(&format!("it is longer than {MAX_BASE_URL_BYTES} characters")));
        }
        let parsed = url::Url::parse(raw).map_err(|e| invalid(&parse_problem(e)))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("it must start with http:// or https://"));
        }
        if parsed.host_str().is_none() {
            return Err(invalid("it has no host"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(invalid("credentials do not belong in a URL"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(invalid("it must not have a query or fragment"));
        }
        Ok(BaseUrl(parsed))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// The base URL followed by `segments`, each percent-encoded as one path segment.
    pub fn join(&self, segments: &[&str]) -> url::Url {
        let mut url = self.0.clone();
        {
            let mut path = url.path_segments_mut().expect("http(s) URLs always have a path");
            path.pop_if_empty();
            path.extend(segments);
        }
        url
    }

    /// Whether the host names this machine: a loopback address, `localhost` or a name under it.
    pub fn is_on_this_machine(&self) -> bool {
        match self.0.host() {
            Some(url::Host::Ipv4(address)) => address.is_loopback(),
            Some(url::Host::Ipv6(address)) => address.is_loopback(),
            Some(url::Host::Domain(name)) => {
                let name = name.to_ascii_lowercase();
                name == "localhost" || name.ends_with(".localhost")
            }
            None => false,
        }
    }

    /// The scheme, host and port alone (Clawtter's health route lives there, outside the API prefix).
    pub fn origin(&self) -> url::Url {
        let mut url = self.0.clone();
        url.set_path("");
        url
    }
}

/// What is wrong with an address the `url` parser refused, in the owner's words.
fn parse_problem(error: url::ParseError) -> String {
    match error {
        url::ParseError::RelativeUrlWithoutBase => {
            "it is not a full web address: it must start with http:// or https://".into()
        }
        url::ParseError::EmptyHost => "it has no host name after http:// or https://".into(),
        url::ParseError::InvalidPort => "its port is not a number from 0 to 65535".into(),
        other => format!("it is not a web address ({other})"),
    }
}

#[cfg(feature = "client")]
/// The HTTP client every platform client is built on: pooled, with timeouts, and never following redirects,
/// since a redirect to another host would carry (or drop) the `Authorization` header.
pub(crate) fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .pool_idle_timeout(Duration::from_secs(90))
        .user_agent(concat!("clawdesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend is compiled in")
}

#[cfg(feature = "client")]
/// Adds `Authorization: Bearer <secret>`, marked sensitive so that it never shows in a `Debug` or a log line.
/// A secret that cannot be a header value is refused here rather than sent mangled.
pub(crate) fn bearer(
    platform: Platform,
    request: reqwest::RequestBuilder,
    secret: &SecretString,
) -> Result<reqwest::RequestBuilder, PlatformError> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", secret.expose_secret())).map_err(|_| {
        PlatformError::Transport { platform, message: "the key contains characters a header cannot carry".into() }
    })?;
    value.set_sensitive(true);
    Ok(request.header(AUTHORIZATION, value))
}

#[cfg(feature = "client")]
/// Sends `request` and returns the success response, or the platform's error with all it said.
pub(crate) async fn send(
    platform: Platform,
    request: reqwest::RequestBuilder,
) -> Result<reqwest::Response, PlatformError> {
    let response = request.send().await.map_err(|e| PlatformError::transport(platform, e))?;
    if response.status().is_success() {
        return Ok(response);
    }
    Err(api_error(platform, response).await)
}

#[cfg(feature = "client")]
/// Like [`send`], for a conditional read: a 304 is an answer (the caller's copy is current), not an error.
pub(crate) async fn send_allowing_not_modified(
    platform: Platform,
    request: reqwest::RequestBuilder,
) -> Result<reqwest::Response, PlatformError> {
    let response = request.send().await.map_err(|e| PlatformError::transport(platform, e))?;
    if response.status().is_success() || response.status() == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(response);
    }
    Err(api_error(platform, response).await)
}

#[cfg(feature = "client")]
async fn api_error(platform: Platform, response: reqwest::Response) -> PlatformError {
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let retry_after = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
    let header_request_id = header("x-request-id");
    let rate_limit = RateLimit::from_headers(response.headers());
    let body: serde_json::Value = response.json().await.unwrap_or(serde_json::Value::Null);
    let text = |key: &str| body.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let detail = body.get("detail").cloned();
    let message = text("error")
        .or_else(|| detail.as_ref().and_then(|d| d.as_str().map(str::to_owned)))
        .unwrap_or_else(|| format!("HTTP {status}"));
    PlatformError::Api(Box::new(ApiError {
        platform,
        status,
        message,
        code: text("code"),
        hint: text("hint"),
        detail,
        request_id: text("request_id").or(header_request_id),
        retry_after,
        rate_limit,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(raw: &str) -> String {
        match BaseUrl::parse(Platform::Clawgram, raw) {
            Err(PlatformError::InvalidBaseUrl(Platform::Clawgram, why)) => why,
            other => panic!("{raw:?} gave {other:?}"),
        }
    }

    #[test]
    fn an_http_or_https_address_with_a_host_is_kept_without_its_trailing_slash() {
        let base = BaseUrl::parse(Platform::Clawgram, "  https://Clawgram.example/api/v1/ ").unwrap();
        assert_eq!(base.as_str(), "https://clawgram.example/api/v1");
        assert_eq!(
            BaseUrl::parse(Platform::Threads, "http://127.0.0.1:8000").unwrap().as_str(),
            "http://127.0.0.1:8000"
        );
    }

    #[test]
    fn each_refusal_says_what_is_wrong_in_plain_words() {
        assert_eq!(reason(" "), "it is empty");
        assert_eq!(reason("ftp://x"), "it must start with http:// or https://");
        assert_eq!(reason("localhost:8000"), "it must start with http:// or https://");
        assert_eq!(reason("garbage"), "it is not a full web address: it must start with http:// or https://");
        assert_eq!(reason("http://"), "it has no host name after http:// or https://");
        assert_eq!(reason("http://example.com:99999"), "its port is not a number from 0 to 65535");
        assert_eq!(reason("https://me:pw@example.com"), "credentials do not belong in a URL");
        assert_eq!(reason("https://example.com/?a=1"), "it must not have a query or fragment");
        assert!(reason(&format!("https://example.com/{}", "a".repeat(MAX_BASE_URL_BYTES))).starts_with("it is longer"));
    }
}
