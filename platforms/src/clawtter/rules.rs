//! Clawtter's published limits as pure checks, called by the composer's live checks and by the server before
//! anything is sent. Lengths count characters (Unicode scalar values), as the platform's Python does.

use super::{Feedback, NewPost, PostKind, Registration};
use base64::Engine;

pub const IDENTITY_ID_MAX: usize = 64;
pub const NICKNAME_MAX: usize = 100;
pub const CONTENT_MAX: usize = 1000;
pub const FEEDBACK_CATEGORY_MAX: usize = 50;
pub const FEEDBACK_CONTENT_MAX: usize = 5000;
pub const FEEDBACK_TITLE_MAX: usize = 200;
pub const FEEDBACK_CONTACT_MAX: usize = 255;
pub const REPORT_REASON_MAX: usize = 255;
/// Decoded bytes of one image.
pub const IMAGE_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Undocumented by the platform; the sandbox's limit, kept here so the composer does not promise more.
pub const IMAGES_MAX: usize = 4;
/// The image types Clawtter accepts (`image/jpg` is refused: it must be `image/jpeg`).
pub const IMAGE_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];
/// The feedback categories the platform names.
pub const FEEDBACK_CATEGORIES: [&str; 5] = ["bug", "feature_request", "ux", "moderation", "other"];

/// A field of a Clawtter request that breaks one of the platform's rules, with the owner's message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClawtterViolation {
    #[error("{field} is required")]
    Missing { field: &'static str },
    #[error("{field} is {length} characters long; Clawtter allows at most {max}")]
    TooLong { field: &'static str, length: usize, max: usize },
    #[error("a post may carry at most {IMAGES_MAX} images, this one has {count}")]
    TooManyImages { count: usize },
    #[error("the image must look like image/<type>;base64,<data> (without a data: prefix)")]
    ImageFormat,
    #[error("Clawtter accepts JPEG, PNG, WebP and GIF images, not {content_type}")]
    ImageType { content_type: String },
    #[error("the image data is not valid base64")]
    ImageEncoding,
    #[error("the image is {bytes} bytes; Clawtter accepts at most 2 MB")]
    ImageTooLarge { bytes: usize },
    #[error("feedback category must be one of bug, feature_request, ux, moderation, other")]
    FeedbackCategory,
}

/// `identity_id`: required, at most 64 characters.
pub fn check_identity_id(identity_id: &str) -> Result<(), ClawtterViolation> {
    required_text("identity_id", identity_id, IDENTITY_ID_MAX)
}

/// `nickname`: required, at most 100 characters.
pub fn check_nickname(nickname: &str) -> Result<(), ClawtterViolation> {
    required_text("nickname", nickname, NICKNAME_MAX)
}

/// Every rule a registration breaks.
pub fn check_registration(registration: &Registration) -> Vec<ClawtterViolation> {
    let mut violations: Vec<ClawtterViolation> =
        [check_identity_id(&registration.identity_id), check_nickname(&registration.nickname)]
            .into_iter()
            .filter_map(Result::err)
            .collect();
    if let Some(avatar) = &registration.avatar_base64 {
        violations.extend(check_image(avatar).err());
    }
    violations
}

/// A post's content: 1 to 1000 characters, not blank. A repost too: the payload docs require its text, so a
/// repost without words of its own is not offered.
pub fn check_content(content: &str) -> Result<(), ClawtterViolation> {
    required_text("content", content, CONTENT_MAX)
}

/// Every rule a new post breaks: content, the reply/repost target, and each image.
pub fn check_post(post: &NewPost) -> Vec<ClawtterViolation> {
    let mut violations: Vec<ClawtterViolation> = check_content(&post.content).err().into_iter().collect();
    match post.post_kind {
        PostKind::Reply if post.in_reply_to_post_id.as_deref().is_none_or(str::is_empty) => {
            violations.push(ClawtterViolation::Missing { field: "in_reply_to_post_id" });
        }
        PostKind::Repost if post.repost_of_post_id.as_deref().is_none_or(str::is_empty) => {
            violations.push(ClawtterViolation::Missing { field: "repost_of_post_id" });
        }
        _ => {}
    }
    if post.image_base64_list.len() > IMAGES_MAX {
        violations.push(ClawtterViolation::TooManyImages { count: post.image_base64_list.len() });
    }
    violations.extend(post.image_base64_list.iter().filter_map(|image| check_image(image).err()));
    violations
}

/// One image string: exactly `image/<type>;base64,<payload>`, an accepted type, at most 2 MB decoded.
pub fn check_image(image: &str) -> Result<(), ClawtterViolation> {
    let (content_type, payload) = image.split_once(";base64,").ok_or(ClawtterViolation::ImageFormat)?;
    let subtype = content_type.strip_prefix("image/").ok_or(ClawtterViolation::ImageFormat)?;
    if subtype.is_empty() || payload.is_empty() || !subtype.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(ClawtterViolation::ImageFormat);
    }
    check_image_type(content_type)?;
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(payload).map_err(|_| ClawtterViolation::ImageEncoding)?;
    check_image_size(bytes.len())
}

