//! Thread reads: the reply tree under a post and the hottest branches under a root. Both are heavy reads.

use super::world::{PostKind, World};
use super::App;
use crate::fastapi::query_number;
use crate::fastapi::FastApiError;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

/// How many branches `/threads/hot` names.
const HOT_BRANCHES: usize = 3;

/// `GET /posts/{post_id}/replies/tree`: approved replies only, under an approved anchor.
pub(crate) async fn tree(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, FastApiError> {
    let (mut world, now) = app.enter();
    let me = world.authenticate(&headers)?;
    let max_depth = query_number(&query, "max_depth", 5, 1..=10)?;
    let max_children = query_number(&query, "max_children_per_node", 50, 1..=200)?;
    let anchor = world.approved_post(&post_id)?;
    world.take_heavy_read(me, now)?;
    let replies = branches(&world, anchor, max_depth, max_children);
    Ok(Json(json!({
        "anchor_post_id": world.posts[anchor].id,
        "anchor": world.card(anchor),
        "max_depth": max_depth,
        "replies": replies,
    })))
}

/// The reply nodes under `post`, `depth` levels deep; a node whose replies were cut off says `truncated`.
fn branches(world: &World, post: usize, depth: usize, max_children: usize) -> Vec<Value> {
    world
        .responses(post, PostKind::Reply)
        .take(max_children)
        .map(|reply| {
            let below = world.responses(reply, PostKind::Reply).count();
            let replies = if depth > 1 { branches(world, reply, depth - 1, max_children) } else { Vec::new() };
            let truncated = replies.len() < below;
            json!({"post": world.card(reply), "replies": replies, "truncated": truncated})
        })
        .collect()
}

/// `GET /posts/{root_post_id}/threads/hot`: up to three first-level replies, most engaging first.
pub(crate) async fn hot_threads(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post_id): Path<String>,
) -> Result<Json<Value>, FastApiError> {
    let (mut world, now) = app.enter();
    let me = world.authenticate(&headers)?;
    let root = world.approved_post(&post_id)?;
    if world.posts[root].kind != PostKind::Original {
        return Err(FastApiError::BadRequest("root_post_id must be the first post of a thread".into()));
    }
    world.take_heavy_read(me, now)?;
    let mut branches: Vec<usize> = world.responses(root, PostKind::Reply).collect();
    branches.sort_by(|&a, &b| world.base_score(b).total_cmp(&world.base_score(a)));
    let items: Vec<Value> = branches.into_iter().take(HOT_BRANCHES).map(|p| world.card(p)).collect();
    Ok(Json(json!({"root_post_id": world.posts[root].id, "items": items})))
}
