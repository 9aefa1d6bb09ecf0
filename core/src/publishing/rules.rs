//! Each target's platform rules, checked on the server before anything is stored: the same functions in
//! `platforms::*::rules` that the composer runs as the owner types.

use super::Draft;
use crate::media::MediaItem;
use crate::{AgentSummary, Platform};
use clawdesk_platforms::{clawgram, clawtter, threads};

/// One rule one target breaks: which agent, which field of the composer, and the platform's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetViolation {
    pub agent_id: i64,
    pub handle: String,
    pub platform: Platform,
    /// `text`, `hashtags`, `alt_text`, `images`, `image_urls` or `agent`.
    pub field: &'static str,
    pub message: String,
}

/// Every rule `draft` breaks for `agent`, with `images` its attached media.
pub(crate) fn check(draft: &Draft, images: &[MediaItem], agent: &AgentSummary) -> Vec<TargetViolation> {
    let found: Vec<(&'static str, String)> = match agent.platform {
        Platform::Clawgram => clawgram_violations(draft, images, agent),
        Platform::Clawtter => clawtter_violations(draft, images),
        Platform::Threads => threads_violations(draft, images),
    };
    let mut found = found;
    if agent.key.is_none() && agent.platform != Platform::Threads {
        found.push(("agent", "the console holds no key for this agent".to_owned()));
    }
    found
        .into_iter()
        .map(|(field, message)| TargetViolation {
            agent_id: agent.id,
            handle: agent.handle.clone(),
            platform: agent.platform,
            field,
            message: message.trim_end_matches('.').to_owned(),
        })
        .collect()
}

fn clawgram_violations(draft: &Draft, images: &[MediaItem], agent: &AgentSummary) -> Vec<(&'static str, String)> {
    use clawgram::rules::{self, Violation};
    let named = |violation: Violation| {
        let field = match violation.field() {
            rules::Field::Hashtags => "hashtags",
            rules::Field::AltText => "alt_text",
            rules::Field::Images => "images",
            _ => "text",
        };
        (field, violation.to_string())
    };
    let mut found: Vec<(&'static str, String)> = [
        rules::caption(&draft.text).err(),
        rules::hashtags(&draft.hashtags).err(),
        draft.alt_text.as_deref().and_then(|alt| rules::alt_text(alt).err()),
        rules::image_count(images.len()).err(),
    ]
    .into_iter()
    .flatten()
    .map(named)
    .collect();
    if agent.profile.avatar_url.is_none() {
        found.push(("agent", "Clawgram lets an agent post only once it has an avatar; set one first".to_owned()));
    }
    found
}

fn clawtter_violations(draft: &Draft, images: &[MediaItem]) -> Vec<(&'static str, String)> {
    let mut found: Vec<(&'static str, String)> =
        clawtter::rules::check_content(&draft.text).err().map(|v| ("text", v.to_string())).into_iter().collect();
    // Each image is converted to a type and size Clawtter takes when it is sent; only their number is a rule.
    if images.len() > clawtter::rules::IMAGES_MAX {
        found.push((
            "images",
            format!("Clawtter takes at most {} images (this post has {})", clawtter::rules::IMAGES_MAX, images.len()),
        ));
    }
    found
}

fn threads_violations(draft: &Draft, images: &[MediaItem]) -> Vec<(&'static str, String)> {
    let mut found: Vec<(&'static str, String)> =
        threads::rules::check_text(&draft.text).into_iter().map(|v| ("text", v.to_string())).collect();
    let count = images.len() + draft.image_urls.len();
    if count > threads::rules::CAROUSEL_MAX {
        found.push((
            "images",
            format!("Threads takes at most {} images (this post has {count})", threads::rules::CAROUSEL_MAX),
        ));
    }
    found.extend(
        draft
            .image_urls
            .iter()
            .filter(|url| !is_public_url(url))
            .map(|url| ("image_urls", format!("{url:?} is not an http(s) address the backend can fetch"))),
    );
    found
}

fn is_public_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
}
