//! The review board against the sandbox platforms over HTTP, with a real SQLite store in a temporary directory:
//! three agents on two platforms in one timeline, newest first, filtered and paged.

use clawdesk_core::{
    AuditEvent, ClawgramList, ClawgramSignup, ClawtterList, ClawtterSignup, CommentAction, Connections, Console,
    CoreError, Draft, Endpoints, FeedFilter, FeedPost, MasterKey, Mode, NewWrite, Platform, PostAction, PostState,
    QueueState, SchedulerOptions, SearchBucket, Store, TargetFilter, TargetState, When, WriteKind, WriteState,
};
use clawdesk_platforms::clawgram::{self, rules, MediaRef};
use clawdesk_platforms::clawtter;
use clawdesk_platforms::threads::ThreadsPost;
use clawdesk_sandbox::{art, FaultSettings, Sandbox};
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

#[tokio::test]
async fn a_post_opens_with_its_threaded_comments_and_the_agent_moderates_deletes_and_reports_with_each_action_audited()
{
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let painter = clawgram_agent(&console, "thread_painter", &["my sky"]).await;
    let clawgram = console.connections().clawgram();
    let post_id =
        clawgram.agent_posts("thread_painter", &clawgram::PageRequest::first(1)).await.unwrap().items[0].id.clone();
    // A visitor from elsewhere comments twice, and replies to the first comment.
    let visitor = clawgram.register("visitor", "passing by").await.unwrap().api_key;
    let avatar = clawgram.upload_image(&visitor, "v.png", "image/png", art::avatar_png(7, 32)).await.unwrap();
    clawgram.set_avatar(&visitor, &avatar.media_id).await.unwrap();
    let comment =
        |content: &str, parent: Option<String>| clawgram::NewComment { content: content.into(), parent_id: parent };
    let rude = clawgram.create_comment(&visitor, &post_id, &comment("rude words", None)).await.unwrap().id;
    clawgram.create_comment(&visitor, &post_id, &comment("lovely", None)).await.unwrap();
    clawgram.create_comment(&visitor, &post_id, &comment("a reply", Some(rude.clone()))).await.unwrap();

    let thread = console.feeds().thread(painter, &post_id).await.unwrap();
    assert_eq!(thread.post.text, "my sky");
    let texts: Vec<&str> = thread.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["lovely", "rude words"], "top-level comments newest first");
    assert_eq!(thread.comments[1].replies[0].text, "a reply");
    assert!(!thread.comments[1].by_this_agent);

    console.feeds().act_on_comment(painter, &rude, CommentAction::Hide, None).await.unwrap();
    let hidden = console.feeds().thread(painter, &post_id).await.unwrap();
    assert!(hidden.comments[1].hidden, "hidden, with its text kept for the post's author");
    console.feeds().act_on_comment(painter, &rude, CommentAction::Unhide, None).await.unwrap();
    assert!(!console.feeds().thread(painter, &post_id).await.unwrap().comments[1].hidden);

    // Reporting someone else's post works; the agent's own is refused by the platform, with its code kept.
    let elsewhere = clawgram.upload_image(&visitor, "p.png", "image/png", art::picture_png(2, 20, 20)).await.unwrap();
    let new_post = clawgram::NewPost { images: vec![MediaRef { media_id: elsewhere.media_id }], ..Default::default() };
    let visitors_post = clawgram.create_post(&visitor, &new_post).await.unwrap().id;
    let spam = PostAction::Report { reason: clawgram::ReportReason::Spam, details: Some(" bot ring ".into()) };
    console.feeds().act_on_post(painter, &visitors_post, spam.clone(), None).await.unwrap();
    let own = console.feeds().act_on_post(painter, &post_id, spam, None).await.unwrap_err();
    match own {
        CoreError::Platform(error) => assert_eq!(error.api().unwrap().code.as_deref(), Some("cannot_report_own_post")),
        other => panic!("expected the platform's refusal, got {other:?}"),
    }

    // The board shows the post until it is deleted, then its tombstone (the action forgets what was cached).
    let board = FeedFilter { agent_id: Some(painter), ..FeedFilter::default() };
    assert_eq!(console.feeds().page(board, None, 10).await.unwrap().posts[0].state, PostState::Live);
    console.feeds().act_on_post(painter, &post_id, PostAction::Delete, None).await.unwrap();
    let after: Vec<PostState> =
        console.feeds().page(board, None, 10).await.unwrap().posts.iter().map(|post| post.state).collect();
    assert_eq!(after, [PostState::Deleted]);

    let audited: Vec<(String, Option<String>)> = console
        .audit()
        .of_agent(painter, 10)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| matches!(entry.event, AuditEvent::AgentActed { .. }))
        .map(|entry| (entry.event.summary(), entry.target))
        .collect();
    assert_eq!(
        audited,
        [
            ("Clawgram agent deleted its post".to_owned(), Some(post_id.clone())),
            ("Clawgram agent reported a post".to_owned(), Some(visitors_post)),
            ("Clawgram agent showed a hidden comment again".to_owned(), Some(rude.clone())),
            ("Clawgram agent hid a comment on its post".to_owned(), Some(rude)),
        ]
    );
}

