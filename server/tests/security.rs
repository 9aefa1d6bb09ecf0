//! The console's own protection, over real HTTP: sessions, cross-site and foreign-host refusals, security
//! headers and login throttling.

mod support;

use clawdesk_app::error::AppError;
use reqwest::header::{HOST, ORIGIN, SET_COOKIE};
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use support::{location, Running, PASSWORD};

const PAGES: [&str; 7] = ["/", "/agents", "/compose", "/schedule", "/feeds", "/notifications", "/settings"];

async fn app_error(response: reqwest::Response) -> AppError {
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

#[tokio::test]
async fn before_the_password_is_set_every_page_leads_to_the_first_run_page() {
    let console = Running::start().await;
    let browser = console.browser();
    for path in PAGES.into_iter().chain(["/login", "/no-such-page"]) {
        let response = browser.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response).as_deref(), Some("/setup"), "{path}");
    }
    let setup = browser.get("/setup").await;
    assert_eq!(setup.status(), StatusCode::OK);
    let html = setup.text().await.unwrap();
    assert!(html.contains("Set the console password") && html.contains("Repeat the password"), "{html}");
}

#[tokio::test]
async fn the_first_password_cannot_be_set_without_the_token_the_console_printed() {
    let console = Running::start().await;
    let token = console.console.access().setup_token().unwrap();
    let stranger = console.browser();
    for wrong in ["", "guessed-setup-token-0000"] {
        let response = stranger
            .call("/api/setup", &[("setup_token", wrong), ("new_password", PASSWORD), ("confirm_password", PASSWORD)])
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{wrong:?}");
        let error = app_error(response).await;
        assert!(error.for_field("setup_token").unwrap().contains("not the setup token"), "{error:?}");
    }
    assert!(!console.console.access().is_set_up().await.unwrap(), "the stranger set nothing");
    assert_eq!(location(&stranger.get("/settings").await).as_deref(), Some("/setup"));

    // The link the console printed fills the token in.
    let page = stranger.get(&format!("/setup?token={}", token.expose_secret())).await.text().await.unwrap();
    assert!(page.contains("Setup token") && page.contains(token.expose_secret()), "{page}");
    console.set_up().await;
    assert!(console.console.access().setup_token().is_none(), "the token is spent");
}

#[tokio::test]
async fn without_a_session_pages_redirect_to_login_and_calls_get_401() {
    let console = Running::start().await;
    console.set_up().await;
    let stranger = console.browser();
    for path in PAGES {
        let response = stranger.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response).as_deref(), Some("/login"), "{path}");
    }
    for call in ["/api/audit", "/api/change-password", "/api/logout", "/api/setup"] {
        let response = stranger.call(call, &[]).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{call}");
        assert_eq!(app_error(response).await, AppError::LoginRequired, "{call}");
    }
    assert_eq!(stranger.get("/login").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_first_run_logs_the_owner_in_and_cannot_be_repeated() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    for path in PAGES {
        assert_eq!(owner.get(path).await.status(), StatusCode::OK, "{path}");
    }
    let settings = owner.get("/settings").await.text().await.unwrap();
    assert!(settings.contains("Audit log") && settings.contains("Console password set"), "{settings}");
    assert_eq!(location(&owner.get("/setup").await).as_deref(), Some("/"));

    let form = [
        ("setup_token", "spent-or-guessed-token"),
        ("new_password", "a new password"),
        ("confirm_password", "a new password"),
    ];
    let again = owner.call("/api/setup", &form).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(again.text().await.unwrap().contains("already set"));
    console.logged_in().await;
}

#[tokio::test]
async fn a_state_change_from_a_foreign_origin_or_without_one_is_refused() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let change =
        [("current_password", PASSWORD), ("new_password", "taken over!!"), ("confirm_password", "taken over!!")];
    for origin in [Some("http://evil.example"), Some("null"), Some("http://localhost:1"), None] {
        let mut request = owner.http.post(console.url("/api/change-password")).form(&change);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?}");
        assert!(response.text().await.unwrap().contains("did not come from the console's own pages"));
    }
    let from_referer = owner
        .http
        .post(console.url("/api/audit"))
        .header(reqwest::header::REFERER, console.url("/settings"))
        .send()
        .await
        .unwrap();
    assert_eq!(from_referer.status(), StatusCode::OK, "the console's own Referer is enough");
    console.logged_in().await; // the password is unchanged
}

