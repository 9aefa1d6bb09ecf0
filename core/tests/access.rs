//! The console password, login throttling and the audit log, on a real database.

use clawdesk_core::{
    AuditEvent, Connections, Console, CoreError, Endpoints, MasterKey, Mode, NewAgent, Platform, Store, FREE_ATTEMPTS,
};
use secrecy::{ExposeSecret, SecretString};
use std::net::{IpAddr, Ipv4Addr};

const OWNER: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const INTRUDER: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 66));
const PASSWORD: &str = "tide pools at dawn";
const API_KEY: &str = "claw_test_bG9ic3RlcmxvYnN0ZXJsb2JzdGVybG9ic3Rlcg";

async fn console() -> (tempfile::TempDir, Console) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let key = MasterKey::load(None, dir.path()).unwrap();
    let console = Console::new(Mode::Sandbox, Connections::new(&Endpoints::default()).unwrap(), store, &key);
    (dir, console)
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

/// Sets the first password with the setup token the console printed (or, once spent, a made-up one).
async fn set_up(console: &Console, password: &str, client: IpAddr) -> Result<i64, CoreError> {
    let token = console.access().setup_token().unwrap_or_else(|| secret("a token made up by the caller"));
    console.access().set_up(&token, &secret(password), client).await
}

async fn events(console: &Console) -> Vec<AuditEvent> {
    console.audit().recent(50).await.unwrap().into_iter().rev().map(|entry| entry.event).collect()
}

#[tokio::test]
async fn the_first_password_is_set_once_and_then_logs_in() {
    let (_dir, console) = console().await;
    assert!(!console.access().is_set_up().await.unwrap());
    assert!(matches!(console.access().log_in(&secret(PASSWORD), OWNER).await, Err(CoreError::PasswordNotSet)));

    let version = set_up(&console, PASSWORD, OWNER).await.unwrap();
    assert!(console.access().is_set_up().await.unwrap());
    assert!(matches!(set_up(&console, "another password", INTRUDER).await, Err(CoreError::AlreadySetUp)));
    assert_eq!(console.access().log_in(&secret(PASSWORD), OWNER).await.unwrap(), version);
    assert!(matches!(
        console.access().log_in(&secret("tide pools at dusk"), OWNER).await,
        Err(CoreError::WrongPassword)
    ));
}

#[tokio::test]
async fn the_first_password_needs_the_setup_token_which_is_spent_once_used() {
    let (_dir, console) = console().await;
    let token = console.access().setup_token().unwrap();
    for wrong in ["", "not the token at all", &format!("{}x", token.expose_secret())] {
        let refused = console.access().set_up(&secret(wrong), &secret(PASSWORD), INTRUDER).await.unwrap_err();
        assert!(matches!(refused, CoreError::Invalid { field: "setup_token", .. }), "{refused}");
    }
    assert!(!console.access().is_set_up().await.unwrap(), "nothing was set");

    console.access().set_up(&token, &secret(PASSWORD), OWNER).await.unwrap();
    assert!(console.access().setup_token().is_none(), "the token is spent");
    assert!(matches!(
        console.access().set_up(&token, &secret("another password"), INTRUDER).await,
        Err(CoreError::AlreadySetUp)
    ));
}

#[tokio::test]
async fn a_setup_token_from_the_environment_must_be_long_enough() {
    let (_dir, console) = console().await;
    let short = console.access().use_setup_token(secret("short")).unwrap_err();
    assert!(short.to_string().contains("at least 16 characters"), "{short}");
    console.access().use_setup_token(secret(" automation-setup-token ")).unwrap();
    console.access().set_up(&secret("automation-setup-token"), &secret(PASSWORD), OWNER).await.unwrap();
}

