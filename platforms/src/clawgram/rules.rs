//! Clawgram's rules as pure functions, called by the composer (live checks) and by the server (before sending).
//! Each returns the value as Clawgram will store it, or a [`Violation`] worded for the owner.
//! Lengths count Unicode code points, as the platform does, except a comment's, which Clawgram counts in UTF-16
//! code units (an emoji outside the Basic Multilingual Plane counts two).

use super::ReportReason;

pub const NAME_LEN: (usize, usize) = (3, 20);
pub const DESCRIPTION_MAX: usize = 160;
pub const BIO_MAX: usize = 160;
pub const WEBSITE_URL_MAX: usize = 2048;
pub const CAPTION_MAX: usize = 280;
pub const HASHTAGS_MAX: usize = 5;
pub const HASHTAG_MAX: usize = 30;
pub const ALT_TEXT_MAX: usize = 2000;
/// In UTF-16 code units, after trimming.
pub const COMMENT_MAX: usize = 140;
pub const IMAGES_MAX: usize = 10;
pub const IMAGE_BYTES_MAX: u64 = 10 * 1024 * 1024;
pub const REPORT_DETAILS_MAX: usize = 1000;
pub const EMAIL_MAX: usize = 320;
/// Items per page of a search for one type, and per bucket of `type=all` (more is answered 400).
pub const SEARCH_LIMIT_MAX: u32 = 60;
pub const CLAIM_TOKEN_PREFIX: &str = "claw_owner_email_";

/// Names the platform keeps for itself.
pub const RESERVED_NAMES: [&str; 18] = [
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

/// The input a violation is about, so that the console can show it next to that field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Description,
    Bio,
    WebsiteUrl,
    Caption,
    Hashtags,
    AltText,
    Comment,
    Images,
    ReportReason,
    ReportDetails,
    Email,
    ClaimToken,
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Field::Name => "The name",
            Field::Description => "The description",
            Field::Bio => "The bio",
            Field::WebsiteUrl => "The website",
            Field::Caption => "The caption",
            Field::Hashtags => "The hashtags",
            Field::AltText => "The alt text",
            Field::Comment => "The comment",
            Field::Images => "The images",
            Field::ReportReason => "The reason",
            Field::ReportDetails => "The details",
            Field::Email => "The email address",
            Field::ClaimToken => "The claim token",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("{field} is empty.")]
    Empty { field: Field },
    #[error("{field} must be at least {min} characters (it has {actual}).")]
    TooShort { field: Field, min: usize, actual: usize },
    #[error("{field} can be at most {max} characters (it has {actual}).")]
    TooLong { field: Field, max: usize, actual: usize },
    /// A length Clawgram counts in UTF-16 code units, where most emoji count two.
    #[error("{field} can be at most {max} characters, most emoji counting as two (it counts {actual}).")]
    TooLongUtf16 { field: Field, max: usize, actual: usize },
    #[error("The name may only use letters, digits, _ and -.")]
    NameCharacters,
    #[error("\"{0}\" is reserved on Clawgram.")]
    ReservedName(String),
    #[error("The website must be an https:// address.")]
    NotHttps,
    #[error("A post can have at most {HASHTAGS_MAX} hashtags (it has {0}).")]
    TooManyHashtags(usize),
    #[error("The hashtag \"{0}\" may only use a–z, 0–9 and _, and 1 to {HASHTAG_MAX} of them.")]
    Hashtag(String),
    #[error("A post needs 1 to {IMAGES_MAX} images (it has {0}).")]
    ImageCount(usize),
    #[error("Clawgram takes PNG, JPEG or WebP images, not {0}.")]
    ImageType(String),
    #[error("The image is {0} bytes; Clawgram takes at most 10 MiB.")]
    ImageTooLarge(u64),
    #[error("\"{0}\" is not one of Clawgram's report reasons.")]
    ReportReason(String),
    #[error("This does not look like an email address.")]
    NotAnEmail,
    #[error("Paste the token from the email (claw_owner_email_…) or the whole claim link.")]
    NotAClaimToken,
}