#[tokio::test]
async fn a_request_for_a_foreign_host_is_refused_even_with_a_session() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    for host in ["evil.example", "rebound.example:80", &format!("attacker.example:{}", console.addr.port())] {
        let response = owner.http.get(console.url("/settings")).header(HOST, host).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{host}");
        assert!(response.text().await.unwrap().contains("CLAWDESK_ALLOWED_HOSTS"));
    }
    let localhost = format!("localhost:{}", console.addr.port());
    let response = owner.http.get(console.url("/login")).header(HOST, &localhost).send().await.unwrap();
    assert_ne!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_configured_extra_host_is_served() {
    let console = Running::start_with_hosts(vec!["desk.lan".into()]).await;
    let response = console.browser().http.get(console.url("/setup")).header(HOST, "desk.lan").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_console_is_served_under_its_own_localhost_name_whose_cookie_other_local_services_do_not_get() {
    let console = Running::start().await;
    let own_name = format!("clawdesk.localhost:{}", console.addr.port());
    let page = console.browser().http.get(console.url("/setup")).header(HOST, &own_name).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let token = console.console.access().setup_token().unwrap();
    let form = [("setup_token", token.expose_secret()), ("new_password", PASSWORD), ("confirm_password", PASSWORD)];
    let set_up = console.browser().http.post(console.url("/api/setup")).header(HOST, &own_name);
    let set_up = set_up.header(ORIGIN, format!("http://{own_name}")).form(&form).send().await.unwrap();
    assert!(set_up.status().is_redirection() || set_up.status().is_success(), "{}", set_up.status());
    let cookie = set_up.headers()[SET_COOKIE].to_str().unwrap();
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "a host-only cookie: {cookie}");
}

