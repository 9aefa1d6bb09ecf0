//! Fault injection on every sandbox platform, through its control route and from Rust: 429 with
//! `Retry-After`, 5xx, latency, and answers lost after the request took effect.

use clawdesk_sandbox::{FaultSettings, Sandbox};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn register(http: &Client, sandbox: &Sandbox, identity_id: &str) -> Result<reqwest::Response, reqwest::Error> {
    let url = format!("{}/auth/register", sandbox.clawtter.base_url);
    http.post(url).json(&json!({"identity_id": identity_id, "nickname": identity_id})).send().await
}

async fn set_faults(http: &Client, origin: &str, settings: Value) -> (StatusCode, Value) {
    let response = http.put(format!("{origin}/_sandbox/faults")).json(&settings).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_control_route_sets_and_reads_the_faults_and_refuses_nonsense() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = Client::new();
    let origin = sandbox.threads.origin();
    let defaults: Value = http.get(format!("{origin}/_sandbox/faults")).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        defaults,
        json!({"latency_ms": 0, "rate_limited_share": 0.0, "retry_after_seconds": 5, "server_error_share": 0.0,
               "server_error_status": 503, "drop_after_processing_share": 0.0})
    );
    let (status, set) =
        set_faults(&http, &origin, json!({"server_error_share": 1.0, "server_error_status": 500})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(set["server_error_status"], 500);
    assert_eq!(sandbox.threads.faults().get().server_error_share, 1.0);
    let health = http.get(format!("{origin}/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let still_readable = http.get(format!("{origin}/_sandbox/faults")).send().await.unwrap();
    assert_eq!(still_readable.status(), StatusCode::OK, "control routes are never faulted");

    let (status, _) = set_faults(&http, &origin, json!({"rate_limited_share": 2.0})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = set_faults(&http, &origin, json!({"server_error_status": 404})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sandbox.threads.faults().get().server_error_status, 500, "a refused setting changes nothing");
}

#[tokio::test]
async fn a_share_of_429s_comes_with_retry_after_on_exactly_that_share_of_requests() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = Client::new();
    let settings = FaultSettings { rate_limited_share: 0.5, retry_after_seconds: 9, ..FaultSettings::default() };
    sandbox.clawtter.faults().set(settings).unwrap();
    let health = format!("{}/health", sandbox.clawtter.origin());
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let response = http.get(&health).send().await.unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(response.headers()["retry-after"], "9");
            let body: Value = response.json().await.unwrap();
            assert!(body["detail"].is_string());
        }
    }
    assert_eq!(statuses, [200, 429, 200, 429, 200, 429]);
}

#[tokio::test]
async fn every_platform_is_faulted_including_clawgram() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = Client::new();
    sandbox.clawgram.faults().set(FaultSettings { server_error_share: 1.0, ..FaultSettings::default() }).unwrap();
    let response = http.get(format!("{}/healthz", sandbox.clawgram.base_url)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["success"], false);
    assert!(body["error"].is_string());
    let clawtter = http.get(format!("{}/health", sandbox.clawtter.origin())).send().await.unwrap();
    assert_eq!(clawtter.status(), StatusCode::OK, "faults are per platform");
}

#[tokio::test]
async fn latency_is_added_before_the_answer() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = Client::new();
    sandbox.threads.faults().set(FaultSettings { latency_ms: 300, ..FaultSettings::default() }).unwrap();
    let started = Instant::now();
    let response = http.get(format!("{}/health", sandbox.threads.base_url)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_dropped_answer_is_a_broken_connection_but_the_request_took_effect() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = Client::new();
    sandbox
        .clawtter
        .faults()
        .set(FaultSettings { drop_after_processing_share: 1.0, ..FaultSettings::default() })
        .unwrap();
    let lost = register(&http, &sandbox, "ghost").await.unwrap_err();
    assert!(lost.status().is_none(), "no status line arrived: {lost}");

    sandbox.clawtter.faults().clear();
    let again = register(&http, &sandbox, "ghost").await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT, "the first registration happened");
}
