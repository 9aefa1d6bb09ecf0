//! No secret leaves the server: with known keys and the Threads queue secret stored through core's services,
//! every page, every server function's answer, the server's own log output and (when built) the browser bundles
//! are searched for each secret in plain form and base64, hex and percent-encoded.

mod support;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use clawdesk_core::{NewAgent, Platform};
use secrecy::SecretString;
use std::io::Write;
use std::sync::{Arc, Mutex};
use support::{Running, MASTER_KEY_HEX, PASSWORD};

const CLAWGRAM_KEY: &str = "claw_test_U2VjcmV0TG9ic3RlcktleUZvckxlYWtUZXN0czAx";
const CLAWTTER_KEY: &str = "9b0c7f3e5a1d4e2f8c6b0a9d7e5f3c1b";
const QUEUE_SECRET: &str = "threads-queue-secret-for-the-leak-test";
const SECTIONS: [&str; 9] =
    ["/", "/agents", "/compose", "/schedule", "/feeds", "/notifications", "/settings", "/login", "/setup"];

/// Everything the server logs, at every level.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The ways a secret could be written down without being recognisable at a glance.
fn spellings(secret: &[u8]) -> Vec<String> {
    let mut spellings = vec![
        String::from_utf8_lossy(secret).into_owned(),
        hex::encode(secret),
        hex::encode_upper(secret),
        secret.iter().map(|b| format!("%{b:02X}")).collect(),
        secret
            .iter()
            .map(|&b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect(),
    ];
    spellings.extend([STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD].iter().map(|engine| engine.encode(secret)));
    spellings.sort();
    spellings.dedup();
    spellings
}

fn assert_no_secret(place: &str, text: &str, secrets: &[(&str, Vec<u8>)]) {
    for (name, secret) in secrets {
        for spelling in spellings(secret) {
            assert!(!text.contains(&spelling), "{place} contains the {name} (as {spelling:?})");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_a_page_an_answer_the_log_or_the_bundles() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    tracing_subscriber::fmt().with_env_filter("trace").with_writer(move || writer.clone()).with_ansi(false).init();

    let console = Running::start().await;
    let owner = console.set_up().await;
    for (platform, handle, key) in
        [(Platform::Clawgram, "lobster", CLAWGRAM_KEY), (Platform::Clawtter, "crab", CLAWTTER_KEY)]
    {
        let agent = NewAgent { platform, handle: handle.into(), display_name: None, api_key: SecretString::from(key) };
        console.console.agents().import(agent, None).await.unwrap();
    }
    // The queue secret arrives as the Settings form sends it, through the server function and its logging.
    let endpoints = console.console.connections().endpoints();
    let form = [
        ("clawgram_url", endpoints.clawgram.as_str()),
        ("clawtter_url", endpoints.clawtter.as_str()),
        ("threads_url", endpoints.threads.as_str()),
        ("tenant_id", "agency_paris"),
        ("queue_secret", QUEUE_SECRET),
    ];
    let saved = owner.call("/api/connections/save", &form).await;
    assert!(saved.status().is_success(), "{}", saved.status());
    let saved = headers_and_body(saved).await;
    assert!(console
        .console
        .connection_settings()
        .threads_credentials(&console.console.connections().current())
        .await
        .unwrap()
        .queue_secret
        .is_some());
    let secrets = [
        ("console password", PASSWORD.as_bytes().to_vec()),
        ("Threads queue secret", QUEUE_SECRET.as_bytes().to_vec()),
        ("master key (hex)", MASTER_KEY_HEX.as_bytes().to_vec()),
        ("master key (bytes)", hex::decode(MASTER_KEY_HEX).unwrap()),
        ("Clawgram key", CLAWGRAM_KEY.as_bytes().to_vec()),
        ("Clawtter key", CLAWTTER_KEY.as_bytes().to_vec()),
    ];

    let mut seen = vec![("answer of /api/connections/save".to_owned(), saved)];
    for browser in [&owner, &console.browser()] {
        for path in SECTIONS.into_iter().chain(["/no-such-page"]) {
            let response = browser.get(path).await;
            seen.push((format!("page {path}"), headers_and_body(response).await));
        }
    }
    let settings = &seen.iter().find(|(place, _)| place == "page /settings").unwrap().1;
    assert!(settings.contains("claw_test_…"), "the Settings page shows the key's fingerprint: {settings}");
    assert!(settings.contains("A queue secret is stored"), "the Settings page says the secret is set: {settings}");

    // Every server function, with no arguments and with every argument set to the password; logging out last.
    let mut calls: Vec<(&str, _)> = leptos::server_fn::axum::server_fn_paths().collect();
    calls.sort_by_key(|(path, _)| (*path == "/api/logout", *path));
    assert!(calls.len() >= 8, "{calls:?}");
    let fields = ["password", "new_password", "confirm_password", "current_password"].map(|field| (field, PASSWORD));
    for (path, method) in calls {
        for form in [&[][..], &fields[..]] {
            let response = match method.as_str() {
                "GET" => owner.get(path).await,
                _ => owner.call(path, form).await,
            };
            assert!(!response.status().is_server_error(), "{path} answered {}", response.status());
            seen.push((format!("answer of {path}"), headers_and_body(response).await));
        }
    }

    if let Ok(root) = std::env::var("CLAWDESK_SITE_ROOT") {
        let mut bundles = 0;
        for entry in walk(std::path::Path::new(&root)) {
            seen.push((
                entry.display().to_string(),
                String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned(),
            ));
            bundles += 1;
        }
        assert!(bundles > 0, "CLAWDESK_SITE_ROOT={root} holds no files");
    }

    for (place, text) in &seen {
        assert_no_secret(place, text, &secrets);
    }
    let log = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "the log was captured");
    assert_no_secret("the server log", &log, &secrets);
}

/// The answer as a reader would see it: every header, then the body.
async fn headers_and_body(response: reqwest::Response) -> String {
    let headers = format!("{:?}", response.headers());
    format!("{headers}\n{}", response.text().await.unwrap())
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
