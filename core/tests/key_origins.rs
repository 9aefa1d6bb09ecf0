//! A key goes only where it came from, tried as an attacker would: the platform address is pointed at another
//! listener on loopback without the console password, then every key-using call is made. The listener counts
//! the requests it receives; nothing may reach it until the owner confirms the move with the password.

use clawdesk_core::{
    AuditEvent, ClawgramSignup, ConnectionChange, Connections, Console, CoreError, Endpoints, KeysElsewhere, MasterKey,
    Mode, Platform, ProfileEdit, QueueSecretChange, Store,
};
use clawdesk_sandbox::Sandbox;
use secrecy::{ExposeSecret, SecretString};
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tempfile::TempDir;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

const OWNER: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const PASSWORD: &str = "correct horse battery staple";
const QUEUE_SECRET: &str = "q-secret-Zm9yIHRoZSB0aHJlYWRzIGJhY2tlbmQ";

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

/// A listener on loopback standing for a host the attacker controls: it counts the requests it receives, and
/// those that carry `needle` (a key), and answers none of them.
struct Listener {
    origin: String,
    requests: Arc<AtomicUsize>,
    carrying: Arc<AtomicUsize>,
}

impl Listener {
    async fn start(needle: String) -> Listener {
        let socket = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", socket.local_addr().unwrap());
        let (requests, carrying) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (counted, found) = (requests.clone(), carrying.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = socket.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                let mut head = vec![0; 16 * 1024];
                let read = stream.read(&mut head).await.unwrap_or(0);
                if String::from_utf8_lossy(&head[..read]).contains(&needle) {
                    found.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        Listener { origin, requests, carrying }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn carrying(&self) -> usize {
        self.carrying.load(Ordering::SeqCst)
    }
}

async fn start(sandbox: &Sandbox, data: &Path) -> Console {
    let configured = Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    };
    let store = Store::open(data).await.unwrap();
    let master_key = MasterKey::load(None, data).unwrap();
    let console = Console::new(Mode::Production, Connections::new(&configured).unwrap(), store, &master_key);
    console.connection_settings().apply_saved().await.unwrap();
    console.upgrade_stored_secrets().await.unwrap();
    let token = console.access().setup_token().unwrap();
    console.access().set_up(&token, &secret(PASSWORD), OWNER).await.unwrap();
    console
}

/// The Settings form with `platform` pointed at `base_url`, everything else as it is.
async fn pointing(console: &Console, platform: Platform, base_url: &str) -> ConnectionChange {
    let view = console.connection_settings().view().await.unwrap();
    let mut endpoints = console.connections().endpoints();
    endpoints.set(platform, base_url);
    ConnectionChange { endpoints, tenant_id: view.tenant_id, queue_secret: QueueSecretChange::Keep }
}

async fn audited(console: &Console, wanted: impl Fn(AuditEvent) -> bool) -> Vec<Option<String>> {
    let entries = console.audit().recent(100).await.unwrap();
    entries.into_iter().filter(|entry| wanted(entry.event)).map(|entry| entry.origin).collect()
}

fn refused_origins(error: &CoreError) -> (String, String) {
    match error {
        CoreError::KeyElsewhere { bound, current, .. } => (bound.clone(), current.clone()),
        other => panic!("expected a key kept from another origin, got {other:?}"),
    }
}

#[tokio::test]
async fn a_key_is_sent_to_a_moved_address_only_after_the_owner_confirms_with_the_password() {
    let sandbox = Sandbox::start().await.unwrap();
    let data = TempDir::new().unwrap();
    let console = start(&sandbox, data.path()).await;
    let signup = ClawgramSignup { name: "bound_crab".into(), description: "Keeps its key at home".into() };
    let agent = console.onboarding().register_clawgram(signup, None).await.unwrap().agent_id;
    let key = console.agents().api_key(agent).await.unwrap().key.expose_secret().to_owned();
    let home = sandbox.clawgram.base_url.trim_end_matches("/api/v1").to_owned();
    let listener = Listener::start(key.clone()).await;

    // The address moved without the password (as a stolen session could before, or an edited configuration).
    let moved = pointing(&console, Platform::Clawgram, &format!("{}/api/v1", listener.origin)).await;
    console.connection_settings().save(moved, Some(OWNER)).await.unwrap();

    let checks = console.onboarding().refresh_all().await.unwrap();
    assert_eq!(checks.failures.len(), 1, "Check keys reports the agent");
    let (bound, current) = refused_origins(&checks.failures[0].1);
    assert_eq!((bound.as_str(), current.as_str()), (home.as_str(), listener.origin.as_str()));
    let message = checks.failures[0].1.to_string();
    assert!(message.contains(&home) && message.contains(&listener.origin), "names both origins: {message}");
    let edit = ProfileEdit { nickname: None, bio: Some("stolen".into()), website_url: None };
    refused_origins(&console.profiles().edit(agent, edit).await.unwrap_err());
    assert_eq!(listener.requests(), 0, "nothing was sent to the new address");
    let refusals = audited(&console, |event| matches!(event, AuditEvent::KeyRefused { .. })).await;
    assert_eq!(refusals, [Some(listener.origin.clone()), Some(listener.origin.clone())]);
    let waiting =
        KeysElsewhere { platform: Platform::Clawgram, bound: home.clone(), current: listener.origin.clone(), keys: 1 };
    assert_eq!(console.keys_elsewhere().await.unwrap(), [waiting], "Settings offers to move the one key");

    // A wrong password moves nothing.
    let wrong = console.confirm_key_move(Platform::Clawgram, &secret("not the password"), OWNER).await;
    assert!(matches!(wrong, Err(CoreError::WrongPassword)), "{wrong:?}");
    refused_origins(&console.onboarding().refresh(agent).await.unwrap_err());
    assert_eq!(listener.requests(), 0);

    // Confirmed: the key now goes to the new address (which does not answer like Clawgram).
    assert_eq!(console.confirm_key_move(Platform::Clawgram, &secret(PASSWORD), OWNER).await.unwrap(), 1);
    let moved = audited(&console, |event| event == AuditEvent::KeysMoved { platform: Platform::Clawgram }).await;
    assert_eq!(moved, [Some(listener.origin.clone())]);
    assert_eq!(console.keys_elsewhere().await.unwrap(), [], "nothing is left to move");
    let call = console.onboarding().refresh(agent).await.unwrap_err();
    assert!(!matches!(call, CoreError::KeyElsewhere { .. }), "{call:?}");
    assert_eq!(listener.carrying(), 1, "the confirmed call carried the key to the new address");
}

#[tokio::test]
async fn changing_an_address_in_settings_needs_the_password_and_a_wrong_one_changes_nothing() {
    let sandbox = Sandbox::start().await.unwrap();
    let data = TempDir::new().unwrap();
    let console = start(&sandbox, data.path()).await;
    let signup = ClawgramSignup { name: "settled_crab".into(), description: "Stays put".into() };
    let agent = console.onboarding().register_clawgram(signup, None).await.unwrap().agent_id;
    let listener = Listener::start(console.agents().api_key(agent).await.unwrap().key.expose_secret().to_owned()).await;
    let elsewhere = format!("{}/api/v1", listener.origin);

    for wrong in ["", "not the password"] {
        let change = pointing(&console, Platform::Clawgram, &elsewhere).await;
        let refused = console.save_connections(change, &secret(wrong), OWNER).await.unwrap_err();
        assert!(
            matches!(refused, CoreError::WrongPassword | CoreError::Invalid { field: "password", .. }),
            "{refused:?}"
        );
    }
    assert_eq!(console.connections().endpoints().clawgram, sandbox.clawgram.base_url, "the address did not change");
    console.onboarding().refresh(agent).await.unwrap();
    assert_eq!(listener.requests(), 0);
    let settings = audited(&console, |event| matches!(event, AuditEvent::SettingChanged { .. })).await;
    assert!(settings.is_empty(), "nothing was saved");

    // With the password, the address changes and the key follows it.
    let change = pointing(&console, Platform::Clawgram, &elsewhere).await;
    console.save_connections(change, &secret(PASSWORD), OWNER).await.unwrap();
    assert!(!matches!(console.onboarding().refresh(agent).await, Err(CoreError::KeyElsewhere { .. })));
    assert_eq!(listener.carrying(), 1);
}

#[tokio::test]
async fn the_queue_secret_does_not_follow_an_unconfirmed_threads_move() {
    let sandbox = Sandbox::start().await.unwrap();
    let data = TempDir::new().unwrap();
    let console = start(&sandbox, data.path()).await;
    let mut change = pointing(&console, Platform::Threads, &sandbox.threads.base_url).await;
    change.queue_secret = QueueSecretChange::Replace(secret(QUEUE_SECRET));
    console.connection_settings().save(change, Some(OWNER)).await.unwrap();
    let credentials =
        console.connection_settings().threads_credentials(&console.connections().current()).await.unwrap();
    assert_eq!(credentials.queue_secret.unwrap().expose_secret(), QUEUE_SECRET);

    let listener = Listener::start(QUEUE_SECRET.into()).await;
    let moved = pointing(&console, Platform::Threads, &listener.origin).await;
    console.connection_settings().save(moved, Some(OWNER)).await.unwrap();
    let refused =
        console.connection_settings().threads_credentials(&console.connections().current()).await.unwrap_err();
    let threads_home = sandbox.threads.base_url.trim_end_matches('/').to_owned();
    let (bound, current) = refused_origins(&refused);
    assert!(threads_home.starts_with(&bound), "{bound} is the sandbox backend's origin");
    assert_eq!(current, listener.origin);
    let withheld = audited(&console, |event| event == AuditEvent::QueueSecretWithheld).await;
    assert_eq!(withheld, [Some(listener.origin.clone())]);
    let waiting = console.keys_elsewhere().await.unwrap();
    assert_eq!(waiting.len(), 1, "Settings offers to move the queue secret: {waiting:?}");
    assert_eq!((waiting[0].platform, waiting[0].keys, &waiting[0].current), (Platform::Threads, 0, &listener.origin));

    // Set back, the secret works again; moved with the password, it follows.
    let back = pointing(&console, Platform::Threads, &sandbox.threads.base_url).await;
    console.connection_settings().save(back, Some(OWNER)).await.unwrap();
    assert!(console
        .connection_settings()
        .threads_credentials(&console.connections().current())
        .await
        .unwrap()
        .queue_secret
        .is_some());
    let confirmed = pointing(&console, Platform::Threads, &listener.origin).await;
    console.save_connections(confirmed, &secret(PASSWORD), OWNER).await.unwrap();
    let credentials =
        console.connection_settings().threads_credentials(&console.connections().current()).await.unwrap();
    assert_eq!(credentials.queue_secret.unwrap().expose_secret(), QUEUE_SECRET);
    assert_eq!(listener.requests(), 0, "no call was made to the new address in this test");
}
