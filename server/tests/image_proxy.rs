//! The image proxy over HTTP: an image on a host the pages' policy does not name (a CDN standing in on
//! 127.0.0.1) is shown through an address only the console issues; an altered address is 404, and an answer
//! that is not an image, or is too large, or redirects to another host, is refused. The notifications show an
//! agent's avatar on such a host through it too.

mod support;

use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use clawdesk_core::{AuditEvent, ClawtterSignup, Platform, ProfileSnapshot, IMAGE_PROXY_PATH, PROXIED_IMAGE_MAX_BYTES};
use clawdesk_sandbox::art::avatar_png;
use reqwest::header::CACHE_CONTROL;
use reqwest::StatusCode;
use support::Running;

/// A stand-in CDN on its own port: an image, a web page, an oversized "image", and a redirect to another host.
async fn cdn() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = Router::new()
        .route("/cat.png", get(|| async { ([(CONTENT_TYPE, "image/png")], avatar_png(4, 24)).into_response() }))
        .route("/page", get(|| async { ([(CONTENT_TYPE, "text/html")], "<script>alert(1)</script>").into_response() }))
        .route(
            "/huge.png",
            get(|| async { ([(CONTENT_TYPE, "image/png")], vec![0u8; PROXIED_IMAGE_MAX_BYTES + 1]).into_response() }),
        )
        .route(
            "/elsewhere.png",
            get(move || async move {
                (StatusCode::FOUND, [(LOCATION, format!("http://localhost:{port}/cat.png"))]).into_response()
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://127.0.0.1:{port}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cdn_image_is_shown_through_an_issued_address_only_and_anything_but_a_small_image_is_refused() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let cdn = cdn().await;
    let proxy = console.console.image_proxy();

    // The page policy does not name the CDN; the image is shown through the console instead.
    let page = owner.get("/").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(!policy.contains(&cdn), "{policy}");
    let shown = proxy.shown(&format!("{cdn}/cat.png"));
    assert!(shown.starts_with(IMAGE_PROXY_PATH), "{shown}");
    let image = owner.get(&shown).await;
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()[CONTENT_TYPE], "image/png");
    assert!(image.headers()[CACHE_CONTROL].to_str().unwrap().contains("max-age"));
    assert_eq!(image.bytes().await.unwrap().to_vec(), avatar_png(4, 24));

    // An image on a platform's own origin stays where it is (the policy names it).
    let platform_image = format!("{}/media/a.png", console.console.connections().origins()[0]);
    assert_eq!(proxy.shown(&platform_image), platform_image);

    // An altered MAC, or another address under the image's MAC: not issued, 404.
    let (mac, address) = shown[IMAGE_PROXY_PATH.len()..].split_once('/').unwrap();
    let (kept, last) = mac.split_at(mac.len() - 1);
    let flipped = format!("{kept}{}", if last == "0" { "1" } else { "0" });
    assert_eq!(owner.get(&format!("{IMAGE_PROXY_PATH}{flipped}/{address}")).await.status(), StatusCode::NOT_FOUND);
    let other_address = &proxy.shown(&format!("{cdn}/page"))[IMAGE_PROXY_PATH.len() + mac.len() + 1..];
    assert_eq!(owner.get(&format!("{IMAGE_PROXY_PATH}{mac}/{other_address}")).await.status(), StatusCode::NOT_FOUND);

    // Issued, but not an image, too large, or sent to another host: refused.
    for refused in ["page", "huge.png", "elsewhere.png"] {
        let response = owner.get(&proxy.shown(&format!("{cdn}/{refused}"))).await;
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY, "{refused}");
    }

    // Only the owner's pages show it: without the session, the way leads to the login page.
    let stranger = console.browser().get(&shown).await;
    assert_eq!(stranger.status(), StatusCode::SEE_OTHER);
    assert_eq!(support::location(&stranger).as_deref(), Some("/login"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notifications_agent_avatar_on_another_host_is_shown_through_the_proxy() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let cdn = cdn().await;
    let core = &console.console;
    let signup =
        ClawtterSignup { identity_id: "bell_ringer".into(), nickname: "Bell".into(), bio: None, owner_email: None };
    let agent = core.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
    // Its platform now serves its avatar from a CDN; the key is rotated, which the notifications list.
    let avatar = format!("{cdn}/cat.png");
    let profile = ProfileSnapshot { avatar_url: Some(avatar.clone()), ..ProfileSnapshot::default() };
    core.agents().record_profile(agent, &profile).await.unwrap();
    core.audit().record(AuditEvent::KeyRotated { agent_id: agent, platform: Platform::Clawtter }, None).await.unwrap();

    let listed = owner.call("/api/notifications", &[]).await;
    assert_eq!(listed.status(), StatusCode::OK);
    let listed: serde_json::Value = listed.json().await.unwrap();
    let rotated = listed.as_array().unwrap().iter().find(|n| n["agent_id"] == agent).expect("the rotation");
    assert_eq!(rotated["agent_name"], "Bell");
    let shown = rotated["agent_avatar_url"].as_str().unwrap();
    assert!(shown.starts_with(IMAGE_PROXY_PATH), "{shown}");
    let image = owner.get(shown).await;
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.bytes().await.unwrap().to_vec(), avatar_png(4, 24));
}
