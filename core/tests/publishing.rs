//! Publishing and dispatch against the sandbox platforms over HTTP, with a real SQLite store in a temporary
//! directory: posts reach every target exactly once, refusals are named per target, faults (429, 5xx, lost
//! answers) end in one post or a failure with its reason, and a console that dies mid-send settles what it
//! left before sending anything again.

use clawdesk_core::{
    to_utc, ClawgramSignup, ClawtterSignup, Connections, Console, CoreError, Draft, Endpoints, MasterKey, Mode,
    Platform, PostingSlot, SchedulerOptions, Store, TargetFilter, TargetState, TargetView, When,
};
use clawdesk_platforms::clawgram::{ClawgramClient, PageRequest};
use clawdesk_platforms::clawtter::{ClawtterClient, ModerationStatus};
use clawdesk_sandbox::{art, FaultSettings, Sandbox, SandboxOptions};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

struct Setup {
    console: Console,
    sandbox: Sandbox,
    data: TempDir,
}

fn endpoints(sandbox: &Sandbox) -> Endpoints {
    Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    }
}

async fn console_on(data: &Path, sandbox: &Sandbox) -> Console {
    let store = Store::open(data).await.unwrap();
    let master_key = MasterKey::load(None, data).unwrap();
    Console::new(Mode::Sandbox, Connections::new(&endpoints(sandbox)).unwrap(), store, &master_key)
}

async fn setup() -> Setup {
    let options = SandboxOptions { moderation_delay: Duration::from_secs(1), ..SandboxOptions::default() };
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let console = console_on(data.path(), &sandbox).await;
    Setup { console, sandbox, data }
}

/// Quick retries, so that the tests wait seconds and not minutes.
fn quick() -> SchedulerOptions {
    SchedulerOptions {
        first_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(3),
        review_interval: Duration::from_secs(1),
        ..SchedulerOptions::default()
    }
}

async fn clawtter_agent(console: &Console, name: &str) -> i64 {
    let signup = ClawtterSignup { identity_id: name.into(), nickname: name.into(), bio: None, owner_email: None };
    let agent_id = console.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
    console.publishing().set_pace(agent_id, Some(Duration::ZERO)).await.unwrap();
    agent_id
}

async fn clawgram_agent(console: &Console, name: &str, with_avatar: bool) -> i64 {
    let signup = ClawgramSignup { name: name.into(), description: "Paints tide pools".into() };
    let agent_id = console.onboarding().register_clawgram(signup, None).await.unwrap().agent_id;
    if with_avatar {
        console.profiles().set_avatar(agent_id, &art::avatar_png(agent_id as u64, 256)).await.unwrap();
    }
    console.publishing().set_pace(agent_id, Some(Duration::ZERO)).await.unwrap();
    agent_id
}

fn text(text: &str) -> Draft {
    Draft { text: text.into(), ..Draft::default() }
}

