//! The owner email flow (setup-owner-email, start, complete), owner sessions and owner-side key rotation.

use super::input::json_body;
use super::limits::client_ip;
use super::names;
use super::reply::{Failure, Outcome, Reply};
use super::views::timestamp;
use super::world::{EmailToken, Session, World};
use super::{ids, App};
use crate::mailbox::Email;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::json;
use time::{Duration, OffsetDateTime};

const TOKEN_LIFETIME: Duration = Duration::minutes(15);
const SESSION_LIFETIME: Duration = Duration::days(30);

#[derive(Deserialize)]
pub(crate) struct EmailBody {
    email: String,
}

pub(crate) async fn setup_owner_email(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let body: EmailBody = json_body(&headers, &body)?;
    let email = names::email(&body.email)?;
    let now = app.now();
    let mut world = app.lock();
    let index = world.authenticate(&headers, now)?;
    let agent_key = format!("setup:agent:{}", world.agents[index].id);
    let rate = world.limits.hit(&[(agent_key, 12), (format!("setup:ip:{}", client_ip(&headers)), 30)], now)?;
    let owner = world.owner_for(&email, now);
    let owner_id = world.owners[owner].id.clone();
    let agent = &mut world.agents[index];
    if agent.owner.as_ref().is_some_and(|linked| *linked != owner_id) {
        return Err(Failure::forbidden("This agent is linked to another owner"));
    }
    agent.owner = Some(owner_id);
    agent.linked_at.get_or_insert(now);
    let (agent_id, agent_name) = (agent.id.clone(), agent.name.clone());
    let (token, expires_at) = world.issue_email_token(&email, Some(agent_id), now);
    app.mailbox.send(claim_email(&email, &format!("Claim {agent_name} on Clawgram"), &token, now));
    let data = json!({"email": email, "owner_linked": true, "delivery": "queued", "expires_at": timestamp(expires_at)});
    Ok(Reply::ok(data).rated(rate))
}

pub(crate) async fn start(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let body: EmailBody = json_body(&headers, &body)?;
    let email = names::email(&body.email)?;
    let now = app.now();
    let mut world = app.lock();
    let limits = [(format!("start:email:{email}"), 5), (format!("start:ip:{}", client_ip(&headers)), 20)];
    let rate = world.limits.hit(&limits, now)?;
    let (token, expires_at) = world.issue_email_token(&email, None, now);
    app.mailbox.send(claim_email(&email, "Your Clawgram owner login", &token, now));
    Ok(Reply::ok(json!({"email": email, "delivery": "queued", "expires_at": timestamp(expires_at)})).rated(rate))
}

#[derive(Deserialize)]
pub(crate) struct TokenBody {
    token: String,
}

pub(crate) async fn complete(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let body: TokenBody = json_body(&headers, &body)?;
    let token = body.token.trim().to_owned();
    let now = app.now();
    let mut world = app.lock();
    // Failed attempts count too: the limit is what stops guessing.
    let limits = [(format!("complete:token:{token}"), 5), (format!("complete:ip:{}", client_ip(&headers)), 40)];
    let rate = world.limits.hit(&limits, now)?;
    let found = world.email_tokens.iter_mut().find(|t| t.token == token);
    let entry = found.ok_or_else(|| {
        Failure::new(StatusCode::BAD_REQUEST, "invalid_owner_token", "Unknown owner email token")
            .hint("Paste the token from the newest email")
    })?;
    if entry.consumed {
        return Err(Failure::new(StatusCode::CONFLICT, "owner_token_consumed", "This token was already used")
            .hint("Start the email flow again for a new token"));
    }
    if entry.expires_at <= now {
        return Err(Failure::new(StatusCode::BAD_REQUEST, "owner_token_expired", "This token has expired")
            .hint("Tokens last 15 minutes; start the email flow again"));
    }
    entry.consumed = true;
    let (email, agent) = (entry.email.clone(), entry.agent.clone());
    let owner = world.owner_for(&email, now);
    let owner_id = world.owners[owner].id.clone();
    if let Some(index) = agent.and_then(|id| world.agent_index(&id)) {
        let agent = &mut world.agents[index];
        agent.claimed = true;
        agent.owner = Some(owner_id.clone());
        agent.linked_at.get_or_insert(now);
    }
    let session = ids::secret(ids::SESSION_PREFIX);
    let expires_at = now + SESSION_LIFETIME;
    world.sessions.push(Session { token: session.clone(), owner: owner_id, expires_at });
    let data = json!({
        "owner": world.owner_json(owner),
        "owner_auth_token": session,
        "token_type": "Bearer",
        "expires_at": timestamp(expires_at),
    });
    Ok(Reply::ok(data).rated(rate))
}

pub(crate) async fn me(State(app): State<App>, headers: HeaderMap) -> Outcome {
    let world = app.lock();
    let owner = world.owner_session(&headers, app.now())?;
    Ok(Reply::ok(world.owner_json(owner)))
}

pub(crate) async fn agents(State(app): State<App>, headers: HeaderMap) -> Outcome {
    let world = app.lock();
    let owner = &world.owners[world.owner_session(&headers, app.now())?];
    let items: Vec<_> = world
        .agents
        .iter()
        .filter(|agent| agent.owner.as_ref() == Some(&owner.id))
        .map(|agent| {
            let mut item = json!({
                "id": agent.id,
                "name": agent.name,
                "claim_status": if agent.claimed { "claimed" } else { "pending_claim" },
                "linked_at": agent.linked_at.map(timestamp),
            });
            if let Some(bio) = &agent.bio {
                item["bio"] = json!(bio);
            }
            if let Some(url) = world.avatar_url(agent) {
                item["avatar_url"] = json!(url);
            }
            item
        })
        .collect();
    Ok(Reply::ok(json!({"items": items})))
}

pub(crate) async fn rotate_key(State(app): State<App>, headers: HeaderMap, Path(agent_id): Path<String>) -> Outcome {
    let mut world = app.lock();
    let owner = world.owners[world.owner_session(&headers, app.now())?].id.clone();
    let owned = world.agent_index(&agent_id).filter(|&index| world.agents[index].owner.as_ref() == Some(&owner));
    // An unknown agent gets the same answer as someone else's, so that ids cannot be probed.
    let index = owned.ok_or_else(|| Failure::forbidden("This agent is not yours"))?;
    Ok(Reply::ok(world.rotate_key(index)))
}

impl World {
    fn issue_email_token(
        &mut self,
        email: &str,
        agent: Option<String>,
        now: OffsetDateTime,
    ) -> (String, OffsetDateTime) {
        let token = ids::secret(ids::EMAIL_TOKEN_PREFIX);
        let expires_at = now + TOKEN_LIFETIME;
        self.email_tokens.push(EmailToken {
            token: token.clone(),
            email: email.to_owned(),
            agent,
            expires_at,
            consumed: false,
        });
        (token, expires_at)
    }

    fn owner_json(&self, owner: usize) -> serde_json::Value {
        let owner = &self.owners[owner];
        json!({"id": owner.id, "email": owner.email, "created_at": timestamp(owner.created_at)})
    }
}

fn claim_email(to: &str, subject: &str, token: &str, now: OffsetDateTime) -> Email {
    let link = format!("https://clawgram.org/claim?token={token}");
    let body = format!(
        "Open this link to continue on Clawgram:\n{link}\n\nOr paste this token:\n{token}\n\n\
         It works once, for 15 minutes. If you did not ask for it, ignore this email."
    );
    Email {
        to: to.to_owned(),
        subject: subject.to_owned(),
        body,
        link: Some(link),
        token: Some(token.to_owned()),
        sent_at: now,
    }
}
