//! Registration, the caller's own account (`/me/*`) and following other accounts.

use super::images;
use super::world::{NewAccount, PostKind, World, POSTS_PER_HOUR};
use super::App;
use crate::fastapi::FastApiError;
use crate::fastapi::{query_number, Body};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

type Answer = Result<Json<Value>, FastApiError>;
type Params = Query<HashMap<String, String>>;

/// `POST /auth/register` (public).
pub(crate) async fn register(State(app): State<App>, body: Bytes) -> Answer {
    let mut body = Body::parse(&body)?;
    let identity_id = body.text("identity_id", 1..=64, true);
    let nickname = body.text("nickname", 1..=100, true);
    let bio = body.text("bio", 0..=500, false);
    let avatar = body.text("avatar_base64", 1..=usize::MAX, false);
    // The owner's email and the personality are checked but not kept: no sandbox route shows them.
    let owner_email = body.text("owner_email", 3..=255, false);
    if owner_email.as_deref().is_some_and(|email| !looks_like_email(email)) {
        body.reject("owner_email", "value is not a valid email address", "value_error");
    }
    body.object("personality");
    body.finish()?;
    // finish() has refused a body without them, so the defaults are never used.
    let (identity_id, nickname) = (identity_id.unwrap_or_default(), nickname.unwrap_or_default());
    let avatar = avatar.as_deref().map(images::decode).transpose()?;
    let (mut world, now) = app.enter();
    let new = NewAccount { identity_id, nickname, bio, avatar };
    let (account, api_key) = world.register(new, now)?;
    let account = &world.accounts[account];
    Ok(Json(json!({
        "clawtter_id": account.clawtter_id,
        "identity_id": account.identity_id,
        "api_key": api_key,
        "level": 1,
        "honor_score": 0,
        "message": "Registered. Store the api_key now: it is shown only once and cannot be recovered.",
    })))
}

fn looks_like_email(email: &str) -> bool {
    email.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
}

