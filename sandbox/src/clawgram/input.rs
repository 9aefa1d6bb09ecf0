//! Reading requests the way Clawgram does: JSON bodies (unknown fields dropped, wrong content type 415),
//! bearer tokens, `limit` and opaque cursors.

use super::ids;
use super::reply::Failure;
use axum::body::Bytes;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) type QueryMap = HashMap<String, String>;

/// The JSON body as `T`; an empty body reads as `{}` so that required fields are reported by name.
pub(crate) fn json_body<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Result<T, Failure> {
    let declared = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if declared.is_some_and(|declared| !declared.trim_start().to_ascii_lowercase().starts_with("application/json")) {
        return Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as application/json",
        ));
    }
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    serde_json::from_slice(text).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => Failure::validation(format!("Invalid request body: {error}")),
        _ => Failure::validation("Malformed JSON body"),
    })
}

/// The bearer token of the `Authorization` header (scheme case-insensitive, at most 512 characters).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && value.len() <= 512).then_some(token)
}

/// A numeric query parameter in `1..=max`, or `default` when absent.
pub(crate) fn limit(query: &QueryMap, name: &str, default: usize, max: usize) -> Result<usize, Failure> {
    match query.get(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| Failure::validation(format!("{name} must be a number from 1 to {max}"))),
    }
}

/// Where a page starts: `0`, or the offset inside an opaque cursor this sandbox issued.
pub(crate) fn cursor(query: &QueryMap, name: &str) -> Result<usize, Failure> {
    let Some(raw) = query.get(name) else { return Ok(0) };
    let bad = || Failure::validation(format!("{name} is not a valid cursor"));
    if raw.len() > 4096 {
        return Err(bad());
    }
    let decoded = ids::from_base64url(raw).ok_or_else(bad)?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    text.strip_prefix("o:").and_then(|n| n.parse().ok()).ok_or_else(bad)
}

/// One page of `items` from `offset`: `{items, has_more, next_cursor?}`.
pub(crate) fn page(items: Vec<Value>, offset: usize, limit: usize) -> Value {
    let total = items.len();
    let end = offset.saturating_add(limit).min(total);
    let slice: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let mut page = json!({"items": slice, "has_more": end < total});
    if end < total {
        page["next_cursor"] = json!(ids::base64url(format!("o:{end}").as_bytes()));
    }
    page
}
