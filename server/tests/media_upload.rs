//! The composer's media library over HTTP: an upload is converted and kept once, and its image is served back
//! to the owner's pages only.

mod support;

use clawdesk_app::serverfns::compose::{MediaView, MEDIA_UPLOAD_PATH};
use clawdesk_sandbox::art::picture_png;
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use support::{Browser, Running};

async fn upload(console: &Running, browser: &Browser, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("image", Part::bytes(bytes).file_name("tide.png"));
    let request = browser.http.post(console.url(MEDIA_UPLOAD_PATH)).header(ORIGIN, &console.base);
    request.multipart(form).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_joins_the_library_once_and_its_image_is_shown_to_the_owner_only() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let picture = picture_png(3, 3000, 1500);

    let response = upload(&console, &owner, picture.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let first: MediaView = response.json().await.unwrap();
    assert_eq!((first.width, first.height), (2048, 1024), "resized to Clawgram's largest side");
    let again: MediaView = upload(&console, &owner, picture).await.json().await.unwrap();
    assert_eq!(again.id, first.id, "the same image is kept once");
    assert_eq!(console.console.media().list().await.unwrap().len(), 1);

    let image = owner.get(&first.url).await;
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()[CONTENT_TYPE], first.content_type.as_str());
    assert_eq!(image.bytes().await.unwrap().len() as i64, first.byte_size);

    let stranger = console.browser();
    assert_eq!(stranger.get(&first.url).await.status(), StatusCode::UNAUTHORIZED, "no session, no image");
    assert_eq!(upload(&console, &stranger, picture_png(1, 64, 64)).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(owner.get("/api/media/999").await.status(), StatusCode::NOT_FOUND);
}
