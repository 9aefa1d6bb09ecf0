//! Capability links to post images, as a Threads backend on this machine fetches them: no session, only the
//! unguessable token, only the image, only while the link lasts, only at the console's own address.

mod support;

use clawdesk_core::MEDIA_LINK_PATH;
use clawdesk_sandbox::art::picture_png;
use reqwest::header::{CONTENT_TYPE, HOST, SET_COOKIE};
use reqwest::StatusCode;
use support::Running;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_serves_its_image_converted_for_threads_to_anyone_holding_it_until_it_expires() {
    let console = Running::start().await;
    console.set_up().await;
    // 1600 px wide is what Clawgram keeps; Threads takes at most 1440.
    let media = console.console.media();
    let image = media.add(&picture_png(5, 1600, 1200)).await.unwrap();
    let link = media.links().issue(image.id).unwrap();
    assert!(link.starts_with(&format!("{}{MEDIA_LINK_PATH}", console.base)), "{link}");
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 64, "256 random bits");
    assert_ne!(media.links().issue(image.id).unwrap(), link, "every link is new");

    // The backend has no session and sends no Origin: a plain GET, as an HTTP client on this machine makes it.
    let backend = reqwest::Client::new();
    let fetched = backend.get(&link).send().await.unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
    assert!(fetched.headers().get(SET_COOKIE).is_none(), "no session is started for it");
    let content_type = fetched.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(["image/jpeg", "image/png"].contains(&content_type.as_str()), "{content_type}");
    let bytes = fetched.bytes().await.unwrap();
    let (width, _) = image_size(&bytes);
    assert!((320..=1440).contains(&width), "converted to Threads' widths: {width}");

    let guessed = format!("{}{MEDIA_LINK_PATH}{}", console.base, "0".repeat(64));
    assert_eq!(backend.get(&guessed).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let elsewhere = backend.get(&link).header(HOST, "attacker.example").send().await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN, "the host check still applies");
    assert_eq!(backend.get(console.url("/api/media/1")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    media.links().expire_all();
    assert_eq!(backend.get(&link).send().await.unwrap().status(), StatusCode::NOT_FOUND, "an expired link is gone");
}

/// Width and height from a PNG's header or a JPEG's first frame.
fn image_size(bytes: &[u8]) -> (u32, u32) {
    if bytes.starts_with(b"\x89PNG") {
        let read = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        return (read(16), read(20));
    }
    let mut at = 2;
    while at + 9 < bytes.len() {
        let (marker, length) = (bytes[at + 1], u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize);
        if (0xC0..=0xC3).contains(&marker) {
            let read = |at: usize| u32::from(u16::from_be_bytes([bytes[at], bytes[at + 1]]));
            return (read(at + 7), read(at + 5));
        }
        at += 2 + length;
    }
    panic!("not a PNG or JPEG");
}
