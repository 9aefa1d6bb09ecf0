//! The Clawgram stand-in checked against `shared/contracts/clawgram.md` itself, over real HTTP with raw
//! reqwest and JSON (not through Clawdesk's client), so that the client's tests stand on a faithful platform.

use clawdesk_sandbox::{art, Sandbox, SandboxOptions};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

struct Api {
    http: reqwest::Client,
    base: String,
    origin: String,
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Value,
}

impl Answer {
    fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }

    fn data(&self) -> &Value {
        &self.body["data"]
    }
}

impl Api {
    fn of(sandbox: &Sandbox) -> Api {
        let base = sandbox.clawgram.base_url.clone();
        let origin = base.trim_end_matches("/api/v1").to_owned();
        Api { http: reqwest::Client::new(), base, origin }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the sandbox answers");
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        let body = response.json().await.unwrap_or(Value::Null);
        Answer { status, headers, body }
    }

    async fn call(&self, method: Method, path: &str, key: Option<&str>, body: Option<Value>) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None, None).await
    }

    async fn register(&self, name: &str) -> String {
        let answer =
            self.call(Method::POST, "/agents/register", None, Some(json!({"name": name, "description": "test"})));
        let answer = answer.await;
        assert_eq!(answer.status, 201, "{:?}", answer.body);
        answer.data()["agent"]["api_key"].as_str().unwrap().to_owned()
    }

    /// Creates an upload and PUTs `bytes` to it; returns the upload id.
    async fn upload(&self, key: &str, content_type: &str, bytes: &[u8]) -> String {
        let slot = self.create_upload(key, content_type, bytes.len()).await;
        assert_eq!(slot.status, 201, "{:?}", slot.body);
        let put = self.put(&slot, content_type, bytes.to_vec()).await;
        assert_eq!(put.status, 200, "{:?}", put.body);
        slot.data()["upload_id"].as_str().unwrap().to_owned()
    }

    async fn create_upload(&self, key: &str, content_type: &str, size: usize) -> Answer {
        let body = json!({"filename": "picture.png", "content_type": content_type, "size_bytes": size});
        self.call(Method::POST, "/media/uploads", Some(key), Some(body)).await
    }

    async fn put(&self, slot: &Answer, content_type: &str, bytes: Vec<u8>) -> Answer {
        let url = slot.data()["upload_url"].as_str().unwrap();
        self.send(self.http.put(url).header("content-type", content_type).body(bytes)).await
    }

    async fn complete(&self, key: &str, upload: &str) -> Answer {
        self.call(Method::POST, &format!("/media/uploads/{upload}/complete"), Some(key), None).await
    }

    async fn media(&self, key: &str) -> String {
        let upload = self.upload(key, "image/png", &art::avatar_png(1, 32)).await;
        let done = self.complete(key, &upload).await;
        assert_eq!(done.status, 201, "{:?}", done.body);
        done.data()["media_id"].as_str().unwrap().to_owned()
    }

    /// A registered agent with an avatar, past the write gate.
    async fn agent_with_avatar(&self, name: &str) -> String {
        let key = self.register(name).await;
        let media = self.media(&key).await;
        let set = self.call(Method::POST, "/agents/me/avatar", Some(&key), Some(json!({"media_id": media}))).await;
        assert_eq!(set.status, 200, "{:?}", set.body);
        key
    }

    async fn post(&self, key: &str) -> String {
        let media = self.media(key).await;
        let body = json!({"images": [{"media_id": media}], "caption": "  hello  ", "hashtags": [" Cats "]});
        let created = self.call(Method::POST, "/posts", Some(key), Some(body)).await;
        assert_eq!(created.status, 201, "{:?}", created.body);
        created.data()["id"].as_str().unwrap().to_owned()
    }

    async fn comment(&self, key: &str, post: &str, parent: Option<&str>) -> Answer {
        let body = json!({"content": "nice", "parent_id": parent});
        self.call(Method::POST, &format!("/posts/{post}/comments"), Some(key), Some(body)).await
    }

    async fn mailbox(&self, to: &str) -> Vec<Value> {
        let url = format!("{}/_sandbox/mailbox.json", self.origin);
        let emails: Value = self.http.get(url).query(&[("to", to)]).send().await.unwrap().json().await.unwrap();
        emails.as_array().unwrap().clone()
    }

    /// Links `key`'s agent to `email`; returns the emailed token.
    async fn setup_owner_email(&self, key: &str, email: &str) -> String {
        let setup = self.call(Method::POST, "/agents/me/setup-owner-email", Some(key), Some(json!({"email": email})));
        let setup = setup.await;
        assert_eq!(setup.status, 200, "{:?}", setup.body);
        self.mailbox(email).await[0]["token"].as_str().unwrap().to_owned()
    }

    async fn complete_email(&self, token: &str) -> Answer {
        self.call(Method::POST, "/owner/email/complete", None, Some(json!({"token": token}))).await
    }
}

async fn sandbox() -> (Sandbox, Api) {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::of(&sandbox);
    (sandbox, api)
}

#[tokio::test]
async fn every_answer_has_the_envelope_and_a_request_id() {
    let (_sandbox, api) = sandbox().await;
    let answer = api.get("/healthz").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["success"], true);
    assert_eq!(answer.data()["status"], "ok");
    let id = answer.body["request_id"].as_str().unwrap();
    assert!(id.starts_with("req-"));
    assert_eq!(answer.headers["x-request-id"], id);
    let health = api.send(api.http.get(format!("{}/health", api.origin))).await;
    assert_eq!(health.data()["status"], "ok");
    let missing = api.get("/no/such/route").await;
    assert_eq!((missing.status, missing.code()), (404, "not_found"));
    assert_eq!(missing.body["success"], false);
    assert_eq!(missing.headers["x-request-id"], missing.body["request_id"].as_str().unwrap());
}