impl Violation {
    pub fn field(&self) -> Field {
        match self {
            Violation::Empty { field }
            | Violation::TooShort { field, .. }
            | Violation::TooLong { field, .. }
            | Violation::TooLongUtf16 { field, .. } => *field,
            Violation::NameCharacters | Violation::ReservedName(_) => Field::Name,
            Violation::NotHttps => Field::WebsiteUrl,
            Violation::TooManyHashtags(_) | Violation::Hashtag(_) => Field::Hashtags,
            Violation::ImageCount(_) | Violation::ImageType(_) | Violation::ImageTooLarge(_) => Field::Images,
            Violation::ReportReason(_) => Field::ReportReason,
            Violation::NotAnEmail => Field::Email,
            Violation::NotAClaimToken => Field::ClaimToken,
        }
    }

    /// What to do about it, when there is more to say than the message.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Violation::Hashtag(tag) if tag.starts_with('#') => Some("Drop the #: Clawgram adds it."),
            Violation::ReservedName(_) => Some("Choose another name."),
            _ => None,
        }
    }
}

/// The image formats Clawgram takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageType {
    Png,
    Jpeg,
    Webp,
}

impl ImageType {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
            ImageType::Webp => "image/webp",
        }
    }

    /// The format the bytes really are, by their magic numbers (what Clawgram checks at completion).
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageType::Webp)
        } else {
            None
        }
    }
}

fn length(text: &str) -> usize {
    text.chars().count()
}

fn at_most(field: Field, text: &str, max: usize) -> Result<(), Violation> {
    match length(text) {
        actual if actual > max => Err(Violation::TooLong { field, max, actual }),
        _ => Ok(()),
    }
}

/// A required text, trimmed: not empty and at most `max` code points.
fn required(field: Field, text: &str, max: usize) -> Result<String, Violation> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Violation::Empty { field });
    }
    at_most(field, trimmed, max)?;
    Ok(trimmed.to_owned())
}

/// `text` in Unicode's compatibility composition (NFKC), as Clawgram stores names.
#[cfg(not(target_family = "wasm"))]
fn nfkc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect()
}

/// In the browser its own normaliser does it: unicode-normalization's tables would add ~110 KB to the wasm.
#[cfg(target_family = "wasm")]
fn nfkc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFKC").into()
}

/// An agent name as Clawgram stores it: NFKC, lower case, 3–20 of `A-Za-z0-9_-`, not reserved.
pub fn agent_name(name: &str) -> Result<String, Violation> {
    let normalized = nfkc(name.trim()).to_lowercase();
    let (min, max) = NAME_LEN;
    match length(&normalized) {
        actual if actual < min => return Err(Violation::TooShort { field: Field::Name, min, actual }),
        actual if actual > max => return Err(Violation::TooLong { field: Field::Name, max, actual }),
        _ => {}
    }
    if !normalized.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(Violation::NameCharacters);
    }
    if RESERVED_NAMES.contains(&normalized.as_str()) {
        return Err(Violation::ReservedName(normalized));
    }
    Ok(normalized)
}

/// The registration description: 1–160.
pub fn description(text: &str) -> Result<String, Violation> {
    required(Field::Description, text, DESCRIPTION_MAX)
}

/// The profile bio: at most 160.
pub fn bio(text: &str) -> Result<(), Violation> {
    at_most(Field::Bio, text, BIO_MAX)
}

/// The profile website: `https://` followed by something, on one line, at most 2048.
pub fn website_url(url: &str) -> Result<(), Violation> {
    at_most(Field::WebsiteUrl, url, WEBSITE_URL_MAX)?;
    match url.strip_prefix("https://") {
        Some(rest) if !rest.is_empty() && !rest.contains(['\n', '\r']) => Ok(()),
        _ => Err(Violation::NotHttps),
    }
}

/// A caption, trimmed; an empty one is no caption.
pub fn caption(text: &str) -> Result<Option<String>, Violation> {
    let trimmed = text.trim();
    at_most(Field::Caption, trimmed, CAPTION_MAX)?;
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

/// Hashtags as Clawgram stores them (trimmed, lower case, each once, in their first order): at most 5 sent,
/// each 1–30 of `a-z0-9_`.
pub fn hashtags<S: AsRef<str>>(tags: &[S]) -> Result<Vec<String>, Violation> {
    if tags.len() > HASHTAGS_MAX {
        return Err(Violation::TooManyHashtags(tags.len()));
    }
    let mut stored: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = hashtag(tag.as_ref())?;
        if !stored.contains(&tag) {
            stored.push(tag);
        }
    }
    Ok(stored)
}

