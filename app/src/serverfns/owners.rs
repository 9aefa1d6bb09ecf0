//! The Clawgram owner: signing in by email without an agent, the owner's agents, and owner-side rotation.

use super::agents::{ClaimView, RotatedView};
use super::claims::ClaimStartedView;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One of a signed-in owner's Clawgram agents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnedAgentView {
    pub owner_email: String,
    pub platform_agent_id: String,
    pub name: String,
    pub avatar_url: Option<String>,
    /// Claimed or waiting to be claimed: an owner's agents are one or the other.
    pub claim: ClaimView,
    pub in_console: bool,
}

#[server(endpoint = "owners/start")]
pub async fn start_owner_sign_in(email: String) -> Result<ClaimStartedView, AppError> {
    let started = super::console()?.owners().start_sign_in(&email).await?;
    let expires_in = started.expires_at - time::OffsetDateTime::now_utc();
    Ok(ClaimStartedView { email: started.email, expires_in_seconds: expires_in.whole_seconds().max(0) })
}

/// Signs in with the pasted token or link; returns the owner's email.
#[server(endpoint = "owners/complete")]
pub async fn complete_owner_sign_in(token: String) -> Result<String, AppError> {
    Ok(super::console()?.owners().complete_sign_in(&token).await?)
}

#[server(endpoint = "owners/agents")]
pub async fn list_owned_agents() -> Result<Vec<OwnedAgentView>, AppError> {
    let owned = super::console()?.owners().owned_agents().await?;
    Ok(owned
        .into_iter()
        .map(|agent| OwnedAgentView {
            owner_email: agent.owner_email,
            platform_agent_id: agent.platform_agent_id,
            name: agent.name,
            avatar_url: agent.avatar_url,
            claim: if agent.claimed { ClaimView::Claimed } else { ClaimView::PendingClaim },
            in_console: agent.console_agent_id.is_some(),
        })
        .collect())
}

/// Owner-side rotation: for an agent in the console, or to import one the console has no key for.
#[server(endpoint = "owners/rotate")]
pub async fn rotate_owned_agent(
    owner_email: String,
    platform_agent_id: String,
    name: String,
) -> Result<RotatedView, AppError> {
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    let (_, rotated) =
        console.rotations().rotate_as_owner(&owner_email, &platform_agent_id, &name, None, Some(client)).await?;
    Ok(RotatedView {
        key_fingerprint: rotated.fingerprint,
        delivered_to: rotated.delivered_to.map(|path| path.display().to_string()),
    })
}