#[tokio::test]
async fn a_clawtter_post_opens_with_its_reply_tree_until_the_days_heavy_reads_are_spent() {
    let Setup { console, sandbox, _data } = setup().await;
    let scribe = clawtter_agent(&console, "tree_scribe", &["root thought"]).await;
    let key = console.agents().api_key(scribe).await.unwrap().key;
    let clawtter = console.connections().clawtter();
    let root = clawtter.agent_posts(&key, "tree_scribe", 1).await.unwrap().items[0].post_id.clone();
    let friend = clawtter
        .register(&clawtter::Registration {
            identity_id: "friend".into(),
            nickname: "Friend".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .api_key;
    sandbox.clock.advance(Duration::from_secs(60));
    clawtter.create_post(&friend, &clawtter::NewPost::reply(&root, "nice thought")).await.unwrap();
    sandbox.clock.advance(Duration::from_secs(60));

    let thread = console.feeds().thread(scribe, &root).await.unwrap();
    assert_eq!(thread.post.state, PostState::Live);
    assert_eq!(thread.comments.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["nice thought"]);
    assert_eq!(thread.replies_back_at, None);
    let hot: Vec<&str> = thread.hot.iter().map(|reply| reply.preview.as_str()).collect();
    assert_eq!(hot, ["nice thought"], "the only reply is the hot thread");

    // Spend the key's heavy reads elsewhere: the console then says when the replies come back, and stops asking.
    while clawtter.replies_tree(&key, &root, 1, 1).await.is_ok() {}
    let spent = console.feeds().thread(scribe, &root).await.unwrap();
    assert!(spent.comments.is_empty());
    let back_at = spent.replies_back_at.expect("the budget is spent");
    assert_eq!((back_at.hour(), back_at.minute()), (0, 0), "back with the next UTC day");
    assert_eq!(spent.post.text, "root thought", "the post itself is not a heavy read");
}

/// What `agent_id` writes about `post_id`, under the request key `key`.
fn write(agent_id: i64, kind: WriteKind, post_id: &str, parent: Option<&str>, text: &str, key: &str) -> NewWrite {
    NewWrite {
        agent_id,
        kind,
        post_id: post_id.into(),
        parent_id: parent.map(Into::into),
        text: text.into(),
        request_key: key.into(),
    }
}

fn count_texts(comments: &[clawdesk_core::ThreadComment], text: &str) -> usize {
    comments.iter().map(|c| usize::from(c.text == text) + count_texts(&c.replies, text)).sum()
}

#[tokio::test]
async fn agents_comment_and_reply_each_written_once_and_a_lost_answer_is_unknown_until_found_never_sent_twice() {
    let Setup { console, sandbox, _data } = setup().await;
    let painter = clawgram_agent(&console, "talk_painter", &["my sky"]).await;
    let critic = clawgram_agent(&console, "talk_critic", &[]).await;
    let clawgram = console.connections().clawgram();
    let post_id =
        clawgram.agent_posts("talk_painter", &clawgram::PageRequest::first(1)).await.unwrap().items[0].id.clone();
    let feeds = console.feeds();

    // A comment, and the same request again (a double click): one comment on the platform.
    let commented = feeds.write(write(critic, WriteKind::Comment, &post_id, None, " bold colours ", "k1"), None);
    let commented = commented.await.unwrap();
    assert_eq!((commented.state, commented.text.as_str()), (WriteState::Sent, "bold colours"));
    let again = feeds.write(write(critic, WriteKind::Comment, &post_id, None, "bold colours", "k1"), None).await;
    assert_eq!(again.unwrap().platform_id, commented.platform_id);
    let comment_id = commented.platform_id.unwrap();

    // The post's author replies to it: the reply lands under its parent.
    let reply = write(painter, WriteKind::Reply, &post_id, Some(&comment_id), "thank you", "k2");
    assert_eq!(feeds.write(reply, None).await.unwrap().state, WriteState::Sent);
    let thread = feeds.thread(painter, &post_id).await.unwrap();
    assert_eq!(count_texts(&thread.comments, "bold colours"), 1, "the double click posted once");
    assert_eq!(thread.comments[0].author_handle, "talk_critic");
    assert_eq!(thread.comments[0].replies[0].text, "thank you");
    assert!(thread.comments[0].replies[0].by_this_agent);
    assert!(thread.writes.is_empty(), "everything written is in the thread");

    // The platform takes a comment but its answer is lost: the outcome is unknown, and asking again sends nothing.
    let lost = FaultSettings { drop_after_processing_share: 1.0, ..FaultSettings::default() };
    sandbox.clawgram.faults().set(lost).unwrap();
    let unknown = feeds.write(write(critic, WriteKind::Comment, &post_id, None, "lost words", "k3"), None).await;
    sandbox.clawgram.faults().clear();
    assert_eq!(unknown.unwrap().state, WriteState::Unknown);
    let retried = feeds.write(write(critic, WriteKind::Comment, &post_id, None, "lost words", "k3"), None).await;
    assert_eq!(retried.unwrap().state, WriteState::Unknown, "not sent again while it may be on the platform");

    // Reading the thread finds it there and settles it.
    let thread = feeds.thread(painter, &post_id).await.unwrap();
    assert_eq!(count_texts(&thread.comments, "lost words"), 1);
    assert!(thread.writes.is_empty());
    let settled = feeds.write(write(critic, WriteKind::Comment, &post_id, None, "lost words", "k3"), None).await;
    assert_eq!(settled.unwrap().state, WriteState::Sent);

    // Refusals are errors at the control: the platform's length rule, before anything is recorded or sent.
    let long = "a".repeat(141);
    let refused = feeds.write(write(critic, WriteKind::Comment, &post_id, None, &long, "k4"), None).await;
    assert!(matches!(refused, Err(CoreError::Invalid { field: "text", .. })), "{refused:?}");

    let audited: Vec<String> =
        console.audit().of_agent(critic, 10).await.unwrap().into_iter().map(|e| e.event.summary()).collect();
    assert_eq!(audited.iter().filter(|s| *s == "Clawgram agent commented on a post").count(), 1);
}

#[tokio::test]
async fn a_clawtter_agent_reposts_and_replies_shown_while_in_moderation_then_counted_and_threaded() {
    let Setup { console, sandbox, _data } = setup().await;
    let scribe = clawtter_agent(&console, "repost_scribe", &["root thought"]).await;
    let echo = clawtter_agent(&console, "repost_echo", &[]).await;
    let key = console.agents().api_key(scribe).await.unwrap().key;
    let clawtter = console.connections().clawtter();
    let root = clawtter.agent_posts(&key, "repost_scribe", 1).await.unwrap().items[0].post_id.clone();
    sandbox.clock.advance(Duration::from_secs(60));
    let feeds = console.feeds();

    let repost = feeds.write(write(echo, WriteKind::Repost, &root, None, "worth reading", "r1"), None).await.unwrap();
    assert_eq!(repost.state, WriteState::Sent);
    let reply = feeds.write(write(echo, WriteKind::Reply, &root, None, "agreed", "r2"), None).await.unwrap();
    assert_eq!(reply.state, WriteState::Sent);
    // A Clawgram-only kind is refused for a Clawtter agent, before anything is sent.
    let comment = feeds.write(write(echo, WriteKind::Comment, &root, None, "hi", "r3"), None).await;
    assert!(matches!(comment, Err(CoreError::Invalid { field: "action", .. })));

    // While both wait for moderation, the thread shows them as the agent's writes (read as the post's author;
    // the writer's cached reads were dropped by its writes, so it reads the counts afresh below).
    let waiting = feeds.thread(scribe, &root).await.unwrap();
    let kinds: Vec<WriteKind> = waiting.writes.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [WriteKind::Repost, WriteKind::Reply]);
    assert!(waiting.comments.is_empty());

    sandbox.clock.advance(Duration::from_secs(60));
    let approved = feeds.thread(echo, &root).await.unwrap();
    assert_eq!(approved.post.reposts, Some(1), "the repost is counted");
    assert_eq!(approved.comments.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["agreed"]);
    let still_shown: Vec<WriteKind> = approved.writes.iter().map(|w| w.kind).collect();
    assert_eq!(still_shown, [WriteKind::Repost], "the reply is in the tree now; the repost is not a reply");

    // A reply whose answer is lost is found in the agent's own list (it waits for moderation there): sent.
    let lost = FaultSettings { drop_after_processing_share: 1.0, ..FaultSettings::default() };
    sandbox.clawtter.faults().set(lost).unwrap();
    let unknown = feeds.write(write(echo, WriteKind::Reply, &root, None, "lost reply", "r4"), None).await;
    sandbox.clawtter.faults().clear();
    assert_eq!(unknown.unwrap().state, WriteState::Unknown);
    let found = feeds.thread(scribe, &root).await.unwrap();
    let lost_reply = found.writes.iter().find(|w| w.text == "lost reply").expect("listed");
    assert_eq!(lost_reply.state, WriteState::Sent);
    let again = feeds.write(write(echo, WriteKind::Reply, &root, None, "lost reply", "r4"), None).await.unwrap();
    assert_eq!((again.state, again.platform_id.as_ref()), (WriteState::Sent, lost_reply.platform_id.as_ref()));
}

#[tokio::test]
async fn browsing_clawgram_reads_explore_a_hashtag_the_following_feed_search_and_the_leaderboard() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let painter = clawgram_agent(&console, "dusk_painter", &["b1 evening", "b2 night"]).await;
    let watcher = clawgram_agent(&console, "sky_watcher", &["b3 morning"]).await;
    let feeds = console.feeds();

    // Explore and a hashtag are public: no agent needed, and the cards open as no agent.
    let explore = feeds.clawgram_list(None, &ClawgramList::Explore, None).await.unwrap();
    let mut shown = texts(&explore.posts);
    shown.sort_unstable();
    assert_eq!(shown, ["b1 evening", "b2 night", "b3 morning"]);
    assert!(explore.posts.iter().all(|post| post.agent_id == 0 && !post.own && post.images.len() == 1));
    // Read as an agent, its own posts are marked as its own.
    let as_painter = feeds.clawgram_list(Some(painter), &ClawgramList::Hashtag("SKY".into()), None).await.unwrap();
    let own: Vec<bool> = as_painter.posts.iter().map(|post| post.own).collect();
    assert_eq!((as_painter.posts.len(), own.iter().filter(|own| **own).count()), (3, 2));
    assert!(as_painter.posts.iter().all(|post| post.agent_id == painter));
    let bad_tag = feeds.clawgram_list(None, &ClawgramList::Hashtag("no spaces".into()), None).await.unwrap_err();
    assert!(matches!(bad_tag, CoreError::Invalid { field: "tag", .. }), "{bad_tag:?}");

    // The following feed needs an agent; after following, it shows the followed agent's posts, not its own.
    let no_reader = feeds.clawgram_list(None, &ClawgramList::Following, None).await.unwrap_err();
    assert!(matches!(no_reader, CoreError::Invalid { field: "as", .. }));
    let key = console.agents().api_key(watcher).await.unwrap().key;
    console.connections().clawgram().follow(&key, "dusk_painter").await.unwrap();
    let following = feeds.clawgram_list(Some(watcher), &ClawgramList::Following, None).await.unwrap();
    assert!(texts(&following.posts).contains(&"b2 night"));
    assert!(!texts(&following.posts).contains(&"b3 morning"), "never the agent's own");

    // One agent's profile and posts, newest first, paged by the platform's cursor.
    assert_eq!(feeds.clawgram_profile("Dusk_Painter").await.unwrap().name, "dusk_painter");
    let posts = feeds.clawgram_list(None, &ClawgramList::Agent("dusk_painter".into()), None).await.unwrap();
    assert_eq!((texts(&posts.posts), posts.next_cursor), (vec!["b2 night", "b1 evening"], None));

    // Search: all three buckets at once, or one alone.
    let all = feeds.clawgram_search(None, "painter", None, None).await.unwrap();
    let agents: Vec<&str> = all.agents.as_ref().unwrap().0.iter().map(|agent| agent.name.as_str()).collect();
    assert_eq!(agents, ["dusk_painter"]);
    assert!(all.hashtags.is_some() && all.posts.is_some());
    let tags = feeds.clawgram_search(None, "sk", Some(SearchBucket::Hashtags), None).await.unwrap();
    assert_eq!(tags.hashtags.unwrap().0[0].tag, "sky");
    assert!(tags.agents.is_none() && tags.posts.is_none(), "a bucket opened alone");
    let empty = feeds.clawgram_search(None, "  ", None, None).await.unwrap_err();
    assert!(matches!(empty, CoreError::Invalid { field: "q", .. }));

    // The posts' day is still provisional and ranks them; a day that is not a date is refused.
    let today = explore.posts[0].created_at.date().to_string();
    let board = feeds.clawgram_leaderboard(Some(painter), Some(&today)).await.unwrap();
    assert_eq!((board.date.as_str(), board.provisional), (today.as_str(), true));
    assert_eq!(board.entries.len(), 3);
    assert!(board.finalizes_after.is_some());
    let bad_day = feeds.clawgram_leaderboard(None, Some("yesterday")).await.unwrap_err();
    assert!(matches!(bad_day, CoreError::Invalid { field: "date", .. }));
}

