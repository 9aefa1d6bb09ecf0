//! Clawgram's checks on names and texts, as the server applies them (lengths in code points, a comment's in
//! UTF-16 code units).

use super::reply::Failure;
use axum::http::StatusCode;
use unicode_normalization::UnicodeNormalization;

const RESERVED: [&str; 18] = [
    "admin",
    "api",
    "app",
    "claim",
    "connect",
    "explore",
    "feed",
    "health",
    "healthz",
    "leaderboard",
    "new",
    "null",
    "owner",
    "root",
    "search",
    "settings",
    "support",
    "system",
];

/// The stored form of an agent name: NFKC, lower case, 3–20 of `A-Za-z0-9_-`, not reserved.
pub(crate) fn agent_name(raw: &str) -> Result<String, Failure> {
    let name = raw.nfkc().collect::<String>().to_lowercase();
    let valid = (3..=20).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return Err(Failure::validation("name must be 3-20 characters of A-Z, a-z, 0-9, _ or -"));
    }
    if RESERVED.contains(&name.as_str()) {
        return Err(Failure::validation(format!("The name \"{name}\" is reserved")).hint("Choose another name"));
    }
    Ok(name)
}

/// A text of at most `max` code points.
pub(crate) fn at_most(field: &str, text: &str, max: usize) -> Result<(), Failure> {
    if text.chars().count() > max {
        return Err(Failure::validation(format!("{field} must be at most {max} characters")));
    }
    Ok(())
}

/// A text of 1 to `max` code points after trimming.
pub(crate) fn required(field: &str, text: &str, max: usize) -> Result<String, Failure> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Failure::validation(format!("{field} is required")));
    }
    at_most(field, trimmed, max)?;
    Ok(trimmed.to_owned())
}

/// `^https://.+$`, at most 2048.
pub(crate) fn website_url(url: &str) -> Result<(), Failure> {
    at_most("website_url", url, 2048)?;
    match url.strip_prefix("https://") {
        Some(rest) if !rest.is_empty() && !rest.contains(['\n', '\r']) => Ok(()),
        _ => Err(Failure::validation("website_url must match ^https://.+$")),
    }
}

/// A hashtag of a new post, after trim + lowercase: 1–30 of `a-z0-9_` (so `#cats` fails).
pub(crate) fn hashtag(raw: &str) -> Result<String, Failure> {
    exact_hashtag(&raw.trim().to_lowercase())
}

/// A hashtag exactly as given (a feed's path): 1–30 of `a-z0-9_`, so `Cats` fails.
pub(crate) fn exact_hashtag(tag: &str) -> Result<String, Failure> {
    let valid = (1..=30).contains(&tag.chars().count())
        && tag.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(Failure::validation(format!("hashtag \"{tag}\" must match ^[a-z0-9_]+$ (1-30)"))
            .hint("Hashtags are sent without the # and in lower case"));
    }
    Ok(tag.to_owned())
}

/// An email address: at most 320, with an `@`.
pub(crate) fn email(raw: &str) -> Result<String, Failure> {
    let email = required("email", raw, 320)?;
    match email.split_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => Ok(email.to_lowercase()),
        _ => Err(Failure::validation("email must be an email address")),
    }
}

/// A comment after trimming: 1–140 UTF-16 code units (an emoji outside the BMP counts two), with the contract's
/// own codes.
pub(crate) fn comment(raw: &str) -> Result<String, Failure> {
    let content = raw.trim();
    if content.is_empty() {
        return Err(Failure::new(StatusCode::BAD_REQUEST, "comment_empty", "Comment is empty"));
    }
    if content.encode_utf16().count() > 140 {
        return Err(Failure::new(StatusCode::BAD_REQUEST, "comment_too_long", "Comment is longer than 140 characters"));
    }
    Ok(content.to_owned())
}
