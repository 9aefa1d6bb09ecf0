//! Registering, importing, claiming and editing agents against the sandbox platforms over HTTP, with a real
//! SQLite store in a temporary directory: keys land in the vault, refusals land on the right field and leave
//! nothing behind.

use clawdesk_core::{
    AuditEvent, ClaimState, ClawgramSignup, ClawtterSignup, Connections, Console, CoreError, Endpoints, KeyHealth,
    KeyImport, MasterKey, Mode, NameCheck, Platform, ProfileEdit, Store, CLAWGRAM_KEY_VARIABLE, MASTER_KEY_FILE,
};
use clawdesk_platforms::clawgram::{ClawgramClient, ErrorCode};
use clawdesk_platforms::clawtter::{ClawtterClient, Registration};
use clawdesk_sandbox::Sandbox;
use secrecy::{ExposeSecret, SecretString};
use tempfile::TempDir;

/// Bind every field: the sandbox and the data directory must live as long as the test.
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
    // Agents' runtimes in these tests live in temporary folders.
    let console = Console::new(Mode::Sandbox, Connections::new(&endpoints).unwrap(), store, &master_key)
        .with_delivery_folders(&[std::env::temp_dir()]);
    Setup { console, sandbox, _data: data }
}

fn clawgram_signup(name: &str) -> ClawgramSignup {
    ClawgramSignup { name: name.into(), description: "Paints tide pools".into() }
}

fn field_of(error: CoreError) -> &'static str {
    match error {
        CoreError::Invalid { field, .. } => field,
        other => panic!("expected a refused field, got {other:?}"),
    }
}

#[tokio::test]
async fn a_clawgram_registration_keeps_the_key_in_the_vault_and_waits_to_be_claimed() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let enrolled = console.onboarding().register_clawgram(clawgram_signup("  Tide_Painter "), None).await.unwrap();
    assert_eq!(enrolled.handle, "tide_painter", "stored as Clawgram stores it");
    assert!(enrolled.verification_code.unwrap().starts_with("crab-"));
    assert!(enrolled.claim_url.is_some());

    let agent = console.agents().get(enrolled.agent_id).await.unwrap();
    assert_eq!(
        (agent.platform, agent.claim, agent.health),
        (Platform::Clawgram, ClaimState::PendingClaim, KeyHealth::Works)
    );
    assert!(agent.key.unwrap().fingerprint.to_string().starts_with("claw_"));
    assert_eq!(agent.profile.avatar_url, None, "no avatar yet: Clawgram's write gate is closed");
    let key = console.agents().api_key(enrolled.agent_id).await.unwrap().key;
    assert_eq!(console.connections().clawgram().me(&key).await.unwrap().name, "tide_painter");
}

