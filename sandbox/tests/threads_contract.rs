//! The Threads-backend stand-in checked against `shared/contracts/threads-backend.md` with plain HTTP:
//! the queue secret, the 202/200 shapes, FastAPI validation, jobs per tenant and their progress by the clock.

use clawdesk_sandbox::{Sandbox, SandboxOptions};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const SECRET: &str = "a-test-secret";

async fn start() -> (Sandbox, Client) {
    let options = SandboxOptions { threads_queue_secret: SECRET.into(), ..SandboxOptions::default() };
    (Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap(), Client::new())
}

fn publish_body(message: &str, tenant: &str) -> Value {
    json!({
        "message": message, "images": [], "scheduled_at": null, "publish_mode": "queue",
        "auto_proxy_images": true, "meta": {"tenant_id": tenant, "source": "owner-console"}
    })
}

async fn answer(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn publish(sandbox: &Sandbox, http: &Client, secret: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut request = http.post(format!("{}/api/v1/threads/publish", sandbox.threads.base_url)).json(&body);
    if let Some(secret) = secret {
        request = request.header("X-Queue-Secret", secret);
    }
    answer(request.send().await.unwrap()).await
}

async fn get(sandbox: &Sandbox, http: &Client, path: &str) -> (StatusCode, Value) {
    answer(http.get(format!("{}{path}", sandbox.threads.base_url)).send().await.unwrap()).await
}

#[tokio::test]
async fn publishing_needs_the_configured_queue_secret() {
    let (sandbox, http) = start().await;
    for secret in [None, Some("wrong"), Some("sandbox-queue-secret")] {
        let (status, body) = publish(&sandbox, &http, secret, publish_body("hi", "t")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body["detail"].is_string());
    }
    let (status, body) = publish(&sandbox, &http, Some(SECRET), publish_body("hi", "t")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body["status"], "queued");
    assert!(body["job_id"].is_string());
}

#[tokio::test]
async fn invalid_posts_are_refused_with_a_fastapi_detail_list() {
    let (sandbox, http) = start().await;
    let body =
        json!({"message": 5, "images": ["ftp://x"], "scheduled_at": "tomorrow", "publish_mode": "later", "meta": {}});
    let (status, answer) = publish(&sandbox, &http, Some(SECRET), body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let locations: Vec<Value> = answer["detail"].as_array().unwrap().iter().map(|d| d["loc"].clone()).collect();
    assert_eq!(
        locations,
        [
            json!(["body", "message"]),
            json!(["body", "images"]),
            json!(["body", "scheduled_at"]),
            json!(["body", "publish_mode"]),
            json!(["body", "meta", "tenant_id"])
        ]
    );
}

#[tokio::test]
async fn jobs_are_per_tenant_and_move_from_queued_to_done_by_the_clock() {
    let (sandbox, http) = start().await;
    let at = (sandbox.clock.now() + time::Duration::minutes(30))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut scheduled = publish_body("Later", "paris");
    scheduled["scheduled_at"] = json!(at);
    let (_, later) = publish(&sandbox, &http, Some(SECRET), scheduled).await;
    assert_eq!(later["status"], "scheduled");
    let mut now = publish_body("Now", "paris");
    now["publish_mode"] = json!("now");
    publish(&sandbox, &http, Some(SECRET), now).await;
    publish(&sandbox, &http, Some(SECRET), publish_body("Elsewhere", "lyon")).await;

    let (status, jobs) = get(&sandbox, &http, "/api/v1/threads/jobs?tenant_id=paris").await;
    assert_eq!(status, StatusCode::OK);
    let statuses: Vec<&Value> = jobs.as_array().unwrap().iter().map(|j| &j["status"]).collect();
    assert_eq!(statuses, [&json!("claimed"), &json!("queued")]);
    assert_eq!(jobs[1]["scheduled_at"], json!(at));
    assert!(jobs[0]["created_at"].is_string());

    sandbox.clock.advance(Duration::from_secs(31 * 60));
    let (_, stats) = get(&sandbox, &http, "/api/v1/threads/jobs/stats?tenant_id=paris").await;
    assert_eq!(stats, json!({"queued": 0, "claimed": 0, "done": 2, "failed": 0}));
    assert_eq!(get(&sandbox, &http, "/api/v1/threads/jobs").await.0, StatusCode::UNPROCESSABLE_ENTITY);

    let job = jobs[0]["id"].as_str().unwrap();
    let url = format!("{}/api/v1/threads/jobs/{job}", sandbox.threads.base_url);
    assert_eq!(http.delete(&url).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(http.delete(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(get(&sandbox, &http, "/api/v1/threads/jobs/stats?tenant_id=paris").await.1["done"], 1);
}

#[tokio::test]
async fn the_assistant_answers_with_a_reply_and_an_enqueue_tool_call() {
    let (sandbox, http) = start().await;
    let body = json!({
        "session_id": "s-1", "execute_tools": true, "message": "Generate and enqueue one image post",
        "context": {"tenant_id": "paris", "prompt": "a red bicycle", "message": "a red bicycle",
                    "provider": "replicate", "model": "black-forest-labs/flux-1.1-pro", "source": "owner-console",
                    "campaign": "", "api_base_url": sandbox.threads.base_url}
    });
    let url = format!("{}/api/v1/assistant/chat", sandbox.threads.base_url);
    // The campaign is a string: "" when there is none, never null.
    let mut without = body.clone();
    without["context"]["campaign"] = Value::Null;
    let (status, refused) = answer(http.post(&url).json(&without).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["detail"][0]["loc"], json!(["body", "context", "campaign"]));
    let (status, reply) = answer(http.post(&url).json(&body).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["session_id"], "s-1");
    assert!(reply["reply"].as_str().unwrap().contains("red bicycle"));
    assert_eq!(reply["tool_calls"][0]["name"], "enqueue_post");
    let (_, jobs) = get(&sandbox, &http, "/api/v1/threads/jobs?tenant_id=paris").await;
    assert_eq!(jobs[0]["id"], reply["tool_calls"][0]["job_id"]);
    assert_eq!(jobs[0]["images"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn health_names_its_services() {
    let (sandbox, http) = start().await;
    let (status, health) = get(&sandbox, &http, "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["status"], "ok");
    assert!(health["timestamp"].is_string() && health["services"].is_object());
}

#[tokio::test]
async fn scheduled_at_is_utc_with_a_z_and_queue_is_the_default_mode() {
    let (sandbox, http) = start().await;
    let later = sandbox.clock.now() + time::Duration::hours(1);
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    let mut offset = publish_body("Offset", "paris");
    offset["scheduled_at"] = json!(later.to_offset(time::macros::offset!(+2)).format(rfc3339).unwrap());
    let (status, refused) = publish(&sandbox, &http, Some(SECRET), offset).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["detail"][0]["loc"], json!(["body", "scheduled_at"]));
    let mut utc = publish_body("UTC", "paris");
    let written = later.format(rfc3339).unwrap();
    assert!(written.ends_with('Z'), "{written}");
    utc["scheduled_at"] = json!(written);
    utc.as_object_mut().unwrap().remove("publish_mode");
    let (status, accepted) = publish(&sandbox, &http, Some(SECRET), utc).await;
    assert_eq!((status, accepted["status"].as_str()), (StatusCode::ACCEPTED, Some("scheduled")));
}

#[tokio::test]
async fn a_queue_token_protects_the_job_routes_only() {
    let options = SandboxOptions {
        threads_queue_secret: SECRET.into(),
        threads_jobs_token: Some("owner-token".into()),
        ..SandboxOptions::default()
    };
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let http = Client::new();
    let (status, _) = publish(&sandbox, &http, Some(SECRET), publish_body("hi", "paris")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "publishing still takes the queue secret alone");
    let url = format!("{}/api/v1/threads/jobs?tenant_id=paris", sandbox.threads.base_url);
    let (status, body) = answer(http.get(&url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["detail"].is_string());
    let wrong = http.get(&url).bearer_auth("guess").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let (status, jobs) = answer(http.get(&url).bearer_auth("owner-token").send().await.unwrap()).await;
    assert_eq!((status, jobs.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));
}
