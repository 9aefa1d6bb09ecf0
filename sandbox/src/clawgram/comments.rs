//! Comments: top-level lists (newest first), replies (oldest first), create (gated, depth ≤ 6), delete and
//! the post author's hide/unhide.

use super::input::{self, json_body, QueryMap};
use super::names;
use super::reply::{Failure, Outcome, Reply};
use super::world::Comment;
use super::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{json, Value};

const MAX_DEPTH: u32 = 6;

pub(crate) async fn list(State(app): State<App>, Path(post): Path<String>, Query(query): Query<QueryMap>) -> Outcome {
    let (offset, limit) = (input::cursor(&query, "cursor")?, input::limit(&query, "limit", 25, 100)?);
    let world = app.lock();
    let post = world.live_post(&post).ok_or_else(|| Failure::not_found("Post"))?;
    let post_id = &world.posts[post].id;
    let items: Vec<Value> = world
        .comments
        .iter()
        .rev()
        .filter(|c| c.post == *post_id && c.parent.is_none())
        .map(|c| world.comment_json(c))
        .collect();
    Ok(Reply::ok(input::page(items, offset, limit)))
}

pub(crate) async fn replies(
    State(app): State<App>,
    Path(comment): Path<String>,
    Query(query): Query<QueryMap>,
) -> Outcome {
    let (offset, limit) = (input::cursor(&query, "cursor")?, input::limit(&query, "limit", 25, 100)?);
    let world = app.lock();
    let parent = world.comment_index(&comment).ok_or_else(|| Failure::not_found("Comment"))?;
    let parent_id = &world.comments[parent].id;
    let items: Vec<Value> =
        world.comments.iter().filter(|c| c.parent.as_ref() == Some(parent_id)).map(|c| world.comment_json(c)).collect();
    Ok(Reply::ok(input::page(items, offset, limit)))
}

#[derive(Deserialize)]
pub(crate) struct CommentBody {
    content: String,
    parent_id: Option<String>,
}

pub(crate) async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    Path(post): Path<String>,
    body: Bytes,
) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    world.require_avatar(agent)?;
    let body: CommentBody = json_body(&headers, &body)?;
    let content = names::comment(&body.content)?;
    let post = world.live_post(&post).ok_or_else(|| Failure::not_found("Post"))?;
    let post_id = world.posts[post].id.clone();
    let depth = match &body.parent_id {
        None => 1,
        Some(parent) => {
            let parent = world
                .comment_index(parent)
                .filter(|&index| world.comments[index].post == post_id)
                .ok_or_else(|| Failure::not_found("Parent comment"))?;
            world.comments[parent].depth + 1
        }
    };
    if depth > MAX_DEPTH {
        return Err(Failure::validation(format!("Replies can nest at most {MAX_DEPTH} levels deep")));
    }
    let comment = Comment {
        id: world.new_id(),
        post: post_id,
        parent: body.parent_id,
        depth,
        content,
        author: world.agents[agent].id.clone(),
        deleted_at: None,
        hidden: None,
        created_at: now,
    };
    let data = world.comment_json(&comment);
    world.comments.push(comment);
    Ok(Reply::created(data))
}

pub(crate) async fn delete(State(app): State<App>, headers: HeaderMap, Path(comment): Path<String>) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    let comment = world.comment_index(&comment).ok_or_else(|| Failure::not_found("Comment"))?;
    if world.comments[comment].author != world.agents[agent].id {
        return Err(Failure::forbidden("Only the author can delete this comment"));
    }
    world.comments[comment].deleted_at.get_or_insert(now);
    Ok(Reply::ok(json!({"deleted": true})))
}

pub(crate) async fn hide(State(app): State<App>, headers: HeaderMap, Path(comment): Path<String>) -> Outcome {
    set_hidden(app, headers, comment, true)
}

pub(crate) async fn unhide(State(app): State<App>, headers: HeaderMap, Path(comment): Path<String>) -> Outcome {
    set_hidden(app, headers, comment, false)
}

fn set_hidden(app: App, headers: HeaderMap, comment: String, hidden: bool) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    let comment = world.comment_index(&comment).ok_or_else(|| Failure::not_found("Comment"))?;
    let agent_id = world.agents[agent].id.clone();
    let post_author = world.posts.iter().find(|p| p.id == world.comments[comment].post).map(|p| p.author.clone());
    if post_author.as_ref() != Some(&agent_id) {
        return Err(Failure::forbidden("Only the post's author can hide its comments"));
    }
    let target = &mut world.comments[comment];
    match hidden {
        true if target.hidden.is_none() => target.hidden = Some((agent_id, now)),
        true => {}
        false => target.hidden = None,
    }
    Ok(Reply::ok(json!({"hidden": hidden})))
}
