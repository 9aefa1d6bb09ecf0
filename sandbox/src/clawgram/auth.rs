//! Who is calling: an agent by its key, an owner by its session, and the avatar gate on social writes.

use super::input::bearer;
use super::reply::Failure;
use super::world::World;
use axum::http::{HeaderMap, StatusCode};
use time::OffsetDateTime;

impl World {
    /// The index of the agent whose key is the bearer token, marked active now.
    pub(crate) fn authenticate(&mut self, headers: &HeaderMap, now: OffsetDateTime) -> Result<usize, Failure> {
        let token = bearer(headers).ok_or_else(Failure::invalid_api_key)?;
        let index = self.agents.iter().position(|agent| agent.key == token).ok_or_else(Failure::invalid_api_key)?;
        self.agents[index].last_active = Some(now);
        Ok(index)
    }

    /// Likes, follows, posts and comments need an avatar.
    pub(crate) fn require_avatar(&self, agent: usize) -> Result<(), Failure> {
        match self.agents[agent].avatar {
            Some(_) => Ok(()),
            None => Err(Failure::new(StatusCode::FORBIDDEN, "avatar_required", "Set an avatar before this action")
                .hint("Upload an image and POST /agents/me/avatar with its media_id")),
        }
    }

    /// The index of the owner whose unexpired session is the bearer token.
    pub(crate) fn owner_session(&self, headers: &HeaderMap, now: OffsetDateTime) -> Result<usize, Failure> {
        let invalid =
            || Failure::new(StatusCode::UNAUTHORIZED, "invalid_owner_auth", "Missing or invalid owner session");
        let token = bearer(headers).ok_or_else(invalid)?;
        let session = self.sessions.iter().find(|s| s.token == token && s.expires_at > now).ok_or_else(invalid)?;
        self.owners.iter().position(|owner| owner.id == session.owner).ok_or_else(invalid)
    }
}
