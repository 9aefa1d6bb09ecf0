//! The Clawtter client against the sandbox over real HTTP on 127.0.0.1: every method, as the console uses it.

use clawdesk_platforms::clawtter::rules::image_payload;
use clawdesk_platforms::clawtter::{
    ClawtterClient, Feedback, ModerationStatus, NewPost, NotificationKind, PostKind, ProfileUpdate, Registration,
    Report,
};
use clawdesk_platforms::PlatformError;
use clawdesk_sandbox::clawtter::CardShapes;
use clawdesk_sandbox::{art, Sandbox, SandboxOptions};
use secrecy::SecretString;
use std::time::Duration;

const REVIEW: Duration = Duration::from_secs(5);

async fn start() -> (Sandbox, ClawtterClient) {
    start_with(CardShapes::Nested).await
}

async fn start_with(clawtter_card_shapes: CardShapes) -> (Sandbox, ClawtterClient) {
    let options = SandboxOptions { moderation_delay: REVIEW, clawtter_card_shapes, ..SandboxOptions::default() };
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let client = ClawtterClient::new(&sandbox.clawtter.base_url).unwrap();
    (sandbox, client)
}

async fn register(client: &ClawtterClient, identity_id: &str) -> SecretString {
    let registration = Registration {
        identity_id: identity_id.into(),
        nickname: format!("Agent {identity_id}"),
        ..Registration::default()
    };
    client.register(&registration).await.unwrap().api_key
}

fn api_error(error: PlatformError) -> Box<clawdesk_platforms::ApiError> {
    match error {
        PlatformError::Api(api) => api,
        other => panic!("expected the platform's answer, got {other:?}"),
    }
}

/// Posts as `key`, then lets the sandbox's moderator approve it.
async fn approved(sandbox: &Sandbox, client: &ClawtterClient, key: &SecretString, post: NewPost) -> String {
    let accepted = client.create_post(key, &post).await.unwrap();
    sandbox.clock.advance(REVIEW);
    accepted.post_id
}

#[tokio::test]
async fn registering_gives_a_working_key_and_a_profile_with_a_viewable_avatar() {
    let (_sandbox, client) = start().await;
    client.health().await.unwrap();
    let avatar = image_payload("image/png", &art::avatar_png(1, 64)).unwrap();
    let registration = Registration {
        identity_id: "ada-001".into(),
        nickname: "Ada".into(),
        bio: Some("I write about #rust".into()),
        avatar_base64: Some(avatar.clone()),
        owner_email: Some("owner@example.com".into()),
        personality: Some(serde_json::json!({"tone": "calm"})),
    };
    let registered = client.register(&registration).await.unwrap();
    assert_eq!(registered.identity_id, "ada-001");
    assert!(!registered.clawtter_id.is_empty());

    let profile = client
        .update_me(
            &registered.api_key,
            &ProfileUpdate { nickname: Some("Ada L.".into()), avatar_base64: Some(avatar), ..ProfileUpdate::default() },
        )
        .await
        .unwrap();
    assert_eq!(profile.nickname, "Ada L.");
    assert_eq!(profile.bio.as_deref(), Some("I write about #rust"));
    let avatar_url = profile.avatar_url.expect("an avatar was sent");
    let picture = reqwest::get(&avatar_url).await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/png");
    assert_eq!(&picture.bytes().await.unwrap()[..4], b"\x89PNG");

    let honor = client.honor(&registered.api_key).await.unwrap();
    assert_eq!(honor.level, 1);
}

#[tokio::test]
async fn a_taken_identity_and_an_invalid_registration_keep_the_platforms_words() {
    let (_sandbox, client) = start().await;
    register(&client, "taken").await;
    let again = Registration { identity_id: "taken".into(), nickname: "Again".into(), ..Registration::default() };
    let conflict = api_error(client.register(&again).await.unwrap_err());
    assert_eq!(conflict.status, 409);
    assert!(conflict.message.contains("taken"), "{}", conflict.message);

    let too_long = Registration { identity_id: "x".repeat(65), nickname: "n".repeat(101), ..Registration::default() };
    let invalid = api_error(client.register(&too_long).await.unwrap_err());
    assert_eq!(invalid.status, 422);
    assert_eq!(
        invalid.message,
        "identity_id: String should have at most 64 characters; nickname: String should have at most 100 characters"
    );
    assert_eq!(invalid.detail.as_ref().and_then(|d| d.as_array()).map(Vec::len), Some(2));

    let unknown_key = SecretString::from("ctk_not-a-key");
    let unauthorized = api_error(client.quota(&unknown_key).await.unwrap_err());
    assert_eq!(unauthorized.status, 401);
    assert_eq!(unauthorized.message, "Invalid or missing API key");
}

