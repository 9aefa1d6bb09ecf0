//! The one error type of every platform client; no platform error text is ever dropped.

use crate::Platform;
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error("{0} base URL is not valid: {1}")]
    InvalidBaseUrl(Platform, String),
    #[error("could not reach {platform}: {message}")]
    Transport { platform: Platform, message: String },
    #[error("{}", .0)]
    Api(Box<ApiError>),
    #[error("{platform} sent a response Clawdesk could not read: {message}")]
    Decode { platform: Platform, message: String },
}

impl PlatformError {
    #[cfg(feature = "client")]
    pub(crate) fn transport(platform: Platform, error: reqwest::Error) -> Self {
        // reqwest's Display includes the URL; ours never carry credentials, but strip it anyway so that
        // capability URLs (Clawgram upload URLs) can never reach a log line.
        let error = error.without_url();
        // "error sending request" alone does not say why; the innermost cause does ("Connection refused").
        let mut cause: &dyn std::error::Error = &error;
        while let Some(source) = cause.source() {
            cause = source;
        }
        let message = match (error.to_string(), cause.to_string()) {
            (outer, inner) if outer == inner => outer,
            (outer, inner) => format!("{outer} ({inner})"),
        };
        PlatformError::Transport { platform, message }
    }

    pub(crate) fn decode(platform: Platform, error: impl std::fmt::Display) -> Self {
        PlatformError::Decode { platform, message: error.to_string() }
    }

    /// The platform's answer, when the failure is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            PlatformError::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// A platform's answer with a non-success status, with everything it said about why.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub platform: Platform,
    pub status: u16,
    pub message: String,
    pub code: Option<String>,
    pub hint: Option<String>,
    pub detail: Option<serde_json::Value>,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    pub rate_limit: Option<RateLimit>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} answered {}: {}", self.platform, self.status, self.message)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        Ok(())
    }
}

/// The `RateLimit-Limit/Remaining/Reset` headers (or their `X-RateLimit-*` twins): the window's allowance, what
/// is left, and when the window ends. `Reset` is an absolute Unix time, not a wait: only `Retry-After` is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
    pub resets_at: OffsetDateTime,
}

impl RateLimit {
    #[cfg(feature = "client")]
    /// Reads the three headers; `None` unless all three are present and numeric.
    pub(crate) fn from_headers(headers: &reqwest::header::HeaderMap) -> Option<RateLimit> {
        let number = |name: &str| {
            let value = headers.get(name).or_else(|| headers.get(format!("x-{name}")))?;
            value.to_str().ok()?.trim().parse::<u64>().ok()
        };
        Some(RateLimit {
            limit: number("ratelimit-limit")?,
            remaining: number("ratelimit-remaining")?,
            resets_at: OffsetDateTime::from_unix_timestamp(i64::try_from(number("ratelimit-reset")?).ok()?).ok()?,
        })
    }
}
