//! Clawgram's rules: limits at their boundaries, lengths in code points (a comment's in UTF-16 code units),
//! hashtag and name normalisation, claim tokens from a raw token or a whole link.

use clawdesk_platforms::clawgram::rules::{self, Field, ImageType, Violation};
use clawdesk_platforms::clawgram::ReportReason;
use proptest::prelude::*;

/// Any character but whitespace, so that trimming leaves the length alone.
fn visible() -> impl Strategy<Value = char> {
    any::<char>().prop_filter("not whitespace", |c| !c.is_whitespace())
}

fn text_of(range: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(visible(), range).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn captions_count_code_points_up_to_280(caption in text_of(1..=300)) {
        let length = caption.chars().count();
        match rules::caption(&caption) {
            Ok(stored) => prop_assert!(length <= 280 && stored.as_deref() == Some(caption.as_str())),
            Err(violation) => {
                prop_assert!(length > 280);
                prop_assert_eq!(violation, Violation::TooLong { field: Field::Caption, max: 280, actual: length });
            }
        }
    }

    #[test]
    fn comments_are_trimmed_and_take_1_to_140_utf16_code_units(
        comment in text_of(0..=160),
        padding in "[ \t\n]{0,3}",
    ) {
        let padded = format!("{padding}{comment}{padding}");
        let length = comment.encode_utf16().count();
        match rules::comment(&padded) {
            Ok(stored) => prop_assert!((1..=140).contains(&length) && stored == comment),
            Err(Violation::Empty { .. }) => prop_assert_eq!(length, 0),
            Err(violation) => prop_assert_eq!(
                violation,
                Violation::TooLongUtf16 { field: Field::Comment, max: 140, actual: length }
            ),
        }
    }

    #[test]
    fn a_comment_of_characters_outside_the_bmp_takes_at_most_70_of_them(count in 60usize..=80, emoji in "[🦀😀🐙🌊]") {
        let comment = emoji.repeat(count);
        prop_assert_eq!(rules::comment(&comment).is_ok(), count <= 70, "{} code points, {} UTF-16 units", count, count * 2);
    }

    #[test]
    fn hashtags_are_kept_once_in_their_first_order(tags in proptest::collection::vec("[a-zA-Z]{1,3}", 0..=5)) {
        let stored = rules::hashtags(&tags).unwrap();
        let mut expected: Vec<String> = Vec::new();
        for tag in &tags {
            if !expected.contains(&tag.to_lowercase()) {
                expected.push(tag.to_lowercase());
            }
        }
        prop_assert_eq!(stored, expected);
    }

    #[test]
    fn search_limits_are_brought_into_1_to_60(limit in any::<u32>()) {
        let sent = rules::search_limit(limit);
        prop_assert!((1..=rules::SEARCH_LIMIT_MAX).contains(&sent));
        prop_assert_eq!(sent == limit, (1..=60).contains(&limit));
    }

    #[test]
    fn hashtags_are_trimmed_and_lowercased_and_never_keep_a_hash(tag in "[A-Za-z0-9_]{1,30}", pad in " {0,2}") {
        let stored = rules::hashtag(&format!("{pad}{tag}{pad}")).unwrap();
        prop_assert_eq!(&stored, &tag.to_lowercase());
        let hashed = rules::hashtag(&format!("#{tag}")).unwrap_err();
        prop_assert_eq!(hashed.hint(), Some("Drop the #: Clawgram adds it."));
    }

    #[test]
    fn hashtags_longer_than_30_are_refused(tag in "[a-z0-9_]{31,40}") {
        prop_assert!(rules::hashtag(&tag).is_err());
    }

    #[test]
    fn a_post_takes_at_most_five_hashtags(count in 0usize..10) {
        let tags: Vec<String> = (0..count).map(|n| format!("tag{n}")).collect();
        prop_assert_eq!(rules::hashtags(&tags).is_ok(), count <= 5);
    }

    #[test]
    fn names_of_3_to_20_allowed_characters_pass_in_lower_case(name in "[A-Za-z0-9_-]{3,20}") {
        let stored = name.to_lowercase();
        prop_assume!(!rules::RESERVED_NAMES.contains(&stored.as_str()));
        prop_assert_eq!(rules::agent_name(&name).unwrap(), stored);
    }

    #[test]
    fn names_outside_3_to_20_are_refused(name in "[a-z]{0,2}|[a-z]{21,30}") {
        prop_assert!(rules::agent_name(&name).is_err());
    }

    #[test]
    fn bios_and_alt_texts_count_code_points(bio in text_of(150..=170), alt in text_of(1990..=2010)) {
        prop_assert_eq!(rules::bio(&bio).is_ok(), bio.chars().count() <= 160);
        prop_assert_eq!(rules::alt_text(&alt).is_ok(), alt.chars().count() <= 2000);
    }

    #[test]
    fn image_sizes_are_1_byte_to_10_mib(size in 0u64..=(rules::IMAGE_BYTES_MAX + 10)) {
        prop_assert_eq!(rules::image_size(size).is_ok(), (1..=rules::IMAGE_BYTES_MAX).contains(&size));
    }
}

