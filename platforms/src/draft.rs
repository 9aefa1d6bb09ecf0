//! One post written for several platforms, checked against each platform's rules. Both halves call this: the
//! composer in the browser on every keystroke, and `core` on the server before anything is stored, so the two
//! can never disagree.

use crate::{clawgram, clawtter, threads, Platform};

/// What the owner wrote, as far as the rules look at it.
#[derive(Clone, Copy, Debug)]
pub struct DraftFacts<'a> {
    pub text: &'a str,
    /// Clawgram's hashtags, without `#`.
    pub hashtags: &'a [String],
    pub alt_text: Option<&'a str>,
    pub images: &'a [ImageFacts],
    /// Public image URLs pasted for a Threads backend that cannot fetch images from the console.
    pub image_urls: &'a [String],
}

/// One attached image, as stored in the console's media library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFacts {
    /// e.g. `image/png`.
    pub content_type: String,
    pub byte_size: u64,
}

/// The composer's input a violation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftField {
    Text,
    Hashtags,
    AltText,
    Images,
    ImageUrls,
    /// The target agent itself (no avatar, no key).
    Agent,
}

impl DraftField {
    /// The form field's name.
    pub fn name(self) -> &'static str {
        match self {
            DraftField::Text => "text",
            DraftField::Hashtags => "hashtags",
            DraftField::AltText => "alt_text",
            DraftField::Images => "images",
            DraftField::ImageUrls => "image_urls",
            DraftField::Agent => "agent",
        }
    }
}

/// One rule the draft breaks on one platform, in the owner's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftViolation {
    pub field: DraftField,
    pub message: String,
}

/// The target agent, as far as the rules look at it.
#[derive(Clone, Copy, Debug)]
pub struct TargetFacts {
    pub platform: Platform,
    /// Clawgram's write gate: an agent posts only once it has an avatar.
    pub has_avatar: bool,
    /// Whether the console holds the agent's key (Threads agents need none: the queue secret sends for them).
    pub has_key: bool,
    /// Whether the platform fetches images from the console's own links: a Threads backend on this machine.
    /// (Clawgram and Clawtter take the images themselves.)
    pub reaches_console: bool,
}

/// Every rule `draft` breaks for `target`; empty when it may be sent.
pub fn violations(draft: DraftFacts<'_>, target: TargetFacts) -> Vec<DraftViolation> {
    let mut found = match target.platform {
        Platform::Clawgram => clawgram_violations(draft, target),
        Platform::Clawtter => clawtter_violations(draft),
        Platform::Threads => threads_violations(draft, target),
    };
    if !target.has_key && target.platform != Platform::Threads {
        found.push(violation(DraftField::Agent, "the console holds no key for this agent"));
    }
    found
}

fn violation(field: DraftField, message: impl std::fmt::Display) -> DraftViolation {
    DraftViolation { field, message: message.to_string().trim_end_matches('.').to_owned() }
}

fn clawgram_violations(draft: DraftFacts<'_>, target: TargetFacts) -> Vec<DraftViolation> {
    use clawgram::rules::{self, Field};
    let mut found: Vec<DraftViolation> = [
        rules::caption(draft.text).err(),
        rules::hashtags(draft.hashtags).err(),
        draft.alt_text.and_then(|alt| rules::alt_text(alt).err()),
        rules::image_count(draft.images.len()).err(),
    ]
    .into_iter()
    .flatten()
    .map(|broken| {
        let field = match broken.field() {
            Field::Hashtags => DraftField::Hashtags,
            Field::AltText => DraftField::AltText,
            Field::Images => DraftField::Images,
            _ => DraftField::Text,
        };
        violation(field, broken)
    })
    .collect();
    if !target.has_avatar {
        found.push(violation(
            DraftField::Agent,
            "Clawgram lets an agent post only once it has an avatar; set one first",
        ));
    }
    found
}

fn clawtter_violations(draft: DraftFacts<'_>) -> Vec<DraftViolation> {
    use clawtter::rules::{check_content, IMAGES_MAX};
    let mut found: Vec<DraftViolation> =
        check_content(draft.text).err().map(|broken| violation(DraftField::Text, broken)).into_iter().collect();
    // Each image is converted to a type and size Clawtter takes when it is sent: only their number is a rule.
    if draft.images.len() > IMAGES_MAX {
        found.push(violation(
            DraftField::Images,
            format!("Clawtter takes at most {IMAGES_MAX} images (this post has {})", draft.images.len()),
        ));
    }
    found
}

fn threads_violations(draft: DraftFacts<'_>, target: TargetFacts) -> Vec<DraftViolation> {
    use threads::rules::CAROUSEL_MAX;
    let mut found: Vec<DraftViolation> =
        threads::rules::check_text(draft.text).into_iter().map(|broken| violation(DraftField::Text, broken)).collect();
    if !draft.images.is_empty() && !target.reaches_console {
        found.push(violation(
            DraftField::Images,
            "the Threads backend is not on this machine, so it cannot fetch images from the console: paste \
             public image URLs instead",
        ));
    }
    let count = draft.images.len() + draft.image_urls.len();
    if count > CAROUSEL_MAX {
        found.push(violation(
            DraftField::Images,
            format!("Threads takes at most {CAROUSEL_MAX} images (this post has {count})"),
        ));
    }
    found.extend(draft.image_urls.iter().filter(|url| !is_public_url(url)).map(|url| {
        violation(DraftField::ImageUrls, format!("{url:?} is not an http(s) address the backend can fetch"))
    }));
    found
}

