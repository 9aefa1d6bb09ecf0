//! The avatar upload route, as the Agents page uses it: a multipart form from the console's own origin, answered
//! like a server function; bad files and bad requests get a clear error next to the file field.

mod support;

use clawdesk_app::error::AppError;
use clawdesk_app::serverfns::avatars::{AvatarView, AVATAR_UPLOAD_PATH};
use clawdesk_core::ClawgramSignup;
use clawdesk_sandbox::art::picture_png;
use reqwest::header::ORIGIN;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use support::{Browser, Running};

async fn registered_agent(console: &Running) -> i64 {
    let signup = ClawgramSignup { name: "uploader".into(), description: "Sets its face".into() };
    console.console.onboarding().register_clawgram(signup, None).await.unwrap().agent_id
}

fn form(agent_id: i64, file_name: &'static str, bytes: Vec<u8>) -> Form {
    Form::new().text("agent_id", agent_id.to_string()).part("avatar", Part::bytes(bytes).file_name(file_name))
}

async fn upload(console: &Running, browser: &Browser, form: Form) -> reqwest::Response {
    let request = browser.http.post(console.url(AVATAR_UPLOAD_PATH)).header(ORIGIN, &console.base);
    request.multipart(form).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_becomes_the_agent_s_avatar_and_the_page_is_told_what_was_sent() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let agent = registered_agent(&console).await;

    let response = upload(&console, &owner, form(agent, "holiday.png", picture_png(7, 2000, 1000))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let view: AvatarView = response.json().await.unwrap();
    assert!(view.summary.starts_with("1024 × 512 "), "resized to Clawgram's largest side: {}", view.summary);
    assert!(view.summary.ends_with("converted for Clawgram"), "{}", view.summary);
    let stored = console.console.agents().get(agent).await.unwrap().profile.avatar_url;
    assert_eq!(view.avatar_url, stored);
    assert!(stored.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_and_bad_requests_are_refused_on_the_file_field_and_change_nothing() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let agent = registered_agent(&console).await;
    let refusal = |response: reqwest::Response| async move {
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        response.json::<AppError>().await.unwrap()
    };

    let text =
        refusal(upload(&console, &owner, form(agent, "notes.png", b"not a picture at all".to_vec())).await).await;
    assert!(text.for_field("avatar").unwrap().contains("not an image"), "{text:?}");
    let too_large = refusal(upload(&console, &owner, form(agent, "big.png", vec![0x89; 26_000_000])).await).await;
    assert!(too_large.for_field("avatar").unwrap().contains("25 MB"), "{too_large:?}");
    let no_file = Form::new().text("agent_id", agent.to_string());
    assert!(refusal(upload(&console, &owner, no_file).await).await.for_field("avatar").is_some());
    let not_multipart = owner.call(AVATAR_UPLOAD_PATH, &[("agent_id", "1")]).await;
    assert_eq!(not_multipart.status(), StatusCode::BAD_REQUEST);
    assert_eq!(console.console.agents().get(agent).await.unwrap().profile.avatar_url, None, "nothing changed");

    let stranger = console.browser();
    let response = upload(&console, &stranger, form(agent, "face.png", picture_png(1, 64, 64))).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "no session, no upload");
    let foreign = owner.http.post(console.url(AVATAR_UPLOAD_PATH)).header(ORIGIN, "http://evil.example");
    let response = foreign.multipart(form(agent, "face.png", picture_png(1, 64, 64))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "another site cannot post it");
    assert_eq!(console.console.agents().get(agent).await.unwrap().profile.avatar_url, None);
}