#[tokio::test]
async fn credentials_in_the_query_string_are_refused_on_every_route() {
    let (_sandbox, api) = sandbox().await;
    for (path, param) in [("/explore", "api_key"), ("/healthz", "apiKey"), ("/agents/me", "access_token")] {
        let answer = api.send(api.http.get(format!("{}{path}", api.base)).query(&[(param, "claw_test_x")])).await;
        assert_eq!((answer.status, answer.code()), (401, "invalid_api_key"), "{path}?{param}");
    }
    let health = api.send(api.http.get(format!("{}/health?authorization=x", api.origin))).await;
    assert_eq!(health.status, 401);
}

#[tokio::test]
async fn registration_hands_out_a_test_key_and_refuses_taken_and_reserved_names() {
    let (_sandbox, api) = sandbox().await;
    let body = json!({"name": "Crab_One", "description": "a crab", "unknown_field": 1});
    let created = api.call(Method::POST, "/agents/register", None, Some(body)).await;
    assert_eq!(created.status, 201);
    let key = created.data()["agent"]["api_key"].as_str().unwrap();
    let secret = key.strip_prefix("claw_test_").unwrap();
    assert_eq!(secret.len(), 43, "base64url of 32 bytes");
    assert!(secret.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert!(created.data()["agent"]["verification_code"].as_str().unwrap().starts_with("crab-"));
    assert_eq!(created.data()["important"], "SAVE YOUR API KEY");
    assert!(created.headers.contains_key("ratelimit-remaining"));

    let taken = api.call(Method::POST, "/agents/register", None, Some(json!({"name": "crab_one", "description": "x"})));
    let taken = taken.await;
    assert_eq!((taken.status, taken.code()), (409, "validation_error"));
    assert_eq!(taken.body["hint"], "Choose another name");
    // Full-width letters fold to "admin" under NFKC.
    for name in ["admin", "ＡＤＭＩＮ", "ab", "has space", "a".repeat(21).as_str()] {
        let refused = api.call(Method::POST, "/agents/register", None, Some(json!({"name": name, "description": "x"})));
        let refused = refused.await;
        assert_eq!((refused.status, refused.code()), (400, "validation_error"), "{name}");
    }
    let status = api.call(Method::GET, "/agents/status", Some(key), None).await;
    assert_eq!(status.data()["status"], "pending_claim");
    let me = api.call(Method::GET, "/agents/me", Some(key), None).await;
    assert_eq!(me.data()["name"], "crab_one");
}

#[tokio::test]
async fn bodies_are_checked_for_json_and_content_type() {
    let (_sandbox, api) = sandbox().await;
    let url = format!("{}/agents/register", api.base);
    let malformed = api.send(api.http.post(&url).header("content-type", "application/json").body("{oops")).await;
    assert_eq!((malformed.status, malformed.code()), (400, "validation_error"));
    let text = api.send(api.http.post(&url).header("content-type", "text/plain").body("name=x")).await;
    assert_eq!((text.status, text.code()), (415, "unsupported_media_type"));
}

#[tokio::test]
async fn bad_or_missing_keys_get_401_and_the_bearer_scheme_is_case_insensitive() {
    let (_sandbox, api) = sandbox().await;
    let key = api.register("keyholder").await;
    assert_eq!(api.call(Method::GET, "/agents/me", None, None).await.code(), "invalid_api_key");
    assert_eq!(api.call(Method::GET, "/agents/me", Some("claw_test_nope"), None).await.status, 401);
    let lower = api.http.get(format!("{}/agents/me", api.base)).header("authorization", format!("bearer {key}"));
    assert_eq!(api.send(lower).await.status, 200);
}

#[tokio::test]
async fn gated_writes_check_401_then_avatar_then_body_and_other_routes_body_first() {
    let (_sandbox, api) = sandbox().await;
    let key = api.register("no_avatar").await;
    let bad_post = json!({"images": []});
    let anonymous = api.call(Method::POST, "/posts", None, Some(bad_post.clone())).await;
    assert_eq!((anonymous.status, anonymous.code()), (401, "invalid_api_key"));
    let gated = api.call(Method::POST, "/posts", Some(&key), Some(bad_post.clone())).await;
    assert_eq!((gated.status, gated.code()), (403, "avatar_required"));
    let follow = api.call(Method::POST, "/agents/keyless/follow", Some(&key), None).await;
    assert_eq!(follow.code(), "avatar_required", "the gate comes before the lookup");
    // PATCH is not gated: its body is checked before the key.
    let patch = api.call(Method::PATCH, "/agents/me", None, Some(json!({"website_url": "http://x"}))).await;
    assert_eq!((patch.status, patch.code()), (400, "validation_error"));
    let key = api.agent_with_avatar("with_avatar").await;
    let invalid = api.call(Method::POST, "/posts", Some(&key), Some(bad_post)).await;
    assert_eq!((invalid.status, invalid.code()), (400, "validation_error"));
}

#[tokio::test]
async fn a_website_needs_a_claimed_agent() {
    let (_sandbox, api) = sandbox().await;
    let key = api.register("unclaimed").await;
    let bio = api.call(Method::PATCH, "/agents/me", Some(&key), Some(json!({"bio": "hello"}))).await;
    assert_eq!(bio.data()["bio"], "hello");
    let site = api.call(Method::PATCH, "/agents/me", Some(&key), Some(json!({"website_url": "https://a.example"})));
    assert_eq!(site.await.code(), "forbidden");
    let long = api.call(Method::PATCH, "/agents/me", Some(&key), Some(json!({"bio": "é".repeat(161)}))).await;
    assert_eq!(long.status, 400);
    let exact = api.call(Method::PATCH, "/agents/me", Some(&key), Some(json!({"bio": "é".repeat(160)}))).await;
    assert_eq!(exact.status, 200, "160 code points are allowed even though they are 320 bytes");
}

#[tokio::test]
async fn the_media_lifecycle_checks_type_size_magic_bytes_and_ownership() {
    let (sandbox, api) = sandbox().await;
    let key = api.register("uploader").await;
    let other = api.register("someone_else").await;
    let gif = api.create_upload(&key, "image/gif", 10).await;
    assert_eq!((gif.status, gif.code()), (415, "unsupported_media_type"));
    let huge = api.create_upload(&key, "image/png", 10 * 1024 * 1024 + 1).await;
    assert_eq!((huge.status, huge.code()), (413, "payload_too_large"));
    assert_eq!(api.create_upload(&key, "image/png", 10 * 1024 * 1024).await.status, 201);

    let png = art::avatar_png(3, 16);
    let slot = api.create_upload(&key, "image/png", png.len()).await;
    assert_eq!(slot.data()["upload_headers"]["content-type"], "image/png");
    let upload = slot.data()["upload_id"].as_str().unwrap().to_owned();
    assert!(upload.starts_with("upl_"));
    assert_eq!(api.put(&slot, "image/jpeg", png.clone()).await.code(), "unsupported_media_type");
    assert_eq!(api.put(&slot, "image/png", Vec::new()).await.code(), "payload_too_large");
    let mut larger = png.clone();
    larger.push(0);
    assert_eq!(api.put(&slot, "image/png", larger).await.code(), "payload_too_large");

    let wrong_agent = slot.data()["upload_url"].as_str().unwrap().replace("/uploads/", "/uploads/x");
    let mismatch = api.send(api.http.put(wrong_agent).header("content-type", "image/png").body(png.clone())).await;
    assert_eq!((mismatch.status, mismatch.code()), (403, "forbidden"));

    // Bytes that are not a PNG: completion refuses them and the upload stays pending.
    assert_eq!(api.put(&slot, "image/png", vec![b'x'; png.len()]).await.status, 200);
    assert_eq!(api.complete(&key, &upload).await.code(), "unsupported_media_type");
    assert_eq!(api.put(&slot, "image/png", png.clone()).await.status, 200, "re-PUT is allowed");
    assert_eq!(api.complete(&other, &upload).await.code(), "media_not_owned");
    let done = api.complete(&key, &upload).await;
    assert_eq!((done.status, done.data()["status"].as_str()), (201, Some("complete")));
    let again = api.complete(&key, &upload).await;
    assert_eq!((again.status, again.data()), (200, done.data()));
    assert_eq!(api.complete(&key, "upl_unknown").await.code(), "not_found");

    let pending = api.create_upload(&key, "image/png", png.len()).await;
    sandbox.clock.advance(Duration::from_secs(61 * 60));
    assert_eq!(api.put(&pending, "image/png", png.clone()).await.code(), "upload_expired");
    let pending_id = pending.data()["upload_id"].as_str().unwrap();
    assert_eq!(api.complete(&key, pending_id).await.code(), "upload_expired");
    assert_eq!(api.complete(&key, &upload).await.status, 200, "a completed upload stays complete after expiry");

    // The media serves its bytes, for the browser.
    let media = done.data()["media_id"].as_str().unwrap();
    let set = api.call(Method::POST, "/agents/me/avatar", Some(&key), Some(json!({"media_id": media}))).await;
    let avatar_url = set.data()["avatar_url"].as_str().unwrap().to_owned();
    let image = api.http.get(avatar_url).send().await.unwrap();
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.bytes().await.unwrap().to_vec(), png);
    let theft = api.call(Method::POST, "/agents/me/avatar", Some(&other), Some(json!({"media_id": media}))).await;
    assert_eq!(theft.code(), "media_not_owned");
}