#[test]
fn names_fold_under_nfkc_and_reserved_names_are_refused() {
    assert_eq!(rules::agent_name("Ｃｒａｂ").unwrap(), "crab");
    assert_eq!(rules::agent_name("ＡＤＭＩＮ").unwrap_err(), Violation::ReservedName("admin".into()));
    assert_eq!(rules::agent_name("crab bot").unwrap_err(), Violation::NameCharacters);
    assert_eq!(rules::agent_name("crabé").unwrap_err(), Violation::NameCharacters);
}

#[test]
fn multibyte_text_is_measured_in_characters_not_bytes_and_comments_in_utf16_code_units() {
    let accents = "é".repeat(140);
    assert_eq!(accents.len(), 280);
    assert!(rules::comment(&accents).is_ok(), "é is one UTF-16 code unit");
    let emoji = "🦀".repeat(70);
    assert!(rules::comment(&emoji).is_ok());
    assert_eq!(
        rules::comment(&format!("{emoji}🦀")).unwrap_err(),
        Violation::TooLongUtf16 { field: Field::Comment, max: 140, actual: 142 }
    );
    assert!(rules::caption(&"🦀".repeat(280)).is_ok(), "captions count code points");
    assert!(rules::description(&"é".repeat(160)).is_ok());
    assert!(rules::description(&"é".repeat(161)).is_err());
    assert_eq!(rules::description("  ").unwrap_err().field(), Field::Description);
}

#[test]
fn an_empty_caption_is_no_caption() {
    assert_eq!(rules::caption("   ").unwrap(), None);
    assert_eq!(rules::caption("  hi ").unwrap().as_deref(), Some("hi"));
}

#[test]
fn websites_must_be_https() {
    assert!(rules::website_url("https://crab.example").is_ok());
    for refused in ["http://crab.example", "https://", "crab.example", "https://a\nb"] {
        assert_eq!(rules::website_url(refused).unwrap_err(), Violation::NotHttps, "{refused:?}");
    }
    let long = format!("https://{}", "a".repeat(2041));
    assert!(rules::website_url(&long).is_err());
    assert!(rules::website_url(&long[..2048]).is_ok());
}

#[test]
fn images_are_one_to_ten_of_png_jpeg_or_webp() {
    assert!(rules::image_count(0).is_err() && rules::image_count(1).is_ok());
    assert!(rules::image_count(10).is_ok() && rules::image_count(11).is_err());
    assert_eq!(rules::image_type("image/jpeg").unwrap(), ImageType::Jpeg);
    assert_eq!(rules::image_type("image/gif").unwrap_err(), Violation::ImageType("image/gif".into()));
    assert_eq!(ImageType::sniff(b"\x89PNG\r\n\x1a\nrest"), Some(ImageType::Png));
    assert_eq!(ImageType::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageType::Webp));
    assert_eq!(ImageType::sniff(b"GIF89a"), None);
}

#[test]
fn report_reasons_and_details() {
    assert_eq!(rules::report_reason("self_harm").unwrap(), ReportReason::SelfHarm);
    assert!(rules::report_reason("boring").is_err());
    assert!(rules::report_details(&"x".repeat(1000)).is_ok());
    assert!(rules::report_details(&"x".repeat(1001)).is_err());
}

#[test]
fn emails_are_checked_loosely_but_bounded() {
    assert_eq!(rules::email(" me@example.com ").unwrap(), "me@example.com");
    for refused in ["me", "@example.com", "me@", "a b@example.com", "a@b@c"] {
        assert!(rules::email(refused).is_err(), "{refused}");
    }
    let long = format!("{}@example.com", "a".repeat(320));
    assert!(matches!(rules::email(&long), Err(Violation::TooLong { max: 320, .. })));
}

#[test]
fn claim_tokens_come_from_a_raw_token_or_a_whole_link() {
    let token = "claw_owner_email_AbC-123_x";
    assert_eq!(rules::claim_token(&format!("  {token}\n")).unwrap(), token);
    assert_eq!(rules::claim_token(&format!("https://clawgram.org/claim?token={token}")).unwrap(), token);
    assert_eq!(rules::claim_token(&format!("https://www.clawgram.org/claim/?token={token}&x=1")).unwrap(), token);
    for refused in [
        "claw_owner_email_",
        "claw_owner_sess_abc",
        "https://evil.example/claim?token=claw_owner_email_abc",
        "http://clawgram.org/claim?token=claw_owner_email_abc",
        "https://clawgram.org/claim",
        "claw_owner_email_has space",
    ] {
        assert_eq!(rules::claim_token(refused).unwrap_err(), Violation::NotAClaimToken, "{refused}");
    }
}
