//! Threads' limits (Meta's Threads API, as the backend passes them on) and the backend's configuration, as
//! pure checks the composer and the server both call.
//!
//! Text length: Threads counts a text's characters, except that an emoji counts as many as its UTF-8 bytes
//! (😀 counts 4; a family emoji joined with zero-width joiners counts every byte of every part). Emoji are
//! recognised by their blocks: pictographs (U+1F000–U+1FAFF, flags included), miscellaneous symbols and
//! dingbats (U+2600–U+27BF), miscellaneous technical (U+2300–U+23FF), arrows and stars (U+2B00–U+2BFF), and
//! the joiners and modifiers that build emoji sequences (U+200D, U+20E3, U+FE0F, tags U+E0020–U+E007F).

use super::ThreadsPost;
use crate::{BaseUrl, Platform};
use std::collections::BTreeSet;

pub const TEXT_MAX: usize = 500;
pub const LINKS_MAX: usize = 5;
pub const IMAGE_MAX_BYTES: usize = 8 * 1024 * 1024;
pub const IMAGE_WIDTH_MIN: u32 = 320;
pub const IMAGE_WIDTH_MAX: u32 = 1440;
/// The longer side over the shorter one.
pub const ASPECT_MAX: u32 = 10;
pub const CAROUSEL_MIN: usize = 2;
pub const CAROUSEL_MAX: usize = 20;
/// Published posts one profile may make in a rolling 24 hours.
pub const POSTS_PER_DAY_MAX: usize = 250;
/// The backend names tenants with short identifiers (`agency_paris`).
pub const TENANT_ID_MAX: usize = 64;
/// A header value well beyond any generated secret, short of what servers refuse.
pub const QUEUE_SECRET_MAX: usize = 512;

/// A Threads post or backend setting that breaks a rule, with the owner's message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ThreadsViolation {
    #[error("the text is empty")]
    EmptyText,
    #[error("the text counts {length} characters (emoji count by their size); Threads allows {TEXT_MAX}")]
    TextTooLong { length: usize },
    #[error("the text has {count} different links; Threads allows {LINKS_MAX}")]
    TooManyLinks { count: usize },
    #[error("a carousel holds at most {CAROUSEL_MAX} images, this post has {count}")]
    TooManyImages { count: usize },
    #[error("image address {url} must be a public http(s) URL")]
    ImageUrl { url: String },
    #[error("Threads accepts JPEG and PNG images only")]
    ImageType,
    #[error("the image is {bytes} bytes; Threads accepts at most 8 MB")]
    ImageTooLarge { bytes: usize },
    #[error("the image is {width} px wide; Threads wants {IMAGE_WIDTH_MIN}–{IMAGE_WIDTH_MAX} px")]
    ImageWidth { width: u32 },
    #[error("the image is {width}×{height}; Threads allows at most 10:1 either way")]
    ImageAspect { width: u32, height: u32 },
    #[error("this profile has published {count} posts in 24 hours; Threads allows {POSTS_PER_DAY_MAX}")]
    DailyLimit { count: usize },
    #[error("the backend address is not valid: {0}")]
    BaseUrl(String),
    #[error("the tenant id is empty")]
    EmptyTenant,
    #[error("the tenant id has {length} characters; at most {TENANT_ID_MAX} fit")]
    TenantTooLong { length: usize },
    #[error("the tenant id may hold only letters, digits, _, - and . (no spaces)")]
    TenantCharacters,
    #[error("the queue secret has {length} characters; at most {QUEUE_SECRET_MAX} fit")]
    QueueSecretTooLong { length: usize },
    #[error("the queue secret may hold only printable ASCII characters: it is sent as an HTTP header")]
    QueueSecretCharacters,
}

/// The length Threads counts for `text`: characters, with each emoji part counted by its UTF-8 bytes.
pub fn text_length(text: &str) -> usize {
    text.chars().map(|c| if is_emoji_part(c) { c.len_utf8() } else { 1 }).sum()
}

fn is_emoji_part(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF | 0x200D | 0x20E3 | 0xFE0F | 0xE0020..=0xE007F
    )
}

/// The distinct http(s) links of a text, without trailing punctuation, compared case-insensitively.
pub fn links(text: &str) -> BTreeSet<String> {
    text.split_whitespace()
        .filter(|word| {
            let lower = word.to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://")
        })
        .map(|word| word.trim_end_matches(|c: char| ".,;:!?)]}'\"".contains(c)).to_lowercase())
        .collect()
}

/// The text: not empty, at most 500 counted characters, at most 5 distinct links.
pub fn check_text(text: &str) -> Vec<ThreadsViolation> {
    let mut violations = Vec::new();
    if text.trim().is_empty() {
        violations.push(ThreadsViolation::EmptyText);
    }
    let length = text_length(text);
    if length > TEXT_MAX {
        violations.push(ThreadsViolation::TextTooLong { length });
    }
    let count = links(text).len();
    if count > LINKS_MAX {
        violations.push(ThreadsViolation::TooManyLinks { count });
    }
    violations
}