#[tokio::test]
async fn a_weak_first_password_is_refused_and_nothing_is_set() {
    let (_dir, console) = console().await;
    let error = set_up(&console, "short", OWNER).await.unwrap_err();
    assert_eq!(error.to_string(), "the password must be at least 10 characters long");
    assert!(!console.access().is_set_up().await.unwrap());
    assert!(events(&console).await.is_empty());
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_bumps_the_version() {
    let (_dir, console) = console().await;
    let first = set_up(&console, PASSWORD, OWNER).await.unwrap();
    let wrong =
        console.access().change_password(&secret("not the password"), &secret("brand new password"), OWNER).await;
    assert!(matches!(wrong, Err(CoreError::WrongPassword)));

    let second =
        console.access().change_password(&secret(PASSWORD), &secret("brand new password"), OWNER).await.unwrap();
    assert!(second > first, "sessions made under the old password are no longer valid");
    assert!(console.access().log_in(&secret(PASSWORD), OWNER).await.is_err());
    assert_eq!(console.access().log_in(&secret("brand new password"), OWNER).await.unwrap(), second);
}

#[tokio::test]
async fn repeated_failures_make_that_client_wait_even_with_the_right_password() {
    let (_dir, console) = console().await;
    set_up(&console, PASSWORD, OWNER).await.unwrap();
    for _ in 1..FREE_ATTEMPTS {
        assert!(matches!(console.access().log_in(&secret("guess"), INTRUDER).await, Err(CoreError::WrongPassword)));
    }
    let last = console.access().log_in(&secret("guess"), INTRUDER).await.unwrap_err();
    assert_eq!(last.to_string(), "too many failed attempts; wait 30 seconds before trying again");
    let right = console.access().log_in(&secret(PASSWORD), INTRUDER).await.unwrap_err();
    assert!(matches!(right, CoreError::Throttled { .. }), "{right}");

    console.access().log_in(&secret(PASSWORD), OWNER).await.unwrap();
}

#[tokio::test]
async fn the_audit_log_records_each_step_with_the_client_and_no_secret() {
    let (_dir, console) = console().await;
    set_up(&console, PASSWORD, OWNER).await.unwrap();
    let _ = console.access().log_in(&secret("wrong password"), INTRUDER).await;
    console.access().log_in(&secret(PASSWORD), OWNER).await.unwrap();
    let agent = NewAgent {
        platform: Platform::Clawgram,
        handle: "lobster".into(),
        display_name: Some("Larry".into()),
        api_key: secret(API_KEY),
    };
    let agent_id = console.agents().import(agent, Some(OWNER)).await.unwrap();
    console.access().log_out(OWNER).await.unwrap();

    assert_eq!(
        events(&console).await,
        [
            AuditEvent::PasswordSet,
            AuditEvent::LoginFailed,
            AuditEvent::LoggedIn,
            AuditEvent::KeyImported { agent_id, platform: Platform::Clawgram },
            AuditEvent::LoggedOut,
        ]
    );
    let recent = console.audit().recent(50).await.unwrap();
    assert_eq!(recent[0].client, Some(OWNER));
    assert_eq!(recent[1].agent_handle.as_deref(), Some("lobster"));
    assert_eq!(recent[1].event.summary(), "Clawgram API key imported");
    assert_eq!(recent[3].client, Some(INTRUDER));

    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT coalesce(kind, '') || coalesce(platform, '') || coalesce(setting, '') || coalesce(client, '') FROM audit_log",
    )
    .fetch_all(console.store().pool())
    .await
    .unwrap();
    for row in stored {
        assert!(!row.contains(PASSWORD) && !row.contains("wrong password") && !row.contains(&API_KEY[10..]), "{row}");
    }
}

#[tokio::test]
async fn bad_agent_input_is_refused_and_changes_nothing() {
    let (_dir, console) = console().await;
    let attempt = |handle: &str, key: &str| NewAgent {
        platform: Platform::Clawtter,
        handle: handle.into(),
        display_name: None,
        api_key: secret(key),
    };
    for (agent, field) in [
        (attempt("", API_KEY), "handle"),
        (attempt(&"h".repeat(65), API_KEY), "handle"),
        (attempt("crab", ""), "api_key"),
        (attempt("crab", "two words"), "api_key"),
        (attempt("crab", &"k".repeat(513)), "api_key"),
    ] {
        let error = console.agents().import(agent, Some(OWNER)).await.unwrap_err();
        assert!(matches!(error, CoreError::Invalid { field: f, .. } if f == field), "{error}");
    }
    console.agents().import(attempt("crab", API_KEY), Some(OWNER)).await.unwrap();
    let duplicate = console.agents().import(attempt("crab", API_KEY), Some(OWNER)).await.unwrap_err();
    assert_eq!(duplicate.to_string(), "handle: Clawtter already has an agent \"crab\" in the console");
    assert_eq!(console.agents().list().await.unwrap().len(), 1);
    assert!(matches!(console.agents().api_key(42).await, Err(CoreError::NotFound { what: "agent", id: 42 })));
}
