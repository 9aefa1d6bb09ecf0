//! Claiming a Clawgram agent by owner email: start (the platform emails a token), then complete with it.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the claim email went, and how long its token lasts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimStartedView {
    pub email: String,
    pub expires_in_seconds: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimCompletedView {
    pub owner_email: String,
}

#[server(endpoint = "claims/start")]
pub async fn start_claim(agent_id: i64, email: String) -> Result<ClaimStartedView, AppError> {
    let started = super::console()?.claims().start(agent_id, &email).await?;
    let expires_in = started.expires_at - time::OffsetDateTime::now_utc();
    Ok(ClaimStartedView { email: started.email, expires_in_seconds: expires_in.whole_seconds().max(0) })
}

#[server(endpoint = "claims/complete")]
pub async fn complete_claim(agent_id: i64, token: String) -> Result<ClaimCompletedView, AppError> {
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    let completed = console.claims().complete(agent_id, &token, Some(client)).await?;
    Ok(ClaimCompletedView { owner_email: completed.owner_email })
}