#[tokio::test]
async fn a_post_is_pending_for_its_author_only_until_moderation_approves_it() {
    let (sandbox, client) = start().await;
    let (author, reader) = (register(&client, "author").await, register(&client, "reader").await);
    let before = client.quota(&author).await.unwrap();
    let accepted = client.create_post(&author, &NewPost::original("Hello #Clawtter world")).await.unwrap();
    assert_eq!(accepted.status, ModerationStatus::Pending);
    assert_eq!(accepted.quota_remaining, Some(before.remaining_quota - 1));
    let quota = client.quota(&author).await.unwrap();
    assert_eq!(quota.used_quota, before.used_quota + 1);
    assert_eq!(quota.reset_at.unix_timestamp() % 3600, 0, "the quota resets on the hour");

    let own = client.agent_posts(&author, "author", 10).await.unwrap();
    assert_eq!(own.items[0].moderation_status, ModerationStatus::Pending);
    assert!(client.agent_posts(&reader, "author", 10).await.unwrap().items.is_empty());
    assert_eq!(api_error(client.post(&reader, &accepted.post_id).await.unwrap_err()).status, 404);

    sandbox.clock.advance(REVIEW);
    let seen = client.post(&reader, &accepted.post_id).await.unwrap();
    assert_eq!(seen.post.moderation_status, Some(ModerationStatus::Approved));
    assert_eq!(seen.post.topics, ["clawtter"]);
    assert_eq!(seen.post.author.identity_id.as_deref(), Some("author"));
    let listed = client.agent_posts(&reader, "author", 10).await.unwrap();
    assert_eq!(listed.items[0].moderation_status, ModerationStatus::Approved);
    assert!(listed.items[0].moderation_status.is_decided());
}

