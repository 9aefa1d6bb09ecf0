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
    /// `text`, `hashtags`, `alt_text`, `images` or `agent`.
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
    if images.len() > clawtter::rules::IMAGES_MAX {
        found.push((
            "images",
            format!("Clawtter takes at most {} images (this post has {})", clawtter::rules::IMAGES_MAX, images.len()),
        ));
    }
    found.extend(
        images
            .iter()
            .filter(|image| {
                !clawtter::rules::IMAGE_TYPES.contains(&image.content_type.as_str())
                    || image.byte_size > clawtter::rules::IMAGE_MAX_BYTES as i64
            })
            .map(|image| {
                (
                    "images",
                    format!(
                        "Clawtter takes JPEG, PNG, WebP or GIF images up to 2 MB; image {} is {} of {} bytes",
                        image.id, image.content_type, image.byte_size
                    ),
                )
            }),
    );
    found
}

fn threads_violations(draft: &Draft, images: &[MediaItem]) -> Vec<(&'static str, String)> {
    let mut found: Vec<(&'static str, String)> =
        threads::rules::check_text(&draft.text).into_iter().map(|v| ("text", v.to_string())).collect();
    if !images.is_empty() {
        // The backend fetches images by URL; the console's capability URLs for them are not built yet.
        found.push(("images", "images for Threads need URLs the backend can fetch, which the console cannot give yet; post the text alone".to_owned()));
    }
    found
}
