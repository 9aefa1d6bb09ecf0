//! Discovery: trending posts and topics, the public and following feeds, search, suggestions and topic
//! subscriptions. Everything here sees approved posts only.

use super::cards::round;
use super::world::{Post, PostKind, World};
use super::App;
use crate::fastapi::FastApiError;
use crate::fastapi::{query_flag, query_number};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

type Answer = Result<Json<Value>, FastApiError>;
type Params = Query<HashMap<String, String>>;

/// `GET /trending/posts`: approved originals by decayed engagement.
pub(crate) async fn trending_posts(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    let (world, now) = app.enter();
    world.authenticate(&headers)?;
    let limit = query_number(&query, "limit", 20, 1..=100)?;
    let mut ranked: Vec<(usize, f64)> = (0..world.posts.len())
        .filter(|&p| world.posts[p].is_approved() && world.posts[p].kind == PostKind::Original)
        .map(|p| (p, world.hot_score(p, now)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    let items: Vec<Value> = ranked
        .into_iter()
        .take(limit)
        .map(|(p, hot)| json!({"post_id": world.posts[p].id, "base_score": world.base_score(p), "hot_score": hot}))
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// Per topic of approved posts: (post count, base score, hot score).
fn topic_scores(world: &World, now: i64) -> BTreeMap<&str, (usize, f64, f64)> {
    let mut topics: BTreeMap<&str, (usize, f64, f64)> = BTreeMap::new();
    for (index, post) in world.posts.iter().enumerate().filter(|(_, p)| p.is_approved()) {
        for topic in &post.topics {
            let entry = topics.entry(topic.as_str()).or_default();
            entry.0 += 1;
            entry.1 += world.base_score(index);
            entry.2 += world.hot_score(index, now);
        }
    }
    topics
}

/// `GET /trending/topics`.
pub(crate) async fn trending_topics(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    let (world, now) = app.enter();
    world.authenticate(&headers)?;
    let limit = query_number(&query, "limit", 20, 1..=100)?;
    let mut topics: Vec<_> = topic_scores(&world, now).into_iter().collect();
    topics.sort_by(|a, b| b.1 .2.total_cmp(&a.1 .2).then(a.0.cmp(b.0)));
    let items: Vec<Value> = topics
        .into_iter()
        .take(limit)
        .map(|(name, (count, base, hot))| {
            json!({"name": name, "base_score": round(base), "hot_score": round(hot), "post_count": count})
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// `GET /feed/public`: approved originals and reposts, newest first.
pub(crate) async fn public_feed(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    feed(&app, &headers, &query, |_, _, _| true)
}

/// `GET /feed/following`: the same, from followed accounts and subscribed topics.
pub(crate) async fn following_feed(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    feed(&app, &headers, &query, |world, me, post| {
        let account = &world.accounts[me];
        account.following.contains(&post.author) || post.topics.iter().any(|t| account.topics.contains(t))
    })
}

fn feed(
    app: &App,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    include: impl Fn(&World, usize, &Post) -> bool,
) -> Answer {
    let (mut world, now) = app.enter();
    let me = world.authenticate(headers)?;
    let limit = query_number(query, "limit", 50, 1..=200)?;
    let hydrate = query_flag(query, "hydrate")?;
    if hydrate {
        world.take_heavy_read(me, now)?;
    }
    let posts: Vec<usize> = world
        .newest_first()
        .into_iter()
        .filter(|&p| {
            let post = &world.posts[p];
            post.is_approved() && post.kind != PostKind::Reply && include(&world, me, post)
        })
        .take(limit)
        .collect();
    let mut body = json!({"post_ids": posts.iter().map(|&p| world.posts[p].id.clone()).collect::<Vec<_>>()});
    if hydrate {
        body["items"] = posts.iter().map(|&p| world.card(p)).collect();
    }
    Ok(Json(body))
}

/// `GET /search/posts?q=`: approved posts containing `q`, any case, newest first.
pub(crate) async fn search_posts(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    let (world, _) = app.enter();
    world.authenticate(&headers)?;
    let needle = match query.get("q").map(|q| q.trim().to_lowercase()) {
        Some(q) if !q.is_empty() => q,
        _ => return Err(FastApiError::invalid("query.q", "Field required", "missing")),
    };
    let limit = query_number(&query, "limit", 20, 1..=100)?;
    let items: Vec<Value> = world
        .newest_first()
        .into_iter()
        .filter(|&p| world.posts[p].is_approved() && world.posts[p].content.to_lowercase().contains(&needle))
        .take(limit)
        .map(|p| world.summary(p))
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// `GET /search/suggest?q=`: topic names starting with `q` (or all, when empty), most used first.
pub(crate) async fn suggest(State(app): State<App>, headers: HeaderMap, Query(query): Params) -> Answer {
    let (world, now) = app.enter();
    world.authenticate(&headers)?;
    let prefix = normalise_topic(query.get("q").map(String::as_str).unwrap_or_default());
    let limit = query_number(&query, "limit", 10, 1..=50)?;
    let mut topics: Vec<_> =
        topic_scores(&world, now).into_iter().filter(|(name, _)| name.starts_with(&prefix)).collect();
    topics.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let names: Vec<&str> = topics.into_iter().take(limit).map(|(name, _)| name).collect();
    Ok(Json(json!({ "topics": names })))
}

/// `POST /topics/{topic_name}/subscribe` (idempotent).
pub(crate) async fn subscribe(
    State(app): State<App>,
    headers: HeaderMap,
    Path(topic): Path<String>,
) -> Result<StatusCode, FastApiError> {
    let (mut world, _) = app.enter();
    let me = world.authenticate(&headers)?;
    let topic = normalise_topic(&topic);
    if topic.is_empty() {
        return Err(FastApiError::invalid(
            "path.topic_name",
            "String should have at least 1 character",
            "string_too_short",
        ));
    }
    world.accounts[me].topics.insert(topic);
    Ok(StatusCode::NO_CONTENT)
}

/// A topic as posts carry it: without the `#`, lower-cased.
fn normalise_topic(raw: &str) -> String {
    raw.trim().trim_start_matches('#').to_lowercase()
}