#[tokio::test]
async fn a_taken_or_invalid_name_is_refused_on_the_name_field_and_nothing_is_kept() {
    let Setup { console, sandbox, _data } = setup().await;
    ClawgramClient::new(&sandbox.clawgram.base_url).unwrap().register("taken_name", "first").await.unwrap();

    let taken = console.onboarding().register_clawgram(clawgram_signup("taken_name"), None).await.unwrap_err();
    assert_eq!(field_of(taken), "name");
    assert_eq!(
        field_of(console.onboarding().register_clawgram(clawgram_signup("no"), None).await.unwrap_err()),
        "name"
    );
    assert_eq!(
        field_of(console.onboarding().register_clawgram(clawgram_signup("admin"), None).await.unwrap_err()),
        "name"
    );
    let empty = ClawgramSignup { name: "fine_name".into(), description: " ".into() };
    assert_eq!(field_of(console.onboarding().register_clawgram(empty, None).await.unwrap_err()), "description");
    assert!(console.agents().list().await.unwrap().is_empty());

    console.onboarding().register_clawgram(clawgram_signup("again"), None).await.unwrap();
    let twice = console.onboarding().register_clawgram(clawgram_signup("again"), None).await.unwrap_err();
    assert_eq!(field_of(twice), "name", "already in the console");
    assert_eq!(console.agents().list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_name_is_checked_while_typed_against_the_rules_the_console_and_clawgram() {
    let Setup { console, sandbox, _data } = setup().await;
    ClawgramClient::new(&sandbox.clawgram.base_url).unwrap().register("taken_name", "first").await.unwrap();
    console.onboarding().register_clawgram(clawgram_signup("held_here"), None).await.unwrap();
    let check = |name: &'static str| {
        let onboarding = console.onboarding().clone();
        async move { onboarding.check_clawgram_name(name).await.unwrap() }
    };
    assert_eq!(check(" Fresh_Name ").await, NameCheck::Free { name: "fresh_name".into() });
    assert_eq!(check("Taken_Name").await, NameCheck::Taken { name: "taken_name".into() });
    assert_eq!(check("held_here").await, NameCheck::Held { name: "held_here".into() });
    match check("ab").await {
        NameCheck::Refused { reason } => assert!(reason.contains("at least 3 characters"), "{reason}"),
        other => panic!("a two-letter name is refused, not {other:?}"),
    }
    assert!(console.agents().list().await.unwrap().len() == 1, "checking registers nothing");
}

#[tokio::test]
async fn a_clawtter_registration_keeps_the_key_and_the_quota() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let signup = ClawtterSignup {
        identity_id: "night_scribe".into(),
        nickname: "Night Scribe".into(),
        bio: Some(String::new()),
        owner_email: None,
    };
    let enrolled = console.onboarding().register_clawtter(signup.clone(), None).await.unwrap();
    let agent = console.agents().get(enrolled.agent_id).await.unwrap();
    assert_eq!(agent.display_name.as_deref(), Some("Night Scribe"));
    assert_eq!((agent.claim, agent.health), (ClaimState::Unknown, KeyHealth::Works));
    assert_eq!(agent.profile.quota_remaining, Some(20));

    let again = console.onboarding().register_clawtter(signup, None).await.unwrap_err();
    assert_eq!(field_of(again), "identity_id");
    let unnamed = ClawtterSignup { identity_id: "x".into(), nickname: " ".into(), bio: None, owner_email: None };
    assert_eq!(field_of(console.onboarding().register_clawtter(unnamed, None).await.unwrap_err()), "nickname");
}

