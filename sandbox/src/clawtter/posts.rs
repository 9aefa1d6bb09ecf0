//! Posting (originals, replies, reposts and the legacy comment/repost routes), post details, likes, reports
//! and an agent's own list of posts.

use super::images::{self, MAX_IMAGES_PER_POST};
use super::world::{NewPost, PostKind, World};
use super::App;
use crate::fastapi::FastApiError;
use crate::fastapi::{query_number, Body};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

type Answer = Result<(StatusCode, Json<Value>), FastApiError>;

/// How many replies a post's detail carries.
const LATEST_REPLIES: usize = 10;

/// `POST /posts` → 202 pending.
pub(crate) async fn create(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Answer {
    let me = app.enter().0.authenticate(&headers)?;
    let mut body = Body::parse(&body)?;
    let content = body.text("content", 0..=1000, true);
    let image_strings = body.strings("image_base64_list");
    body.choice("visibility", &["public"], "public");
    let kind = body.choice("post_kind", &["original", "reply", "repost"], "original");
    let kind = PostKind::parse(&kind).unwrap_or(PostKind::Original);
    let in_reply_to = body.text("in_reply_to_post_id", 1..=64, false);
    let repost_of = body.text("repost_of_post_id", 1..=64, false);
    let target = match kind {
        PostKind::Original => None,
        PostKind::Reply => in_reply_to.or_else(|| {
            body.reject("in_reply_to_post_id", "Field required when post_kind is 'reply'", "missing");
            None
        }),
        PostKind::Repost => repost_of.or_else(|| {
            body.reject("repost_of_post_id", "Field required when post_kind is 'repost'", "missing");
            None
        }),
    };
    // A repost needs words of its own too (the payload docs require `content`).
    if content.as_deref().is_some_and(|c| c.trim().is_empty()) {
        body.reject("content", "String should have at least 1 character", "string_too_short");
    }
    if image_strings.len() > MAX_IMAGES_PER_POST {
        body.reject("image_base64_list", format!("List should have at most {MAX_IMAGES_PER_POST} items"), "too_long");
    }
    body.finish()?;
    let images = image_strings.iter().map(|image| images::decode(image)).collect::<Result<Vec<_>, _>>()?;
    let (mut world, now) = app.enter();
    let post = publish(&mut world, me, kind, content.unwrap_or_default(), images, target.as_deref(), now)?;
    Ok(accepted(&world, me, post, now))
}

/// `POST /posts/{post_id}/comment` (legacy): a reply, `{content}`.
pub(crate) async fn comment(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
    body: Bytes,
) -> Answer {
    legacy(&app, &headers, &post_id, &body, PostKind::Reply)
}

/// `POST /posts/{post_id}/repost` (legacy): a repost, `{}` or `{comment}`.
pub(crate) async fn repost(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
    body: Bytes,
) -> Answer {
    legacy(&app, &headers, &post_id, &body, PostKind::Repost)
}

/// The legacy routes: a reply needs `content`; a repost takes an optional `comment` or no body at all.
fn legacy(app: &App, headers: &HeaderMap, post_id: &str, body: &[u8], kind: PostKind) -> Answer {
    let me = app.enter().0.authenticate(headers)?;
    let (body, content) = if kind == PostKind::Reply {
        let mut body = Body::parse(body)?;
        let content = body.text("content", 1..=1000, true);
        (body, content)
    } else {
        let mut body = Body::parse_optional(body)?;
        let comment = body.text("comment", 0..=1000, false);
        (body, comment)
    };
    body.finish()?;
    let (mut world, now) = app.enter();
    let post = publish(&mut world, me, kind, content.unwrap_or_default(), Vec::new(), Some(post_id), now)?;
    Ok(accepted(&world, me, post, now))
}

/// Resolves the target (which must be approved) and creates the pending post.
fn publish(
    world: &mut World,
    author: usize,
    kind: PostKind,
    content: String,
    images: Vec<images::StoredImage>,
    target: Option<&str>,
    now: i64,
) -> Result<usize, FastApiError> {
    let target = target.map(|id| world.approved_post(id)).transpose()?;
    world.create_post(author, NewPost { content, images, kind, target }, now)
}

fn accepted(world: &World, author: usize, post: usize, now: i64) -> (StatusCode, Json<Value>) {
    let quota = world.quota(author, now);
    let body = json!({
        "post_id": world.posts[post].id,
        "status": world.posts[post].moderation.as_str(),
        "message": "Submitted for review; it becomes visible to others once approved.",
        "estimated_review_time": format!("about {} seconds", world.moderation_delay),
        "quota_used": quota.used,
        "quota_remaining": quota.remaining,
    });
    (StatusCode::ACCEPTED, Json(body))
}

/// `GET /posts/{post_id}`: the card, whether the caller likes it, and the latest approved replies.
pub(crate) async fn detail(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
) -> Result<Json<Value>, FastApiError> {
    let (world, _) = app.enter();
    let me = world.authenticate(&headers)?;
    let post = world.visible_post(&post_id, me)?;
    let mut replies: Vec<usize> = world.responses(post, PostKind::Reply).collect();
    replies.reverse();
    let mut card = world.card(post);
    card["liked_by_me"] = json!(world.posts[post].likes.contains(&me));
    card["latest_replies"] = replies.into_iter().take(LATEST_REPLIES).map(|r| world.card(r)).collect();
    Ok(Json(card))
}

/// `POST /posts/{post_id}/like` (idempotent).
pub(crate) async fn like(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
) -> Result<StatusCode, FastApiError> {
    let (mut world, now) = app.enter();
    let me = world.authenticate(&headers)?;
    let post = world.visible_post(&post_id, me)?;
    world.like(me, post, now);
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /posts/{post_id}/like` (idempotent).
pub(crate) async fn unlike(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
) -> Result<StatusCode, FastApiError> {
    let (mut world, _) = app.enter();
    let me = world.authenticate(&headers)?;
    let post = world.visible_post(&post_id, me)?;
    world.unlike(me, post);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /posts/{post_id}/report`.
pub(crate) async fn report(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, FastApiError> {
    let me = app.enter().0.authenticate(&headers)?;
    let mut body = Body::parse(&body)?;
    body.text("reason", 1..=255, true);
    body.text("description", 0..=2000, false);
    body.finish()?;
    let (mut world, _) = app.enter();
    let post = world.visible_post(&post_id, me)?;
    world.report(me, post);
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /clawtters/{identity_id}/posts`: newest first; non-approved ones only for the account itself.
pub(crate) async fn of_agent(
    State(app): State<App>,
    headers: HeaderMap,
    Path(handle): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, FastApiError> {
    let (world, _) = app.enter();
    let me = world.authenticate(&headers)?;
    let account = world.find_account(&handle)?;
    let limit = query_number(&query, "limit", 50, 1..=200)?;
    let items: Vec<Value> = world
        .newest_first()
        .into_iter()
        .filter(|&p| world.posts[p].author == account && (account == me || world.posts[p].is_approved()))
        .take(limit)
        .map(|p| world.summary(p))
        .collect();
    Ok(Json(json!({"identity_id": world.accounts[account].identity_id, "items": items})))
}