/// Every rule a post breaks: its text, the number of images (one, or a carousel of 2–20) and their URLs.
pub fn check_post(post: &ThreadsPost) -> Vec<ThreadsViolation> {
    let mut violations = check_text(&post.message);
    if post.images.len() > CAROUSEL_MAX {
        violations.push(ThreadsViolation::TooManyImages { count: post.images.len() });
    }
    violations.extend(
        post.images.iter().filter(|url| !is_http_url(url)).map(|url| ThreadsViolation::ImageUrl { url: url.clone() }),
    );
    violations
}

/// Whether `count` images make a carousel (rather than none or one single image).
pub fn is_carousel(count: usize) -> bool {
    (CAROUSEL_MIN..=CAROUSEL_MAX).contains(&count)
}

/// An image file: JPEG or PNG (by its first bytes), at most 8 MB.
pub fn check_image(bytes: &[u8]) -> Result<(), ThreadsViolation> {
    let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
    if !jpeg && !png {
        return Err(ThreadsViolation::ImageType);
    }
    if bytes.len() > IMAGE_MAX_BYTES {
        return Err(ThreadsViolation::ImageTooLarge { bytes: bytes.len() });
    }
    Ok(())
}

/// An image's size in pixels: 320–1440 wide, at most 10:1 either way.
pub fn check_image_dimensions(width: u32, height: u32) -> Vec<ThreadsViolation> {
    let mut violations = Vec::new();
    if !(IMAGE_WIDTH_MIN..=IMAGE_WIDTH_MAX).contains(&width) {
        violations.push(ThreadsViolation::ImageWidth { width });
    }
    let (long, short) = (width.max(height), width.min(height));
    if short == 0 || long > short.saturating_mul(ASPECT_MAX) {
        violations.push(ThreadsViolation::ImageAspect { width, height });
    }
    violations
}

/// The rolling-24-hour publishing limit, given how many posts were published in the last 24 hours.
pub fn check_daily_count(published_last_24h: usize) -> Result<(), ThreadsViolation> {
    if published_last_24h >= POSTS_PER_DAY_MAX {
        Err(ThreadsViolation::DailyLimit { count: published_last_24h })
    } else {
        Ok(())
    }
}

/// The backend's base URL: http(s), a host, no credentials, query or fragment.
pub fn check_base_url(raw: &str) -> Result<BaseUrl, ThreadsViolation> {
    BaseUrl::parse(Platform::Threads, raw).map_err(|error| match error {
        crate::PlatformError::InvalidBaseUrl(_, why) => ThreadsViolation::BaseUrl(why),
        other => ThreadsViolation::BaseUrl(other.to_string()),
    })
}

/// A tenant id the backend can file posts under: letters, digits, `_`, `-` and `.`, at most 64 of them.
pub fn check_tenant_id(tenant_id: &str) -> Result<(), ThreadsViolation> {
    let length = tenant_id.chars().count();
    if tenant_id.trim().is_empty() {
        Err(ThreadsViolation::EmptyTenant)
    } else if length > TENANT_ID_MAX {
        Err(ThreadsViolation::TenantTooLong { length })
    } else if !tenant_id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        Err(ThreadsViolation::TenantCharacters)
    } else {
        Ok(())
    }
}

/// A queue secret that can travel as the `X-Queue-Secret` header: visible ASCII (spaces inside allowed).
pub fn check_queue_secret(secret: &str) -> Result<(), ThreadsViolation> {
    let length = secret.chars().count();
    if length > QUEUE_SECRET_MAX {
        Err(ThreadsViolation::QueueSecretTooLong { length })
    } else if !secret.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        Err(ThreadsViolation::QueueSecretCharacters)
    } else {
        Ok(())
    }
}

