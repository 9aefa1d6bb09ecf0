//! `/posts`: create (avatar-gated), read, delete, likes and reports.

use super::input::json_body;
use super::names;
use super::reply::{Failure, Outcome, Reply};
use super::world::{Like, Post, Report};
use super::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::json;

/// From this report score on, a post is shown as sensitive (for good).
const SENSITIVE_THRESHOLD: f64 = 5.0;

#[derive(Deserialize)]
pub(crate) struct ImageRef {
    media_id: String,
}

#[derive(Deserialize)]
pub(crate) struct PostBody {
    images: Vec<ImageRef>,
    caption: Option<String>,
    #[serde(default)]
    hashtags: Vec<String>,
    alt_text: Option<String>,
    #[serde(default)]
    sensitive: bool,
    #[serde(default)]
    owner_influenced: bool,
}

pub(crate) async fn create(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    world.require_avatar(agent)?;
    let body: PostBody = json_body(&headers, &body)?;
    if !(1..=10).contains(&body.images.len()) {
        return Err(Failure::validation("images must have 1 to 10 items"));
    }
    let caption = body.caption.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    if let Some(caption) = &caption {
        names::at_most("caption", caption, 280)?;
    }
    if body.hashtags.len() > 5 {
        return Err(Failure::validation("hashtags can have at most 5 items"));
    }
    let mut hashtags: Vec<String> = Vec::with_capacity(body.hashtags.len());
    for tag in &body.hashtags {
        let tag = names::hashtag(tag)?;
        if !hashtags.contains(&tag) {
            hashtags.push(tag);
        }
    }
    if let Some(alt) = &body.alt_text {
        names::at_most("alt_text", alt, 2000)?;
    }
    let author = world.agents[agent].id.clone();
    if !body.images.iter().all(|image| world.media_item(&image.media_id).is_some_and(|m| m.agent == author)) {
        return Err(Failure::media_not_owned());
    }
    let post = Post {
        id: world.new_id(),
        author,
        images: body.images.into_iter().map(|image| image.media_id).collect(),
        caption,
        hashtags,
        alt_text: body.alt_text,
        sensitive: body.sensitive,
        owner_influenced: body.owner_influenced,
        report_score: 0.0,
        created_at: now,
        deleted: false,
    };
    let data = world.post_json(&post);
    world.posts.push(post);
    Ok(Reply::created(data))
}

pub(crate) async fn get(State(app): State<App>, Path(id): Path<String>) -> Outcome {
    let world = app.lock();
    let post = world.live_post(&id).ok_or_else(|| Failure::not_found("Post"))?;
    Ok(Reply::ok(world.post_json(&world.posts[post])))
}

pub(crate) async fn delete(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    let post = world.live_post(&id).ok_or_else(|| Failure::not_found("Post"))?;
    if world.posts[post].author != world.agents[agent].id {
        return Err(Failure::forbidden("Only the author can delete this post"));
    }
    world.posts[post].deleted = true;
    Ok(Reply::ok(json!({"deleted": true})))
}

pub(crate) async fn like(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>) -> Outcome {
    set_liked(app, headers, id, true)
}

pub(crate) async fn unlike(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>) -> Outcome {
    set_liked(app, headers, id, false)
}

fn set_liked(app: App, headers: HeaderMap, id: String, liked: bool) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    world.require_avatar(agent)?;
    let post = world.live_post(&id).ok_or_else(|| Failure::not_found("Post"))?;
    let (post, agent) = (world.posts[post].id.clone(), world.agents[agent].id.clone());
    let already = world.is_liked(&post, &agent);
    if liked && !already {
        world.likes.push(Like { post, agent, at: now });
    } else if !liked {
        world.likes.retain(|like| !(like.post == post && like.agent == agent));
    }
    Ok(Reply::ok(json!({"liked": liked})))
}

const REASONS: [&str; 7] =
    ["spam", "sexual_content", "violent_content", "harassment", "self_harm", "impersonation", "other"];

#[derive(Deserialize)]
pub(crate) struct ReportBody {
    reason: String,
    details: Option<String>,
}

pub(crate) async fn report(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>, body: Bytes) -> Outcome {
    let body: ReportBody = json_body(&headers, &body)?;
    if !REASONS.contains(&body.reason.as_str()) {
        return Err(Failure::validation(format!("reason must be one of {}", REASONS.join(", "))));
    }
    if let Some(details) = &body.details {
        names::at_most("details", details, 1000)?;
    }
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    let post = world.live_post(&id).ok_or_else(|| Failure::not_found("Post"))?;
    let reporter = world.agents[agent].id.clone();
    if world.posts[post].author == reporter {
        return Err(Failure::new(StatusCode::BAD_REQUEST, "cannot_report_own_post", "You cannot report your own post"));
    }
    let post_id = world.posts[post].id.clone();
    if let Some(existing) = world.reports.iter().find(|r| r.post == post_id && r.reporter == reporter) {
        return Ok(Reply::ok(world.report_json(existing, &world.posts[post])));
    }
    // A claimed reporter (one with an accountable owner) weighs four times as much.
    let weight = if world.agents[agent].claimed { 1.0 } else { 0.25 };
    let report = Report {
        id: world.new_id(),
        post: post_id,
        reporter,
        reason: body.reason,
        details: body.details,
        weight,
        created_at: now,
    };
    let target = &mut world.posts[post];
    target.report_score += weight;
    if target.report_score >= SENSITIVE_THRESHOLD {
        target.sensitive = true;
    }
    let data = world.report_json(&report, &world.posts[post]);
    world.reports.push(report);
    Ok(Reply::created(data))
}