#[tokio::test]
async fn posts_normalise_their_text_and_only_authors_delete_them() {
    let (_sandbox, api) = sandbox().await;
    let key = api.agent_with_avatar("poster").await;
    let other = api.agent_with_avatar("reader").await;
    let id = api.post(&key).await;
    let post = api.get(&format!("/posts/{id}")).await;
    assert_eq!(post.data()["caption"], "hello");
    assert_eq!(post.data()["hashtags"], json!(["cats"]));
    assert_eq!(post.data()["author"]["name"], "poster");
    assert_eq!(post.data()["images"][0]["format"], "png");

    let media = api.media(&key).await;
    let hashed = json!({"images": [{"media_id": media}], "hashtags": ["#cats"]});
    assert_eq!(api.call(Method::POST, "/posts", Some(&key), Some(hashed)).await.code(), "validation_error");
    let stolen = json!({"images": [{"media_id": media}]});
    assert_eq!(api.call(Method::POST, "/posts", Some(&other), Some(stolen)).await.code(), "media_not_owned");

    assert_eq!(api.call(Method::DELETE, &format!("/posts/{id}"), Some(&other), None).await.code(), "forbidden");
    let deleted = api.call(Method::DELETE, &format!("/posts/{id}"), Some(&key), None).await;
    assert_eq!(deleted.data()["deleted"], true);
    assert_eq!(api.call(Method::DELETE, &format!("/posts/{id}"), Some(&key), None).await.code(), "not_found");
    assert_eq!(api.get(&format!("/posts/{id}")).await.status, 404);
}

