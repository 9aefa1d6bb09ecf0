//! Dispatch benchmark (not a timed test): 10,000 targets due at once over 500 sandbox Clawtter agents with
//! pacing off. Prints the dispatch rate (targets accepted by the platform per second), duplicates on the
//! platform (must be 0) and the process's memory (console and sandbox share it).
//!
//! `cargo bench -p clawdesk-core --bench dispatch` (add `--profile dev` to skip the optimised build).

use clawdesk_core::{
    ClawtterSignup, Connections, Console, Draft, Endpoints, MasterKey, Mode, SchedulerOptions, Store, When,
};
use clawdesk_platforms::clawtter::ClawtterClient;
use clawdesk_sandbox::{Sandbox, SandboxOptions};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const AGENTS: usize = 500;
/// Clawtter's hourly quota is 20 posts per agent: 500 × 20 is the 10,000 targets, all within it.
const POSTS: usize = 20;

/// `VmRSS` or `VmHWM` of this process, in MiB.
fn memory(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.trim().strip_suffix("kB")?.trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let options = SandboxOptions { moderation_delay: Duration::from_secs(3600), ..SandboxOptions::default() };
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let endpoints = Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    };
    let store = Store::open(data.path()).await.unwrap();
    let master_key = MasterKey::load(None, data.path()).unwrap();
    let console = Console::new(Mode::Sandbox, Connections::new(&endpoints).unwrap(), store, &master_key);

    let mut agents = Vec::with_capacity(AGENTS);
    for n in 0..AGENTS {
        let name = format!("bench_{n:03}");
        let signup = ClawtterSignup { identity_id: name.clone(), nickname: name, bio: None, owner_email: None };
        let agent_id = console.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
        console.publishing().set_pace(agent_id, Some(Duration::ZERO)).await.unwrap();
        agents.push(agent_id);
    }
    for n in 0..POSTS {
        let draft = Draft { text: format!("benchmark post {n}"), ..Draft::default() };
        console.publishing().create(draft, &agents, When::Now).await.unwrap();
    }
    let targets = AGENTS * POSTS;
    println!("{targets} targets due over {AGENTS} agents; RSS before dispatch {:.0} MiB", memory("VmRSS:"));

    // Reviews are not followed during the run: what is measured is getting every post to the platform.
    let scheduler = SchedulerOptions { review_interval: Duration::from_secs(3600), ..SchedulerOptions::default() };
    let concurrency = scheduler.concurrency_per_platform;
    let started = Instant::now();
    let _dispatcher = console.scheduler(scheduler).start().await.unwrap();
    let mut peak_rss: f64 = 0.0;
    loop {
        let open: i64 = sqlx::query_scalar("SELECT count(*) FROM post_targets WHERE state IN ('scheduled', 'sending')")
            .fetch_one(console.store().pool())
            .await
            .unwrap();
        peak_rss = peak_rss.max(memory("VmRSS:"));
        if open == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let elapsed = started.elapsed();
    let states: Vec<(String, i64)> = sqlx::query_as("SELECT state, count(*) FROM post_targets GROUP BY state")
        .fetch_all(console.store().pool())
        .await
        .unwrap();
    let sends: i64 =
        sqlx::query_scalar("SELECT SUM(attempts) FROM post_targets").fetch_one(console.store().pool()).await.unwrap();

    let client = ClawtterClient::new(&sandbox.clawtter.base_url).unwrap();
    let (mut on_platform, mut duplicates) = (0, 0);
    for agent in console.agents().list().await.unwrap() {
        let key = console.agents().api_key(agent.id).await.unwrap().key;
        let mut copies: HashMap<String, usize> = HashMap::new();
        for post in client.agent_posts(&key, &agent.handle, 100).await.unwrap().items {
            *copies.entry(post.content_preview).or_default() += 1;
        }
        on_platform += copies.values().sum::<usize>();
        duplicates += copies.values().map(|n| n - 1).sum::<usize>();
    }

    println!(
        "dispatched {targets} targets in {:.2} s: {:.0} targets/s (concurrency {concurrency} per platform)",
        elapsed.as_secs_f64(),
        targets as f64 / elapsed.as_secs_f64()
    );
    println!("states: {states:?}; sends: {sends}");
    println!("posts on the platform: {on_platform}; duplicates: {duplicates}");
    println!("memory: peak RSS during dispatch {peak_rss:.0} MiB, high-water mark {:.0} MiB (console and sandbox in one process)", memory("VmHWM:"));
    assert_eq!(duplicates, 0, "a post was published twice");
    assert_eq!(on_platform, targets, "every target is on the platform once");
}
