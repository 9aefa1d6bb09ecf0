//! The built bundles go out precompressed as the browser accepts them, and hashed ones are cached for good.

mod support;

use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};
use support::Running;

const WASM: &str = "clawdesk.3fa9c1d2e4.wasm";

/// A site as `cargo leptos build --release --precompress` leaves it: each bundle beside its brotli and gzip copies.
fn built_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join(WASM), b"\0asm the whole bundle, uncompressed").unwrap();
    std::fs::write(pkg.join(format!("{WASM}.br")), b"brotli copy").unwrap();
    std::fs::write(pkg.join(format!("{WASM}.gz")), b"gzip copy").unwrap();
    site
}

async fn fetch(running: &Running, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    // No cookie: the bundles are served before anyone has logged in (the login page needs them too).
    let mut request = reqwest::Client::new().get(running.url(path));
    if let Some(encodings) = accept_encoding {
        request = request.header(ACCEPT_ENCODING, encodings);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response.headers().get(name).map(|value| value.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_bundle_goes_out_as_the_smallest_copy_the_browser_accepts() {
    let site = built_site();
    let running = Running::serving_bundles(site.path().to_owned(), true).await;
    let path = format!("/pkg/{WASM}");

    for (accepted, encoding, body) in [
        (Some("gzip, deflate, br, zstd"), Some("br"), "brotli copy"),
        (Some("gzip"), Some("gzip"), "gzip copy"),
        (None, None, "\0asm the whole bundle, uncompressed"),
    ] {
        let response = fetch(&running, &path, accepted).await;
        assert_eq!(response.status(), 200, "{accepted:?}");
        assert_eq!(header(&response, CONTENT_ENCODING).as_deref(), encoding, "{accepted:?}");
        assert_eq!(header(&response, CONTENT_TYPE).as_deref(), Some("application/wasm"), "{accepted:?}");
        assert!(header(&response, reqwest::header::VARY).is_some_and(|vary| vary.contains("accept-encoding")));
        assert_eq!(response.text().await.unwrap(), body, "{accepted:?}");
    }
}

#[tokio::test]
async fn hashed_bundles_are_kept_for_good_and_missing_ones_are_not() {
    let site = built_site();
    let running = Running::serving_bundles(site.path().to_owned(), true).await;

    let found = fetch(&running, &format!("/pkg/{WASM}"), Some("br")).await;
    assert_eq!(header(&found, CACHE_CONTROL).as_deref(), Some("public, max-age=31536000, immutable"));

    let missing = fetch(&running, "/pkg/clawdesk.0000000000.wasm", Some("br")).await;
    assert_eq!(missing.status(), 404);
    assert_ne!(header(&missing, CACHE_CONTROL).as_deref(), Some("public, max-age=31536000, immutable"));
}

#[tokio::test]
async fn bundles_without_hashed_names_are_asked_for_again() {
    let site = built_site();
    let running = Running::serving_bundles(site.path().to_owned(), false).await;
    let response = fetch(&running, &format!("/pkg/{WASM}"), Some("br")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, CACHE_CONTROL).as_deref(), Some("no-cache"));
}