#[tokio::test]
async fn likes_and_follows_are_idempotent_and_self_follow_is_refused() {
    let (_sandbox, api) = sandbox().await;
    let key = api.agent_with_avatar("liker").await;
    let author = api.agent_with_avatar("author").await;
    let post = api.post(&author).await;
    for _ in 0..2 {
        let liked = api.call(Method::POST, &format!("/posts/{post}/like"), Some(&key), None).await;
        assert_eq!(liked.data()["liked"], true);
    }
    assert_eq!(api.get(&format!("/posts/{post}")).await.data()["like_count"], 1);
    // Public reads carry an ETag that changes with the content.
    let read = api.get(&format!("/posts/{post}")).await;
    let tag = read.headers["etag"].clone();
    let url = format!("{}/posts/{post}", api.base);
    let unchanged = api.http.get(&url).header("if-none-match", tag.clone()).send().await.unwrap();
    assert_eq!(unchanged.status(), 304);
    let unliked = api.call(Method::DELETE, &format!("/posts/{post}/like"), Some(&key), None).await;
    assert_eq!(unliked.data()["liked"], false);
    assert_eq!(api.get(&format!("/posts/{post}")).await.data()["like_count"], 0);
    let changed = api.http.get(&url).header("if-none-match", tag).send().await.unwrap();
    assert_eq!(changed.status(), 200);

    let own = api.call(Method::POST, "/agents/liker/follow", Some(&key), None).await;
    assert_eq!((own.status, own.code()), (400, "cannot_follow_self"));
    assert_eq!(api.call(Method::POST, "/agents/nobody/follow", Some(&key), None).await.code(), "not_found");
    for _ in 0..2 {
        let follow = api.call(Method::POST, "/agents/author/follow", Some(&key), None).await;
        assert_eq!(follow.data()["following"], true);
    }
    assert_eq!(api.get("/agents/author").await.data()["follower_count"], 1);
    let feed = api.call(Method::GET, "/feed", Some(&key), None).await;
    assert_eq!(feed.data()["items"][0]["id"], post.as_str());
    let unfollow = api.call(Method::DELETE, "/agents/author/follow", Some(&key), None).await;
    assert_eq!(unfollow.data()["following"], false);
}

#[tokio::test]
async fn comments_nest_six_deep_and_keep_their_place_when_deleted_or_hidden() {
    let (_sandbox, api) = sandbox().await;
    let author = api.agent_with_avatar("post_author").await;
    let commenter = api.agent_with_avatar("commenter").await;
    let post = api.post(&author).await;
    let path = format!("/posts/{post}/comments");
    let empty = api.call(Method::POST, &path, Some(&commenter), Some(json!({"content": "   "}))).await;
    assert_eq!((empty.status, empty.code()), (400, "comment_empty"));
    let long = api.call(Method::POST, &path, Some(&commenter), Some(json!({"content": "ü".repeat(141)}))).await;
    assert_eq!(long.code(), "comment_too_long");

    let mut parent: Option<String> = None;
    for depth in 1..=6 {
        let reply = api.comment(&commenter, &post, parent.as_deref()).await;
        assert_eq!((reply.status, reply.data()["depth"].as_u64()), (201, Some(depth)));
        parent = reply.data()["id"].as_str().map(str::to_owned);
    }
    let too_deep = api.comment(&commenter, &post, parent.as_deref()).await;
    assert_eq!((too_deep.status, too_deep.code()), (400, "validation_error"));

    let top = api.get(&path).await;
    let top_id = top.data()["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(top.data()["items"].as_array().unwrap().len(), 1, "only top-level comments");
    assert_eq!(top.data()["items"][0]["replies_count"], 1);
    let replies = api.get(&format!("/comments/{top_id}/replies")).await;
    assert_eq!(replies.data()["items"][0]["depth"], 2);

    let not_post_author = api.call(Method::POST, &format!("/comments/{top_id}/hide"), Some(&commenter), None).await;
    assert_eq!(not_post_author.code(), "forbidden");
    let hidden = api.call(Method::POST, &format!("/comments/{top_id}/hide"), Some(&author), None).await;
    assert_eq!(hidden.data()["hidden"], true);
    let shown = api.get(&path).await;
    assert_eq!(shown.data()["items"][0]["is_hidden_by_post_owner"], true);
    assert_eq!(shown.data()["items"][0]["content"], "nice", "hidden comments keep their text");
    let unhidden = api.call(Method::DELETE, &format!("/comments/{top_id}/hide"), Some(&author), None).await;
    assert_eq!(unhidden.data()["hidden"], false);

    assert_eq!(api.call(Method::DELETE, &format!("/comments/{top_id}"), Some(&author), None).await.code(), "forbidden");
    for _ in 0..2 {
        let deleted = api.call(Method::DELETE, &format!("/comments/{top_id}"), Some(&commenter), None).await;
        assert_eq!(deleted.data()["deleted"], true);
    }
    let after = api.get(&path).await;
    assert_eq!(after.data()["items"][0]["content"], "[deleted]");
    assert_eq!(after.data()["items"][0]["is_deleted"], true);
}

#[tokio::test]
async fn reports_weigh_by_claim_and_make_a_post_sensitive_at_five() {
    let (_sandbox, api) = sandbox().await;
    let author = api.agent_with_avatar("reported").await;
    let post = api.post(&author).await;
    let path = format!("/posts/{post}/report");
    let own = api.call(Method::POST, &path, Some(&author), Some(json!({"reason": "spam"}))).await;
    assert_eq!(own.code(), "cannot_report_own_post");
    let bad = api.call(Method::POST, &path, Some(&author), Some(json!({"reason": "boring"}))).await;
    assert_eq!(bad.code(), "validation_error");
    for n in 0..20 {
        let reporter = api.register(&format!("reporter{n}")).await;
        let report = api.call(Method::POST, &path, Some(&reporter), Some(json!({"reason": "spam"}))).await;
        assert_eq!((report.status, report.data()["weight"].as_f64()), (201, Some(0.25)));
        if n == 0 {
            let again = api.call(Method::POST, &path, Some(&reporter), Some(json!({"reason": "other"}))).await;
            assert_eq!((again.status, &again.data()["id"]), (200, &report.data()["id"]));
        }
        let sensitive = api.get(&format!("/posts/{post}")).await.data()["is_sensitive"].as_bool().unwrap();
        assert_eq!(sensitive, n == 19, "sensitive from a score of 5.0 on (after report {n})");
    }
}

#[tokio::test]
async fn the_owner_email_flow_claims_the_agent_once_and_tokens_expire() {
    let (sandbox, api) = sandbox().await;
    let key = api.register("claimable").await;
    let token = api.setup_owner_email(&key, "Owner@Example.com").await;
    assert!(token.starts_with("claw_owner_email_"));
    let email = &api.mailbox("owner@example.com").await[0];
    assert_eq!(email["link"], format!("https://clawgram.org/claim?token={token}"));
    assert!(email["body"].as_str().unwrap().contains(&token));
    let page = api.http.get(format!("{}/_sandbox/mailbox", api.origin)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&token));

    let unknown = api.complete_email("claw_owner_email_unknown").await;
    assert_eq!((unknown.status, unknown.code()), (400, "invalid_owner_token"));
    let done = api.complete_email(&format!("  {token}\n")).await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.data()["token_type"], "Bearer");
    let session = done.data()["owner_auth_token"].as_str().unwrap().to_owned();
    assert!(session.starts_with("claw_owner_sess_"));
    assert_eq!(api.call(Method::GET, "/agents/status", Some(&key), None).await.data()["status"], "claimed");
    let replay = api.complete_email(&token).await;
    assert_eq!((replay.status, replay.code()), (409, "owner_token_consumed"));

    let owner = api.call(Method::GET, "/owner/me", Some(&session), None).await;
    assert_eq!(owner.data()["email"], "owner@example.com");
    let agents = api.call(Method::GET, "/owner/agents", Some(&session), None).await;
    assert_eq!(agents.data()["items"][0]["claim_status"], "claimed");

    // A login token (owner/email/start) only logs in; it too expires after 15 minutes.
    let start = api.call(Method::POST, "/owner/email/start", None, Some(json!({"email": "owner@example.com"}))).await;
    assert_eq!(start.data()["delivery"], "queued");
    assert!(start.data().get("token").is_none());
    let login = api.mailbox("owner@example.com").await[0]["token"].as_str().unwrap().to_owned();
    sandbox.clock.advance(Duration::from_secs(16 * 60));
    assert_eq!(api.complete_email(&login).await.code(), "owner_token_expired");
    assert_eq!(api.complete_email(&token).await.code(), "owner_token_consumed", "consumed is checked before expiry");

    sandbox.clock.advance(Duration::from_secs(30 * 24 * 3600));
    assert_eq!(api.call(Method::GET, "/owner/me", Some(&session), None).await.code(), "invalid_owner_auth");
}

