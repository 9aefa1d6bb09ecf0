//! The platform connections set in Settings, with a real SQLite store in a temporary directory and the sandbox
//! platforms over HTTP: a saved change switches every service at once, a refused one changes nothing, the queue
//! secret is sealed and outlives the process, and what is applied at start-up depends on the mode.

use clawdesk_core::{
    AddressSource, AuditEvent, ClawgramSignup, ConnectionChange, Connections, Console, CoreError, Endpoints, MasterKey,
    Mode, Platform, QueueSecretChange, QueueSecretState, Setting, Store, DATABASE_FILE,
};
use clawdesk_platforms::clawgram::ClawgramClient;
use clawdesk_platforms::threads::{ThreadsPost, DEFAULT_TENANT_ID};
use clawdesk_sandbox::{Sandbox, SandboxOptions};
use secrecy::{ExposeSecret, SecretString};
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use tempfile::TempDir;

const OWNER: Option<IpAddr> = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
/// Port 9 (discard) on loopback is closed on these machines: the connection is refused at once.
const UNREACHABLE: &str = "http://127.0.0.1:9/api/v1";
const QUEUE_SECRET: &str = "q-secret-Zm9yIHRoZSB0aHJlYWRzIGJhY2tlbmQ";

fn endpoints_of(sandbox: &Sandbox) -> Endpoints {
    Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    }
}

/// A console over `data`, started as `server/src/startup.rs` starts it.
async fn start(mode: Mode, configured: &Endpoints, data: &Path) -> Console {
    let store = Store::open(data).await.unwrap();
    let master_key = MasterKey::load(None, data).unwrap();
    let console = Console::new(mode, Connections::new(configured).unwrap(), store, &master_key);
    if mode == Mode::Sandbox {
        let sandbox_secret = SandboxOptions::default().threads_queue_secret;
        console.connection_settings().set_default_queue_secret(SecretString::from(sandbox_secret));
    }
    console.connection_settings().apply_saved().await.unwrap();
    console
}

/// The Settings form as it comes back unchanged: the addresses in use, the tenant id, an empty secret field.
async fn unchanged(console: &Console) -> ConnectionChange {
    let view = console.connection_settings().view().await.unwrap();
    ConnectionChange {
        endpoints: console.connections().endpoints(),
        tenant_id: view.tenant_id,
        queue_secret: QueueSecretChange::Keep,
    }
}

async fn pointing(console: &Console, platform: Platform, base_url: &str) -> ConnectionChange {
    let mut change = unchanged(console).await;
    change.endpoints.set(platform, base_url);
    change
}

fn refused_field(error: CoreError) -> (&'static str, String) {
    match error {
        CoreError::Invalid { field, reason } => (field, reason),
        other => panic!("expected a refused field, got {other:?}"),
    }
}

async fn settings_changed(console: &Console) -> Vec<Setting> {
    let entries = console.audit().recent(100).await.unwrap();
    let mut settings: Vec<Setting> = entries
        .into_iter()
        .filter_map(|entry| match entry.event {
            AuditEvent::SettingChanged { setting } => Some(setting),
            _ => None,
        })
        .collect();
    settings.reverse();
    settings
}

