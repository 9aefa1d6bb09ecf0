//! The feeds benchmark (not a timed test): issue 13's figures. A console whose agents have posted 100 posts in
//! all (two Clawgram agents, 30 posts each; two Clawtter agents, 20 each, approved by the sandbox's moderator),
//! built here through the console's own registration service, then served by the release binary (or the one
//! `CLAWDESK_BENCH_BINARY` names: `support`) against the sandbox platforms. Prints two tables:
//!
//! - the review board: the server's render of `/feeds` (median of 20, measured on loopback by the client), and
//!   in headless Chromium (`end2end/bench/review-board.mjs`, needs `make test`'s npm packages) the time from
//!   navigation to the hydrated board with its first page, and to the board showing all 100 cards ("Load
//!   more" clicked as soon as it can be), median of 10 runs back to back;
//! - a feed read through its server function (a Clawgram hashtag's feed, `browse/clawgram`) against the same
//!   read made directly to the sandbox, side by side: uncached (each hashtag's first read) and again within
//!   the console's short-lived cache; medians, the ratio and the milliseconds the console adds.
//!
//! `cargo bench -p clawdesk-server --bench feeds`.

mod support;

use clawdesk_core::{ClawgramSignup, ClawtterSignup, Console};
use clawdesk_platforms::clawgram::{self, rules, ClawgramClient, MediaRef, PageRequest};
use clawdesk_platforms::clawtter;
use clawdesk_sandbox::{art, Sandbox, SandboxOptions};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{browser_median, median, millis, world_console, Served};

const CLAWGRAM_AGENTS: [&str; 2] = ["bench_painter", "bench_sketcher"];
const CLAWGRAM_POSTS_EACH: usize = 30;
const CLAWTTER_AGENTS: [&str; 2] = ["bench_scribe", "bench_poet"];
/// Clawtter takes 20 posts a key an hour.
const CLAWTTER_POSTS_EACH: usize = 20;
/// Each Clawgram post carries one of these hashtags (`set0`…), so that each hashtag's feed is a read the
/// console has not cached yet; 60 posts over 12 hashtags: 5 posts a feed.
const HASHTAGS: usize = 12;
/// Reads of each hashtag's feed after the first, within the console's cache.
const CACHED_READS: usize = 4;

/// The Clawgram agent `name` in the console, with an avatar (Clawgram's write gate); returns its key.
async fn clawgram_agent(console: &Console, name: &str) -> secrecy::SecretString {
    let signup = ClawgramSignup { name: name.into(), description: "Paints for the benchmark".into() };
    let id = console.onboarding().register_clawgram(signup, None).await.unwrap().agent_id;
    let key = console.agents().api_key(id).await.unwrap().key;
    let client = console.connections().clawgram();
    let avatar = client.upload_image(&key, "me.png", "image/png", art::avatar_png(id as u64, 32)).await.unwrap();
    client.set_avatar(&key, &avatar.media_id).await.unwrap();
    console.onboarding().refresh(id).await.unwrap();
    key
}

/// Two Clawgram and two Clawtter agents registered through the console, with 100 posts in all.
async fn build_world(sandbox: &Sandbox, data: &Path) {
    let started = Instant::now();
    let console = world_console(sandbox, data).await;
    let mut posted = 0;
    for name in CLAWGRAM_AGENTS {
        let key = clawgram_agent(&console, name).await;
        let client = console.connections().clawgram();
        for _ in 0..CLAWGRAM_POSTS_EACH {
            let picture = art::picture_png(posted as u64, 64, 48);
            let media = client.upload_image(&key, "p.png", "image/png", picture).await.unwrap();
            let post = clawgram::NewPost {
                images: vec![MediaRef { media_id: media.media_id }],
                caption: rules::caption(&format!("Benchmark picture {posted}")).unwrap(),
                hashtags: rules::hashtags(&[format!("set{}", posted % HASHTAGS)]).unwrap(),
                ..clawgram::NewPost::default()
            };
            client.create_post(&key, &post).await.unwrap();
            posted += 1;
        }
    }
    for identity_id in CLAWTTER_AGENTS {
        let signup = ClawtterSignup {
            identity_id: identity_id.into(),
            nickname: identity_id.into(),
            bio: None,
            owner_email: None,
        };
        let id = console.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
        let key = console.agents().api_key(id).await.unwrap().key;
        for n in 0..CLAWTTER_POSTS_EACH {
            let text = format!("Benchmark note {n} of @{identity_id} #bench");
            console.connections().clawtter().create_post(&key, &clawtter::NewPost::original(text)).await.unwrap();
            posted += 1;
        }
    }
    console.store().pool().close().await;
    println!("{posted} posts of 4 agents built in {:.1} s", started.elapsed().as_secs_f64());
}