#[tokio::test]
async fn browsing_clawtter_reads_hydrated_feeds_trending_and_search_until_the_heavy_reads_are_spent() {
    let Setup { console, sandbox, _data } = setup().await;
    let scribe = clawtter_agent(&console, "feed_scribe", &["c1 hello #rust", "c2 more #rust"]).await;
    sandbox.clock.advance(Duration::from_secs(60));
    let feeds = console.feeds();

    let public = feeds.clawtter_list(scribe, &ClawtterList::Public, 20).await.unwrap();
    assert_eq!(texts(&public.posts), ["c2 more #rust", "c1 hello #rust"]);
    assert_eq!((public.more, public.heavy_reads_back_at), (false, None));
    assert!(public.posts.iter().all(|post| post.state == PostState::Live && post.tags == ["rust"]));
    let one = feeds.clawtter_list(scribe, &ClawtterList::Public, 1).await.unwrap();
    assert_eq!((texts(&one.posts), one.more), (vec!["c2 more #rust"], true), "a longer list may hold more");

    let found = feeds.clawtter_list(scribe, &ClawtterList::Search("hello".into()), 20).await.unwrap();
    assert_eq!(texts(&found.posts), ["c1 hello #rust"]);
    let trending = feeds.clawtter_list(scribe, &ClawtterList::Trending, 20).await.unwrap();
    assert_eq!(trending.posts.len(), 2);
    let topics = feeds.clawtter_topics(scribe, "ru").await.unwrap();
    assert_eq!(topics.suggested, ["rust"]);
    assert_eq!(topics.trending[0].name, "rust");

    // Once the day's heavy reads are spent, the feeds are not asked for again and the page can say when.
    let key = console.agents().api_key(scribe).await.unwrap().key;
    let clawtter = console.connections().clawtter();
    while clawtter.public_feed(&key, 1, true).await.is_ok() {}
    let spent = feeds.clawtter_list(scribe, &ClawtterList::Following, 20).await.unwrap();
    let back_at = spent.heavy_reads_back_at.expect("the budget is spent");
    assert_eq!((back_at.hour(), back_at.minute()), (0, 0), "back with the next UTC day");
    assert!(spent.posts.is_empty());
    // Search is not a heavy read: it still works.
    assert_eq!(feeds.clawtter_list(scribe, &ClawtterList::Search("more".into()), 20).await.unwrap().posts.len(), 1);
}

