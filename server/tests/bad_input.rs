//! Bad input to every server function (nothing, far too much, the wrong shape) gets a clear error and changes
//! nothing; the server never fails with a 5xx or a panic.

mod support;

use clawdesk_app::error::AppError;
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use support::{Running, PASSWORD};

/// Bodies no page would send: (what it is, content type, body).
fn bad_bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let huge = format!("password={0}&current_password={0}&new_password={0}&confirm_password={0}", "x".repeat(300_000));
    vec![
        ("nothing", "application/x-www-form-urlencoded", Vec::new()),
        ("JSON instead of a form", "application/json", br#"{"password": 5, "new_password": [1, 2]}"#.to_vec()),
        ("bytes that are not text", "application/x-www-form-urlencoded", vec![0xff, 0xfe, 0x00, 0x3d, 0x80]),
        ("unknown fields", "application/x-www-form-urlencoded", b"agent_id=-1&id=999999&delete=all".to_vec()),
        ("far too long", "application/x-www-form-urlencoded", huge.into_bytes()),
        (
            "passwords that differ",
            "application/x-www-form-urlencoded",
            b"current_password=tide+pools+at+dawn&new_password=0123456789ab&confirm_password=0123456789ac".to_vec(),
        ),
        (
            "an empty login and a too-short new password",
            "application/x-www-form-urlencoded",
            b"password=&current_password=tide+pools+at+dawn&new_password=short&confirm_password=short".to_vec(),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_refuses_bad_input_clearly_and_changes_nothing() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let audited_before = console.console.audit().recent(1000).await.unwrap().len();

    let calls: Vec<_> = leptos::server_fn::axum::server_fn_paths().filter(|(path, _)| *path != "/api/logout").collect();
    for (path, _) in &calls {
        for (what, content_type, body) in bad_bodies() {
            let response = owner
                .http
                .post(console.url(path))
                .header(ORIGIN, &console.base)
                .header(CONTENT_TYPE, content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            assert!(!status.is_server_error(), "{path} with {what} answered {status}");
            if status.is_client_error() && status != StatusCode::PAYLOAD_TOO_LARGE {
                let text = response.text().await.unwrap();
                let error: AppError = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}, {what}: {text}"));
                assert!(
                    !error.to_string().is_empty() && !error.to_string().contains(PASSWORD),
                    "{path}, {what}: {error}"
                );
            }
        }
    }

    assert_eq!(
        console.console.audit().recent(1000).await.unwrap().len(),
        audited_before,
        "no login was counted, no password changed"
    );
    console.logged_in().await;
    assert_eq!(owner.get("/settings").await.status(), StatusCode::OK, "the owner is still logged in");
}

#[tokio::test]
async fn refused_form_fields_are_named_so_the_page_can_show_the_error_next_to_them() {
    let console = Running::start().await;
    let token = console.console.access().setup_token().unwrap();
    let token = token.expose_secret();
    let short = console
        .browser()
        .call("/api/setup", &[("setup_token", token), ("new_password", "short"), ("confirm_password", "short")])
        .await;
    assert_eq!(short.status(), StatusCode::BAD_REQUEST);
    let error: AppError = serde_json::from_str(&short.text().await.unwrap()).unwrap();
    assert_eq!(error.for_field("new_password").as_deref(), Some("The password must be at least 10 characters long."));

    let differ = console
        .browser()
        .call(
            "/api/setup",
            &[("setup_token", token), ("new_password", PASSWORD), ("confirm_password", "tide pools at dusk")],
        )
        .await;
    let error: AppError = serde_json::from_str(&differ.text().await.unwrap()).unwrap();
    assert_eq!(error.for_field("confirm_password").as_deref(), Some("The two passwords are not the same."));

    let missing = console.browser().call("/api/setup", &[("new_password", PASSWORD)]).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let error: AppError = serde_json::from_str(&missing.text().await.unwrap()).unwrap();
    assert!(error.for_field("").unwrap().starts_with("The request was not understood"), "{error:?}");
    assert!(!console.console.access().is_set_up().await.unwrap(), "nothing was set");
}

#[tokio::test]
async fn a_refused_connection_setting_names_its_field_and_changes_nothing() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let before = console.console.connections().endpoints();
    let form = [
        ("clawgram_url", before.clawgram.as_str()),
        ("clawtter_url", "ftp://x"),
        ("threads_url", before.threads.as_str()),
        ("tenant_id", "agency_lyon"),
        ("queue_secret", ""),
    ];
    let refused = owner.call("/api/connections/save", &form).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error: AppError = serde_json::from_str(&refused.text().await.unwrap()).unwrap();
    assert_eq!(
        error.for_field("clawtter_url").as_deref(),
        Some("This Clawtter address cannot be used: it must start with http:// or https://.")
    );
    assert_eq!(console.console.connections().endpoints(), before);
    let tenant = console
        .console
        .connection_settings()
        .threads_credentials(&console.console.connections().current())
        .await
        .unwrap()
        .tenant_id;
    assert_eq!(tenant, "agency_paris");

    let unknown = owner.call("/api/connections/check-one", &[("platform", "myspace")]).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
}
