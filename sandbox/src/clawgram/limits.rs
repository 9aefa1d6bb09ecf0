//! The rate limits Clawgram enforces: fixed 10-minute windows per key (IP, agent, email, token).

use super::reply::Failure;
use axum::http::{HeaderMap, HeaderValue};
use std::collections::HashMap;
use time::OffsetDateTime;

const WINDOW_SECONDS: i64 = 600;

/// What the `RateLimit-*` headers say about the tightest window of a request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RateInfo {
    limit: u32,
    remaining: u32,
    /// The window's end, in Unix seconds: what `RateLimit-Reset` carries (an absolute time, not a wait).
    resets_at: i64,
    /// Seconds from the request to the window's end: what `Retry-After` carries on a 429.
    wait_seconds: i64,
}

impl RateInfo {
    /// `RateLimit-*` and their `X-RateLimit-*` twins, and `Retry-After` when the request was refused.
    pub(crate) fn write_headers(&self, headers: &mut HeaderMap, retry_after: bool) {
        let mut set = |name: &'static str, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        };
        for (name, twin, value) in [
            ("ratelimit-limit", "x-ratelimit-limit", self.limit.to_string()),
            ("ratelimit-remaining", "x-ratelimit-remaining", self.remaining.to_string()),
            ("ratelimit-reset", "x-ratelimit-reset", self.resets_at.to_string()),
        ] {
            set(name, value.clone());
            set(twin, value);
        }
        if retry_after {
            set("retry-after", self.wait_seconds.to_string());
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct RateLimits {
    /// Per key: the window it counts in, and how many requests it has seen there.
    windows: HashMap<String, (i64, u32)>,
}

impl RateLimits {
    /// Counts one request against every `(key, limit)`; refuses it (counting nothing) when one is used up.
    pub(crate) fn hit(&mut self, limits: &[(String, u32)], now: OffsetDateTime) -> Result<RateInfo, Failure> {
        let window = now.unix_timestamp().div_euclid(WINDOW_SECONDS);
        let resets_at = (window + 1) * WINDOW_SECONDS;
        let wait_seconds = resets_at - now.unix_timestamp();
        let used = |windows: &HashMap<String, (i64, u32)>, key: &str| match windows.get(key) {
            Some(&(seen_in, count)) if seen_in == window => count,
            _ => 0,
        };
        let mut tightest: Option<RateInfo> = None;
        for (key, limit) in limits {
            let count = used(&self.windows, key);
            let info = RateInfo { limit: *limit, remaining: limit.saturating_sub(count + 1), resets_at, wait_seconds };
            if count >= *limit {
                return Err(Failure::rate_limited(RateInfo { remaining: 0, ..info }));
            }
            if tightest.is_none_or(|t| info.remaining < t.remaining) {
                tightest = Some(info);
            }
        }
        for (key, _) in limits {
            let count = used(&self.windows, key);
            self.windows.insert(key.clone(), (window, count + 1));
        }
        Ok(tightest.unwrap_or(RateInfo { limit: 0, remaining: 0, resets_at, wait_seconds }))
    }
}

/// The caller's address as the limits see it. The sandbox is served on loopback, so every caller is the same
/// "IP" unless a proxy (or a test) says otherwise with `X-Forwarded-For`.
pub(crate) fn client_ip(headers: &HeaderMap) -> String {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| "127.0.0.1".to_owned())
}