#[tokio::test]
async fn the_threads_queue_is_shown_with_its_counts_or_said_to_be_out_of_reach() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let credentials =
        console.connection_settings().threads_credentials(&console.connections().current()).await.unwrap();
    let secret = secrecy::SecretString::from(clawdesk_sandbox::SandboxOptions::default().threads_queue_secret);
    let post = ThreadsPost { message: "Queued from the test".into(), ..ThreadsPost::default() };
    console.connections().threads().publish(&secret, &credentials.tenant_id, &post).await.unwrap();

    let QueueState::Shown { jobs, stats, .. } = console.threads_queue().read().await.unwrap() else {
        panic!("the sandbox exposes its queue")
    };
    assert_eq!(jobs.iter().map(|job| job.message.as_str()).collect::<Vec<_>>(), ["Queued from the test"]);
    let stats = stats.expect("the sandbox counts its jobs");
    assert_eq!(stats.queued + stats.claimed + stats.done + stats.failed, 1);

    // A backend that cannot be reached is a state, not an error.
    let unreachable = Endpoints { threads: "http://127.0.0.1:9".into(), ..console.connections().endpoints() };
    console.connections().replace(&unreachable).unwrap();
    assert!(matches!(console.threads_queue().read().await.unwrap(), QueueState::Unreachable(_)));
}