/// A console set up, and the session cookie (`clawdesk_session=…`) of a fresh login to it.
async fn set_up_and_log_in() -> (Running, String) {
    let console = Running::start().await;
    console.set_up().await;
    let login = console.browser().call("/api/login", &[("password", PASSWORD)]).await;
    let cookie = login.headers()[SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    (console, cookie)
}

/// A client that sends only the cookies it is told to.
fn cookieless_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

#[tokio::test]
async fn a_session_replayed_after_logout_is_refused() {
    let (console, cookie) = set_up_and_log_in().await;
    // A client that sends exactly this cookie, as someone who copied it would.
    let copied = cookieless_client();
    let settings = || copied.get(console.url("/settings")).header("cookie", &cookie).send();
    assert_eq!(settings().await.unwrap().status(), StatusCode::OK);

    let logout = copied.post(console.url("/api/logout")).header("cookie", &cookie).header(ORIGIN, &console.base);
    let logout = logout.send().await.unwrap();
    assert!(logout.status().is_success() || logout.status().is_redirection(), "{}", logout.status());

    assert_eq!(location(&settings().await.unwrap()).as_deref(), Some("/login"));
    let call = copied.post(console.url("/api/audit")).header("cookie", &cookie).header(ORIGIN, &console.base);
    assert_eq!(call.send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_id_read_from_the_database_opens_no_session() {
    let (console, cookie) = set_up_and_log_in().await;
    let browser_id = cookie.strip_prefix("clawdesk_session=").unwrap().to_owned();
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT id FROM tower_sessions").fetch_all(console.console.store().pool()).await.unwrap();
    assert!(!stored.is_empty());
    assert!(!stored.contains(&browser_id), "the database holds the browser's session id itself");

    // Someone who copied the database sends each id it holds as the cookie; none opens a page.
    let copied = cookieless_client();
    let settings = |cookie: String| copied.get(console.url("/settings")).header("cookie", cookie).send();
    for id in stored {
        let response = settings(format!("clawdesk_session={id}")).await.unwrap();
        assert_eq!(location(&response).as_deref(), Some("/login"), "{id}");
    }
    assert_eq!(settings(cookie).await.unwrap().status(), StatusCode::OK, "the owner's own cookie still works");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_new_at_each_login() {
    let console = Running::start().await;
    console.set_up().await;
    let login = |forwarded_https: bool| {
        let mut request = console
            .browser()
            .http
            .post(console.url("/api/login"))
            .header(ORIGIN, &console.base)
            .form(&[("password", PASSWORD)]);
        if forwarded_https {
            request = request.header("x-forwarded-proto", "https");
        }
        async move {
            let response = request.send().await.unwrap();
            response.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_owned()
        }
    };
    let (first, second) = (login(false).await, login(false).await);
    assert!(first.starts_with("clawdesk_session="), "{first}");
    assert!(first.contains("HttpOnly") && first.contains("SameSite=Strict"), "{first}");
    assert!(!first.contains("Secure"), "plain http on loopback: {first}");
    assert_ne!(first.split(';').next(), second.split(';').next(), "each login gets its own session id");
    assert!(login(true).await.contains("; Secure"), "behind a TLS proxy the cookie is Secure");
}

#[tokio::test]
async fn changing_the_password_logs_out_the_other_browsers() {
    let console = Running::start().await;
    let here = console.set_up().await;
    let elsewhere = console.logged_in().await;
    let changed = here
        .call(
            "/api/change-password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new one"),
                ("confirm_password", "a brand new one"),
            ],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(here.get("/settings").await.status(), StatusCode::OK);
    assert_eq!(location(&elsewhere.get("/settings").await).as_deref(), Some("/login"));
    let audit = here.get("/settings").await.text().await.unwrap();
    assert!(audit.contains("Console password changed"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_pages_a_matching_nonce() {
    let console = Running::start().await;
    let owner = console.set_up().await;
    let page = owner.get("/settings").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap().to_owned();
    assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("frame-ancestors 'none'"), "{policy}");
    let sandbox_origin = console.console.connections().endpoints().clawgram.split("/api").next().unwrap().to_owned();
    assert!(policy.contains(&format!("img-src 'self' data: blob: {sandbox_origin}")), "{policy}");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry the header's nonce");

    let second_nonce = owner.get("/settings").await.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_ne!(second_nonce, policy, "a new nonce per request");

    for response in [console.browser().get("/agents").await, console.browser().call("/api/audit", &[]).await] {
        let policy = response.headers()["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), "{policy}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
}

#[tokio::test]
async fn repeated_wrong_passwords_make_the_client_wait_and_say_how_long() {
    let console = Running::start().await;
    console.set_up().await;
    let guesser = console.browser();
    for attempt in 1..=4 {
        let response = guesser.call("/api/login", &[("password", "guess guess")]).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "attempt {attempt}");
        assert_eq!(
            app_error(response).await.for_field("password").as_deref(),
            Some("That is not the console password.")
        );
    }
    let fifth = guesser.call("/api/login", &[("password", "guess guess")]).await;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    let AppError::Throttled { message, wait_seconds } = app_error(fifth).await else { panic!("not throttled") };
    assert_eq!(wait_seconds, 30);
    assert_eq!(message, "Too many failed attempts; wait 30 seconds before trying again.");

    let right = guesser.call("/api/login", &[("password", PASSWORD)]).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert_eq!(location(&guesser.get("/settings").await).as_deref(), Some("/login"));
}

#[tokio::test]
async fn keys_kept_from_an_address_changed_outside_settings_move_only_with_the_password() {
    let console = Running::start().await;
    let browser = console.set_up().await;
    let signup = clawdesk_core::ClawgramSignup { name: "homebody".into(), description: "Stays put".into() };
    console.console.onboarding().register_clawgram(signup, None).await.unwrap();
    // The address moves the way an edited configuration moves it: without the password, so the key stays bound.
    let settings = console.console.connection_settings();
    let mut endpoints = console.console.connections().endpoints();
    endpoints.set(clawdesk_core::Platform::Clawgram, "http://127.0.0.1:9/api/v1");
    let tenant_id = settings.view().await.unwrap().tenant_id;
    let change =
        clawdesk_core::ConnectionChange { endpoints, tenant_id, queue_secret: clawdesk_core::QueueSecretChange::Keep };
    settings.save(change, None).await.unwrap();

    let page = browser.get("/settings").await.text().await.unwrap();
    assert!(page.contains("Keys kept from a new address"), "Settings offers the move");
    assert!(page.contains("1 agent key"), "and says what waits");

    let wrong = browser.call("/api/connections/move-keys", &[("platform", "clawgram"), ("password", "guess")]).await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let wrong = app_error(wrong).await;
    assert_eq!(wrong.for_field("password").as_deref(), Some("That is not the console password."), "{wrong:?}");
    assert_eq!(console.console.keys_elsewhere().await.unwrap().len(), 1, "a wrong password moves nothing");

    let right = browser.call("/api/connections/move-keys", &[("platform", "clawgram"), ("password", PASSWORD)]).await;
    assert_eq!(right.text().await.unwrap(), "1", "the one key moved");
    let page = browser.get("/settings").await.text().await.unwrap();
    assert!(!page.contains("Keys kept from a new address"), "nothing waits any more");
}

#[tokio::test]
async fn an_image_link_opens_its_image_without_a_session_and_nothing_else() {
    let console = Running::start().await;
    let media = console.console.media();
    let image = media.add(&clawdesk_sandbox::art::picture_png(5, 640, 480)).await.unwrap();
    let token = media.link(image.id, std::time::Duration::from_secs(60)).await.unwrap();
    let ended = media.link(image.id, std::time::Duration::ZERO).await.unwrap();
    // A Threads backend on this machine: no cookie, no origin.
    let backend = cookieless_client();
    let fetch = |token: String| backend.get(console.url(&format!("/media/link/{token}"))).send();

    let served = fetch(token.clone()).await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()[reqwest::header::CONTENT_TYPE], "image/png");
    assert_eq!(served.bytes().await.unwrap().len() as i64, image.byte_size);
    for refused in [ended, format!("{token}x"), "x".repeat(500)] {
        assert_eq!(fetch(refused).await.unwrap().status(), StatusCode::NOT_FOUND);
    }
    // The link's path opens no page: the rest of the console still asks for a session.
    let page = backend.get(console.url("/media/link/")).send().await.unwrap();
    assert_ne!(page.status(), StatusCode::OK);
}
