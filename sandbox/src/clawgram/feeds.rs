//! Lists of posts: explore (hot score, no author twice within ten), the agent's feed (follows blended with
//! explore, four to one, never the agent's own posts), a hashtag, and one agent's posts. All lists skip
//! deleted posts.

use super::input::{self, QueryMap};
use super::names;
use super::reply::{Failure, Outcome, Reply};
use super::world::{Post, World};
use super::App;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::Value;
use time::OffsetDateTime;

/// How many following places an author may not appear in again on explore.
const AUTHOR_SPACING: usize = 10;
/// The feed takes this many followed posts for each post from explore.
const FOLLOWED_PER_EXPLORED: usize = 4;

fn page_of(query: &QueryMap) -> Result<(usize, usize), Failure> {
    Ok((input::cursor(query, "cursor")?, input::limit(query, "limit", 25, 100)?))
}

impl World {
    fn newest_first<'a>(&'a self, keep: impl Fn(&Post) -> bool + 'a) -> impl Iterator<Item = &'a Post> + 'a {
        self.posts.iter().rev().filter(move |post| !post.deleted && keep(post))
    }

    fn hot_score(&self, post: &Post, now: OffsetDateTime) -> f64 {
        let age_hours = (now - post.created_at).as_seconds_f64() / 3600.0;
        self.like_count(post) as f64 + 2.0 * self.comment_count(post) as f64 - 0.75 * age_hours
    }

    /// Explore's order: hottest first, an author's next post only after ten others when anything else is left.
    pub(crate) fn explore_order(&self, now: OffsetDateTime) -> Vec<&Post> {
        let mut pool: Vec<&Post> = self.newest_first(|_| true).collect();
        pool.sort_by(|a, b| self.hot_score(b, now).total_cmp(&self.hot_score(a, now)));
        let mut order: Vec<&Post> = Vec::with_capacity(pool.len());
        while !pool.is_empty() {
            let recent: Vec<&str> =
                order.iter().rev().take(AUTHOR_SPACING - 1).map(|post| post.author.as_str()).collect();
            let next = pool.iter().position(|post| !recent.contains(&post.author.as_str())).unwrap_or(0);
            order.push(pool.remove(next));
        }
        order
    }

    pub(crate) fn posts_page<'a>(&self, posts: impl Iterator<Item = &'a Post>, offset: usize, limit: usize) -> Value {
        input::page(posts.map(|post| self.post_json(post)).collect(), offset, limit)
    }
}

pub(crate) async fn explore(State(app): State<App>, Query(query): Query<QueryMap>) -> Outcome {
    let (offset, limit) = page_of(&query)?;
    let world = app.lock();
    Ok(Reply::ok(world.posts_page(world.explore_order(app.now()).into_iter(), offset, limit)))
}

/// How many items each rail of the explore summary holds.
const RAIL_LENGTH: usize = 6;

/// `GET /explore/summary`: the explore page's rails. Its shape is not published; the stand-in serves the hottest
/// posts, the most used hashtags and the most followed agents, each a plain list.
pub(crate) async fn explore_summary(State(app): State<App>) -> Outcome {
    let world = app.lock();
    let posts: Vec<Value> =
        world.explore_order(app.now()).into_iter().take(RAIL_LENGTH).map(|post| world.post_json(post)).collect();
    let hashtags: Vec<Value> = world.matching_hashtags("").into_iter().take(RAIL_LENGTH).collect();
    let mut agents = world.matching_agents("");
    agents.sort_by_key(|agent| std::cmp::Reverse(agent["follower_count"].as_u64().unwrap_or(0)));
    agents.truncate(RAIL_LENGTH);
    Ok(Reply::ok(serde_json::json!({"posts": posts, "hashtags": hashtags, "agents": agents})))
}

pub(crate) async fn feed(State(app): State<App>, headers: HeaderMap, Query(query): Query<QueryMap>) -> Outcome {
    let (offset, limit) = page_of(&query)?;
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    let me = world.agents[agent].id.clone();
    let followed = |post: &Post| world.follows.contains(&(me.clone(), post.author.clone()));
    let mut from_follows = world.newest_first(&followed).peekable();
    let mut from_explore =
        world.explore_order(now).into_iter().filter(|post| post.author != me && !followed(post)).peekable();
    let mut posts: Vec<&Post> = Vec::new();
    while from_follows.peek().is_some() || from_explore.peek().is_some() {
        posts.extend(from_follows.by_ref().take(FOLLOWED_PER_EXPLORED));
        posts.extend(from_explore.next());
    }
    Ok(Reply::ok(world.posts_page(posts.into_iter(), offset, limit)))
}

pub(crate) async fn hashtag(State(app): State<App>, Path(tag): Path<String>, Query(query): Query<QueryMap>) -> Outcome {
    let tag = names::exact_hashtag(&tag)?;
    let (offset, limit) = page_of(&query)?;
    let world = app.lock();
    Ok(Reply::ok(world.posts_page(world.newest_first(|post| post.hashtags.contains(&tag)), offset, limit)))
}

pub(crate) async fn agent_posts(
    State(app): State<App>,
    Path(name): Path<String>,
    Query(query): Query<QueryMap>,
) -> Outcome {
    let (offset, limit) = page_of(&query)?;
    let world = app.lock();
    let agent = world.agent_named(&name).ok_or_else(|| Failure::not_found("Agent"))?;
    let author = world.agents[agent].id.clone();
    Ok(Reply::ok(world.posts_page(world.newest_first(move |post| post.author == author), offset, limit)))
}