#[tokio::test]
async fn a_post_deleted_through_the_console_stays_on_the_board_as_a_tombstone_in_its_place() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let painter = clawgram_agent(&console, "gone_painter", &["d1 first", "d2 to delete", "d3 last"]).await;
    let feeds = console.feeds();
    let before = feeds.page(FeedFilter::default(), None, 20).await.unwrap();
    let ids: Vec<String> = before.posts.iter().map(|post| post.post_id.clone()).collect();
    let doomed = before.posts[1].clone();
    assert_eq!(doomed.text, "d2 to delete");
    feeds.act_on_post(painter, &doomed.post_id, PostAction::Delete, None).await.unwrap();

    // Clawgram no longer lists it; the board shows it where it was, as a tombstone.
    let board = feeds.page(FeedFilter::default(), None, 20).await.unwrap();
    let shown: Vec<(&str, PostState)> = board.posts.iter().map(|post| (post.post_id.as_str(), post.state)).collect();
    assert_eq!(shown, [(ids[0].as_str(), PostState::Live), (&ids[1], PostState::Deleted), (&ids[2], PostState::Live)]);
    let tombstone = &board.posts[1];
    assert_eq!((tombstone.created_at, tombstone.agent_id, tombstone.text.as_str()), (doomed.created_at, painter, ""));

    // The "deleted" state shows it alone; "live" leaves it out.
    let deleted = FeedFilter { state: Some(PostState::Deleted), ..FeedFilter::default() };
    let only = feeds.page(deleted, None, 20).await.unwrap();
    assert_eq!(only.posts.iter().map(|post| post.post_id.as_str()).collect::<Vec<_>>(), [ids[1].as_str()]);
    let live = FeedFilter { state: Some(PostState::Live), ..FeedFilter::default() };
    assert_eq!(feeds.page(live, None, 20).await.unwrap().posts.len(), 2);

    // A card at a time, it comes once, in its place.
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let page = feeds.page(FeedFilter::default(), cursor.as_deref(), 1).await.unwrap();
        paged.extend(page.posts.into_iter().map(|post| post.post_id));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(paged, ids);
}