#[tokio::test]
async fn importing_checks_the_key_with_the_platform_first() {
    let Setup { console, sandbox, _data } = setup().await;
    let clawgram = ClawgramClient::new(&sandbox.clawgram.base_url).unwrap();
    let key = clawgram.register("imported_crab", "an agent of its own").await.unwrap().api_key;

    let wrong =
        KeyImport { platform: Platform::Clawgram, identity_id: None, api_key: SecretString::from("claw_test_nope") };
    assert_eq!(field_of(console.onboarding().import(wrong, None).await.unwrap_err()), "api_key");
    assert!(console.agents().list().await.unwrap().is_empty(), "a refused key is not kept");

    let good = KeyImport { platform: Platform::Clawgram, identity_id: None, api_key: key.clone() };
    let enrolled = console.onboarding().import(good, None).await.unwrap();
    assert_eq!(enrolled.handle, "imported_crab", "the platform says whose key it is");
    assert_eq!(console.agents().api_key(enrolled.agent_id).await.unwrap().key.expose_secret(), key.expose_secret());

    let clawtter = ClawtterClient::new(&sandbox.clawtter.base_url).unwrap();
    let registration =
        Registration { identity_id: "quiet_owl".into(), nickname: "Quiet Owl".into(), ..Registration::default() };
    let clawtter_key = clawtter.register(&registration).await.unwrap().api_key;
    let unknown = KeyImport {
        platform: Platform::Clawtter,
        identity_id: Some("nobody_here".into()),
        api_key: clawtter_key.clone(),
    };
    assert_eq!(field_of(console.onboarding().import(unknown, None).await.unwrap_err()), "identity_id");
    let missing = KeyImport { platform: Platform::Clawtter, identity_id: None, api_key: clawtter_key.clone() };
    assert_eq!(field_of(console.onboarding().import(missing, None).await.unwrap_err()), "identity_id");
    let good = KeyImport { platform: Platform::Clawtter, identity_id: Some("quiet_owl".into()), api_key: clawtter_key };
    let owl = console.onboarding().import(good, None).await.unwrap();
    assert_eq!(console.agents().get(owl.agent_id).await.unwrap().profile.quota_remaining, Some(20));
    assert_eq!(console.agents().list().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_key_rotated_elsewhere_shows_as_refused_after_a_check() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let enrolled = console.onboarding().register_clawgram(clawgram_signup("rotated_away"), None).await.unwrap();
    let key = console.agents().api_key(enrolled.agent_id).await.unwrap().key;
    console.connections().clawgram().rotate_key(&key).await.unwrap();

    let error = console.onboarding().refresh(enrolled.agent_id).await.unwrap_err();
    assert_eq!(field_of(error), "api_key");
    assert_eq!(console.agents().get(enrolled.agent_id).await.unwrap().health, KeyHealth::Fails);
}

#[tokio::test]
async fn checking_every_key_names_the_agent_whose_key_was_refused_and_refreshes_the_others() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let kept = console.onboarding().register_clawgram(clawgram_signup("key_kept"), None).await.unwrap();
    let rotated = console.onboarding().register_clawgram(clawgram_signup("key_gone"), None).await.unwrap();
    let key = console.agents().api_key(rotated.agent_id).await.unwrap().key;
    console.connections().clawgram().rotate_key(&key).await.unwrap();

    let checks = console.onboarding().refresh_all().await.unwrap();
    assert_eq!(checks.checked, 2);
    let failures: Vec<(String, &'static str)> =
        checks.failures.into_iter().map(|(handle, error)| (handle, field_of(error))).collect();
    assert_eq!(failures, vec![("key_gone".to_owned(), "api_key")]);
    assert_eq!(console.agents().get(kept.agent_id).await.unwrap().health, KeyHealth::Works);
    assert_eq!(console.agents().get(rotated.agent_id).await.unwrap().health, KeyHealth::Fails);
}

/// The newest claim token the sandbox "emailed" to `to`, and its claim link.
async fn newest_claim_email(sandbox: &Sandbox, to: &str) -> (String, String) {
    let url = format!("{}_sandbox/mailbox.json?to={to}", sandbox.clawgram.base_url.trim_end_matches("api/v1"));
    let emails: Vec<serde_json::Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    let newest = &emails[0];
    (newest["token"].as_str().unwrap().to_owned(), newest["link"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_claim_by_email_completes_with_the_link_keeps_the_owner_session_sealed_and_refuses_replays() {
    let Setup { console, sandbox, _data } = setup().await;
    let agent = console.onboarding().register_clawgram(clawgram_signup("claimable"), None).await.unwrap().agent_id;
    assert_eq!(field_of(console.claims().start(agent, "not an email").await.unwrap_err()), "email");

    let started = console.claims().start(agent, "owner@example.test").await.unwrap();
    assert_eq!(started.email, "owner@example.test");
    let (token, link) = newest_claim_email(&sandbox, "owner@example.test").await;
    assert_eq!(
        field_of(console.claims().complete(agent, "claw_owner_email_unknown", None).await.unwrap_err()),
        "token"
    );
    assert_eq!(
        field_of(console.claims().complete(agent, "https://example.test/claim?token=x", None).await.unwrap_err()),
        "token"
    );

    let completed = console.claims().complete(agent, &link, None).await.unwrap();
    assert_eq!(completed.owner_email, "owner@example.test");
    assert_eq!(console.agents().get(agent).await.unwrap().claim, ClaimState::Claimed);
    let sealed: Vec<u8> =
        sqlx::query_scalar("SELECT token FROM owner_sessions WHERE owner_email = 'owner@example.test'")
            .fetch_one(console.store().pool())
            .await
            .unwrap();
    assert!(!sealed.is_empty() && !String::from_utf8_lossy(&sealed).contains("claw_owner"), "sealed, not plain");

    let CoreError::Invalid { field: "token", reason } =
        console.claims().complete(agent, &token, None).await.unwrap_err()
    else {
        panic!("a replay is refused on the token field")
    };
    assert!(reason.contains("already been used"), "{reason}");
}

#[tokio::test]
async fn an_expired_claim_token_says_so() {
    let Setup { console, sandbox, _data } = setup().await;
    let agent = console.onboarding().register_clawgram(clawgram_signup("slow_owner"), None).await.unwrap().agent_id;
    console.claims().start(agent, "late@example.test").await.unwrap();
    let (token, _) = newest_claim_email(&sandbox, "late@example.test").await;
    sandbox.clock.advance(std::time::Duration::from_secs(16 * 60));
    let CoreError::Invalid { field: "token", reason } =
        console.claims().complete(agent, &token, None).await.unwrap_err()
    else {
        panic!("an expired token is refused on the token field")
    };
    assert!(reason.contains("expired"), "{reason}");
    assert_eq!(console.agents().get(agent).await.unwrap().claim, ClaimState::PendingClaim);
}

#[tokio::test]
async fn profile_edits_reach_the_platform_and_the_website_waits_for_the_claim() {
    let Setup { console, sandbox, _data } = setup().await;
    let agent = console.onboarding().register_clawgram(clawgram_signup("editable"), None).await.unwrap().agent_id;
    let bio = ProfileEdit { bio: Some("Paints the harbour at noon".into()), ..ProfileEdit::default() };
    console.profiles().edit(agent, bio).await.unwrap();
    assert_eq!(console.agents().get(agent).await.unwrap().profile.bio.as_deref(), Some("Paints the harbour at noon"));
    let public = ClawgramClient::new(&sandbox.clawgram.base_url).unwrap().profile("editable").await.unwrap();
    assert_eq!(public.bio.as_deref(), Some("Paints the harbour at noon"));

    let website = ProfileEdit { website_url: Some("https://editable.example".into()), ..ProfileEdit::default() };
    assert_eq!(field_of(console.profiles().edit(agent, website.clone()).await.unwrap_err()), "website_url");
    console.claims().start(agent, "editor@example.test").await.unwrap();
    let (token, _) = newest_claim_email(&sandbox, "editor@example.test").await;
    console.claims().complete(agent, &token, None).await.unwrap();
    let plain = ProfileEdit { website_url: Some("http://editable.example".into()), ..ProfileEdit::default() };
    assert_eq!(field_of(console.profiles().edit(agent, plain).await.unwrap_err()), "website_url");
    console.profiles().edit(agent, website).await.unwrap();
    let stored = console.agents().get(agent).await.unwrap().profile;
    assert_eq!(stored.website_url.as_deref(), Some("https://editable.example"));
    assert_eq!(stored.bio.as_deref(), Some("Paints the harbour at noon"), "fields left out stay");

    let signup = ClawtterSignup {
        identity_id: "renamed".into(),
        nickname: "Old Name".into(),
        bio: Some("First bio".into()),
        owner_email: None,
    };
    let scribe = console.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
    assert_eq!(console.agents().get(scribe).await.unwrap().profile.bio.as_deref(), Some("First bio"));
    let rename = ProfileEdit { nickname: Some("New Name".into()), ..ProfileEdit::default() };
    console.profiles().edit(scribe, rename).await.unwrap();
    console.onboarding().refresh(scribe).await.unwrap();
    let renamed = console.agents().get(scribe).await.unwrap();
    assert_eq!(renamed.display_name.as_deref(), Some("New Name"));
    assert_eq!(renamed.profile.bio.as_deref(), Some("First bio"), "a key check keeps what Clawtter cannot be asked");
    let blank = ProfileEdit { nickname: Some(" ".into()), ..ProfileEdit::default() };
    assert_eq!(field_of(console.profiles().edit(scribe, blank).await.unwrap_err()), "nickname");
}

/// A photo larger than either platform keeps, as a PNG.
fn large_photo() -> Vec<u8> {
    let image = image::RgbImage::from_fn(1600, 1200, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

#[tokio::test]
async fn an_avatar_opens_clawgram_s_write_gate_and_removing_it_closes_the_gate_again() {
    let Setup { console, sandbox, _data } = setup().await;
    let agent = console.onboarding().register_clawgram(clawgram_signup("face_maker"), None).await.unwrap().agent_id;
    ClawgramClient::new(&sandbox.clawgram.base_url).unwrap().register("followed", "to follow").await.unwrap();
    let key = console.agents().api_key(agent).await.unwrap().key;
    let clawgram = console.connections().clawgram();
    let gated = clawgram.follow(&key, "followed").await.unwrap_err();
    assert_eq!(ErrorCode::of(&gated), Some(ErrorCode::AvatarRequired));

    let set = console.profiles().set_avatar(agent, &large_photo()).await.unwrap();
    assert!(set.converted && set.width <= 1024 && set.height <= 1024, "{set:?}");
    let avatar_url = set.avatar_url.expect("Clawgram answers with the avatar's address");
    assert_eq!(console.agents().get(agent).await.unwrap().profile.avatar_url.as_deref(), Some(avatar_url.as_str()));
    let served = reqwest::get(&avatar_url).await.unwrap();
    assert!(served.headers()["content-type"].to_str().unwrap().starts_with("image/"));
    clawgram.follow(&key, "followed").await.expect("with an avatar the agent may follow");

    console.profiles().remove_avatar(agent).await.unwrap();
    assert_eq!(console.agents().get(agent).await.unwrap().profile.avatar_url, None);
    clawgram.unfollow(&key, "followed").await.expect_err("without an avatar the gate is closed again");
}

#[tokio::test]
async fn a_clawtter_avatar_is_sent_inline_and_a_file_that_is_not_an_image_changes_nothing() {
    let Setup { console, sandbox: _sandbox, _data } = setup().await;
    let signup =
        ClawtterSignup { identity_id: "portrait".into(), nickname: "Portrait".into(), bio: None, owner_email: None };
    let agent = console.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
    let set = console.profiles().set_avatar(agent, &large_photo()).await.unwrap();
    assert!(set.size_bytes <= 2_000_000 && set.avatar_url.is_some(), "{set:?}");
    let profile = console.agents().get(agent).await.unwrap().profile;
    assert_eq!((&profile.avatar_url, profile.display_name.as_deref()), (&set.avatar_url, Some("Portrait")));

    let refused = console.profiles().set_avatar(agent, b"just some notes, not a picture").await.unwrap_err();
    assert_eq!(field_of(refused), "avatar");
    assert_eq!(console.agents().get(agent).await.unwrap().profile.avatar_url, set.avatar_url, "the avatar stays");
    let removal = console.profiles().remove_avatar(agent).await.unwrap_err();
    assert_eq!(field_of(removal), "avatar", "Clawtter has no removal");
}

#[tokio::test]
async fn a_delivery_file_in_the_data_directory_through_a_link_or_outside_the_folders_is_refused_before_rotating() {
    let Setup { console, _data: data, sandbox: _sandbox } = setup().await;
    let agent = console.onboarding().register_clawgram(clawgram_signup("keeper"), None).await.unwrap().agent_id;
    let old = console.agents().api_key(agent).await.unwrap().key;
    let master_key = data.path().join(MASTER_KEY_FILE);
    let master_key_before = std::fs::read(&master_key).unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let link = runtime.path().join("link.env");
    std::os::unix::fs::symlink(&master_key, &link).unwrap();

    for (path, why) in [
        (master_key.clone(), "in the console's data directory"),
        (link, "is a link or goes through one"),
        (runtime.path().join("..").join("elsewhere.env"), "is a link or goes through one"),
        (std::path::PathBuf::from("/etc/clawdesk.env"), "not inside a delivery folder"),
    ] {
        let refused = console.rotations().rotate(agent, path.to_str(), None).await.unwrap_err();
        let CoreError::Invalid { field: "delivery_path", reason } = refused else { panic!("{refused:?}") };
        assert!(reason.contains(why), "{}: {reason}", path.display());
    }
    assert_eq!(std::fs::read(&master_key).unwrap(), master_key_before, "the key file is untouched");
    console.connections().clawgram().me(&old).await.expect("nothing was rotated");
}

#[tokio::test]
async fn rotation_writes_the_new_key_to_the_delivery_file_and_the_old_one_stops_working() {
    let Setup { console, _data, sandbox: _sandbox } = setup().await;
    let agent = console.onboarding().register_clawgram(clawgram_signup("turner"), None).await.unwrap().agent_id;
    let old = console.agents().api_key(agent).await.unwrap().key;
    let runtime = tempfile::tempdir().unwrap();
    let env_file = runtime.path().join(".env");
    std::fs::write(&env_file, format!("MODEL=small\n{CLAWGRAM_KEY_VARIABLE}=stale\n")).unwrap();

    let relative = console.rotations().rotate(agent, Some("openclaw/.env"), None).await.unwrap_err();
    assert_eq!(field_of(relative), "delivery_path");
    console.connections().clawgram().me(&old).await.expect("a refused request rotated nothing");

    let rotated = console.rotations().rotate(agent, env_file.to_str(), None).await.unwrap();
    assert_eq!(rotated.delivered_to.as_deref(), Some(env_file.as_path()));
    let new = console.agents().api_key(agent).await.unwrap().key;
    assert_ne!(new.expose_secret(), old.expose_secret());
    assert!(console.connections().clawgram().me(&old).await.is_err(), "the old key is refused");
    console.connections().clawgram().me(&new).await.expect("the new key works");
    let written = std::fs::read_to_string(&env_file).unwrap();
    assert_eq!(written, format!("MODEL=small\n{CLAWGRAM_KEY_VARIABLE}={}\n", new.expose_secret()));
    let previous: Option<Vec<u8>> = sqlx::query_scalar("SELECT previous_api_key FROM agents WHERE id = ?")
        .bind(agent)
        .fetch_one(console.store().pool())
        .await
        .unwrap();
    assert_eq!(previous, None, "the old key is forgotten once the new one is verified");
    let events: Vec<AuditEvent> = console.audit().recent(10).await.unwrap().into_iter().map(|e| e.event).collect();
    assert!(events.contains(&AuditEvent::KeyRotated { agent_id: agent, platform: Platform::Clawgram }), "{events:?}");
    assert!(events.contains(&AuditEvent::KeyRevealedToFile { agent_id: agent, platform: Platform::Clawgram }));
    let written_to = console.audit().recent(10).await.unwrap().into_iter().find_map(|entry| entry.path);
    assert_eq!(written_to.as_deref(), env_file.to_str(), "the audit log names the file");

    let clawtter =
        ClawtterSignup { identity_id: "fixed".into(), nickname: "Fixed".into(), bio: None, owner_email: None };
    let fixed = console.onboarding().register_clawtter(clawtter, None).await.unwrap().agent_id;
    assert_eq!(field_of(console.rotations().rotate(fixed, None, None).await.unwrap_err()), "agent");
}

#[tokio::test]
async fn a_rotated_key_the_database_refuses_survives_in_a_rescue_file_and_is_stored_at_the_next_start() {
    let Setup { console, _data, sandbox: _sandbox } = setup().await;
    let agent = console.onboarding().register_clawgram(clawgram_signup("unlucky"), None).await.unwrap().agent_id;
    let old = console.agents().api_key(agent).await.unwrap().key;
    sqlx::query(
        "CREATE TRIGGER full_disk BEFORE UPDATE OF api_key ON agents BEGIN SELECT RAISE(FAIL, 'disk is full'); END",
    )
    .execute(console.store().pool())
    .await
    .unwrap();

    let error = console.rotations().rotate(agent, None, None).await.unwrap_err();
    assert!(error.to_string().contains("rescued-keys"), "{error}");
    assert!(console.connections().clawgram().me(&old).await.is_err(), "the platform did rotate");
    let rescue = console.store().directory().join("rescued-keys").join(format!("agent-{agent}.sealed"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&rescue).unwrap().permissions().mode() & 0o777, 0o600);

    sqlx::query("DROP TRIGGER full_disk").execute(console.store().pool()).await.unwrap();
    assert_eq!(console.rotations().recover_rescued_keys().await.unwrap(), 1);
    let new = console.agents().api_key(agent).await.unwrap().key;
    console.connections().clawgram().me(&new).await.expect("the rescued key is the one Clawgram issued");
    assert!(!rescue.exists());
    assert_eq!(console.rotations().recover_rescued_keys().await.unwrap(), 0);
}

#[tokio::test]
async fn an_owner_signs_in_sees_their_agents_and_rotates_or_imports_them_with_the_owner_session() {
    let Setup { console, sandbox, _data } = setup().await;
    let clawgram = ClawgramClient::new(&sandbox.clawgram.base_url).unwrap();
    let held = console.onboarding().register_clawgram(clawgram_signup("held_agent"), None).await.unwrap().agent_id;
    console.claims().start(held, "boss@example.test").await.unwrap();
    let elsewhere = clawgram.register("elsewhere_agent", "run on another machine").await.unwrap().api_key;
    clawgram.setup_owner_email(&elsewhere, "boss@example.test").await.unwrap();

    let no_session = console.rotations().rotate_as_owner("boss@example.test", "x", "held_agent", None, None).await;
    assert_eq!(field_of(no_session.unwrap_err()), "owner_email");
    assert_eq!(console.owners().start_sign_in("boss@example.test").await.unwrap().email, "boss@example.test");
    let (token, _) = newest_claim_email(&sandbox, "boss@example.test").await;
    assert_eq!(console.owners().complete_sign_in(&token).await.unwrap(), "boss@example.test");

    let owned = console.owners().owned_agents().await.unwrap();
    let held_row = owned.iter().find(|a| a.name == "held_agent").unwrap();
    let elsewhere_row = owned.iter().find(|a| a.name == "elsewhere_agent").unwrap();
    assert_eq!(held_row.console_agent_id, Some(held));
    assert_eq!(elsewhere_row.console_agent_id, None);

    let old = console.agents().api_key(held).await.unwrap().key;
    let (rotated_id, _) = console
        .rotations()
        .rotate_as_owner("boss@example.test", &held_row.platform_agent_id, "held_agent", None, None)
        .await
        .unwrap();
    assert_eq!(rotated_id, held);
    assert!(clawgram.me(&old).await.is_err(), "the old key is refused");
    clawgram.me(&console.agents().api_key(held).await.unwrap().key).await.expect("the new key works");

    let (imported, _) = console
        .rotations()
        .rotate_as_owner("boss@example.test", &elsewhere_row.platform_agent_id, "elsewhere_agent", None, None)
        .await
        .unwrap();
    assert!(clawgram.me(&elsewhere).await.is_err(), "the agent's own key stopped working");
    assert_eq!(console.agents().get(imported).await.unwrap().health, KeyHealth::Works);
    assert!(console.owners().owned_agents().await.unwrap().iter().all(|a| a.console_agent_id.is_some()));

    let stranger = clawgram.register("stranger", "someone else's").await.unwrap().api_key;
    let stranger_id = clawgram.me(&stranger).await.unwrap().id;
    let refused = console.rotations().rotate_as_owner("boss@example.test", &stranger_id, "stranger", None, None).await;
    assert_eq!(field_of(refused.unwrap_err()), "agent");
    assert!(console.agents().list().await.unwrap().iter().all(|a| a.handle != "stranger"), "nothing was kept");
}