fn is_http_url(raw: &str) -> bool {
    url::Url::parse(raw).is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emoji_count_by_their_utf8_bytes_and_other_characters_once() {
        assert_eq!(text_length("hello"), 5);
        assert_eq!(text_length("héllo wörld"), 11);
        assert_eq!(text_length("日本語"), 3);
        assert_eq!(text_length("😀"), 4);
        assert_eq!(text_length("❤️"), 3 + 3);
        assert_eq!(text_length("👨‍👩‍👧"), 4 + 3 + 4 + 3 + 4);
        assert_eq!(text_length("🇫🇷"), 8);
    }

    #[test]
    fn a_text_of_125_emoji_is_exactly_at_the_limit() {
        let text = "😀".repeat(125);
        assert!(check_text(&text).is_empty());
        assert_eq!(check_text(&format!("{text}a")), [ThreadsViolation::TextTooLong { length: 501 }]);
    }

    #[test]
    fn links_are_counted_once_each() {
        let text =
            "see https://a.example/x, https://a.example/x and HTTPS://A.example/x. http://b.example https://c.example \
                    https://d.example https://e.example";
        assert_eq!(links(text).len(), 5);
        assert!(check_text(text).is_empty());
        let six = format!("{text} https://f.example");
        assert_eq!(check_text(&six), [ThreadsViolation::TooManyLinks { count: 6 }]);
    }

    #[test]
    fn images_must_be_jpeg_or_png_under_eight_megabytes() {
        assert_eq!(check_image(b"\x89PNG\r\n\x1a\nrest"), Ok(()));
        assert_eq!(check_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(()));
        assert_eq!(check_image(b"GIF89a"), Err(ThreadsViolation::ImageType));
        let mut big = vec![0xFF, 0xD8, 0xFF];
        big.resize(IMAGE_MAX_BYTES + 1, 0);
        assert_eq!(check_image(&big), Err(ThreadsViolation::ImageTooLarge { bytes: IMAGE_MAX_BYTES + 1 }));
    }

    #[test]
    fn image_dimensions_and_carousels() {
        assert!(check_image_dimensions(1080, 1350).is_empty());
        assert_eq!(check_image_dimensions(200, 200), [ThreadsViolation::ImageWidth { width: 200 }]);
        assert_eq!(check_image_dimensions(1440, 100), [ThreadsViolation::ImageAspect { width: 1440, height: 100 }]);
        assert!(!is_carousel(1));
        assert!(is_carousel(2) && is_carousel(20));
        let post = ThreadsPost {
            message: "hi".into(),
            images: vec!["https://x.example/a.png".into(); 21],
            ..ThreadsPost::default()
        };
        assert_eq!(check_post(&post), [ThreadsViolation::TooManyImages { count: 21 }]);
        let local =
            ThreadsPost { message: "hi".into(), images: vec!["file:///tmp/a.png".into()], ..ThreadsPost::default() };
        assert_eq!(check_post(&local), [ThreadsViolation::ImageUrl { url: "file:///tmp/a.png".into() }]);
    }

    #[test]
    fn the_backend_address_must_be_http_or_https() {
        assert!(check_base_url("http://127.0.0.1:8000/").is_ok());
        assert!(matches!(check_base_url("ftp://example.com"), Err(ThreadsViolation::BaseUrl(_))));
        assert!(matches!(check_base_url("https://user:pw@example.com"), Err(ThreadsViolation::BaseUrl(_))));
        assert_eq!(check_tenant_id(" "), Err(ThreadsViolation::EmptyTenant));
        assert_eq!(check_daily_count(250), Err(ThreadsViolation::DailyLimit { count: 250 }));
        assert_eq!(check_daily_count(249), Ok(()));
    }

    #[test]
    fn a_tenant_id_is_a_short_identifier() {
        assert_eq!(check_tenant_id(crate::threads::DEFAULT_TENANT_ID), Ok(()));
        assert_eq!(check_tenant_id("agency-lyon.2"), Ok(()));
        assert_eq!(check_tenant_id("agency paris"), Err(ThreadsViolation::TenantCharacters));
        assert_eq!(check_tenant_id("agence_é"), Err(ThreadsViolation::TenantCharacters));
        let long = "t".repeat(TENANT_ID_MAX + 1);
        assert_eq!(check_tenant_id(&long), Err(ThreadsViolation::TenantTooLong { length: TENANT_ID_MAX + 1 }));
    }

    #[test]
    fn a_queue_secret_must_fit_in_a_header() {
        assert_eq!(check_queue_secret("sandbox-queue-secret"), Ok(()));
        assert_eq!(check_queue_secret("with inner spaces ~!"), Ok(()));
        assert_eq!(check_queue_secret("line\nbreak"), Err(ThreadsViolation::QueueSecretCharacters));
        assert_eq!(check_queue_secret("clé"), Err(ThreadsViolation::QueueSecretCharacters));
        let long = "s".repeat(QUEUE_SECRET_MAX + 1);
        assert_eq!(
            check_queue_secret(&long),
            Err(ThreadsViolation::QueueSecretTooLong { length: QUEUE_SECRET_MAX + 1 })
        );
    }

    proptest! {
        #[test]
        fn text_without_emoji_counts_characters(text in "[a-zA-Zéß日本 ]{0,600}") {
            prop_assert_eq!(text_length(&text), text.chars().count());
            prop_assert_eq!(check_text(&text).contains(&ThreadsViolation::TextTooLong { length: text.chars().count() }), text.chars().count() > TEXT_MAX);
        }

        #[test]
        fn each_emoji_adds_its_utf8_length(plain in 0usize..300, emoji in 0usize..100) {
            let text = format!("{}{}", "a".repeat(plain), "🚀".repeat(emoji));
            prop_assert_eq!(text_length(&text), plain + 4 * emoji);
        }

        #[test]
        fn the_limit_is_exact_for_any_mix(plain in 0usize..=TEXT_MAX) {
            let filler = (TEXT_MAX - plain) / 4;
            let text = format!("{}{}{}", "x".repeat(plain.max(1)), "🎉".repeat(filler), "y".repeat((TEXT_MAX - plain) % 4));
            let length = text_length(&text);
            prop_assert_eq!(check_text(&text).is_empty(), length <= TEXT_MAX);
        }
    }
}