/// An absolute http(s) URL with a host: what a backend can fetch.
#[cfg(not(target_family = "wasm"))]
fn is_public_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
}

/// In the browser its own URL parser (WHATWG's, as the url crate's) decides: the url crate and its IDNA tables
/// would add ~70 KB gzip to the wasm. Chromium takes a host with a space in it, percent-encoded, where the standard
/// (and the url crate) refuse it: a `%` in the host is refused here too.
#[cfg(target_family = "wasm")]
fn is_public_url(url: &str) -> bool {
    web_sys::Url::new(url).is_ok_and(|url| {
        let host = url.hostname();
        matches!(url.protocol().as_str(), "http:" | "https:") && !host.is_empty() && !host.contains('%')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft<'a>(text: &'a str, hashtags: &'a [String], images: &'a [ImageFacts]) -> DraftFacts<'a> {
        DraftFacts { text, hashtags, alt_text: None, images, image_urls: &[] }
    }

    const POSTING: TargetFacts =
        TargetFacts { platform: Platform::Clawgram, has_avatar: true, has_key: true, reaches_console: true };

    fn png() -> ImageFacts {
        ImageFacts { content_type: "image/png".into(), byte_size: 1000 }
    }

    #[test]
    fn a_clawgram_caption_too_long_and_a_post_without_images_are_named_on_their_fields() {
        let long = "a".repeat(281);
        let found = violations(draft(&long, &[], &[]), POSTING);
        let fields: Vec<DraftField> = found.iter().map(|v| v.field).collect();
        assert_eq!(fields, [DraftField::Text, DraftField::Images], "{found:?}");
        assert!(found[0].message.contains("at most 280"), "{}", found[0].message);
        assert!(violations(draft("fine", &[], &[png()]), POSTING).is_empty());
    }

    #[test]
    fn a_clawgram_agent_without_an_avatar_or_key_is_named_as_the_agent() {
        let target = TargetFacts { has_avatar: false, has_key: false, ..POSTING };
        let found = violations(draft("fine", &[], &[png()]), target);
        assert_eq!(found.iter().map(|v| v.field).collect::<Vec<_>>(), [DraftField::Agent, DraftField::Agent]);
    }

    #[test]
    fn the_same_draft_passes_one_platform_and_breaks_another() {
        let text = "x".repeat(600);
        let clawtter = TargetFacts { platform: Platform::Clawtter, ..POSTING };
        let threads = TargetFacts { platform: Platform::Threads, has_key: false, ..POSTING };
        assert!(violations(draft(&text, &[], &[]), clawtter).is_empty());
        let found = violations(draft(&text, &[], &[]), threads);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("500"), "{}", found[0].message);
        // A large image is converted for Clawtter when sent; five are more than it takes.
        let gif = ImageFacts { content_type: "image/gif".into(), byte_size: 3_000_000 };
        assert!(violations(draft("short", &[], std::slice::from_ref(&gif)), clawtter).is_empty());
        let found = violations(draft("short", &[], &vec![gif; 5]), clawtter);
        assert_eq!(found[0].field, DraftField::Images);
        assert!(found[0].message.contains("at most 4 images"), "{}", found[0].message);
    }

    #[test]
    fn a_threads_backend_elsewhere_needs_pasted_public_urls_for_its_images() {
        let nearby = TargetFacts { platform: Platform::Threads, has_key: false, ..POSTING };
        let remote = TargetFacts { reaches_console: false, ..nearby };
        assert!(violations(draft("gallery", &[], &[png()]), nearby).is_empty());
        let found = violations(draft("gallery", &[], &[png()]), remote);
        assert_eq!(found.iter().map(|v| v.field).collect::<Vec<_>>(), [DraftField::Images]);
        assert!(found[0].message.contains("paste public image URLs"), "{}", found[0].message);

        // A space in the host is refused too (the browser's own check refuses it as well: `is_public_url`).
        let pasted =
            ["https://cdn.example.com/a.jpg", "ftp://files.example.com/b.png", "https://cdn example.com/c.png"]
                .map(str::to_owned);
        let facts = DraftFacts { image_urls: &pasted, ..draft("gallery", &[], &[]) };
        let found = violations(facts, remote);
        assert_eq!(found.iter().map(|v| v.field).collect::<Vec<_>>(), [DraftField::ImageUrls, DraftField::ImageUrls]);
        assert!(found[0].message.contains("ftp://files.example.com/b.png"), "{}", found[0].message);
        assert!(found[1].message.contains("https://cdn example.com/c.png"), "{}", found[1].message);
    }
}