#[tokio::test]
async fn a_post_the_console_published_found_gone_when_opened_joins_the_board_as_a_tombstone_but_anothers_does_not() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let painter = clawgram_agent(&console, "sent_painter", &[]).await;
    console.onboarding().refresh(painter).await.unwrap(); // its avatar, which Clawgram needs before it posts
    let image = console.media().add(&art::picture_png(9, 400, 300)).await.unwrap();
    let draft = Draft { text: "Sent by the console".into(), media_ids: vec![image.id], ..Draft::default() };
    console.publishing().create(draft, &[painter], When::Now).await.unwrap();
    let _dispatcher = console.scheduler(SchedulerOptions::default()).start().await.unwrap();
    let sent = loop {
        let targets = console.publishing().targets(TargetFilter::default()).await.unwrap();
        if let Some(sent) = targets.into_iter().find(|t| t.state == TargetState::Sent) {
            break sent;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let post_id = sent.platform_post_id.clone().unwrap();
    // Deleted on Clawgram by other means than the console; then opened in the console.
    let key = console.agents().api_key(painter).await.unwrap().key;
    console.connections().clawgram().delete_post(&key, &post_id).await.unwrap();
    let other = clawgram_agent(&console, "other_painter", &["Not the painter's"]).await;
    let others_post = console.feeds().page(FeedFilter::default(), None, 20).await.unwrap().posts[0].post_id.clone();
    let other_key = console.agents().api_key(other).await.unwrap().key;
    console.connections().clawgram().delete_post(&other_key, &others_post).await.unwrap();
    for opened in [&post_id, &others_post] {
        let thread = console.feeds().thread(painter, opened).await.unwrap();
        assert_eq!(thread.post.state, PostState::Deleted);
    }

    // The painter's own published post is on the board at the time it was sent; the other one, opened as the
    // painter but not the painter's, is not.
    let painters = FeedFilter { agent_id: Some(painter), ..FeedFilter::default() };
    let board = console.feeds().page(painters, None, 20).await.unwrap();
    let shown: Vec<(&str, PostState)> = board.posts.iter().map(|post| (post.post_id.as_str(), post.state)).collect();
    assert_eq!(shown, [(post_id.as_str(), PostState::Deleted)]);
    assert_eq!(board.posts[0].created_at.unix_timestamp(), sent.sent_at.unwrap().unix_timestamp());
}
