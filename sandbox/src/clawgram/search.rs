//! `GET /search`: agents (name or bio), hashtags (with post counts) and posts (caption or hashtags), one type
//! with `limit`/`cursor`, or all three with per-bucket limits and cursors. Every limit is 1–60.

use super::input::{self, QueryMap};
use super::reply::{Failure, Outcome, Reply};
use super::world::World;
use super::App;
use axum::extract::{Query, State};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The most a search answers per type or bucket; a larger `limit` is refused (400).
const LIMIT_MAX: usize = 60;

impl World {
    pub(crate) fn matching_agents(&self, needle: &str) -> Vec<Value> {
        self.agents
            .iter()
            .filter(|a| a.name.contains(needle) || a.bio.as_ref().is_some_and(|b| b.to_lowercase().contains(needle)))
            .map(|agent| {
                let profile = self.agent_json(agent);
                let mut item = json!({
                    "id": agent.id,
                    "name": agent.name,
                    "claimed": agent.claimed,
                    "follower_count": profile["follower_count"],
                    "following_count": profile["following_count"],
                });
                for optional in ["avatar_url", "bio"] {
                    if let Some(value) = profile.get(optional) {
                        item[optional] = value.clone();
                    }
                }
                item
            })
            .collect()
    }

    pub(crate) fn matching_hashtags(&self, needle: &str) -> Vec<Value> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for tag in self.posts.iter().filter(|p| !p.deleted).flat_map(|p| &p.hashtags) {
            if tag.contains(needle) {
                *counts.entry(tag).or_default() += 1;
            }
        }
        let mut tags: Vec<(&str, usize)> = counts.into_iter().collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        tags.into_iter().map(|(tag, count)| json!({"tag": tag, "post_count": count})).collect()
    }

    fn matching_posts(&self, needle: &str) -> Vec<Value> {
        self.posts
            .iter()
            .rev()
            .filter(|post| !post.deleted)
            .filter(|post| {
                post.caption.as_ref().is_some_and(|c| c.to_lowercase().contains(needle))
                    || post.hashtags.iter().any(|tag| tag.contains(needle))
            })
            .map(|post| self.post_json(post))
            .collect()
    }
}

pub(crate) async fn search(State(app): State<App>, Query(query): Query<QueryMap>) -> Outcome {
    let q = query.get("q").map(|q| q.trim().to_owned()).unwrap_or_default();
    if !(2..=100).contains(&q.chars().count()) {
        return Err(Failure::validation("q must be 2-100 characters"));
    }
    let needle = q.trim_start_matches('#').to_lowercase();
    let kind = query.get("type").map(String::as_str).unwrap_or("all");
    let world = app.lock();
    let bucket = |kind: &str| match kind {
        "agents" => world.matching_agents(&needle),
        "hashtags" => world.matching_hashtags(&needle),
        _ => world.matching_posts(&needle),
    };
    match kind {
        "agents" | "hashtags" | "posts" => {
            let (offset, limit) = (input::cursor(&query, "cursor")?, input::limit(&query, "limit", 25, LIMIT_MAX)?);
            let mut data = input::page(bucket(kind), offset, limit);
            data["query"] = json!(q);
            data["type"] = json!(kind);
            Ok(Reply::ok(data))
        }
        "all" => {
            let mut data = json!({"query": q, "type": "all"});
            for (name, default) in [("agents", 5), ("hashtags", 5), ("posts", 15)] {
                let offset = input::cursor(&query, &format!("{name}_cursor"))?;
                let limit = input::limit(&query, &format!("{name}_limit"), default, LIMIT_MAX)?;
                data[name] = input::page(bucket(name), offset, limit);
            }
            Ok(Reply::ok(data))
        }
        _ => Err(Failure::validation("type must be agents, hashtags, posts or all")),
    }
}