/// Side by side: a hashtag's feed through the console's server function, then directly to the sandbox.
struct FeedReads {
    via_server_fn: Vec<f64>,
    direct: Vec<f64>,
}

impl FeedReads {
    async fn read(&mut self, served: &Served, clawgram: &ClawgramClient, tag: &str) {
        let arguments =
            serde_json::json!({ "as_agent": null, "list": { "list": "hashtag", "name": tag }, "cursor": null });
        let (took, answer) = served.server_fn("browse/clawgram", |request| request.json(&arguments)).await;
        let answer: serde_json::Value = serde_json::from_slice(&answer).unwrap();
        let shown = answer["posts"].as_array().map_or(0, Vec::len);
        assert_eq!(shown, CLAWGRAM_AGENTS.len() * CLAWGRAM_POSTS_EACH / HASHTAGS, "#{tag} through the console");
        self.via_server_fn.push(millis(took));

        let started = Instant::now();
        let page = PageRequest { limit: Some(clawdesk_core::BROWSE_PAGE_POSTS), cursor: None };
        let direct = clawgram.hashtag_feed(tag, &page).await.unwrap();
        self.direct.push(millis(started.elapsed()));
        assert_eq!(direct.items.len(), shown, "#{tag} directly");
    }

    fn row(self, what: &str) -> String {
        let samples = self.direct.len();
        let (via, direct) = (median(self.via_server_fn), median(self.direct));
        format!("| {what} | {samples} | {via:.2} ms | {direct:.2} ms | {:.2} | {:.2} ms |", via / direct, via - direct)
    }
}

#[tokio::main]
async fn main() {
    // The console refuses a data directory others can read; the world is built in this process first.
    unsafe { libc::umask(0o077) };
    // The moderator decides at once, so that every Clawtter post is live on the board.
    let options = SandboxOptions { moderation_delay: Duration::ZERO, ..SandboxOptions::default() };
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    build_world(&sandbox, data.path()).await;
    let served = Served::start(&sandbox, data.path()).await;

    let page_bytes = served.page("/feeds").await.1;
    let mut renders = Vec::new();
    for _ in 0..20 {
        renders.push(millis(served.page("/feeds").await.0));
    }
    let board = served.browser("review-board.mjs", "/feeds", 10);
    let first_page = board["first_page"][0].as_u64().map_or("–".to_owned(), |cards| cards.to_string());
    let resident = served.resident_mib();

    let clawgram = ClawgramClient::new(&sandbox.clawgram.base_url).unwrap();
    let mut uncached = FeedReads { via_server_fn: Vec::new(), direct: Vec::new() };
    let mut cached = FeedReads { via_server_fn: Vec::new(), direct: Vec::new() };
    for set in 0..HASHTAGS {
        let tag = format!("set{set}");
        uncached.read(&served, &clawgram, &tag).await;
        for _ in 0..CACHED_READS {
            cached.read(&served, &clawgram, &tag).await;
        }
    }

    println!();
    println!(
        "| review board (100 posts, 4 agents, 2 platforms) | /feeds render (median of 20) | page size | hydrated, first page (median of 10) | 100 cards on screen: first page + \"Load more\" until 100 (median of 10) | server RSS after |"
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| {first_page} cards a page | {:.1} ms | {:.0} KB | {} ms | {} ms | {:.0} MiB |",
        median(renders),
        page_bytes as f64 / 1000.0,
        browser_median(&board, "hydrated"),
        browser_median(&board, "hundred"),
        resident,
    );
    println!();
    let posts = CLAWGRAM_AGENTS.len() * CLAWGRAM_POSTS_EACH / HASHTAGS;
    println!(
        "| Clawgram hashtag feed ({posts} posts) | reads | via server fn (median) | direct (median) | ratio | added |"
    );
    println!("|---|---|---|---|---|---|");
    println!("{}", uncached.row("uncached: each hashtag's first read"));
    println!("{}", cached.row("within the console's cache (15 s)"));
}