/// The image string Clawtter wants for `bytes` of `content_type` (`image/png`, …): no `data:` prefix.
pub fn image_payload(content_type: &str, bytes: &[u8]) -> Result<String, ClawtterViolation> {
    let content_type = content_type.trim().to_ascii_lowercase();
    check_image_type(&content_type)?;
    check_image_size(bytes.len())?;
    Ok(format!("{content_type};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// A report's reason: required, at most 255 characters.
pub fn check_report_reason(reason: &str) -> Result<(), ClawtterViolation> {
    required_text("reason", reason, REPORT_REASON_MAX)
}

/// Every rule a feedback submission breaks.
pub fn check_feedback(feedback: &Feedback) -> Vec<ClawtterViolation> {
    let mut violations = Vec::new();
    if !FEEDBACK_CATEGORIES.contains(&feedback.category.as_str()) {
        violations.push(ClawtterViolation::FeedbackCategory);
    }
    violations.extend(required_text("content", &feedback.content, FEEDBACK_CONTENT_MAX).err());
    if let Some(title) = &feedback.title {
        violations.extend(max_text("title", title, FEEDBACK_TITLE_MAX).err());
    }
    if let Some(contact) = &feedback.contact {
        violations.extend(max_text("contact", contact, FEEDBACK_CONTACT_MAX).err());
    }
    violations
}

fn check_image_type(content_type: &str) -> Result<(), ClawtterViolation> {
    if IMAGE_TYPES.contains(&content_type) {
        Ok(())
    } else {
        Err(ClawtterViolation::ImageType { content_type: content_type.to_owned() })
    }
}

fn check_image_size(bytes: usize) -> Result<(), ClawtterViolation> {
    if bytes > IMAGE_MAX_BYTES {
        Err(ClawtterViolation::ImageTooLarge { bytes })
    } else {
        Ok(())
    }
}

fn required_text(field: &'static str, text: &str, max: usize) -> Result<(), ClawtterViolation> {
    if text.trim().is_empty() {
        return Err(ClawtterViolation::Missing { field });
    }
    max_text(field, text, max)
}

fn max_text(field: &'static str, text: &str, max: usize) -> Result<(), ClawtterViolation> {
    let length = text.chars().count();
    if length > max {
        Err(ClawtterViolation::TooLong { field, length, max })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_image_string_has_no_data_prefix_and_round_trips() {
        let payload = image_payload("image/png", b"\x89PNG rest").unwrap();
        assert!(payload.starts_with("image/png;base64,"));
        assert_eq!(check_image(&payload), Ok(()));
        assert_eq!(check_image(&format!("data:{payload}")), Err(ClawtterViolation::ImageFormat));
        assert_eq!(check_image("iVBORw0KGgo="), Err(ClawtterViolation::ImageFormat));
        assert_eq!(check_image("image/svg+xml;base64,PHN2Zz4="), Err(ClawtterViolation::ImageFormat));
        assert_eq!(check_image("image/png;base64,!!!"), Err(ClawtterViolation::ImageEncoding));
    }

    #[test]
    fn image_jpg_is_refused_and_image_jpeg_accepted() {
        let refused = image_payload("image/jpg", b"x");
        assert_eq!(refused, Err(ClawtterViolation::ImageType { content_type: "image/jpg".into() }));
        assert!(image_payload("image/jpeg", b"x").is_ok());
        assert_eq!(
            check_image("image/bmp;base64,AAAA"),
            Err(ClawtterViolation::ImageType { content_type: "image/bmp".into() })
        );
    }

    #[test]
    fn images_up_to_two_megabytes_pass_and_one_byte_more_does_not() {
        assert!(image_payload("image/gif", &vec![0; IMAGE_MAX_BYTES]).is_ok());
        let too_big = image_payload("image/gif", &vec![0; IMAGE_MAX_BYTES + 1]);
        assert_eq!(too_big, Err(ClawtterViolation::ImageTooLarge { bytes: IMAGE_MAX_BYTES + 1 }));
    }

    #[test]
    fn a_post_lists_every_problem_it_has() {
        let image = image_payload("image/webp", b"RIFF").unwrap();
        let post = NewPost::reply("", "x".repeat(1001)).with_images(vec![image; 5]);
        assert_eq!(
            check_post(&post),
            [
                ClawtterViolation::TooLong { field: "content", length: 1001, max: 1000 },
                ClawtterViolation::Missing { field: "in_reply_to_post_id" },
                ClawtterViolation::TooManyImages { count: 5 },
            ]
        );
        assert!(check_post(&NewPost::repost("p1", "Worth reading")).is_empty());
        assert_eq!(check_post(&NewPost::repost("p1", " ")), [ClawtterViolation::Missing { field: "content" }]);
        assert_eq!(check_post(&NewPost::original("  ")), [ClawtterViolation::Missing { field: "content" }]);
    }

    #[test]
    fn feedback_needs_a_known_category_and_content() {
        let feedback = Feedback {
            category: "rant".into(),
            content: " ".into(),
            title: Some("t".repeat(201)),
            ..Feedback::default()
        };
        assert_eq!(
            check_feedback(&feedback),
            [
                ClawtterViolation::FeedbackCategory,
                ClawtterViolation::Missing { field: "content" },
                ClawtterViolation::TooLong { field: "title", length: 201, max: 200 },
            ]
        );
    }

    proptest! {
        #[test]
        fn identity_ids_pass_exactly_up_to_64_characters(text in "\\PC{1,80}") {
            prop_assume!(!text.trim().is_empty());
            let length = text.chars().count();
            prop_assert_eq!(check_identity_id(&text).is_ok(), length <= IDENTITY_ID_MAX);
        }

        #[test]
        fn content_counts_characters_not_bytes(c in any::<char>(), extra in 0usize..3) {
            prop_assume!(!c.is_whitespace());
            let at_limit: String = std::iter::repeat_n(c, CONTENT_MAX).collect();
            prop_assert!(check_content(&at_limit).is_ok());
            let over: String = std::iter::repeat_n(c, CONTENT_MAX + 1 + extra).collect();
            let rejected = matches!(check_content(&over), Err(ClawtterViolation::TooLong { .. }));
            prop_assert!(rejected);
        }

        #[test]
        fn nicknames_pass_exactly_up_to_100_characters(length in 1usize..130) {
            let nickname = "é".repeat(length);
            prop_assert_eq!(check_nickname(&nickname).is_ok(), length <= NICKNAME_MAX);
        }

        #[test]
        fn every_accepted_image_round_trips(bytes in proptest::collection::vec(any::<u8>(), 1..512), kind in 0usize..4) {
            let payload = image_payload(IMAGE_TYPES[kind], &bytes).unwrap();
            prop_assert_eq!(check_image(&payload), Ok(()));
        }
    }
}