/// Waits until no target is still on its way (scheduled, sending, unknown or in review).
async fn settled(console: &Console, within: Duration) -> Vec<TargetView> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let targets = console.publishing().targets(TargetFilter::default()).await.unwrap();
        let open = targets.iter().filter(|t| {
            matches!(
                t.state,
                TargetState::Scheduled
                    | TargetState::Sending
                    | TargetState::OutcomeUnknown
                    | TargetState::PendingReview
            )
        });
        if open.count() == 0 {
            return targets;
        }
        assert!(tokio::time::Instant::now() < deadline, "still on their way: {targets:#?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Each agent's posts on its platform, by text (Clawtter lists previews; the tests' texts are short).
async fn posts_on_platforms(setup: &Setup) -> HashMap<(i64, String), Vec<String>> {
    let mut found: HashMap<(i64, String), Vec<String>> = HashMap::new();
    let clawgram = ClawgramClient::new(&setup.sandbox.clawgram.base_url).unwrap();
    let clawtter = ClawtterClient::new(&setup.sandbox.clawtter.base_url).unwrap();
    for agent in setup.console.agents().list().await.unwrap() {
        match agent.platform {
            Platform::Clawgram => {
                for post in clawgram.agent_posts(&agent.handle, &PageRequest::first(50)).await.unwrap().items {
                    found.entry((agent.id, post.caption.unwrap_or_default())).or_default().push(post.id);
                }
            }
            Platform::Clawtter => {
                let key = setup.console.agents().api_key(agent.id).await.unwrap();
                for post in clawtter.agent_posts(&key, &agent.handle, 50).await.unwrap().items {
                    found.entry((agent.id, post.content_preview)).or_default().push(post.post_id);
                }
            }
            Platform::Threads => {}
        }
    }
    found
}

#[tokio::test]
async fn one_post_to_clawgram_and_clawtter_is_sent_once_each_and_the_clawtter_one_is_followed_through_review() {
    let setup = setup().await;
    let console = &setup.console;
    let painter = clawgram_agent(console, "tide_painter", true).await;
    let heron = clawtter_agent(console, "heron").await;
    let image = console.media().add(&art::picture_png(7, 800, 600)).await.unwrap();
    let again = console.media().add(&art::picture_png(7, 800, 600)).await.unwrap();
    assert_eq!(again.id, image.id, "the same image is kept once, by its content hash");
    assert!(setup.data.path().join(format!("media/{}.png", image.sha256)).exists());

    let draft = Draft {
        text: "Low tide at dawn".into(),
        hashtags: vec!["tidepools".into()],
        alt_text: Some("A rock pool with two crabs".into()),
        media_ids: vec![image.id],
        ..Draft::default()
    };
    let post_id = console.publishing().create(draft, &[painter, heron], When::Now).await.unwrap();
    let _dispatcher = console.scheduler(quick()).start().await.unwrap();

    let targets = settled(console, Duration::from_secs(20)).await;
    assert_eq!(targets.len(), 2);
    assert!(targets.iter().all(|t| t.post_id == post_id && t.state == TargetState::Sent), "{targets:#?}");
    assert!(targets.iter().all(|t| t.attempts == 1 && t.sent_at.is_some()));

    let on_platforms = posts_on_platforms(&setup).await;
    let clawgram_posts = &on_platforms[&(painter, "Low tide at dawn".to_owned())];
    let clawtter_posts = &on_platforms[&(heron, "Low tide at dawn".to_owned())];
    assert_eq!((clawgram_posts.len(), clawtter_posts.len()), (1, 1), "exactly one post each");
    let painter_target = targets.iter().find(|t| t.agent_id == painter).unwrap();
    assert_eq!(painter_target.platform_post_id.as_ref(), Some(&clawgram_posts[0]));
    let clawgram = ClawgramClient::new(&setup.sandbox.clawgram.base_url).unwrap();
    let sent = clawgram.post(&clawgram_posts[0]).await.unwrap();
    assert_eq!((sent.images.len(), sent.hashtags.clone()), (1, vec!["tidepools".to_owned()]));

    let heron_key = console.agents().api_key(heron).await.unwrap();
    let clawtter = ClawtterClient::new(&setup.sandbox.clawtter.base_url).unwrap();
    let reviewed = clawtter.agent_posts(&heron_key, "heron", 10).await.unwrap().items;
    assert_eq!(reviewed[0].moderation_status, ModerationStatus::Approved, "followed until it left pending");
    assert_eq!(console.publishing().attention().await.unwrap().failed, 0);
}

#[tokio::test]
async fn every_rule_a_target_breaks_is_named_on_that_target_and_nothing_is_stored() {
    let setup = setup().await;
    let console = &setup.console;
    let bare = clawgram_agent(console, "no_avatar", false).await;
    let heron = clawtter_agent(console, "heron").await;
    let studio = console.agents().reserve(Platform::Threads, "studio", None).await.unwrap();
    let links: String = (0..6).map(|n| format!("https://example.com/{n} ")).collect();
    let draft =
        Draft { text: format!("{links}{}", "a".repeat(1000)), hashtags: vec!["Not-A-Tag".into()], ..Draft::default() };

    let refused = console.publishing().create(draft, &[bare, heron, studio], When::Now).await.unwrap_err();
    let CoreError::PostRefused(violations) = refused else { panic!("expected the rules' refusal, got {refused:?}") };
    let fields_of = |agent: i64| {
        let mut fields: Vec<&str> = violations.iter().filter(|v| v.agent_id == agent).map(|v| v.field.name()).collect();
        fields.sort();
        fields
    };
    assert_eq!(fields_of(bare), ["agent", "hashtags", "images", "text"], "{violations:#?}");
    assert_eq!(fields_of(heron), ["text"]);
    assert_eq!(fields_of(studio), ["text", "text"], "too long, and six links");
    assert!(violations.iter().any(|v| v.agent_id == bare && v.message.contains("avatar")));
    assert!(violations.iter().any(|v| v.agent_id == studio && v.message.contains("links")), "{violations:#?}");
    assert!(console.publishing().targets(TargetFilter::default()).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_queued_post_takes_the_agents_next_slot_in_the_owners_zone_and_a_cancelled_one_is_never_sent() {
    let setup = setup().await;
    let console = &setup.console;
    let heron = clawtter_agent(console, "heron").await;
    let publishing = console.publishing();
    publishing.set_time_zone("Europe/Paris").await.unwrap();
    let every_day_at_nine: Vec<PostingSlot> =
        (1..=7).map(|weekday| PostingSlot { weekday, minute_of_day: 9 * 60 }).collect();
    publishing.set_slots(heron, &every_day_at_nine).await.unwrap();

    let first = publishing.create(text("first in the queue"), &[heron], When::NextSlot).await.unwrap();
    let second = publishing.create(text("second in the queue"), &[heron], When::NextSlot).await.unwrap();
    let due = |post_id| async move {
        publishing.targets(TargetFilter { post_id: Some(post_id), ..TargetFilter::default() }).await.unwrap()[0].clone()
    };
    let (first, second) = (due(first).await, due(second).await);
    let paris = |at: time::OffsetDateTime| {
        let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        zone.to_datetime(jiff::Timestamp::from_second(at.unix_timestamp()).unwrap())
    };
    assert_eq!((paris(first.due_at).hour(), paris(first.due_at).minute()), (9, 0));
    assert_eq!((paris(second.due_at).hour(), paris(second.due_at).minute()), (9, 0));
    assert_eq!(paris(second.due_at).date(), paris(first.due_at).date().tomorrow().unwrap(), "the next free slot");

    // An instant typed in the owner's zone; then brought forward to now, and the first one cancelled.
    let at = to_utc("2030-07-01T18:30", "Europe/Paris", None).unwrap();
    let later = publishing.create(text("summer evening"), &[heron], When::At(at)).await.unwrap();
    let later = due(later).await;
    assert_eq!(later.due_at, time::macros::datetime!(2030-07-01 16:30 UTC));
    publishing.cancel(first.id).await.unwrap();
    publishing.reschedule(later.id, time::OffsetDateTime::now_utc()).await.unwrap();
    assert!(publishing.retry(later.id).await.is_err(), "only a failure can be retried");

    let _dispatcher = console.scheduler(quick()).start().await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while publishing.target(later.id).await.unwrap().state != TargetState::Sent {
        assert!(tokio::time::Instant::now() < deadline, "{:#?}", publishing.target(later.id).await.unwrap());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(publishing.target(first.id).await.unwrap().state, TargetState::Cancelled);
    assert_eq!(publishing.target(second.id).await.unwrap().state, TargetState::Scheduled, "its slot is to come");
    let on_platform = posts_on_platforms(&setup).await;
    assert_eq!(on_platform.len(), 1, "only the rescheduled post went out: {on_platform:?}");
}

#[tokio::test]
async fn under_429s_5xx_and_lost_answers_every_post_ends_sent_exactly_once_or_failed_with_a_reason() {
    let setup = setup().await;
    let console = &setup.console;
    let mut agents = Vec::new();
    for n in 0..12 {
        agents.push(clawtter_agent(console, &format!("crab_{n:02}")).await);
    }
    for n in 0..3 {
        agents.push(clawgram_agent(console, &format!("gull_{n:02}"), true).await);
    }
    let image = console.media().add(&art::picture_png(3, 640, 480)).await.unwrap();
    let posts = 6;
    for n in 0..posts {
        let draft = Draft { text: format!("fault post {n}"), media_ids: vec![image.id], ..Draft::default() };
        console.publishing().create(draft, &agents, When::Now).await.unwrap();
    }
    let faults = FaultSettings {
        rate_limited_share: 0.2,
        retry_after_seconds: 1,
        server_error_share: 0.1,
        drop_after_processing_share: 0.05,
        ..FaultSettings::default()
    };
    setup.sandbox.clawgram.faults().set(faults.clone()).unwrap();
    setup.sandbox.clawtter.faults().set(faults).unwrap();

    let _dispatcher = console.scheduler(quick()).start().await.unwrap();
    let targets = settled(console, Duration::from_secs(120)).await;
    setup.sandbox.clawgram.faults().clear();
    setup.sandbox.clawtter.faults().clear();

    let on_platforms = posts_on_platforms(&setup).await;
    let mut sent = 0;
    for target in &targets {
        let copies = on_platforms.get(&(target.agent_id, target.text.clone())).map_or(0, Vec::len);
        match target.state {
            TargetState::Sent => {
                assert_eq!(copies, 1, "sent exactly once: {target:#?}");
                sent += 1;
            }
            TargetState::Failed => {
                assert_eq!(copies, 0, "a failure never reached the platform: {target:#?}");
                assert!(target.error.as_ref().is_some_and(|e| !e.message.is_empty()), "{target:#?}");
            }
            other => panic!("a target ended {other}: {target:#?}"),
        }
    }
    for failed in targets.iter().filter(|t| t.state == TargetState::Failed) {
        println!("failed: {} on {}: {:?}", failed.text, failed.platform, failed.error);
    }
    let attempts: i64 = targets.iter().map(|t| t.attempts).sum();
    println!("{} targets: {sent} sent, {} failed, {attempts} sends", targets.len(), targets.len() - sent);
    assert_eq!(targets.len(), agents.len() * posts);
    assert!(sent * 10 >= targets.len() * 9, "most posts get through the faults: {sent} of {}", targets.len());
    // No retry storm: a third of requests fail, and a Clawgram post is four requests (three for its image), so
    // a target takes about 1.4 sends on Clawtter and 4 on Clawgram; none goes past its retry limit and waits.
    assert!(attempts <= (targets.len() as i64) * 3, "{attempts} sends for {} targets", targets.len());
    let most = targets.iter().map(|t| t.attempts).max().unwrap_or_default();
    assert!(most <= 15, "one target was sent {most} times");
}

#[tokio::test]
async fn a_lost_answer_is_settled_by_reading_the_platform_and_the_post_is_not_sent_twice() {
    let setup = setup().await;
    let console = &setup.console;
    let heron = clawtter_agent(console, "heron").await;
    // Every answer is lost, the post's and the reads': the outcome stays unknown, and nothing is resent.
    let dropping = FaultSettings { drop_after_processing_share: 1.0, ..FaultSettings::default() };
    setup.sandbox.clawtter.faults().set(dropping).unwrap();
    console.publishing().create(text("did it arrive?"), &[heron], When::Now).await.unwrap();
    let _dispatcher = console.scheduler(quick()).start().await.unwrap();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let target = &console.publishing().targets(TargetFilter::default()).await.unwrap()[0];
        if target.state == TargetState::OutcomeUnknown
            && target.error.as_ref().is_some_and(|e| e.message.contains("read"))
        {
            assert_eq!(target.attempts, 1);
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{target:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(console.publishing().attention().await.unwrap().outcome_unknown, 1, "the badge counts it");

    setup.sandbox.clawtter.faults().clear();
    let targets = settled(console, Duration::from_secs(20)).await;
    assert_eq!((targets[0].state, targets[0].attempts), (TargetState::Sent, 1), "{targets:#?}");
    let on_platform = posts_on_platforms(&setup).await;
    assert_eq!(on_platform[&(heron, "did it arrive?".to_owned())].len(), 1);
}

/// Set in the child process of the crash test: its data directory, and the sandbox's endpoints.
const CHILD_DATA: &str = "CLAWDESK_CRASH_CHILD_DATA";
const CHILD_CLAWTTER: &str = "CLAWDESK_CRASH_CHILD_CLAWTTER";

/// The dispatching process of the crash test, run by it as a child (`--ignored`): dispatches until killed.
#[tokio::test]
#[ignore = "run by the crash test as the process it kills"]
async fn crash_child_dispatches_until_killed() {
    let data = std::path::PathBuf::from(std::env::var(CHILD_DATA).expect("run by the crash test"));
    let clawtter = std::env::var(CHILD_CLAWTTER).unwrap();
    let endpoints = Endpoints { clawgram: clawtter.clone(), clawtter: clawtter.clone(), threads: clawtter };
    let store = Store::open(&data).await.unwrap();
    let master_key = MasterKey::load(None, &data).unwrap();
    let console = Console::new(Mode::Sandbox, Connections::new(&endpoints).unwrap(), store, &master_key);
    let _dispatcher = console.scheduler(quick()).start().await.unwrap();
    tokio::time::sleep(Duration::from_secs(600)).await;
}

#[tokio::test]
async fn a_dispatching_process_killed_mid_way_leaves_every_post_on_the_platform_exactly_once_after_a_restart() {
    let setup = setup().await;
    let mut agents = Vec::new();
    for n in 0..30 {
        agents.push(clawtter_agent(&setup.console, &format!("tern_{n:02}")).await);
    }
    for n in 0..10 {
        setup.console.publishing().create(text(&format!("crash post {n}")), &agents, When::Now).await.unwrap();
    }
    // Slow answers, so that the process dies with sends in flight.
    let slow = FaultSettings { latency_ms: 100, ..FaultSettings::default() };
    setup.sandbox.clawtter.faults().set(slow).unwrap();

    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "crash_child_dispatches_until_killed", "--nocapture"])
        .env(CHILD_DATA, setup.data.path())
        .env(CHILD_CLAWTTER, &setup.sandbox.clawtter.base_url)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let count = |state: &'static str| {
        let pool = setup.console.store().pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM post_targets WHERE state = ?")
                .bind(state)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while count("pending_review").await + count("sent").await < 100 {
        assert!(tokio::time::Instant::now() < deadline, "the child dispatched too little");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap(); // SIGKILL: no clean-up of any kind
    child.wait().unwrap();
    let in_flight = count("sending").await;
    let done_before = count("pending_review").await + count("sent").await;

    setup.sandbox.clawtter.faults().clear();
    let _dispatcher = setup.console.scheduler(quick()).start().await.unwrap();
    let targets = settled(&setup.console, Duration::from_secs(120)).await;
    assert_eq!(targets.len(), 300);
    let on_platforms = posts_on_platforms(&setup).await;
    for target in &targets {
        assert_eq!(target.state, TargetState::Sent, "{target:#?}");
        assert_eq!(on_platforms[&(target.agent_id, target.text.clone())].len(), 1, "exactly once: {target:#?}");
    }
    assert_eq!(on_platforms.values().map(Vec::len).sum::<usize>(), 300, "no post lost, none twice");
    println!("killed with {done_before} of 300 on the platform and {in_flight} in flight; all 300 exactly once");
}

#[tokio::test]
async fn a_threads_post_goes_through_the_owners_backend_with_the_tenant_and_queue_secret() {
    let setup = setup().await;
    let console = &setup.console;
    console.connection_settings().set_default_queue_secret(SandboxOptions::default().threads_queue_secret.into());
    let studio = console.agents().reserve(Platform::Threads, "studio", None).await.unwrap();
    console.publishing().set_pace(studio, Some(Duration::ZERO)).await.unwrap();
    // The backend is on this machine (the sandbox's loopback address): it gets the image as a capability link.
    let image = console.media().add(&clawdesk_sandbox::art::picture_png(9, 800, 600)).await.unwrap();
    console.media().links().serve_at("http://127.0.0.1:3000");
    let draft = Draft { media_ids: vec![image.id], ..text("Open studio tonight") };
    console.publishing().create(draft, &[studio], When::Now).await.unwrap();
    let _dispatcher = console.scheduler(quick()).start().await.unwrap();

    let targets = settled(console, Duration::from_secs(15)).await;
    assert_eq!(targets[0].state, TargetState::Sent, "{targets:#?}");
    let tenant_id = console.connection_settings().threads_credentials().await.unwrap().tenant_id;
    let backend = clawdesk_platforms::threads::ThreadsClient::new(&setup.sandbox.threads.base_url).unwrap();
    let clawdesk_platforms::threads::QueueAccess::Exposed(jobs) = backend.jobs(&tenant_id).await.unwrap() else {
        panic!("the sandbox backend shows its queue")
    };
    let ours: Vec<_> = jobs.iter().filter(|job| job.message == "Open studio tonight").collect();
    assert_eq!(ours.len(), 1, "queued once: {jobs:#?}");
    assert_eq!(targets[0].platform_post_id.as_ref(), Some(&ours[0].id));
    let [link] = ours[0].images.as_slice() else { panic!("one image link: {:?}", ours[0].images) };
    let token = link.strip_prefix("http://127.0.0.1:3000/media-links/").expect("a link at the console's address");
    assert_eq!(console.media().links().resolve(token), Some(image.id));
}

#[tokio::test]
async fn the_composer_is_warned_when_an_agents_pace_cannot_keep_a_time_and_told_when_it_would_go_out() {
    let setup = setup().await;
    let console = &setup.console;
    let heron = clawtter_agent(console, "heron").await;
    let ibis = clawtter_agent(console, "ibis").await;
    let publishing = console.publishing();
    publishing.set_pace(heron, None).await.unwrap(); // the default: one post per 10 minutes
    let noon = time::macros::datetime!(2030-07-01 12:00 UTC);
    publishing.create(text("at noon"), &[heron, ibis], When::At(noon)).await.unwrap();

    let five_past = noon + Duration::from_secs(300);
    let warnings = publishing.pace_warnings(&[heron, ibis], five_past).await.unwrap();
    assert_eq!(warnings.len(), 1, "ibis has pacing off: {warnings:?}");
    assert_eq!((warnings[0].agent_id, warnings[0].earliest), (heron, noon + Duration::from_secs(600)));
    let twenty_past = noon + Duration::from_secs(1200);
    assert!(publishing.pace_warnings(&[heron], twenty_past).await.unwrap().is_empty());
}