#[tokio::test]
async fn an_agent_linked_to_one_owner_cannot_be_linked_to_another() {
    let (_sandbox, api) = sandbox().await;
    let key = api.register("loyal").await;
    api.setup_owner_email(&key, "first@example.com").await;
    let other = api.call(Method::POST, "/agents/me/setup-owner-email", Some(&key), Some(json!({"email": "b@x.io"})));
    assert_eq!(other.await.code(), "forbidden");
}

#[tokio::test]
async fn rotation_kills_the_old_key_at_once_on_both_sides() {
    let (_sandbox, api) = sandbox().await;
    let key = api.register("rotator").await;
    let token = api.setup_owner_email(&key, "rot@example.com").await;
    let session = api.complete_email(&token).await.data()["owner_auth_token"].as_str().unwrap().to_owned();

    let rotated = api.call(Method::POST, "/agents/me/api-key/rotate", Some(&key), None).await;
    let new_key = rotated.data()["api_key"].as_str().unwrap().to_owned();
    assert_eq!(rotated.data()["important"], "SAVE YOUR API KEY");
    assert_eq!(api.call(Method::GET, "/agents/me", Some(&key), None).await.code(), "invalid_api_key");
    assert_eq!(api.call(Method::GET, "/agents/status", Some(&new_key), None).await.data()["status"], "claimed");

    let id = api.call(Method::GET, "/agents/me", Some(&new_key), None).await.data()["id"].as_str().unwrap().to_owned();
    let by_owner = api.call(Method::POST, &format!("/owner/agents/{id}/api-key/rotate"), Some(&session), None).await;
    let owner_key = by_owner.data()["api_key"].as_str().unwrap().to_owned();
    assert_eq!(api.call(Method::GET, "/agents/me", Some(&new_key), None).await.status, 401);
    assert_eq!(api.call(Method::GET, "/agents/me", Some(&owner_key), None).await.status, 200);

    let stranger = api.register("stranger").await;
    let stranger_id = api.call(Method::GET, "/agents/me", Some(&stranger), None).await.data()["id"].clone();
    for agent in [stranger_id.as_str().unwrap(), "unknown"] {
        let path = format!("/owner/agents/{agent}/api-key/rotate");
        assert_eq!(api.call(Method::POST, &path, Some(&session), None).await.code(), "forbidden");
    }
    assert_eq!(api.call(Method::GET, "/owner/me", Some(&key), None).await.code(), "invalid_owner_auth");
}

