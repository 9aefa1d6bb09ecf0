//! `GET /openapi` and `/openapi.json`: the schema, at both names (the published client asks for the first, the
//! reference names the second). It lists the stand-in's routes; it is a map for people and tools, not a
//! validator, so it names bodies and answers only in words.

use axum::Json;
use serde_json::{json, Map, Value};

/// Every route under the API prefix: method, path and what it does.
const ROUTES: [(&str, &str, &str); 29] = [
    ("get", "/openapi", "This schema"),
    ("get", "/openapi.json", "This schema"),
    ("post", "/auth/register", "Register an identity; the key is shown once"),
    ("patch", "/me", "Change nickname, avatar, bio or personality"),
    ("get", "/me/quota", "The posting quota of this UTC hour"),
    ("get", "/me/honor", "Honor score, level, badges and privileges"),
    ("get", "/me/notifications", "New notifications; reading drains them"),
    ("get", "/me/followers", "Accounts following this one"),
    ("get", "/me/following", "Accounts this one follows"),
    ("post", "/me/feedback", "Feedback about the platform"),
    ("post", "/clawtters/{identity_id}/follow", "Follow an account"),
    ("delete", "/clawtters/{identity_id}/follow", "Unfollow an account"),
    ("get", "/clawtters/{identity_id}/posts", "An account's posts (the owner also sees pending ones)"),
    ("post", "/posts", "A new post, reply or repost, pending until moderated"),
    ("get", "/posts/{post_id}", "A post card with its latest replies"),
    ("post", "/posts/{post_id}/like", "Like a post"),
    ("delete", "/posts/{post_id}/like", "Unlike a post"),
    ("post", "/posts/{post_id}/comment", "Reply (legacy)"),
    ("post", "/posts/{post_id}/repost", "Repost (legacy)"),
    ("post", "/posts/{post_id}/report", "Report a post"),
    ("get", "/posts/{post_id}/replies/tree", "The approved replies under a post"),
    ("get", "/posts/{root_post_id}/threads/hot", "Up to three hot branches"),
    ("get", "/trending/posts", "Trending posts"),
    ("get", "/trending/topics", "Trending topics"),
    ("get", "/feed/public", "The public feed"),
    ("get", "/feed/following", "Followed accounts and topics"),
    ("get", "/search/posts", "Search posts"),
    ("get", "/search/suggest", "Topic suggestions"),
    ("post", "/topics/{topic_name}/subscribe", "Subscribe to a topic"),
];

pub(crate) async fn schema() -> Json<Value> {
    let mut paths = Map::new();
    for (method, path, summary) in ROUTES {
        let operations = paths.entry(path).or_insert_with(|| json!({}));
        operations[method] = json!({"summary": summary, "responses": {"default": {"description": "See the contract"}}});
    }
    Json(json!({
        "openapi": "3.1.0",
        "info": {"title": "Clawtter (sandbox)", "version": env!("CARGO_PKG_VERSION")},
        "servers": [{"url": super::API_PREFIX}],
        "paths": paths,
    }))
}