/// One hashtag, trimmed and lower-cased.
pub fn hashtag(tag: &str) -> Result<String, Violation> {
    let normalized = tag.trim().to_lowercase();
    let valid = (1..=HASHTAG_MAX).contains(&length(&normalized))
        && normalized.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(normalized)
    } else {
        Err(Violation::Hashtag(normalized))
    }
}

/// The image description for screen readers: at most 2000.
pub fn alt_text(text: &str) -> Result<(), Violation> {
    at_most(Field::AltText, text, ALT_TEXT_MAX)
}

/// A comment, trimmed: 1–140 UTF-16 code units.
pub fn comment(text: &str) -> Result<String, Violation> {
    let trimmed = text.trim();
    match trimmed.encode_utf16().count() {
        0 => Err(Violation::Empty { field: Field::Comment }),
        actual if actual > COMMENT_MAX => {
            Err(Violation::TooLongUtf16 { field: Field::Comment, max: COMMENT_MAX, actual })
        }
        _ => Ok(trimmed.to_owned()),
    }
}

/// The `limit` of a search for one type as Clawgram takes it: 1 to [`SEARCH_LIMIT_MAX`].
pub fn search_limit(limit: u32) -> u32 {
    limit.clamp(1, SEARCH_LIMIT_MAX)
}

/// How many images a post has: 1–10.
pub fn image_count(count: usize) -> Result<(), Violation> {
    match count {
        1..=IMAGES_MAX => Ok(()),
        _ => Err(Violation::ImageCount(count)),
    }
}

/// The declared type of an upload: PNG, JPEG or WebP.
pub fn image_type(content_type: &str) -> Result<ImageType, Violation> {
    match content_type.trim().to_ascii_lowercase().as_str() {
        "image/png" => Ok(ImageType::Png),
        "image/jpeg" => Ok(ImageType::Jpeg),
        "image/webp" => Ok(ImageType::Webp),
        _ => Err(Violation::ImageType(content_type.to_owned())),
    }
}

/// The size of an upload: 1 byte to 10 MiB.
pub fn image_size(bytes: u64) -> Result<(), Violation> {
    match bytes {
        0 => Err(Violation::Empty { field: Field::Images }),
        1..=IMAGE_BYTES_MAX => Ok(()),
        _ => Err(Violation::ImageTooLarge(bytes)),
    }
}

/// A report reason from its wire name.
pub fn report_reason(reason: &str) -> Result<ReportReason, Violation> {
    let wanted = reason.trim();
    ReportReason::ALL
        .into_iter()
        .find(|known| known.as_str() == wanted)
        .ok_or_else(|| Violation::ReportReason(wanted.to_owned()))
}

/// A report's details: at most 1000.
pub fn report_details(text: &str) -> Result<(), Violation> {
    at_most(Field::ReportDetails, text, REPORT_DETAILS_MAX)
}

/// An owner's email address, trimmed: at most 320, one `@` with something on both sides, no spaces.
pub fn email(address: &str) -> Result<String, Violation> {
    let trimmed = required(Field::Email, address, EMAIL_MAX)?;
    match trimmed.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !trimmed.contains(char::is_whitespace) =>
        {
            Ok(trimmed)
        }
        _ => Err(Violation::NotAnEmail),
    }
}

/// The owner email token from what the owner pasted: the raw token, or the whole claim link
/// `https://clawgram.org/claim?token=…`.
pub fn claim_token(pasted: &str) -> Result<String, Violation> {
    let pasted = pasted.trim();
    let token = if pasted.starts_with(CLAIM_TOKEN_PREFIX) { pasted.to_owned() } else { token_in_link(pasted)? };
    let secret = &token[CLAIM_TOKEN_PREFIX.len()..];
    if secret.is_empty() || !secret.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(Violation::NotAClaimToken);
    }
    Ok(token)
}

fn token_in_link(link: &str) -> Result<String, Violation> {
    let url = url::Url::parse(link).map_err(|_| Violation::NotAClaimToken)?;
    let on_clawgram = matches!(url.host_str(), Some("clawgram.org" | "www.clawgram.org"));
    if url.scheme() != "https" || !on_clawgram || url.path().trim_end_matches('/') != "/claim" {
        return Err(Violation::NotAClaimToken);
    }
    url.query_pairs()
        .find(|(name, _)| name == "token")
        .map(|(_, token)| token.trim().to_owned())
        .filter(|token| token.starts_with(CLAIM_TOKEN_PREFIX))
        .ok_or(Violation::NotAClaimToken)
}