#[tokio::test]
async fn content_with_the_word_spam_is_rejected_and_stays_hidden() {
    let (sandbox, client) = start().await;
    let author = register(&client, "spammer").await;
    approved(&sandbox, &client, &author, NewPost::original("Buy SPAM now")).await;
    let own = client.agent_posts(&author, "spammer", 10).await.unwrap();
    assert_eq!(own.items[0].moderation_status, ModerationStatus::Rejected);
    assert!(client.search_posts(&author, "buy", 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn likes_replies_and_reposts_notify_the_author_once_and_reading_drains_them() {
    let (sandbox, client) = start().await;
    let (author, fan) = (register(&client, "star").await, register(&client, "fan").await);
    let post = approved(&sandbox, &client, &author, NewPost::original("A thought #ideas")).await;

    client.like(&fan, &post).await.unwrap();
    client.like(&fan, &post).await.unwrap();
    let reply = client.create_post(&fan, &NewPost::reply(&post, "Great thought")).await.unwrap();
    let repost = client.create_post(&fan, &NewPost::repost(&post, "Worth a read")).await.unwrap();
    let comment = client.comment(&fan, &post, "Legacy comment").await.unwrap();
    let legacy = client.legacy_repost(&fan, &post, Some("With a word")).await.unwrap();
    assert!([&reply, &repost, &comment, &legacy].iter().all(|a| a.status == ModerationStatus::Pending));

    let before_review = client.take_notifications(&author).await.unwrap();
    assert_eq!(before_review.iter().map(|n| &n.kind).collect::<Vec<_>>(), [&NotificationKind::Like]);
    assert_eq!(before_review[0].actor.identity_id, "fan");

    sandbox.clock.advance(REVIEW);
    let after_review = client.take_notifications(&author).await.unwrap();
    let kinds: Vec<_> = after_review.iter().map(|n| n.kind.clone()).collect();
    assert_eq!(
        kinds,
        [NotificationKind::Reply, NotificationKind::Repost, NotificationKind::Reply, NotificationKind::Repost]
    );
    assert_eq!(after_review[0].post_id.as_deref(), Some(reply.post_id.as_str()));
    assert_eq!(after_review[0].target_post_id.as_deref(), Some(post.as_str()));
    assert_eq!(after_review[0].post_kind, Some(PostKind::Reply));
    assert!(client.take_notifications(&author).await.unwrap().is_empty(), "reading drains the queue");

    let detail = client.post(&fan, &post).await.unwrap();
    assert_eq!((detail.post.like_count, detail.post.reply_count, detail.post.repost_count), (1, 2, 2));
    assert_eq!(detail.liked_by_me, Some(true));
    assert_eq!(detail.latest_replies.len(), 2);
    client.unlike(&fan, &post).await.unwrap();
    assert_eq!(client.post(&fan, &post).await.unwrap().post.like_count, 0);
    client.report(&fan, &post, &Report { reason: "off topic".into(), description: None }).await.unwrap();
}

#[tokio::test]
async fn reply_trees_and_hot_threads_show_approved_replies_only() {
    let (sandbox, client) = start().await;
    let (root_author, replier) = (register(&client, "root").await, register(&client, "replier").await);
    let root = approved(&sandbox, &client, &root_author, NewPost::original("Root post")).await;
    let first = approved(&sandbox, &client, &replier, NewPost::reply(&root, "First branch")).await;
    let nested = approved(&sandbox, &client, &root_author, NewPost::reply(&first, "Nested answer")).await;
    client.create_post(&replier, &NewPost::reply(&root, "Still pending")).await.unwrap();
    client.like(&root_author, &first).await.unwrap();

    let tree = client.replies_tree(&replier, &root, 5, 50).await.unwrap();
    assert_eq!(tree.anchor_post_id, root);
    assert_eq!(tree.replies.len(), 1, "the pending reply is not in the tree");
    assert_eq!(tree.replies[0].post.post_id, first);
    assert_eq!(tree.replies[0].replies[0].post.post_id, nested);
    let shallow = client.replies_tree(&replier, &root, 1, 50).await.unwrap();
    assert!(shallow.replies[0].replies.is_empty() && shallow.replies[0].truncated);

    let hot = client.hot_threads(&replier, &root).await.unwrap();
    assert_eq!(hot.root_post_id, root);
    assert_eq!(hot.items[0].post_id, first);
    assert_eq!(api_error(client.hot_threads(&replier, &first).await.unwrap_err()).status, 400);
}

#[tokio::test]
async fn follows_by_either_id_shape_the_following_feed_and_lists() {
    let (sandbox, client) = start().await;
    let (me, friend, topical) =
        (register(&client, "me").await, register(&client, "friend").await, register(&client, "topical").await);
    let friend_post = approved(&sandbox, &client, &friend, NewPost::original("From a friend")).await;
    let topic_post = approved(&sandbox, &client, &topical, NewPost::original("All about #Gardening")).await;

    client.follow(&me, "friend").await.unwrap();
    client.follow(&me, "friend").await.unwrap();
    let following = client.following(&me, 50, 0).await.unwrap();
    assert_eq!(following.total, 1);
    let topical_id = client.post(&me, &topic_post).await.unwrap().post.author.clawtter_id.unwrap();
    client.follow(&me, &topical_id).await.unwrap();
    assert_eq!(client.following(&me, 50, 0).await.unwrap().total, 2);
    assert_eq!(client.following(&me, 1, 1).await.unwrap().items.len(), 1);
    let followers = client.followers(&friend, 50, 0).await.unwrap();
    assert_eq!(followers.items[0].identity_id, "me");
    client.unfollow(&me, &topical_id).await.unwrap();

    let feed = client.following_feed(&me, 50, false).await.unwrap();
    assert_eq!(feed.post_ids, std::slice::from_ref(&friend_post));
    assert!(feed.items.is_empty(), "not hydrated");
    client.subscribe_topic(&me, "gardening").await.unwrap();
    let hydrated = client.following_feed(&me, 50, true).await.unwrap();
    assert_eq!(hydrated.post_ids, [topic_post.clone(), friend_post.clone()]);
    assert_eq!(hydrated.items[0].content, "All about #Gardening");

    let friend_notes = client.take_notifications(&friend).await.unwrap();
    assert_eq!(friend_notes.len(), 1, "following twice notifies once");
    assert_eq!(friend_notes[0].kind, NotificationKind::Follow);
}

#[tokio::test]
async fn discovery_finds_approved_posts_by_trend_search_and_topic() {
    let (sandbox, client) = start().await;
    let (writer, reader) = (register(&client, "writer").await, register(&client, "reader").await);
    let popular = approved(&sandbox, &client, &writer, NewPost::original("Sourdough tips #baking #bread")).await;
    let quiet = approved(&sandbox, &client, &writer, NewPost::original("Another loaf #baking")).await;
    client.like(&reader, &popular).await.unwrap();

    let trending = client.trending_posts(&reader, 20).await.unwrap();
    assert_eq!(trending.iter().map(|t| t.post_id.as_str()).collect::<Vec<_>>(), [popular.as_str(), quiet.as_str()]);
    assert!(trending[0].base_score > trending[1].base_score);
    let topics = client.trending_topics(&reader, 20).await.unwrap();
    assert_eq!(topics[0].name, "baking");
    assert_eq!(topics[0].post_count, 2);

    let public = client.public_feed(&reader, 1, true).await.unwrap();
    assert_eq!(public.post_ids, std::slice::from_ref(&quiet));
    assert_eq!(public.items[0].author.identity_id.as_deref(), Some("writer"));
    let hits = client.search_posts(&reader, "SOURDOUGH", 20).await.unwrap();
    assert_eq!(hits[0].post_id, popular);
    assert_eq!(client.suggest_topics(&reader, "ba", 10).await.unwrap(), ["baking"]);
    assert_eq!(client.suggest_topics(&reader, "", 10).await.unwrap(), ["baking", "bread"]);
}

#[tokio::test]
async fn images_in_the_platforms_format_are_posted_and_served() {
    let (sandbox, client) = start().await;
    let key = register(&client, "painter").await;
    let picture = image_payload("image/png", &art::picture_png(5, 64, 48)).unwrap();
    let post = approved(&sandbox, &client, &key, NewPost::original("A picture").with_images(vec![picture])).await;
    let card = client.post(&key, &post).await.unwrap().post;
    let served = reqwest::get(&card.images[0]).await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");

    let data_url = format!("data:{}", image_payload("image/png", b"x").unwrap());
    let refused = client.create_post(&key, &NewPost::original("bad").with_images(vec![data_url])).await.unwrap_err();
    assert_eq!(api_error(refused).message, "Invalid base64 format");
}

#[tokio::test]
async fn feedback_is_received() {
    let (_sandbox, client) = start().await;
    let key = register(&client, "critic").await;
    let feedback =
        Feedback { category: "ux".into(), content: "The quota page is clear.".into(), ..Feedback::default() };
    let receipt = client.send_feedback(&key, &feedback).await.unwrap();
    assert!(!receipt.feedback_id.is_empty());
}

#[tokio::test]
async fn cards_in_every_shape_are_read_with_what_they_have_and_never_fail_a_feed_or_a_tree() {
    let (sandbox, client) = start_with(CardShapes::Varied).await;
    let (writer, reader) = (register(&client, "shapes").await, register(&client, "looker").await);
    let mut originals = Vec::new();
    for n in 0..4 {
        originals.push(approved(&sandbox, &client, &writer, NewPost::original(format!("Card {n}"))).await);
    }
    let root = &originals[0];
    for n in 0..4 {
        approved(&sandbox, &client, &reader, NewPost::reply(root, format!("Reply {n}"))).await;
    }
    let feed = client.public_feed(&reader, 10, true).await.unwrap();
    assert_eq!(feed.items.len(), feed.post_ids.len(), "every card is kept");
    let card = |n: usize| feed.items.iter().find(|card| card.content == format!("Card {n}")).unwrap();
    // Nested, flat, flat without identity_id, nested without identity_id, time and counts.
    for n in 0..4 {
        assert_eq!(card(n).author.nickname.as_deref(), Some("Agent shapes"), "card {n}");
        assert!(card(n).author.clawtter_id.is_some(), "card {n}");
    }
    assert_eq!(card(0).author.identity_id.as_deref(), Some("shapes"));
    assert_eq!(card(1).author.identity_id.as_deref(), Some("shapes"), "read from author_identity_id");
    assert_eq!((card(2).author.identity_id.as_ref(), card(3).author.identity_id.as_ref()), (None, None));
    assert!(card(0).created_at.is_some() && card(3).created_at.is_none());
    assert_eq!(card(3).reply_count, 0);

    let tree = client.replies_tree(&reader, root, 5, 50).await.unwrap();
    assert_eq!(tree.anchor.map(|anchor| anchor.content).as_deref(), Some("Card 0"));
    assert_eq!(tree.replies.len(), 4, "no reply is lost to its shape");
    let detail = client.post(&reader, root).await.unwrap();
    assert_eq!((detail.latest_replies.len(), detail.liked_by_me), (4, Some(false)));
}

#[tokio::test]
async fn the_schema_is_read_from_openapi() {
    let (_sandbox, client) = start().await;
    let schema = client.openapi().await.unwrap();
    assert!(schema["paths"]["/feed/public"]["get"].is_object(), "{schema}");
}
