//! The Threads-backend client against the sandbox's stand-in over real HTTP on 127.0.0.1.

use clawdesk_platforms::threads::{AssistantRequest, JobStatus, PublishMode, QueueAccess, ThreadsClient, ThreadsPost};
use clawdesk_platforms::PlatformError;
use clawdesk_sandbox::{Sandbox, SandboxOptions};
use secrecy::SecretString;
use std::time::Duration;

const TENANT: &str = "agency_paris";

async fn start() -> (Sandbox, ThreadsClient, SecretString) {
    let options = SandboxOptions::default();
    let secret = SecretString::from(options.threads_queue_secret.clone());
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let client = ThreadsClient::new(&sandbox.threads.base_url).unwrap();
    (sandbox, client, secret)
}

fn exposed<T: std::fmt::Debug>(access: QueueAccess<T>) -> T {
    match access {
        QueueAccess::Exposed(value) => value,
        other => panic!("the sandbox exposes its open queue, not {other:?}"),
    }
}

fn post(message: &str) -> ThreadsPost {
    ThreadsPost { message: message.into(), ..ThreadsPost::default() }
}

#[tokio::test]
async fn a_published_post_is_queued_then_claimed_then_done() {
    let (sandbox, client, secret) = start().await;
    client.health().await.unwrap();
    let published = client.publish(&secret, TENANT, &post("Hello Threads")).await.unwrap();
    assert_eq!(published.http_status, 202);
    assert_eq!(published.status.as_deref(), Some("queued"));
    assert_eq!(ThreadsPost::default().mode, PublishMode::Queue, "queue unless the owner's backend takes more");
    let job_id = published.job_id.clone().expect("the sandbox names the job");
    assert_eq!(published.raw["job_id"], job_id.as_str());

    let jobs = exposed(client.jobs(TENANT).await.unwrap());
    assert_eq!(jobs[0].id, job_id);
    assert_eq!(jobs[0].message, "Hello Threads");
    assert_eq!(jobs[0].status, JobStatus::Claimed, "due at once, so the backend is publishing it");
    sandbox.clock.advance(Duration::from_secs(3));
    let jobs = exposed(client.jobs(TENANT).await.unwrap());
    assert_eq!(jobs[0].status, JobStatus::Done);
    assert!(jobs[0].created_at.is_some());
    assert!(exposed(client.jobs("another_tenant").await.unwrap()).is_empty());
}

#[tokio::test]
async fn a_scheduled_post_waits_for_its_time_and_a_failing_one_says_why() {
    let (sandbox, client, secret) = start().await;
    // Entered in the owner's zone; the backend takes UTC with a Z (the sandbox refuses any other offset).
    let at = (sandbox.clock.now() + time::Duration::hours(2)).to_offset(time::macros::offset!(+2));
    let later =
        ThreadsPost { scheduled_at: Some(at), images: vec!["https://example.com/a.png".into()], ..post("Later") };
    let scheduled = client.publish(&secret, TENANT, &later).await.unwrap();
    assert_eq!(scheduled.status.as_deref(), Some("scheduled"));
    let now_mode = ThreadsPost { mode: PublishMode::Now, ..post("This will #fail") };
    client.publish(&secret, TENANT, &now_mode).await.unwrap();
    sandbox.clock.advance(Duration::from_secs(10));

    let jobs = exposed(client.jobs(TENANT).await.unwrap());
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0].status, JobStatus::Failed);
    assert!(jobs[0].error.as_deref().unwrap_or_default().contains("#fail"));
    assert_eq!(jobs[1].status, JobStatus::Queued);
    assert_eq!(jobs[1].scheduled_at.map(|t| t.unix_timestamp()), Some(at.unix_timestamp()));
    assert_eq!(jobs[1].images, ["https://example.com/a.png"]);
    let stats = exposed(client.job_stats(TENANT).await.unwrap());
    assert_eq!((stats.queued, stats.claimed, stats.done, stats.failed), (1, 0, 0, 1));

    let deleted = client.delete_job(&jobs[1].id).await.unwrap();
    assert!(matches!(deleted, QueueAccess::Exposed(_)));
    assert_eq!(exposed(client.job_stats(TENANT).await.unwrap()).queued, 0);
}

#[tokio::test]
async fn a_wrong_secret_and_an_invalid_post_keep_the_backends_words() {
    let (_sandbox, client, secret) = start().await;
    let wrong = SecretString::from("not-the-secret".to_owned());
    let PlatformError::Api(unauthorized) = client.publish(&wrong, TENANT, &post("hi")).await.unwrap_err() else {
        panic!("expected the backend's answer")
    };
    assert_eq!(unauthorized.status, 401);
    assert_eq!(unauthorized.message, "Missing or invalid X-Queue-Secret");

    let PlatformError::Api(invalid) = client.publish(&secret, "", &post("")).await.unwrap_err() else {
        panic!("expected the backend's answer")
    };
    assert_eq!(invalid.status, 422);
    assert_eq!(invalid.message, "message: String should have at least 1 character(s); meta.tenant_id: Field required");
}

#[tokio::test]
async fn the_assistant_generates_an_image_post_and_enqueues_it_with_or_without_a_campaign() {
    let (_sandbox, client, _secret) = start().await;
    // Without a campaign the client sends "" (the backend refuses null).
    let request =
        AssistantRequest { session_id: "console-1".into(), prompt: "a lighthouse at dusk".into(), campaign: None };
    let reply = client.generate_post(TENANT, &request).await.unwrap();
    assert_eq!(reply.session_id.as_deref(), Some("console-1"));
    assert!(reply.reply.unwrap_or_default().contains("lighthouse"));
    assert_eq!(reply.tool_calls.len(), 1);
    assert_eq!(reply.tool_calls[0].name, "enqueue_post");
    let job_id = reply.tool_calls[0].job_id.clone().unwrap();

    let jobs = exposed(client.jobs(TENANT).await.unwrap());
    assert_eq!(jobs[0].id, job_id);
    let picture = reqwest::get(&jobs[0].images[0]).await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/png");
    let named = AssistantRequest { campaign: Some("autumn".into()), ..request };
    assert_eq!(client.generate_post(TENANT, &named).await.unwrap().tool_calls.len(), 1);
}

#[tokio::test]
async fn a_backend_without_job_routes_is_told_apart_from_an_error() {
    let (sandbox, client, _secret) = start().await;
    assert_eq!(exposed(client.backend_health().await.unwrap()).status.as_deref(), Some("ok"));
    // The Clawtter stand-in answers 404 to every Threads route: a backend that exposes no queue.
    let bare = ThreadsClient::new(&sandbox.clawtter.origin()).unwrap();
    assert_eq!(bare.jobs(TENANT).await.unwrap(), QueueAccess::NotExposed);
    assert_eq!(bare.job_stats(TENANT).await.unwrap(), QueueAccess::NotExposed);
    assert_eq!(bare.delete_job("job_1").await.unwrap(), QueueAccess::NotExposed);
}

#[tokio::test]
async fn a_backend_that_protects_its_queue_is_told_apart_from_one_without_a_queue() {
    let options = SandboxOptions { threads_jobs_token: Some("owner-token".into()), ..SandboxOptions::default() };
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let client = ThreadsClient::new(&sandbox.threads.base_url).unwrap();
    assert_eq!(client.jobs(TENANT).await.unwrap(), QueueAccess::Protected);
    assert_eq!(client.job_stats(TENANT).await.unwrap(), QueueAccess::Protected);
    assert_eq!(client.delete_job("job_1").await.unwrap(), QueueAccess::Protected);
    client.health().await.unwrap();
}
