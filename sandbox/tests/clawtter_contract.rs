//! The Clawtter stand-in checked against `shared/contracts/clawtter.md` with plain HTTP (not our client):
//! status codes and error shapes, the image string format, moderation visibility, drain-on-read, quotas.

use base64::Engine;
use clawdesk_sandbox::clawtter::CardShapes;
use clawdesk_sandbox::{art, Sandbox, SandboxOptions};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const REVIEW: Duration = Duration::from_secs(5);

struct Api {
    sandbox: Sandbox,
    http: Client,
}

impl Api {
    async fn start(seed: Option<u64>) -> Api {
        Api::start_with(SandboxOptions { seed, ..SandboxOptions::default() }).await
    }

    async fn start_with(options: SandboxOptions) -> Api {
        let options = SandboxOptions { moderation_delay: REVIEW, ..options };
        let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
        Api { sandbox, http: Client::new() }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.clawtter.base_url)
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.url(path));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() })
    }

    async fn get(&self, path: &str, key: &str) -> (StatusCode, Value) {
        self.call(reqwest::Method::GET, path, Some(key), None).await
    }

    async fn post(&self, path: &str, key: &str, body: Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::POST, path, Some(key), Some(body)).await
    }

    async fn register(&self, identity_id: &str) -> String {
        let body = json!({"identity_id": identity_id, "nickname": identity_id});
        let (status, answer) = self.call(reqwest::Method::POST, "/auth/register", None, Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        answer["api_key"].as_str().unwrap().to_owned()
    }

    async fn create(&self, key: &str, content: &str) -> String {
        let (status, answer) = self.post("/posts", key, json!({"content": content})).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
        answer["post_id"].as_str().unwrap().to_owned()
    }
}

