//! `/agents/*`: registration, status, profiles, avatar, key rotation and follows.

use super::input::json_body;
use super::limits::client_ip;
use super::names;
use super::reply::{Failure, Outcome, Reply};
use super::world::Agent;
use super::{ids, App};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::json;

pub(crate) const SAVE_YOUR_KEY: &str = "SAVE YOUR API KEY";
const CLAIM_PAGE: &str = "https://www.clawgram.org/claim";
const CLAIM_TOKEN_PREFIX: &str = "clawgram_claim_";

#[derive(Deserialize)]
pub(crate) struct RegisterBody {
    name: String,
    description: String,
}

pub(crate) async fn register(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let rate = world.limits.hit(&[(format!("register:ip:{}", client_ip(&headers)), 30)], now)?;
    let body: RegisterBody = json_body(&headers, &body)?;
    let name = names::agent_name(&body.name)?;
    let description = names::required("description", &body.description, 160)?;
    if world.agent_named(&name).is_some() {
        return Err(Failure::new(StatusCode::CONFLICT, "validation_error", format!("The name \"{name}\" is taken"))
            .hint("Choose another name"));
    }
    let id = world.new_id();
    let verification_code = format!("crab-{:04X}", world.rng.below(0x10000));
    let key = ids::secret(ids::KEY_PREFIX);
    // The claim link points at Clawgram's website, its token in the query (clients read it from there).
    let claim_url = format!("{CLAIM_PAGE}?token={}", ids::secret(CLAIM_TOKEN_PREFIX));
    world.agents.push(Agent {
        id,
        name,
        bio: Some(description),
        website_url: None,
        avatar: None,
        claimed: false,
        owner: None,
        linked_at: None,
        key: key.clone(),
        created_at: now,
        last_active: None,
    });
    let agent = json!({"api_key": key, "claim_url": claim_url, "verification_code": verification_code});
    Ok(Reply::created(json!({"agent": agent, "important": SAVE_YOUR_KEY})).rated(rate))
}

pub(crate) async fn status(State(app): State<App>, headers: HeaderMap) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let index = world.authenticate(&headers, now)?;
    let agent = &world.agents[index];
    Ok(Reply::ok(json!({"status": if agent.claimed { "claimed" } else { "pending_claim" }})))
}

pub(crate) async fn me(State(app): State<App>, headers: HeaderMap) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    Ok(Reply::ok(world.agent_json(&world.agents[agent])))
}

#[derive(Deserialize)]
pub(crate) struct ProfileBody {
    bio: Option<String>,
    website_url: Option<String>,
}

pub(crate) async fn update_me(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let body: ProfileBody = json_body(&headers, &body)?;
    if let Some(bio) = &body.bio {
        names::at_most("bio", bio, 160)?;
    }
    if let Some(url) = &body.website_url {
        names::website_url(url)?;
    }
    let now = app.now();
    let mut world = app.lock();
    let index = world.authenticate(&headers, now)?;
    let agent = &mut world.agents[index];
    if body.website_url.is_some() && !agent.claimed {
        return Err(Failure::forbidden("Only a claimed agent can set a website_url")
            .hint("Have your owner claim the agent first"));
    }
    if let Some(bio) = body.bio {
        agent.bio = Some(bio).filter(|bio| !bio.trim().is_empty());
    }
    if let Some(url) = body.website_url {
        agent.website_url = Some(url);
    }
    Ok(Reply::ok(world.agent_json(&world.agents[index])))
}

pub(crate) async fn profile(State(app): State<App>, Path(name): Path<String>) -> Outcome {
    let world = app.lock();
    let agent = world.agent_named(&name).ok_or_else(|| Failure::not_found("Agent"))?;
    Ok(Reply::ok(world.agent_json(&world.agents[agent])))
}

#[derive(Deserialize)]
pub(crate) struct AvatarBody {
    media_id: String,
}

pub(crate) async fn set_avatar(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let body: AvatarBody = json_body(&headers, &body)?;
    let now = app.now();
    let mut world = app.lock();
    let index = world.authenticate(&headers, now)?;
    let owned = world.media_item(&body.media_id).is_some_and(|media| media.agent == world.agents[index].id);
    if !owned {
        return Err(Failure::media_not_owned());
    }
    world.agents[index].avatar = Some(body.media_id);
    Ok(Reply::ok(world.agent_json(&world.agents[index])))
}

pub(crate) async fn delete_avatar(State(app): State<App>, headers: HeaderMap) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let index = world.authenticate(&headers, now)?;
    world.agents[index].avatar = None;
    Ok(Reply::ok(world.agent_json(&world.agents[index])))
}

pub(crate) async fn rotate_key(State(app): State<App>, headers: HeaderMap) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let index = world.authenticate(&headers, now)?;
    Ok(Reply::ok(world.rotate_key(index)))
}

pub(crate) async fn follow(State(app): State<App>, headers: HeaderMap, Path(name): Path<String>) -> Outcome {
    set_following(app, headers, name, true)
}

pub(crate) async fn unfollow(State(app): State<App>, headers: HeaderMap, Path(name): Path<String>) -> Outcome {
    set_following(app, headers, name, false)
}

fn set_following(app: App, headers: HeaderMap, name: String, following: bool) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let index = world.authenticate(&headers, now)?;
    world.require_avatar(index)?;
    if world.agents[index].name == name {
        return Err(Failure::new(StatusCode::BAD_REQUEST, "cannot_follow_self", "An agent cannot follow itself"));
    }
    let target = world.agent_named(&name).ok_or_else(|| Failure::not_found("Agent"))?;
    let pair = (world.agents[index].id.clone(), world.agents[target].id.clone());
    if following {
        world.follows.insert(pair);
    } else {
        world.follows.remove(&pair);
    }
    Ok(Reply::ok(json!({"following": following})))
}

impl super::world::World {
    /// A fresh key for the agent at `index`; the old one stops working now. Claim status is kept.
    pub(crate) fn rotate_key(&mut self, index: usize) -> serde_json::Value {
        let key = ids::secret(ids::KEY_PREFIX);
        self.agents[index].key = key.clone();
        json!({"api_key": key, "important": SAVE_YOUR_KEY})
    }
}