/// Every byte SQLite has written: the database file and its write-ahead log.
fn database_bytes(data: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(data.join(DATABASE_FILE)).unwrap();
    bytes.extend(std::fs::read(data.join(format!("{DATABASE_FILE}-wal"))).unwrap_or_default());
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[tokio::test]
async fn a_saved_address_switches_every_service_at_once_and_is_audited() {
    let (first, second) = (Sandbox::start().await.unwrap(), Sandbox::start().await.unwrap());
    let data = TempDir::new().unwrap();
    let console = start(Mode::Production, &endpoints_of(&first), data.path()).await;

    let change = pointing(&console, Platform::Clawgram, UNREACHABLE).await;
    assert_eq!(
        console.connection_settings().save(change, OWNER).await.unwrap(),
        [Setting::PlatformUrl(Platform::Clawgram)]
    );
    let check = console.connections().check(Platform::Clawgram).await;
    assert_eq!(check.base_url, UNREACHABLE);
    let reason = check.outcome.unwrap_err();
    assert!(reason.starts_with("could not reach Clawgram"), "{reason}");

    let change = pointing(&console, Platform::Clawgram, &format!("  {}/ ", second.clawgram.base_url)).await;
    console.connection_settings().save(change, OWNER).await.unwrap();
    let check = console.connections().check(Platform::Clawgram).await;
    assert_eq!(check.base_url, second.clawgram.base_url, "trimmed, without the trailing slash");
    assert!(check.outcome.is_ok(), "{:?}", check.outcome);

    // A service built before the change registers on the new address.
    let signup = ClawgramSignup { name: "moved_crab".into(), description: "Follows the console".into() };
    let enrolled = console.onboarding().register_clawgram(signup, None).await.unwrap();
    let key = console.agents().api_key(enrolled.agent_id).await.unwrap().key;
    assert_eq!(ClawgramClient::new(&second.clawgram.base_url).unwrap().me(&key).await.unwrap().name, "moved_crab");
    assert!(ClawgramClient::new(&first.clawgram.base_url).unwrap().me(&key).await.is_err(), "not on the first");

    let view = console.connection_settings().view().await.unwrap();
    let clawgram = &view.addresses[0];
    assert_eq!((clawgram.platform, clawgram.source), (Platform::Clawgram, AddressSource::Settings));
    assert_eq!(view.addresses[1].source, AddressSource::Configuration);
    assert_eq!(settings_changed(&console).await, [Setting::PlatformUrl(Platform::Clawgram); 2]);
    assert_eq!(
        console.connection_settings().save(unchanged(&console).await, OWNER).await.unwrap(),
        [],
        "saving the same values changes nothing"
    );
    assert_eq!(settings_changed(&console).await.len(), 2);
}

#[tokio::test]
async fn an_address_that_is_not_http_has_no_host_or_is_plain_http_elsewhere_is_refused_on_its_field_and_nothing_changes(
) {
    let sandbox = Sandbox::start().await.unwrap();
    let data = TempDir::new().unwrap();
    let console = start(Mode::Production, &endpoints_of(&sandbox), data.path()).await;
    let before = console.connections().endpoints();

    let cases = [
        (Platform::Clawgram, "ftp://x", "clawgram_url", "must start with http:// or https://"),
        (Platform::Clawtter, "http://", "clawtter_url", "has no host name"),
        (Platform::Threads, "garbage", "threads_url", "not a full web address"),
        (Platform::Threads, "   ", "threads_url", "enter the Threads address, such as http://127.0.0.1:8000"),
        (Platform::Clawgram, "https://me:pw@clawgram.example", "clawgram_url", "credentials"),
        (Platform::Clawgram, "http://clawgram.example/api/v1", "clawgram_url", "use https://"),
        (Platform::Threads, "http://192.168.1.20:8000", "threads_url", "use https://"),
    ];
    for (platform, typed, field, words) in cases {
        let mut change = pointing(&console, platform, typed).await;
        // Even with a valid change beside it, nothing of the form is kept.
        change.tenant_id = "agency_lyon".into();
        let (refused, reason) = refused_field(console.connection_settings().save(change, OWNER).await.unwrap_err());
        assert_eq!(refused, field, "{typed:?}");
        assert!(reason.contains(words), "{typed:?}: {reason}");
    }
    let mut bad_tenant = unchanged(&console).await;
    bad_tenant.tenant_id = "agency paris".into();
    let error = console.connection_settings().save(bad_tenant, OWNER).await.unwrap_err();
    assert_eq!(refused_field(error).0, "tenant_id");
    let mut bad_secret = unchanged(&console).await;
    bad_secret.queue_secret = QueueSecretChange::Replace(SecretString::from("line\nbreak"));
    assert_eq!(
        refused_field(console.connection_settings().save(bad_secret, OWNER).await.unwrap_err()).0,
        "queue_secret"
    );

    assert_eq!(console.connections().endpoints(), before);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM platform_connections")
        .fetch_one(console.store().pool())
        .await
        .unwrap();
    assert_eq!(rows, 0);
    assert_eq!(console.connection_settings().view().await.unwrap().tenant_id, DEFAULT_TENANT_ID);
    assert!(settings_changed(&console).await.is_empty());
}

#[tokio::test]
async fn the_queue_secret_is_sealed_outlives_a_restart_and_is_shown_only_as_set() {
    let sandbox = Sandbox::start().await.unwrap();
    let data = TempDir::new().unwrap();
    let console = start(Mode::Production, &endpoints_of(&sandbox), data.path()).await;
    let view = console.connection_settings().view().await.unwrap();
    assert_eq!((view.tenant_id.as_str(), view.queue_secret), (DEFAULT_TENANT_ID, QueueSecretState::Missing));

    let mut change = unchanged(&console).await;
    change.tenant_id = " agency_lyon ".into();
    change.queue_secret = QueueSecretChange::Replace(SecretString::from(format!(" {QUEUE_SECRET}\n")));
    let changed = console.connection_settings().save(change, OWNER).await.unwrap();
    assert_eq!(changed, [Setting::ThreadsTenantId, Setting::ThreadsQueueSecret]);

    assert!(!contains(&database_bytes(data.path()), QUEUE_SECRET.as_bytes()), "the database holds it sealed only");
    let QueueSecretState::Saved(key) = console.connection_settings().view().await.unwrap().queue_secret else {
        panic!("the secret is saved")
    };
    assert!(!key.fingerprint.as_str().contains(QUEUE_SECRET), "{}", key.fingerprint);
    drop(console);

    let console = start(Mode::Production, &endpoints_of(&sandbox), data.path()).await;
    let credentials =
        console.connection_settings().threads_credentials(&console.connections().current()).await.unwrap();
    assert_eq!(credentials.tenant_id, "agency_lyon", "trimmed");
    assert_eq!(credentials.queue_secret.unwrap().expose_secret(), QUEUE_SECRET, "trimmed, opened after a restart");
    assert_eq!(settings_changed(&console).await, [Setting::ThreadsTenantId, Setting::ThreadsQueueSecret]);

    // An empty field keeps it; forgetting drops it; both at once is refused.
    let keep = QueueSecretChange::from_form(SecretString::from("  "), false).unwrap();
    let mut change = unchanged(&console).await;
    change.queue_secret = keep;
    assert_eq!(console.connection_settings().save(change, OWNER).await.unwrap(), []);
    let both = QueueSecretChange::from_form(SecretString::from("new"), true).unwrap_err();
    assert_eq!(refused_field(both).0, "queue_secret");
    let mut change = unchanged(&console).await;
    change.queue_secret = QueueSecretChange::from_form(SecretString::from(""), true).unwrap();
    assert_eq!(console.connection_settings().save(change, OWNER).await.unwrap(), [Setting::ThreadsQueueSecret]);
    assert!(console
        .connection_settings()
        .threads_credentials(&console.connections().current())
        .await
        .unwrap()
        .queue_secret
        .is_none());
    assert_eq!(console.connection_settings().view().await.unwrap().queue_secret, QueueSecretState::Missing);
}

#[tokio::test]
async fn in_production_saved_addresses_win_at_start_until_set_back_to_the_configured_one() {
    let (configured, other) = (Sandbox::start().await.unwrap(), Sandbox::start().await.unwrap());
    let data = TempDir::new().unwrap();
    let console = start(Mode::Production, &endpoints_of(&configured), data.path()).await;
    let change = pointing(&console, Platform::Threads, &other.threads.base_url).await;
    console.connection_settings().save(change, OWNER).await.unwrap();
    drop(console);

    let console = start(Mode::Production, &endpoints_of(&configured), data.path()).await;
    assert_eq!(console.connections().threads().base_url().as_str(), other.threads.base_url);
    assert_eq!(console.connections().clawgram().base_url().as_str(), configured.clawgram.base_url);

    let change = pointing(&console, Platform::Threads, &configured.threads.base_url).await;
    console.connection_settings().save(change, OWNER).await.unwrap();
    let saved: Option<String> =
        sqlx::query_scalar("SELECT base_url FROM platform_connections WHERE platform = 'threads'")
            .fetch_one(console.store().pool())
            .await
            .unwrap();
    assert_eq!(saved, None, "the configuration governs again");
    assert_eq!(console.connection_settings().view().await.unwrap().addresses[2].source, AddressSource::Configuration);
}

#[tokio::test]
async fn in_sandbox_mode_addresses_last_until_restart_and_the_sandbox_secret_publishes() {
    let sandbox = Sandbox::start().await.unwrap();
    let data = TempDir::new().unwrap();
    let console = start(Mode::Sandbox, &endpoints_of(&sandbox), data.path()).await;
    let view = console.connection_settings().view().await.unwrap();
    assert!(view.addresses.iter().all(|address| address.source == AddressSource::Sandbox));
    assert_eq!(view.queue_secret, QueueSecretState::Default);

    // With nothing saved, the sandbox backend's secret and the default tenant publish.
    let credentials =
        console.connection_settings().threads_credentials(&console.connections().current()).await.unwrap();
    let post = ThreadsPost { message: "From the demo".into(), ..ThreadsPost::default() };
    let published = console
        .connections()
        .threads()
        .publish(&credentials.queue_secret.unwrap(), &credentials.tenant_id, &post)
        .await
        .unwrap();
    assert_eq!(published.http_status, 202);

    let mut change = pointing(&console, Platform::Clawgram, UNREACHABLE).await;
    change.tenant_id = "agency_lyon".into();
    console.connection_settings().save(change, OWNER).await.unwrap();
    assert_eq!(console.connections().clawgram().base_url().as_str(), UNREACHABLE, "applied at once");
    assert_eq!(console.connection_settings().view().await.unwrap().addresses[0].source, AddressSource::UntilRestart);
    drop(console);

    let console = start(Mode::Sandbox, &endpoints_of(&sandbox), data.path()).await;
    assert_eq!(console.connections().clawgram().base_url().as_str(), sandbox.clawgram.base_url, "not saved");
    assert_eq!(
        console.connection_settings().threads_credentials(&console.connections().current()).await.unwrap().tenant_id,
        "agency_lyon"
    );
}