fn png_string(bytes: &[u8]) -> String {
    format!("image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[tokio::test]
async fn health_lives_at_the_origin_and_unknown_routes_are_404_with_detail() {
    let api = Api::start(None).await;
    let health = api.http.get(format!("{}/health", api.sandbox.clawtter.origin())).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let (status, body) = api.get("/no/such/route", "k").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["detail"].is_string());
}

#[tokio::test]
async fn keys_are_required_and_checked() {
    let api = Api::start(None).await;
    let (status, body) = api.call(reqwest::Method::GET, "/me/quota", None, None).await;
    assert_eq!((status, body["detail"].as_str()), (StatusCode::UNAUTHORIZED, Some("Invalid or missing API key")));
    let (status, _) = api.get("/me/quota", "ctk_wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let key = api.register("keyed").await;
    assert_eq!(api.get("/me/quota", &key).await.0, StatusCode::OK);
}

#[tokio::test]
async fn registration_answers_409_for_a_taken_id_and_422_with_a_detail_list() {
    let api = Api::start(None).await;
    api.register("dup").await;
    let body = json!({"identity_id": "dup", "nickname": "Again"});
    let (status, answer) = api.call(reqwest::Method::POST, "/auth/register", None, Some(body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(answer["detail"].as_str().unwrap().contains("dup"));

    let body = json!({"identity_id": "x".repeat(65), "owner_email": "not-an-email"});
    let (status, answer) = api.call(reqwest::Method::POST, "/auth/register", None, Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = answer["detail"].as_array().unwrap();
    let locations: Vec<&Value> = detail.iter().map(|d| &d["loc"]).collect();
    assert_eq!(
        locations,
        [&json!(["body", "identity_id"]), &json!(["body", "nickname"]), &json!(["body", "owner_email"])]
    );
    assert_eq!(detail[0]["type"], "string_too_long");
    assert_eq!(detail[1]["type"], "missing");
    assert!(detail.iter().all(|d| d["msg"].is_string()));
}

#[tokio::test]
async fn image_strings_must_match_the_exact_format_types_and_size() {
    let api = Api::start(None).await;
    let key = api.register("imager").await;
    let png = art::avatar_png(3, 32);
    let post_with = |image: String| json!({"content": "pic", "image_base64_list": [image]});

    let (status, _) = api.post("/posts", &key, post_with(png_string(&png))).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    for bad in [
        format!("data:{}", png_string(&png)),
        base64::engine::general_purpose::STANDARD.encode(&png),
        "image/png;base64,@@@".into(),
    ] {
        let (status, answer) = api.post("/posts", &key, post_with(bad)).await;
        assert_eq!((status, answer["detail"].as_str()), (StatusCode::BAD_REQUEST, Some("Invalid base64 format")));
    }
    let jpg = png_string(&png).replacen("image/png", "image/jpg", 1);
    let (status, answer) = api.post("/posts", &key, post_with(jpg)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["detail"].as_str().unwrap().contains("image/jpg"));

    let (status, _) = api.post("/posts", &key, post_with(png_string(&vec![0; 2 * 1024 * 1024]))).await;
    assert_eq!(status, StatusCode::ACCEPTED, "exactly 2 MB is allowed");
    let (status, answer) = api.post("/posts", &key, post_with(png_string(&vec![0; 2 * 1024 * 1024 + 1]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["detail"].as_str().unwrap().contains("2 MB"));

    let five = json!({"content": "many", "image_base64_list": vec![png_string(&png); 5]});
    let (status, answer) = api.post("/posts", &key, five).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["detail"][0]["loc"], json!(["body", "image_base64_list"]));
}

#[tokio::test]
async fn pending_posts_are_seen_only_by_their_author_until_approved() {
    let api = Api::start(None).await;
    let (author, other) = (api.register("author").await, api.register("other").await);
    let post = api.create(&author, "Fresh thoughts on #moderation").await;

    let (_, own) = api.get("/clawtters/author/posts", &author).await;
    assert_eq!(own["items"][0]["moderation_status"], "pending");
    let (_, theirs) = api.get("/clawtters/author/posts", &other).await;
    assert_eq!(theirs["items"], json!([]));
    assert_eq!(api.get(&format!("/posts/{post}"), &other).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/feed/public", &other).await.1["post_ids"], json!([]));
    assert_eq!(api.get("/search/posts?q=fresh", &other).await.1["items"], json!([]));
    assert_eq!(api.get("/trending/topics", &other).await.1["items"], json!([]));
    assert_eq!(api.get(&format!("/posts/{post}/replies/tree"), &author).await.0, StatusCode::NOT_FOUND);
    let reply = json!({"content": "early", "post_kind": "reply", "in_reply_to_post_id": post});
    assert_eq!(
        api.post("/posts", &other, reply.clone()).await.0,
        StatusCode::NOT_FOUND,
        "pending posts cannot be replied to"
    );

    api.sandbox.clock.advance(REVIEW);
    assert_eq!(api.get(&format!("/posts/{post}"), &other).await.0, StatusCode::OK);
    assert_eq!(api.get("/feed/public", &other).await.1["post_ids"], json!([post]));
    assert_eq!(api.get("/search/posts?q=FRESH", &other).await.1["items"][0]["post_id"], json!(post));
    assert_eq!(api.get("/trending/topics", &other).await.1["items"][0]["name"], "moderation");
    assert_eq!(api.post("/posts", &other, reply).await.0, StatusCode::ACCEPTED);

    let rejected = api.create(&author, "This is Spam, clearly").await;
    api.sandbox.clock.advance(REVIEW);
    let (_, own) = api.get("/clawtters/author/posts", &author).await;
    assert_eq!(
        own["items"][0],
        json!({"post_id": rejected, "moderation_status": "rejected", "content_preview": "This is Spam, clearly", "created_at": own["items"][0]["created_at"]})
    );
    assert_eq!(api.get(&format!("/posts/{rejected}"), &other).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn notifications_drain_on_read_and_only_approved_posts_notify() {
    let api = Api::start(None).await;
    let (author, fan) = (api.register("poet").await, api.register("reader").await);
    let post = api.create(&author, "A poem").await;
    api.sandbox.clock.advance(REVIEW);
    for _ in 0..2 {
        assert_eq!(api.post(&format!("/posts/{post}/like"), &fan, json!({})).await.0, StatusCode::NO_CONTENT);
    }
    assert_eq!(api.post("/clawtters/poet/follow", &fan, json!({})).await.0, StatusCode::NO_CONTENT);
    let reply = json!({"content": "Lovely", "post_kind": "reply", "in_reply_to_post_id": post});
    api.post("/posts", &fan, reply).await;

    let (_, first) = api.get("/me/notifications", &author).await;
    let kinds: Vec<&Value> = first["items"].as_array().unwrap().iter().map(|n| &n["type"]).collect();
    assert_eq!(kinds, [&json!("like"), &json!("follow")], "one like however often, and no reply before approval");
    assert_eq!(first["items"][0]["actor"]["identity_id"], "reader");
    assert!(first["items"][0]["created_at"].is_i64());
    assert_eq!(api.get("/me/notifications", &author).await.1["items"], json!([]));

    api.sandbox.clock.advance(REVIEW);
    let (_, later) = api.get("/me/notifications", &author).await;
    assert_eq!(later["items"][0]["type"], "reply");
    assert_eq!(later["items"][0]["target_post_id"], json!(post));
    assert_eq!(later["items"][0]["content_preview"], "Lovely");
    assert_eq!(api.get("/me/notifications", &author).await.1["items"], json!([]));
    let (_, detail) = api.get(&format!("/posts/{post}"), &fan).await;
    assert_eq!((detail["like_count"].as_u64(), detail["reply_count"].as_u64()), (Some(1), Some(1)));
}

#[tokio::test]
async fn the_hourly_quota_answers_429_and_resets_at_the_next_utc_hour() {
    let api = Api::start(None).await;
    let key = api.register("prolific").await;
    let (_, quota) = api.get("/me/quota", &key).await;
    let base = quota["base_quota"].as_u64().unwrap();
    let reset_at = quota["reset_at"].as_i64().unwrap();
    assert_eq!(reset_at % 3600, 0);
    let now = api.sandbox.clock.now().unix_timestamp();
    assert!(reset_at > now && reset_at <= now + 3600);

    // Stay inside one hour even if the test starts just before the boundary.
    api.sandbox.clock.advance(Duration::from_secs(u64::try_from(reset_at - now).unwrap()));
    for _ in 0..base {
        api.create(&key, "one more").await;
    }
    let (status, answer) = api.post("/posts", &key, json!({"content": "too many"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(answer["detail"].as_str().unwrap().contains("quota"));
    assert_eq!(api.get("/me/quota", &key).await.1["remaining_quota"], 0);

    api.sandbox.clock.advance(Duration::from_secs(3600));
    let (_, fresh) = api.get("/me/quota", &key).await;
    assert_eq!(fresh["remaining_quota"].as_u64(), Some(base));
    assert_eq!(fresh["reset_at"].as_i64(), Some(reset_at + 2 * 3600));
}

#[tokio::test]
async fn heavy_reads_share_a_daily_cap() {
    let api = Api::start(None).await;
    let key = api.register("reader").await;
    let mut last = StatusCode::OK;
    let mut served = 0;
    while last == StatusCode::OK && served < 1000 {
        last = api.get("/feed/public?hydrate=true", &key).await.0;
        served += 1;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let (_, answer) = api.get("/feed/public?hydrate=true", &key).await;
    assert_eq!(answer["detail"], "Daily thread/post read limit exceeded");
    assert_eq!(api.get("/feed/public", &key).await.0, StatusCode::OK, "plain feeds are not heavy");
    api.sandbox.clock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(api.get("/feed/public?hydrate=true", &key).await.0, StatusCode::OK);
}

#[tokio::test]
async fn follows_accept_either_id_and_lists_page_with_a_total() {
    let api = Api::start(None).await;
    let me = api.register("follower").await;
    let mut ids = Vec::new();
    for name in ["a1", "a2", "a3"] {
        let body = json!({"identity_id": name, "nickname": name});
        let (_, answer) = api.call(reqwest::Method::POST, "/auth/register", None, Some(body)).await;
        ids.push(answer["clawtter_id"].as_str().unwrap().to_owned());
    }
    assert_eq!(api.post("/clawtters/a1/follow", &me, json!({})).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.post(&format!("/clawtters/{}/follow", ids[1]), &me, json!({})).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.post("/clawtters/a3/follow", &me, json!({})).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.post("/clawtters/nobody/follow", &me, json!({})).await.0, StatusCode::NOT_FOUND);
    let (_, page) = api.get("/me/following?limit=2&offset=1", &me).await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(api.get("/me/following?limit=201", &me).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let unfollow = api.call(reqwest::Method::DELETE, "/clawtters/a1/follow", Some(&me), None).await;
    assert_eq!(unfollow.0, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/me/following", &me).await.1["total"], 2);
}

#[tokio::test]
async fn a_seeded_world_is_rich_deterministic_and_its_avatars_open() {
    let (one, two) = (Api::start(Some(2026)).await, Api::start(Some(2026)).await);
    let (key_one, key_two) = (one.register("visitor").await, two.register("visitor").await);
    let (_, feed_one) = one.get("/feed/public?limit=200&hydrate=true", &key_one).await;
    let (_, feed_two) = two.get("/feed/public?limit=200&hydrate=true", &key_two).await;
    assert_eq!(feed_one["post_ids"], feed_two["post_ids"]);
    let items = feed_one["items"].as_array().unwrap();
    assert!(items.len() >= 36, "a few dozen agents post at least once each");
    let authors: std::collections::BTreeSet<&str> =
        items.iter().filter_map(|p| p["author"]["identity_id"].as_str()).collect();
    assert!(authors.len() >= 24);
    assert!(items.iter().any(|p| p["reply_count"].as_u64() > Some(0)));
    assert!(items.iter().any(|p| p["like_count"].as_u64() > Some(0)));
    assert!(items.iter().any(|p| p["post_kind"] == "repost"));
    assert!(!one.get("/trending/topics", &key_one).await.1["items"].as_array().unwrap().is_empty());

    let avatar = items[0]["author"]["avatar_url"].as_str().unwrap();
    let picture = one.http.get(avatar).send().await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/png");

    let other = Api::start(Some(7)).await;
    let key = other.register("visitor").await;
    assert_ne!(other.get("/feed/public?limit=200", &key).await.1["post_ids"], feed_one["post_ids"]);
    let empty = Api::start(None).await;
    let key = empty.register("visitor").await;
    assert_eq!(empty.get("/feed/public", &key).await.1["post_ids"], json!([]));
}

// The leniency section of the contract: what the platform may send, and the routes its clients use.

#[tokio::test]
async fn the_schema_is_served_at_openapi_and_openapi_json_without_a_key() {
    let api = Api::start(None).await;
    for path in ["/openapi", "/openapi.json"] {
        let response = api.http.get(api.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let schema: Value = response.json().await.unwrap();
        assert!(schema["openapi"].as_str().unwrap().starts_with("3."), "{path}");
        assert!(schema["paths"]["/posts/{post_id}/replies/tree"]["get"].is_object(), "{path}");
        assert!(schema["paths"]["/clawtters/{identity_id}/follow"]["delete"].is_object(), "{path}");
    }
}

#[tokio::test]
async fn cards_carry_a_nested_author_by_default_and_take_turns_through_the_other_shapes_when_varied() {
    let api = Api::start(None).await;
    let key = api.register("nested").await;
    api.create(&key, "One card").await;
    api.sandbox.clock.advance(REVIEW);
    let (_, feed) = api.get("/feed/public?hydrate=true", &key).await;
    let author = &feed["items"][0]["author"];
    assert_eq!(author["identity_id"], "nested");
    assert!(author["clawtter_id"].is_string() && author["nickname"].is_string());

    let varied =
        Api::start_with(SandboxOptions { clawtter_card_shapes: CardShapes::Varied, ..SandboxOptions::default() });
    let api = varied.await;
    let key = api.register("varied").await;
    for n in 0..4 {
        api.create(&key, &format!("Card {n}")).await;
    }
    api.sandbox.clock.advance(REVIEW);
    let (status, feed) = api.get("/feed/public?hydrate=true", &key).await;
    assert_eq!(status, StatusCode::OK);
    let card = |n: usize| {
        let cards = feed["items"].as_array().unwrap();
        cards.iter().find(|card| card["content"] == format!("Card {n}")).unwrap().clone()
    };
    assert_eq!(card(0)["author"]["identity_id"], "varied");
    assert_eq!((card(1)["author"].is_null(), &card(1)["author_identity_id"]), (true, &json!("varied")));
    assert!(card(1)["author_nickname"].is_string() && card(1)["author_clawtter_id"].is_string());
    assert!(card(2)["author_nickname"].is_string() && card(2).get("author_identity_id").is_none());
    assert!(card(3)["author"]["nickname"].is_string() && card(3)["author"].get("identity_id").is_none());
    assert!(card(3).get("created_at").is_none() && card(3).get("like_count").is_none());
}

#[tokio::test]
async fn a_repost_through_posts_needs_words_of_its_own() {
    let api = Api::start(None).await;
    let (author, fan) = (api.register("source").await, api.register("echo").await);
    let post = api.create(&author, "Worth sharing").await;
    api.sandbox.clock.advance(REVIEW);
    let bare = json!({"content": "", "post_kind": "repost", "repost_of_post_id": post});
    let (status, refused) = api.post("/posts", &fan, bare).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["detail"][0]["loc"], json!(["body", "content"]));
    let worded = json!({"content": "Read this", "post_kind": "repost", "repost_of_post_id": post});
    assert_eq!(api.post("/posts", &fan, worded).await.0, StatusCode::ACCEPTED);
}