#[tokio::test]
async fn enforced_rate_limits_answer_429_with_retry_after_and_ratelimit_headers() {
    let (sandbox, api) = sandbox().await;
    let start = || api.call(Method::POST, "/owner/email/start", None, Some(json!({"email": "busy@example.com"})));
    for remaining in (0..5).rev() {
        let ok = start().await;
        assert_eq!(ok.status, 200);
        assert_eq!(ok.headers["ratelimit-limit"], "5");
        assert_eq!(ok.headers["ratelimit-remaining"], remaining.to_string().as_str());
    }
    let limited = start().await;
    assert_eq!((limited.status, limited.code()), (429, "rate_limited"));
    let retry: i64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&retry));
    assert_eq!(limited.headers["ratelimit-remaining"], "0");
    // RateLimit-Reset is the window's end as absolute Unix seconds; only Retry-After is a wait.
    let reset: i64 = limited.headers["ratelimit-reset"].to_str().unwrap().parse().unwrap();
    let now = sandbox.clock.now().unix_timestamp();
    assert_eq!(reset % 600, 0, "fixed 10-minute windows end on a multiple of 600");
    assert!((now + 1..=now + 600).contains(&reset), "{reset} is not a Unix time within the window");
    assert!((reset - now - retry).abs() <= 1, "Retry-After {retry} s is the wait until {reset}");
    for name in ["limit", "remaining", "reset"] {
        assert_eq!(limited.headers[format!("x-ratelimit-{name}")], limited.headers[format!("ratelimit-{name}")]);
    }

    // Registration: 30 per IP per window; another IP is counted apart.
    let register = |n: usize, ip: &'static str| {
        let body = json!({"name": format!("agent{n}"), "description": "x"});
        api.send(api.http.post(format!("{}/agents/register", api.base)).header("x-forwarded-for", ip).json(&body))
    };
    for n in 0..30 {
        assert_eq!(register(n, "10.0.0.1").await.status, 201);
    }
    assert_eq!(register(30, "10.0.0.1").await.code(), "rate_limited");
    assert_eq!(register(31, "10.0.0.2").await.status, 201);

    // Failed completions count against the token too.
    for _ in 0..5 {
        assert_eq!(api.complete_email("claw_owner_email_guess").await.code(), "invalid_owner_token");
    }
    assert_eq!(api.complete_email("claw_owner_email_guess").await.status, 429);
}

#[tokio::test]
async fn lists_page_with_opaque_cursors_and_refuse_bad_ones() {
    let (_sandbox, api) = sandbox().await;
    let key = api.agent_with_avatar("prolific").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(api.post(&key).await);
    }
    let first = api.get("/agents/prolific/posts?limit=2").await;
    assert_eq!(first.data()["has_more"], true);
    let ids_of = |page: &Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(ids_of(first.data()), [ids[2].clone(), ids[1].clone()], "newest first");
    let cursor = first.data()["next_cursor"].as_str().unwrap();
    let second = api.get(&format!("/agents/prolific/posts?limit=2&cursor={cursor}")).await;
    assert_eq!(ids_of(second.data()), [ids[0].clone()]);
    assert_eq!(second.data()["has_more"], false);
    assert!(second.data().get("next_cursor").is_none());
    assert_eq!(api.get("/explore?cursor=not*a*cursor").await.code(), "validation_error");
    assert_eq!(api.get("/explore?limit=0").await.status, 400);
    assert_eq!(api.get("/hashtags/cats/feed").await.data()["items"].as_array().unwrap().len(), 3);
    assert_eq!(api.get("/agents/nobody/posts").await.code(), "not_found");
}

#[tokio::test]
async fn search_serves_single_types_and_all_with_per_bucket_limits() {
    let (_sandbox, api) = sandbox().await;
    let key = api.agent_with_avatar("catlover").await;
    api.post(&key).await;
    api.post(&key).await;
    let agents = api.get("/search?q=cat&type=agents").await;
    assert_eq!(
        (agents.data()["type"].as_str(), agents.data()["items"][0]["name"].as_str()),
        (Some("agents"), Some("catlover"))
    );
    let tags = api.get("/search?q=%23cats&type=hashtags").await;
    assert_eq!(tags.data()["items"][0], json!({"tag": "cats", "post_count": 2}));
    let all = api.get("/search?q=cat&posts_limit=1").await;
    assert_eq!(all.data()["type"], "all");
    assert_eq!(all.data()["posts"]["items"].as_array().unwrap().len(), 1);
    let cursor = all.data()["posts"]["next_cursor"].as_str().unwrap();
    let next = api.get(&format!("/search?q=cat&posts_limit=1&posts_cursor={cursor}")).await;
    assert_eq!(next.data()["posts"]["has_more"], false);
    assert_eq!(api.get("/search?q=c").await.code(), "validation_error");
    assert_eq!(api.get("/search?q=cat&type=people").await.status, 400);
    assert_eq!(api.get("/search?q=cat&agents_limit=61").await.status, 400);
    // One type takes a limit of 1 to 60, not the 100 of other lists.
    assert_eq!(api.get("/search?q=cat&type=posts&limit=60").await.status, 200);
    let over = api.get("/search?q=cat&type=posts&limit=61").await;
    assert_eq!((over.status, over.code()), (400, "validation_error"));
}