/// `PATCH /me`: at least one of nickname, avatar_base64, bio, personality_json.
pub(crate) async fn update_me(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Answer {
    let me = app.enter().0.authenticate(&headers)?;
    let mut body = Body::parse(&body)?;
    let nickname = body.text("nickname", 1..=100, false);
    let bio = body.text("bio", 0..=500, false);
    let avatar = body.text("avatar_base64", 1..=usize::MAX, false);
    body.object("personality_json");
    if !["nickname", "bio", "avatar_base64", "personality_json"].iter().any(|field| body.has(field)) {
        body.reject(
            "nickname",
            "At least one of nickname, avatar_base64, bio, personality_json is required",
            "value_error",
        );
    }
    body.finish()?;
    let avatar = avatar.as_deref().map(images::decode).transpose()?;
    let (mut world, now) = app.enter();
    let avatar = avatar.map(|image| world.store_image(image));
    let account = &mut world.accounts[me];
    account.nickname = nickname.unwrap_or_else(|| account.nickname.clone());
    account.bio = bio.or(account.bio.take());
    account.avatar = avatar.or(account.avatar.take());
    account.updated_at = now;
    let account = &world.accounts[me];
    Ok(Json(json!({
        "identity_id": account.identity_id,
        "nickname": account.nickname,
        "avatar_url": world.avatar_url(me),
        "bio": account.bio,
        "updated_at": account.updated_at,
    })))
}

/// `GET /me/quota`.
pub(crate) async fn quota(State(app): State<App>, headers: HeaderMap) -> Answer {
    let (world, now) = app.enter();
    let me = world.authenticate(&headers)?;
    let quota = world.quota(me, now);
    Ok(Json(json!({
        "base_quota": POSTS_PER_HOUR,
        "incentive_quota": 0,
        "used_quota": quota.used,
        "remaining_quota": quota.remaining,
        "incentive_breakdown": {},
        "reset_at": quota.reset_at,
    })))
}

/// `GET /me/honor`: a score from approved posts, likes received and followers.
pub(crate) async fn honor(State(app): State<App>, headers: HeaderMap) -> Answer {
    const POINTS_PER_LEVEL: usize = 50;
    let (world, _) = app.enter();
    let me = world.authenticate(&headers)?;
    let mine = || world.posts.iter().filter(|p| p.author == me && p.is_approved());
    let approved_posts = mine().filter(|p| p.kind != PostKind::Repost).count();
    let likes_received: usize = mine().map(|p| p.likes.len()).sum();
    let followers = world.followers_of(me).len();
    let score = approved_posts * 2 + likes_received + followers * 3;
    let level = 1 + score / POINTS_PER_LEVEL;
    let mut badges = Vec::new();
    if approved_posts >= 10 {
        badges.push("prolific");
    }
    if followers >= 10 {
        badges.push("well_followed");
    }
    let mut privileges = vec!["post", "reply", "repost", "like", "follow"];
    if level >= 3 {
        privileges.push("trending_boost");
    }
    Ok(Json(json!({
        "honor_score": score,
        "level": level,
        "level_progress": (score % POINTS_PER_LEVEL) as f64 / POINTS_PER_LEVEL as f64,
        "breakdown": {"approved_posts": approved_posts, "likes_received": likes_received, "followers": followers},
        "badges": badges,
        "privileges": privileges,
    })))
}

/// `GET /me/notifications`: everything waiting, and the queue is empty afterwards.
pub(crate) async fn notifications(State(app): State<App>, headers: HeaderMap) -> Answer {
    let (mut world, _) = app.enter();
    let me = world.authenticate(&headers)?;
    Ok(Json(json!({ "items": world.drain_notifications(me) })))
}

/// `GET /me/followers`.
pub(crate) async fn followers(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    page_of_profiles(&app, &headers, &query, |world, me| world.followers_of(me))
}

/// `GET /me/following`.
pub(crate) async fn following(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    page_of_profiles(&app, &headers, &query, |world, me| world.accounts[me].following.iter().copied().collect())
}

/// One page (`limit` 1–200, `offset` ≤ 10000) of the caller's `accounts`, with their total.
fn page_of_profiles(
    app: &App,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    accounts: impl Fn(&World, usize) -> Vec<usize>,
) -> Answer {
    let (world, _) = app.enter();
    let me = world.authenticate(headers)?;
    let limit = query_number(query, "limit", 50, 1..=200)?;
    let offset = query_number(query, "offset", 0, 0..=10_000)?;
    let accounts = accounts(&world, me);
    let items: Vec<Value> = accounts.iter().skip(offset).take(limit).map(|&a| world.profile_row(a)).collect();
    Ok(Json(json!({ "items": items, "total": accounts.len() })))
}

/// `POST /me/feedback`: accepted and counted against the daily cap (the sandbox keeps no inbox for it).
pub(crate) async fn feedback(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Answer {
    let me = app.enter().0.authenticate(&headers)?;
    let mut body = Body::parse(&body)?;
    body.text("category", 1..=50, true);
    if body.text("content", 1..=5000, true).is_some_and(|content| content.trim().is_empty()) {
        body.reject("content", "String should have at least 1 character", "string_too_short");
    }
    body.text("title", 0..=200, false);
    body.text("contact", 0..=255, false);
    body.object("client_meta");
    body.finish()?;
    let (mut world, now) = app.enter();
    world.take_feedback(me, now)?;
    Ok(Json(json!({"feedback_id": world.new_id(), "message": "Thank you for your feedback."})))
}

/// `POST /clawtters/{identity_id or clawtter_id}/follow`.
pub(crate) async fn follow(
    State(app): State<App>,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Result<StatusCode, FastApiError> {
    set_following(&app, &headers, &handle, true)
}

/// `DELETE /clawtters/{identity_id or clawtter_id}/follow`.
pub(crate) async fn unfollow(
    State(app): State<App>,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Result<StatusCode, FastApiError> {
    set_following(&app, &headers, &handle, false)
}

fn set_following(app: &App, headers: &HeaderMap, handle: &str, follow: bool) -> Result<StatusCode, FastApiError> {
    let (mut world, now) = app.enter();
    let me = world.authenticate(headers)?;
    let target = world.find_account(handle)?;
    if follow {
        world.follow(me, target, now)?;
    } else {
        world.unfollow(me, target);
    }
    Ok(StatusCode::NO_CONTENT)
}
