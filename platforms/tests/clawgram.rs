//! Every Clawgram client method against the sandbox, over real HTTP on 127.0.0.1.

use clawdesk_platforms::clawgram::rules;
use clawdesk_platforms::clawgram::{
    ClaimStatus, ClawgramClient, ErrorCode, LeaderboardRequest, LeaderboardStatus, NewComment, NewPost, NewReport,
    PageRequest, ProfileUpdate, ReportReason, Revalidated, SearchAllRequest, UploadRequest,
};
use clawdesk_platforms::{Platform, PlatformError};
use clawdesk_sandbox::{art, Sandbox};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

async fn start() -> (Sandbox, ClawgramClient) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = ClawgramClient::new(&sandbox.clawgram.base_url).unwrap();
    (sandbox, client)
}

fn code(error: &PlatformError) -> ErrorCode {
    ErrorCode::of(error).unwrap_or_else(|| panic!("not a platform answer: {error}"))
}

async fn agent(client: &ClawgramClient, name: &str) -> SecretString {
    client.register(name, "a test agent").await.unwrap().api_key
}

/// A registered agent with an avatar, able to post, comment, like and follow.
async fn active_agent(client: &ClawgramClient, name: &str) -> SecretString {
    let key = agent(client, name).await;
    let media = client.upload_image(&key, "me.png", "image/png", art::avatar_png(9, 32)).await.unwrap();
    client.set_avatar(&key, &media.media_id).await.unwrap();
    key
}

async fn image_post(client: &ClawgramClient, key: &SecretString, caption: &str, tags: &[&str]) -> String {
    let media = client.upload_image(key, "p.png", "image/png", art::picture_png(4, 40, 30)).await.unwrap();
    let post = NewPost {
        images: vec![clawdesk_platforms::clawgram::MediaRef { media_id: media.media_id }],
        caption: rules::caption(caption).unwrap(),
        hashtags: rules::hashtags(tags).unwrap(),
        ..NewPost::default()
    };
    client.create_post(key, &post).await.unwrap().id
}

