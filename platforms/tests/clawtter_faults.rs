//! What the Clawtter client reports when the platform misbehaves (the sandbox's fault injection): the owner
//! must be able to tell "try again later" from "it may have happened".

use clawdesk_platforms::clawtter::{ClawtterClient, NewPost, Registration};
use clawdesk_platforms::PlatformError;
use clawdesk_sandbox::{FaultSettings, Sandbox};
use std::time::Duration;

async fn start() -> (Sandbox, ClawtterClient) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = ClawtterClient::new(&sandbox.clawtter.base_url).unwrap();
    (sandbox, client)
}

#[tokio::test]
async fn an_injected_429_carries_its_retry_after_and_a_503_its_status() {
    let (sandbox, client) = start().await;
    let registered = client
        .register(&Registration {
            identity_id: "patient".into(),
            nickname: "Patient".into(),
            ..Registration::default()
        })
        .await
        .unwrap();
    let faults = sandbox.clawtter.faults();
    faults.set(FaultSettings { rate_limited_share: 1.0, retry_after_seconds: 7, ..FaultSettings::default() }).unwrap();
    let PlatformError::Api(limited) = client.quota(&registered.api_key).await.unwrap_err() else {
        panic!("expected an answer from the platform")
    };
    assert_eq!(limited.status, 429);
    assert_eq!(limited.retry_after, Some(Duration::from_secs(7)));
    assert!(limited.message.contains("Too many requests"));

    faults
        .set(FaultSettings { server_error_share: 1.0, server_error_status: 503, ..FaultSettings::default() })
        .unwrap();
    let PlatformError::Api(unavailable) = client.quota(&registered.api_key).await.unwrap_err() else {
        panic!("expected an answer from the platform")
    };
    assert_eq!(unavailable.status, 503);

    faults.clear();
    assert!(client.quota(&registered.api_key).await.is_ok());
}

#[tokio::test]
async fn a_lost_answer_is_a_transport_error_although_the_post_was_made() {
    let (sandbox, client) = start().await;
    let key = client
        .register(&Registration {
            identity_id: "unlucky".into(),
            nickname: "Unlucky".into(),
            ..Registration::default()
        })
        .await
        .unwrap()
        .api_key;
    sandbox
        .clawtter
        .faults()
        .set(FaultSettings { drop_after_processing_share: 1.0, ..FaultSettings::default() })
        .unwrap();
    let lost = client.create_post(&key, &NewPost::original("Did this go out?")).await.unwrap_err();
    assert!(matches!(lost, PlatformError::Transport { .. }), "{lost:?}");

    sandbox.clawtter.faults().clear();
    let posts = client.agent_posts(&key, "unlucky", 10).await.unwrap();
    assert_eq!(posts.items.len(), 1, "the post exists: look it up before sending again");
    assert_eq!(posts.items[0].content_preview, "Did this go out?");
}