#[tokio::test]
async fn the_daily_leaderboard_defaults_to_yesterday_breaks_ties_and_gives_medals_at_zero() {
    let (sandbox, api) = sandbox().await;
    let author = api.agent_with_avatar("star").await;
    let fans = [api.agent_with_avatar("fan").await, api.agent_with_avatar("fan_two").await];
    let quiet = api.post(&author).await;
    let liked = api.post(&author).await;
    let discussed = api.post(&author).await;
    // Two likes and one comment both score 2: the tie goes to the likes.
    for fan in &fans {
        api.call(Method::POST, &format!("/posts/{liked}/like"), Some(fan), None).await;
    }
    api.comment(&fans[0], &discussed, None).await;
    let today = sandbox.clock.now().date();
    let board = api.get(&format!("/leaderboard/daily?board=agent_engaged&date={today}")).await;
    assert_eq!(board.data()["status"], "provisional");
    let order: Vec<(&str, f64, &str)> = board.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (item["post"]["id"].as_str().unwrap(), item["score"].as_f64().unwrap(), item["medal"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        order,
        [(liked.as_str(), 2.0, "gold"), (discussed.as_str(), 2.0, "silver"), (quiet.as_str(), 0.0, "bronze")],
        "ties by likes, then comments; ranks 1-3 get medals even at score 0"
    );
    assert_eq!(
        api.get("/leaderboard/daily").await.data()["contest_date_utc"],
        (today.previous_day().unwrap()).to_string()
    );

    // The next day, the default board is this one, provisional until two days after it began.
    sandbox.clock.advance(Duration::from_secs(24 * 3600));
    let yesterday = api.get("/leaderboard/daily").await;
    assert_eq!(yesterday.data()["contest_date_utc"], today.to_string());
    assert_eq!(yesterday.data()["items"].as_array().unwrap().len(), 3);
    let day_start = today.with_time(time::Time::MIDNIGHT).assume_utc();
    let finalizes_after = time::OffsetDateTime::parse(
        yesterday.data()["finalizes_after"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!(
        (yesterday.data()["status"].as_str(), finalizes_after),
        (Some("provisional"), day_start + time::Duration::days(2))
    );
    sandbox.clock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(api.get(&format!("/leaderboard/daily?date={today}")).await.data()["status"], "finalized");

    assert_eq!(api.get("/leaderboard/daily?board=human_liked").await.code(), "validation_error");
    assert_eq!(api.get("/leaderboard/daily?date=2026-13-01").await.status, 400);
    let old = api.get("/leaderboard/daily?date=2020-01-01").await;
    assert_eq!(
        (old.data()["status"].as_str(), old.data()["items"].as_array().map(Vec::len)),
        (Some("finalized"), Some(0))
    );
}

#[tokio::test]
async fn the_clock_route_moves_the_shared_clock() {
    let (sandbox, api) = sandbox().await;
    let before = sandbox.clock.now();
    let moved = api.http.post(format!("{}/_sandbox/clock/advance", api.origin)).json(&json!({"seconds": 3600})).send();
    assert!(moved.await.unwrap().status().is_success());
    assert!(sandbox.clock.now() - before >= time::Duration::hours(1));
}

async fn seeded(seed: u64) -> (Sandbox, Api) {
    let options = SandboxOptions { seed: Some(seed), ..SandboxOptions::default() };
    let sandbox = Sandbox::start_with(&options, ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let api = Api::of(&sandbox);
    (sandbox, api)
}

/// What a seeded world looks like from outside, without the times (they follow the clock at start).
async fn world_summary(api: &Api) -> Vec<(String, String, Value, u64)> {
    let explore = api.get("/explore?limit=100").await;
    let posts = explore.data()["items"].as_array().unwrap().clone();
    posts
        .iter()
        .map(|p| {
            let author = p["author"]["name"].as_str().unwrap().to_owned();
            (p["id"].as_str().unwrap().to_owned(), author, p["hashtags"].clone(), p["comment_count"].as_u64().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn a_seed_gives_the_same_populated_world_every_time_and_no_seed_an_empty_one() {
    let (_a, first) = seeded(42).await;
    let (_b, second) = seeded(42).await;
    let (_c, third) = seeded(43).await;
    let summary = world_summary(&first).await;
    assert!(summary.len() >= 36, "every agent posts at least once");
    // The same posts by the same authors; explore's order weighs each post's age at the moment of reading, so
    // two worlds read a few milliseconds apart may swap two near-equal posts.
    let sorted = |mut posts: Vec<(String, String, Value, u64)>| {
        posts.sort_by(|a, b| a.0.cmp(&b.0));
        posts
    };
    assert_eq!(sorted(summary.clone()), sorted(world_summary(&second).await));
    assert_ne!(sorted(summary.clone()), sorted(world_summary(&third).await));

    let author = &summary[0].1;
    let profile = first.get(&format!("/agents/{author}")).await;
    let avatar = profile.data()["avatar_url"].as_str().unwrap().to_owned();
    let picture = first.http.get(&avatar).send().await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/png");
    let bytes = picture.bytes().await.unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let same = second.http.get(avatar.replace(&first.origin, &second.origin)).send().await.unwrap();
    assert_eq!(same.bytes().await.unwrap(), bytes);
    assert!(summary.iter().any(|(_, _, _, comments)| *comments > 0));
    assert!(first.get("/search?q=sunset&type=hashtags").await.data()["items"][0]["post_count"].as_u64().unwrap() > 0);

    let (_empty, empty) = sandbox().await;
    assert_eq!(empty.get("/explore").await.data()["items"], json!([]));
}

// The corrections at the end of the contract, checked against the server's published source.

#[tokio::test]
async fn comments_count_their_length_in_utf16_code_units() {
    let (_sandbox, api) = sandbox().await;
    let author = api.agent_with_avatar("emoji_author").await;
    let post = api.post(&author).await;
    let path = format!("/posts/{post}/comments");
    let fits = api.call(Method::POST, &path, Some(&author), Some(json!({"content": "🦀".repeat(70)}))).await;
    assert_eq!(fits.status, 201, "70 crabs are 140 UTF-16 code units");
    let over = api.call(Method::POST, &path, Some(&author), Some(json!({"content": "🦀".repeat(71)}))).await;
    assert_eq!((over.status, over.code()), (400, "comment_too_long"), "71 code points, but 142 UTF-16 code units");
    let padded = format!("  {}  ", "a".repeat(140));
    assert_eq!(api.call(Method::POST, &path, Some(&author), Some(json!({"content": padded}))).await.status, 201);
}

#[tokio::test]
async fn registration_sets_the_bio_and_hands_out_a_claim_link_with_its_token_in_the_query() {
    let (_sandbox, api) = sandbox().await;
    let body = json!({"name": "bio_crab", "description": "  I post crabs  "});
    let created = api.call(Method::POST, "/agents/register", None, Some(body)).await;
    let link = reqwest::Url::parse(created.data()["agent"]["claim_url"].as_str().unwrap()).unwrap();
    assert_eq!((link.scheme(), link.host_str(), link.path()), ("https", Some("www.clawgram.org"), "/claim"));
    let token = link.query_pairs().find(|(name, _)| name == "token").unwrap().1;
    assert!(token.starts_with("clawgram_claim_") && token.len() > "clawgram_claim_".len(), "{token}");
    assert_eq!(api.get("/agents/bio_crab").await.data()["bio"], "I post crabs");
}

#[tokio::test]
async fn posts_deduplicate_hashtags_and_count_deleted_comments_and_media_report_no_size() {
    let (_sandbox, api) = sandbox().await;
    let key = api.agent_with_avatar("deduper").await;
    let media = api.media(&key).await;
    let body = json!({"images": [{"media_id": media}], "hashtags": ["Cats", " cats ", "CATS", "dogs"]});
    let created = api.call(Method::POST, "/posts", Some(&key), Some(body)).await;
    assert_eq!(created.data()["hashtags"], json!(["cats", "dogs"]));
    assert_eq!(
        (created.data()["images"][0]["width"].as_u64(), created.data()["images"][0]["height"].as_u64()),
        (Some(0), Some(0))
    );
    let post = created.data()["id"].as_str().unwrap();
    let comment = api.comment(&key, post, None).await;
    let comment = comment.data()["id"].as_str().unwrap();
    api.call(Method::DELETE, &format!("/comments/{comment}"), Some(&key), None).await;
    assert_eq!(api.get(&format!("/posts/{post}")).await.data()["comment_count"], 1, "the deleted comment still counts");
}

#[tokio::test]
async fn hashtag_and_agent_paths_match_exactly() {
    let (_sandbox, api) = sandbox().await;
    let key = api.agent_with_avatar("exact").await;
    api.post(&key).await;
    assert_eq!(api.get("/hashtags/cats/feed").await.data()["items"].as_array().unwrap().len(), 1);
    let upper = api.get("/hashtags/Cats/feed").await;
    assert_eq!((upper.status, upper.code()), (400, "validation_error"));
    assert_eq!(api.get("/agents/exact").await.status, 200);
    assert_eq!(api.get("/agents/Exact").await.code(), "not_found");
    assert_eq!(api.get("/agents/Exact/posts").await.code(), "not_found");
}

#[tokio::test]
async fn completing_an_upload_before_its_bytes_is_an_unsupported_media_type() {
    let (_sandbox, api) = sandbox().await;
    let key = api.register("hasty").await;
    let slot = api.create_upload(&key, "image/png", 100).await;
    let early = api.complete(&key, slot.data()["upload_id"].as_str().unwrap()).await;
    assert_eq!((early.status, early.code()), (415, "unsupported_media_type"));
}

#[tokio::test]
async fn the_feed_leaves_out_the_agents_own_posts_and_is_cacheable_like_public_reads() {
    let (_sandbox, api) = sandbox().await;
    let me = api.agent_with_avatar("reader_me").await;
    let other = api.agent_with_avatar("writer").await;
    let mine = api.post(&me).await;
    let theirs = api.post(&other).await;
    let feed = api.call(Method::GET, "/feed", Some(&me), None).await;
    let ids: Vec<&str> = feed.data()["items"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [theirs.as_str()], "{mine} is the caller's own");
    let tag = feed.headers["etag"].clone();
    assert!(tag.to_str().unwrap().starts_with("W/"));
    assert!(feed.headers.contains_key("cache-control"));
    let again = api.http.get(format!("{}/feed", api.base)).bearer_auth(&me).header("if-none-match", tag).send().await;
    assert_eq!(again.unwrap().status(), 304);
    let public = api.get("/explore").await;
    assert!(public.headers.contains_key("cache-control") && public.headers.contains_key("etag"));
    let private = api.call(Method::GET, "/agents/me", Some(&me), None).await;
    assert!(!private.headers.contains_key("etag"), "other authenticated reads are not cached");
}

#[tokio::test]
async fn explore_is_hot_by_likes_and_twice_the_comments_and_has_a_summary_of_rails() {
    let (sandbox, api) = sandbox().await;
    let author = api.agent_with_avatar("rails").await;
    let fan = api.agent_with_avatar("rail_fan").await;
    let older = api.post(&author).await;
    // An hour later a new post is ahead by 0.75: one comment (2) on the older post outweighs it.
    sandbox.clock.advance(Duration::from_secs(3600));
    let newer = api.post(&fan).await;
    let first = |answer: Answer| answer.data()["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(first(api.get("/explore").await), newer);
    api.comment(&fan, &older, None).await;
    assert_eq!(first(api.get("/explore").await), older);

    let summary = api.get("/explore/summary").await;
    assert_eq!(summary.status, 200, "{:?}", summary.body);
    assert_eq!(summary.data()["posts"][0]["id"], older.as_str());
    assert_eq!(summary.data()["hashtags"][0], json!({"tag": "cats", "post_count": 2}));
    assert_eq!(summary.data()["agents"].as_array().unwrap().len(), 2);
}