/// The newest email the sandbox sent to `to`, as the owner would read it.
async fn claim_link(sandbox: &Sandbox, to: &str) -> String {
    let origin = sandbox.clawgram.base_url.trim_end_matches("/api/v1");
    let emails: serde_json::Value = reqwest::Client::new()
        .get(format!("{origin}/_sandbox/mailbox.json"))
        .query(&[("to", to)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    emails[0]["link"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn health_answers() {
    let (sandbox, client) = start().await;
    client.health().await.unwrap();
    let elsewhere = ClawgramClient::new(&sandbox.clawtter.base_url).unwrap();
    assert!(elsewhere.health().await.is_err(), "another platform's answer is not Clawgram's health");
}

#[tokio::test]
async fn registering_gives_a_secret_key_that_reads_the_agent() {
    let (_sandbox, client) = start().await;
    let registration = client.register("Client_Crab", "registered by the client").await.unwrap();
    assert!(registration.api_key.expose_secret().starts_with("claw_test_"));
    assert!(!format!("{registration:?}").contains(registration.api_key.expose_secret()), "Debug hides the key");
    assert!(registration.verification_code.starts_with("crab-"));
    let key = registration.api_key;
    assert_eq!(client.status(&key).await.unwrap(), ClaimStatus::PendingClaim);
    let me = client.me(&key).await.unwrap();
    assert_eq!((me.name.as_str(), me.claimed, me.follower_count), ("client_crab", false, 0));
    assert_eq!(client.profile("client_crab").await.unwrap().id, me.id);

    let update = ProfileUpdate { bio: Some("I post skies".into()), website_url: None };
    assert_eq!(client.update_me(&key, &update).await.unwrap().bio.as_deref(), Some("I post skies"));
    let website = ProfileUpdate { website_url: Some("https://crab.example".into()), ..ProfileUpdate::default() };
    assert_eq!(code(&client.update_me(&key, &website).await.unwrap_err()), ErrorCode::Forbidden);

    let taken = client.register("client_crab", "again").await.unwrap_err();
    let api = taken.api().unwrap();
    assert_eq!((api.status, api.platform, api.hint.as_deref()), (409, Platform::Clawgram, Some("Choose another name")));
    assert!(api.request_id.as_deref().is_some_and(|id| id.starts_with("req-")));
}

#[tokio::test]
async fn a_wrong_key_is_an_invalid_api_key_error_with_the_platforms_words() {
    let (_sandbox, client) = start().await;
    let error = client.me(&SecretString::from("claw_test_wrong")).await.unwrap_err();
    assert_eq!(code(&error), ErrorCode::InvalidApiKey);
    let api = error.api().unwrap();
    assert_eq!(api.status, 401);
    assert!(!api.message.is_empty() && api.hint.is_some());
}

#[tokio::test]
async fn images_upload_in_three_steps_and_become_the_avatar() {
    let (_sandbox, client) = start().await;
    let key = agent(&client, "uploader").await;
    let png = art::avatar_png(5, 24);
    let request = UploadRequest {
        filename: "avatar.png".into(),
        content_type: "image/png".into(),
        size_bytes: png.len() as u64,
        checksum: None,
    };
    let ticket = client.create_upload(&key, &request).await.unwrap();
    assert_eq!(format!("{:?}", ticket.upload_url), "UploadUrl([REDACTED])");
    assert!(!format!("{ticket:?}").contains(ticket.upload_url.expose()), "the capability never shows in Debug");
    let put = client.put_upload(&ticket, png.clone()).await.unwrap();
    assert!(put.uploaded);
    let media = client.complete_upload(&key, &ticket.upload_id).await.unwrap();
    assert_eq!(client.complete_upload(&key, &ticket.upload_id).await.unwrap(), media, "completion is idempotent");

    let profile = client.set_avatar(&key, &media.media_id).await.unwrap();
    let served = reqwest::get(profile.avatar_url.unwrap()).await.unwrap().bytes().await.unwrap();
    assert_eq!(served.to_vec(), png);
    assert_eq!(client.delete_avatar(&key).await.unwrap().avatar_url, None);

    let request = UploadRequest {
        filename: "early.png".into(),
        content_type: "image/png".into(),
        size_bytes: 10,
        checksum: None,
    };
    let empty = client.create_upload(&key, &request).await.unwrap();
    let early = client.complete_upload(&key, &empty.upload_id).await.unwrap_err();
    assert_eq!(code(&early), ErrorCode::UnsupportedMediaType, "completing before the bytes arrive");

    let gif = client.upload_image(&key, "a.gif", "image/gif", b"GIF89a....".to_vec()).await.unwrap_err();
    assert_eq!(code(&gif), ErrorCode::UnsupportedMediaType);
    let fake = client.upload_image(&key, "fake.png", "image/png", b"not a png at all".to_vec()).await.unwrap_err();
    assert_eq!(code(&fake), ErrorCode::UnsupportedMediaType, "magic bytes are checked at completion");
}

#[tokio::test]
async fn posting_needs_an_avatar_and_posts_can_be_read_liked_reported_and_deleted() {
    let (_sandbox, client) = start().await;
    let bare = agent(&client, "bare").await;
    let media = client.upload_image(&bare, "p.png", "image/png", art::picture_png(1, 20, 20)).await.unwrap();
    let draft = NewPost {
        images: vec![clawdesk_platforms::clawgram::MediaRef { media_id: media.media_id }],
        ..NewPost::default()
    };
    assert_eq!(code(&client.create_post(&bare, &draft).await.unwrap_err()), ErrorCode::AvatarRequired);

    let author = active_agent(&client, "painter").await;
    let fan = active_agent(&client, "fan").await;
    let id = image_post(&client, &author, "  Evening sky  ", &["Sunset", "sky", "SUNSET"]).await;
    let post = client.post(&id).await.unwrap();
    assert_eq!(post.caption.as_deref(), Some("Evening sky"));
    assert_eq!(post.hashtags, ["sunset", "sky"], "each hashtag once, as the platform keeps them");
    assert_eq!((post.images[0].width, post.images[0].height), (0, 0), "uploaded media report no size");
    assert_eq!(post.author.name, "painter");

    assert!(client.like(&fan, &id).await.unwrap());
    assert!(client.like(&fan, &id).await.unwrap());
    assert_eq!(client.post(&id).await.unwrap().like_count, 1);
    assert!(!client.unlike(&fan, &id).await.unwrap());

    let report = NewReport { reason: ReportReason::Spam, details: Some("same image every hour".into()) };
    let filed = client.report(&fan, &id, &report).await.unwrap();
    assert_eq!((filed.reason, filed.weight, filed.post_is_sensitive), (ReportReason::Spam, 0.25, false));
    assert_eq!(code(&client.report(&author, &id, &report).await.unwrap_err()), ErrorCode::CannotReportOwnPost);

    assert_eq!(code(&client.delete_post(&fan, &id).await.unwrap_err()), ErrorCode::Forbidden);
    assert!(client.delete_post(&author, &id).await.unwrap());
    assert_eq!(code(&client.post(&id).await.unwrap_err()), ErrorCode::NotFound);
}

#[tokio::test]
async fn comments_thread_hide_and_delete() {
    let (_sandbox, client) = start().await;
    let author = active_agent(&client, "host").await;
    let guest = active_agent(&client, "guest").await;
    let post = image_post(&client, &author, "", &[]).await;
    let lovely = NewComment { content: "Lovely".into(), parent_id: None };
    let top = client.create_comment(&guest, &post, &lovely).await.unwrap();
    let reply = NewComment { content: "Thanks!".into(), parent_id: Some(top.id.clone()) };
    let reply = client.create_comment(&author, &post, &reply).await.unwrap();
    assert_eq!((reply.depth, reply.parent_comment_id.as_deref()), (2, Some(top.id.as_str())));
    let empty = NewComment { content: " ".into(), parent_id: None };
    assert_eq!(code(&client.create_comment(&guest, &post, &empty).await.unwrap_err()), ErrorCode::CommentEmpty);

    let listed = client.comments(&post, &PageRequest::default()).await.unwrap();
    assert_eq!((listed.items.len(), listed.items[0].replies_count), (1, 1));
    let replies = client.replies(&top.id, &PageRequest::first(10)).await.unwrap();
    assert_eq!(replies.items[0].content, "Thanks!");

    assert_eq!(code(&client.hide_comment(&guest, &top.id).await.unwrap_err()), ErrorCode::Forbidden);
    assert!(client.hide_comment(&author, &top.id).await.unwrap());
    let hidden = &client.comments(&post, &PageRequest::default()).await.unwrap().items[0];
    assert!(hidden.is_hidden_by_post_owner && hidden.hidden_at.is_some());
    assert!(!client.unhide_comment(&author, &top.id).await.unwrap());
    assert!(client.delete_comment(&guest, &top.id).await.unwrap());
    let deleted = &client.comments(&post, &PageRequest::default()).await.unwrap().items[0];
    assert_eq!((deleted.content.as_str(), deleted.is_deleted), ("[deleted]", true));
}

#[tokio::test]
async fn feeds_follows_and_pages() {
    let (_sandbox, client) = start().await;
    let reader = active_agent(&client, "reader").await;
    let writer = active_agent(&client, "writer").await;
    for caption in ["one", "two", "three"] {
        image_post(&client, &writer, caption, &["daily"]).await;
    }
    assert!(client.follow(&reader, "writer").await.unwrap());
    assert_eq!(code(&client.follow(&reader, "reader").await.unwrap_err()), ErrorCode::CannotFollowSelf);
    assert_eq!(client.profile("writer").await.unwrap().follower_count, 1);

    let feed = client.feed(&reader, &PageRequest::first(2)).await.unwrap();
    assert_eq!(feed.items[0].caption.as_deref(), Some("three"));
    let next = PageRequest::after(2, &feed).expect("a second page");
    let rest = client.feed(&reader, &next).await.unwrap();
    assert_eq!((rest.items.len(), rest.has_more, rest.next_cursor.as_deref()), (1, false, None));
    assert!(!client.unfollow(&reader, "writer").await.unwrap());

    assert_eq!(client.explore(&PageRequest::default()).await.unwrap().items.len(), 3);
    assert_eq!(client.hashtag_feed("daily", &PageRequest::default()).await.unwrap().items.len(), 3);
    let posts = client.agent_posts("writer", &PageRequest::first(1)).await.unwrap();
    assert_eq!((posts.items[0].caption.as_deref(), posts.has_more), (Some("three"), true));
    let bad = PageRequest { limit: None, cursor: Some("###".into()) };
    assert_eq!(code(&client.explore(&bad).await.unwrap_err()), ErrorCode::ValidationError);
    image_post(&client, &reader, "my own", &[]).await;
    let feed = client.feed(&reader, &PageRequest::default()).await.unwrap();
    assert!(feed.items.iter().all(|post| post.author.name == "writer"), "the feed leaves out the reader's own posts");
    // Tags and names in paths are matched exactly.
    let upper = client.hashtag_feed("Daily", &PageRequest::default()).await.unwrap_err();
    assert_eq!(code(&upper), ErrorCode::ValidationError);
    assert_eq!(code(&client.profile("Writer").await.unwrap_err()), ErrorCode::NotFound);
}

#[tokio::test]
async fn an_agents_posts_are_revalidated_with_their_etag_until_a_new_post_changes_them() {
    let (_sandbox, client) = start().await;
    let writer = active_agent(&client, "etag_writer").await;
    image_post(&client, &writer, "first", &[]).await;
    let page = PageRequest::first(10);
    let Revalidated::Fresh { value, etag } = client.agent_posts_revalidated("etag_writer", &page, None).await.unwrap()
    else {
        panic!("a first read without a tag is answered in full");
    };
    assert_eq!(value.items.len(), 1);
    let etag = etag.expect("public reads carry an ETag");
    let again = client.agent_posts_revalidated("etag_writer", &page, Some(&etag)).await.unwrap();
    assert_eq!(again, Revalidated::NotModified);
    image_post(&client, &writer, "second", &[]).await;
    match client.agent_posts_revalidated("etag_writer", &page, Some(&etag)).await.unwrap() {
        Revalidated::Fresh { value, etag: newer } => {
            assert_eq!(value.items[0].caption.as_deref(), Some("second"));
            assert_ne!(newer.as_deref(), Some(etag.as_str()));
        }
        Revalidated::NotModified => panic!("a new post changes the page"),
    }
}

#[tokio::test]
async fn the_explore_summary_reads_its_rails() {
    let (_sandbox, client) = start().await;
    let key = active_agent(&client, "summarised").await;
    let id = image_post(&client, &key, "on the rail", &["rails"]).await;
    let summary = client.explore_summary().await.unwrap();
    assert_eq!(summary.posts[0].id, id);
    assert_eq!((summary.hashtags[0].tag.as_str(), summary.hashtags[0].post_count), ("rails", 1));
    assert_eq!(summary.agents[0].name, "summarised");
    assert!(summary.raw.is_object(), "the whole answer is kept");
}

#[tokio::test]
async fn comments_are_measured_in_utf16_code_units_by_the_rules_and_the_platform_alike() {
    let (_sandbox, client) = start().await;
    let key = active_agent(&client, "emoji_fan").await;
    let post = image_post(&client, &key, "", &[]).await;
    let fits = "🦀".repeat(70);
    let comment = NewComment { content: rules::comment(&fits).unwrap(), parent_id: None };
    assert_eq!(client.create_comment(&key, &post, &comment).await.unwrap().content, fits);
    let over = "🦀".repeat(71);
    let refused = rules::comment(&over).unwrap_err();
    assert!(refused.to_string().contains("140"), "{refused}");
    let unchecked = NewComment { content: over, parent_id: None };
    let answer = client.create_comment(&key, &post, &unchecked).await.unwrap_err();
    assert_eq!(code(&answer), ErrorCode::CommentTooLong, "the platform refuses what the rules refuse");
}

#[tokio::test]
async fn registration_sets_the_bio_and_a_claim_link_whose_token_is_in_its_query() {
    let (_sandbox, client) = start().await;
    let registration = client.register("described", "Paints the sea").await.unwrap();
    let link = url::Url::parse(&registration.claim_url).unwrap();
    assert_eq!((link.host_str(), link.path()), (Some("www.clawgram.org"), "/claim"));
    assert!(link.query_pairs().any(|(name, token)| name == "token" && token.starts_with("clawgram_claim_")));
    assert_eq!(client.me(&registration.api_key).await.unwrap().bio.as_deref(), Some("Paints the sea"));
}

#[tokio::test]
async fn search_by_type_and_all_buckets_with_their_own_cursors() {
    let (_sandbox, client) = start().await;
    let key = active_agent(&client, "skywatcher").await;
    image_post(&client, &key, "sky at dusk", &["skyline"]).await;
    image_post(&client, &key, "sky at dawn", &["skyline"]).await;
    let agents = client.search_agents("sky", &PageRequest::default()).await.unwrap();
    assert_eq!((agents.query.as_str(), agents.page.items[0].name.as_str()), ("sky", "skywatcher"));
    let tags = client.search_hashtags("skyl", &PageRequest::default()).await.unwrap();
    assert_eq!((tags.page.items[0].tag.as_str(), tags.page.items[0].post_count), ("skyline", 2));
    let posts = client.search_posts("dawn", &PageRequest::default()).await.unwrap();
    assert_eq!(posts.page.items.len(), 1);

    let request = SearchAllRequest { posts_limit: Some(1), ..SearchAllRequest::default() };
    let all = client.search_all("sky", &request).await.unwrap();
    assert_eq!((all.agents.items.len(), all.hashtags.items.len(), all.posts.items.len()), (1, 1, 1));
    let request = SearchAllRequest { posts_cursor: all.posts.next_cursor, ..request };
    let more = client.search_all("sky", &request).await.unwrap();
    assert_eq!((more.posts.items[0].caption.as_deref(), more.posts.has_more), (Some("sky at dusk"), false));
    assert_eq!(code(&client.search_posts("s", &PageRequest::default()).await.unwrap_err()), ErrorCode::ValidationError);

    // Lists take 100 a page, but a search 60: the client asks for no more than that.
    let wide = client.search_posts("sky", &PageRequest::first(100)).await.unwrap();
    assert_eq!(wide.page.items.len(), 2);
    let request = SearchAllRequest { posts_limit: Some(100), ..SearchAllRequest::default() };
    assert_eq!(client.search_all("sky", &request).await.unwrap().posts.items.len(), 2);
}

#[tokio::test]
async fn the_daily_leaderboard_defaults_to_yesterday_and_ranks_a_chosen_day() {
    let (sandbox, client) = start().await;
    let author = active_agent(&client, "ranked").await;
    let fan = active_agent(&client, "voter").await;
    let quiet = image_post(&client, &author, "not liked", &[]).await;
    let post = image_post(&client, &author, "rank me", &[]).await;
    client.like(&fan, &post).await.unwrap();
    let today = sandbox.clock.now().date();
    let by_default = client.daily_leaderboard(&LeaderboardRequest::default()).await.unwrap();
    assert_eq!(by_default.contest_date_utc, today.previous_day().unwrap().to_string(), "yesterday by default");
    assert!(by_default.items.is_empty());

    let request = LeaderboardRequest { date: Some(today.to_string()), limit: None };
    let board = client.daily_leaderboard(&request).await.unwrap();
    assert_eq!((board.board.as_str(), board.status), ("agent_engaged", LeaderboardStatus::Provisional));
    let day_start = today.with_time(time::Time::MIDNIGHT).assume_utc();
    assert_eq!(board.finalizes_after, Some(day_start + time::Duration::days(2)));
    let first = &board.items[0];
    assert_eq!((first.rank, first.score, first.like_count, first.post.id.as_str()), (1, 1.0, 1, post.as_str()));
    let second = &board.items[1];
    assert_eq!((second.post.id.as_str(), second.score, second.medal.as_deref()), (quiet.as_str(), 0.0, Some("silver")));
    let bad = LeaderboardRequest { date: Some("yesterday".into()), limit: None };
    assert_eq!(code(&client.daily_leaderboard(&bad).await.unwrap_err()), ErrorCode::ValidationError);
}

#[tokio::test]
async fn the_owner_claims_by_email_then_lists_and_rotates_its_agents() {
    let (sandbox, client) = start().await;
    let key = agent(&client, "claimed_one").await;
    let setup = client.setup_owner_email(&key, "me@example.com").await.unwrap();
    assert!(setup.owner_linked);
    assert!(setup.expires_at > time::OffsetDateTime::now_utc() + time::Duration::minutes(14));

    // The owner pastes the whole link from the email; the rules find the token in it.
    let token = rules::claim_token(&claim_link(&sandbox, "me@example.com").await).unwrap();
    let session = client.complete_owner_email(&SecretString::from(token.clone())).await.unwrap();
    assert_eq!((session.token_type.as_str(), session.owner.email.as_str()), ("Bearer", "me@example.com"));
    assert_eq!(client.status(&key).await.unwrap(), ClaimStatus::Claimed);
    let replay = client.complete_owner_email(&SecretString::from(token)).await.unwrap_err();
    assert_eq!(code(&replay), ErrorCode::OwnerTokenConsumed);

    let owner = client.owner_me(&session.owner_auth_token).await.unwrap();
    assert_eq!(owner, session.owner);
    let agents = client.owner_agents(&session.owner_auth_token).await.unwrap();
    assert_eq!((agents[0].name.as_str(), agents[0].claim_status), ("claimed_one", ClaimStatus::Claimed));

    let rotated = client.owner_rotate_key(&session.owner_auth_token, &agents[0].id).await.unwrap();
    assert_eq!(code(&client.me(&key).await.unwrap_err()), ErrorCode::InvalidApiKey, "the old key died at once");
    let again = client.rotate_key(&rotated.api_key).await.unwrap();
    assert_eq!(code(&client.me(&rotated.api_key).await.unwrap_err()), ErrorCode::InvalidApiKey);
    assert!(client.me(&again.api_key).await.unwrap().claimed, "rotation keeps the claim");

    let login = client.start_owner_email("me@example.com").await.unwrap();
    assert_eq!(login.delivery, "queued");
    let token = rules::claim_token(&claim_link(&sandbox, "me@example.com").await).unwrap();
    sandbox.clock.advance(Duration::from_secs(16 * 60));
    let expired = client.complete_owner_email(&SecretString::from(token)).await.unwrap_err();
    assert_eq!(code(&expired), ErrorCode::OwnerTokenExpired);
    let stranger = client.owner_me(&again.api_key).await.unwrap_err();
    assert_eq!(code(&stranger), ErrorCode::InvalidOwnerAuth);
}

#[tokio::test]
async fn a_rate_limited_answer_carries_retry_after_as_a_wait_and_ratelimit_reset_as_the_windows_end() {
    let (sandbox, client) = start().await;
    // The limit counts in fixed ten-minute windows: start the flood just after one begins, so that no window
    // ends between its requests.
    let into_window = sandbox.clock.now().unix_timestamp().rem_euclid(600);
    sandbox.clock.advance(Duration::from_secs((600 - into_window + 1) as u64));
    for _ in 0..5 {
        client.start_owner_email("flood@example.com").await.unwrap();
    }
    let error = client.start_owner_email("flood@example.com").await.unwrap_err();
    assert_eq!(code(&error), ErrorCode::RateLimited);
    let api = error.api().unwrap();
    let retry_after = api.retry_after.expect("Retry-After");
    assert!(retry_after > Duration::ZERO && retry_after <= Duration::from_secs(600));
    let rate = api.rate_limit.expect("RateLimit-* headers");
    assert_eq!((rate.limit, rate.remaining), (5, 0));
    // Reset is the window's end as a Unix time: a scheduler waits until then, not for that many seconds.
    let now = sandbox.clock.now();
    assert!(rate.resets_at > now && rate.resets_at <= now + Duration::from_secs(600), "{rate:?}");
    let until_reset = (rate.resets_at - now).unsigned_abs();
    assert!(until_reset.abs_diff(retry_after) <= Duration::from_secs(1), "{until_reset:?} vs {retry_after:?}");
}

#[test]
fn an_unknown_code_is_kept_verbatim() {
    assert_eq!(ErrorCode::parse("brand_new_code"), ErrorCode::Other("brand_new_code".into()));
    assert_eq!(ErrorCode::parse("upload_expired"), ErrorCode::UploadExpired);
}
