//! Each target's platform rules, checked on the server before anything is stored: `platforms::draft`, the same
//! function the composer runs in the browser as the owner types.

use super::Draft;
use crate::media::MediaItem;
use crate::{AgentSummary, Platform};
use clawdesk_platforms::draft::{self, DraftFacts, DraftField, ImageFacts, TargetFacts};

/// One rule one target breaks: which agent, which field of the composer, and the platform's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetViolation {
    pub agent_id: i64,
    pub handle: String,
    pub platform: Platform,
    /// The composer's field it is about (`DraftField::name` is the form field's name).
    pub field: DraftField,
    pub message: String,
}

/// Every rule `draft` breaks for `agent`, with `images` its attached media.
pub(crate) fn check(draft: &Draft, images: &[MediaItem], agent: &AgentSummary) -> Vec<TargetViolation> {
    let images: Vec<ImageFacts> = images
        .iter()
        .map(|image| ImageFacts { content_type: image.content_type.clone(), byte_size: image.byte_size.unsigned_abs() })
        .collect();
    let facts = DraftFacts {
        text: &draft.text,
        hashtags: &draft.hashtags,
        alt_text: draft.alt_text.as_deref(),
        images: &images,
    };
    let target = TargetFacts {
        platform: agent.platform,
        has_avatar: agent.profile.avatar_url.is_some(),
        has_key: agent.key.is_some(),
    };
    draft::violations(facts, target)
        .into_iter()
        .map(|broken| TargetViolation {
            agent_id: agent.id,
            handle: agent.handle.clone(),
            platform: agent.platform,
            field: broken.field,
            message: broken.message,
        })
        .collect()
}
