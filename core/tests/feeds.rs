//! The review board against the sandbox platforms over HTTP, with a real SQLite store in a temporary directory:
//! three agents on two platforms in one timeline, newest first, filtered and paged.

use clawdesk_core::{
    ClawgramSignup, ClawtterSignup, Connections, Console, Endpoints, FeedFilter, FeedPost, MasterKey, Mode, Platform,
    PostState, Store,
};
use clawdesk_platforms::clawgram::{self, rules, MediaRef};
use clawdesk_platforms::clawtter;
use clawdesk_sandbox::{art, Sandbox};
use std::collections::HashSet;
use std::time::Duration;
use tempfile::TempDir;

struct Setup {
    console: Console,
    sandbox: Sandbox,
    _data: TempDir,
}

async fn setup() -> Setup {
    let sandbox = Sandbox::start().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let endpoints = Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    };
    let store = Store::open(data.path()).await.unwrap();
    let master_key = MasterKey::load(None, data.path()).unwrap();
    let console = Console::new(Mode::Sandbox, Connections::new(&endpoints).unwrap(), store, &master_key);
    Setup { console, sandbox, _data: data }
}

/// A Clawgram agent in the console, with an avatar (Clawgram's write gate), that has posted `captions` in order.
async fn clawgram_agent(console: &Console, name: &str, captions: &[&str]) -> i64 {
    let signup = ClawgramSignup { name: name.into(), description: "Paints skies".into() };
    let id = console.onboarding().register_clawgram(signup, None).await.unwrap().agent_id;
    let key = console.agents().api_key(id).await.unwrap().key;
    let client = console.connections().clawgram();
    let avatar = client.upload_image(&key, "me.png", "image/png", art::avatar_png(3, 32)).await.unwrap();
    client.set_avatar(&key, &avatar.media_id).await.unwrap();
    for caption in captions {
        let media = client.upload_image(&key, "p.png", "image/png", art::picture_png(5, 40, 30)).await.unwrap();
        let post = clawgram::NewPost {
            images: vec![MediaRef { media_id: media.media_id }],
            caption: rules::caption(caption).unwrap(),
            hashtags: rules::hashtags(&["sky"]).unwrap(),
            sensitive: caption.contains("sensitive"),
            ..clawgram::NewPost::default()
        };
        client.create_post(&key, &post).await.unwrap();
        // Each post its own second, so that the order across platforms is certain.
        tokio::time::sleep(Duration::from_millis(1_050)).await;
    }
    id
}

async fn clawtter_agent(console: &Console, identity_id: &str, contents: &[&str]) -> i64 {
    let signup = ClawtterSignup {
        identity_id: identity_id.into(),
        nickname: "Night Scribe".into(),
        bio: None,
        owner_email: None,
    };
    let id = console.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
    let key = console.agents().api_key(id).await.unwrap().key;
    for content in contents {
        console.connections().clawtter().create_post(&key, &clawtter::NewPost::original(*content)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1_050)).await;
    }
    id
}

fn texts(posts: &[FeedPost]) -> Vec<&str> {
    posts.iter().map(|post| post.text.as_str()).collect()
}

#[tokio::test]
async fn the_board_merges_three_agents_on_two_platforms_newest_first_and_filters_and_pages_them() {
    let Setup { console, sandbox, _data } = setup().await;
    let painter = clawgram_agent(&console, "dawn_painter", &["g1 first light", "g2 sensitive dusk"]).await;
    let scribe = clawtter_agent(&console, "night_scribe", &["t1 hello #rust world", "t2 buy spam now"]).await;
    clawgram_agent(&console, "noon_painter", &["g3 noon"]).await;
    let feeds = console.feeds();

    let all = feeds.page(FeedFilter::default(), None, 20).await.unwrap();
    assert_eq!(
        texts(&all.posts),
        ["g3 noon", "t2 buy spam now", "t1 hello #rust world", "g2 sensitive dusk", "g1 first light"]
    );
    assert!(all.problems.is_empty(), "{:?}", all.problems);
    assert_eq!(all.next_cursor, None, "everything fits on one page");
    let first_light = &all.posts[4];
    assert_eq!((first_light.agent_handle.as_str(), first_light.platform), ("dawn_painter", Platform::Clawgram));
    assert_eq!((first_light.images.len(), first_light.tags.as_slice()), (1, ["sky".to_owned()].as_slice()));
    assert!(all.posts[3].sensitive && !first_light.sensitive);
    let hello = &all.posts[2];
    assert_eq!(
        (hello.state, hello.tags.as_slice(), hello.reposts),
        (PostState::PendingReview, ["rust".to_owned()].as_slice(), Some(0))
    );

    // The moderator decides once its delay has passed: one approved, the one with the banned word rejected.
    sandbox.clock.advance(Duration::from_secs(60));
    tokio::time::sleep(Duration::from_millis(15_100)).await; // past the board's short cache
    let decided =
        feeds.page(FeedFilter { platform: Some(Platform::Clawtter), ..FeedFilter::default() }, None, 20).await.unwrap();
    let states: Vec<PostState> = decided.posts.iter().map(|post| post.state).collect();
    assert_eq!(states, [PostState::Rejected, PostState::Live]);
    let rejected =
        feeds.page(FeedFilter { state: Some(PostState::Rejected), ..FeedFilter::default() }, None, 20).await.unwrap();
    assert_eq!(texts(&rejected.posts), ["t2 buy spam now"], "Clawgram has no rejected posts");
    let live =
        feeds.page(FeedFilter { state: Some(PostState::Live), ..FeedFilter::default() }, None, 20).await.unwrap();
    assert_eq!(live.posts.len(), 4);
    let painter_only =
        feeds.page(FeedFilter { agent_id: Some(painter), ..FeedFilter::default() }, None, 20).await.unwrap();
    assert_eq!(texts(&painter_only.posts), ["g2 sensitive dusk", "g1 first light"]);
    let scribe_only =
        feeds.page(FeedFilter { agent_id: Some(scribe), ..FeedFilter::default() }, None, 20).await.unwrap();
    assert_eq!(scribe_only.posts.len(), 2);

    // Two at a time: every post once, in the same order, and the last page says there is no more.
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let page = feeds.page(FeedFilter::default(), cursor.as_deref(), 2).await.unwrap();
        assert!(page.posts.len() <= 2);
        paged.extend(page.posts.into_iter().map(|post| post.text));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, texts(&all.posts));
    assert_eq!(paged.iter().collect::<HashSet<_>>().len(), 5);
    let forged = feeds.page(FeedFilter::default(), Some("not-a-cursor"), 2).await.unwrap_err();
    assert!(forged.to_string().starts_with("cursor:"), "{forged}");
}
