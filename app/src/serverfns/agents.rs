//! The agents in the console: listing them as the browser may see them (a key only as its fingerprint),
//! registering new ones, importing existing ones by key, and checking their keys with the platforms.

use crate::error::AppError;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One agent as the Agents page and Settings show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentView {
    pub id: i64,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub website_url: Option<String>,
    pub claim: ClaimView,
    /// Clawgram's write gate: posting, commenting, liking and following need an avatar. `None` elsewhere.
    pub avatar_gate_met: Option<bool>,
    /// e.g. `claw_test_…3fa9c1`; `None` when no key is stored.
    pub key_fingerprint: Option<String>,
    /// Seconds since the key was set.
    pub key_age_seconds: Option<i64>,
    pub health: KeyHealthView,
    pub follower_count: Option<u64>,
    pub following_count: Option<u64>,
    /// Seconds since the agent's newest post.
    pub last_post_age_seconds: Option<i64>,
    /// Clawtter's posts left this hour.
    pub quota_remaining: Option<u32>,
    /// Where a rotated key is written for the agent's own runtime.
    pub delivery_path: Option<String>,
}

impl AgentView {
    /// The name the owner knows the agent by: its display name, else its handle.
    pub fn shown_name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.handle)
    }
}

/// Whether the owner has claimed the agent on its platform (Clawgram; the others have no claim).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimView {
    Claimed,
    PendingClaim,
    Unknown,
}

impl ClaimView {
    pub fn label(self) -> &'static str {
        match self {
            ClaimView::Claimed => "Claimed",
            ClaimView::PendingClaim => "Waiting to be claimed",
            ClaimView::Unknown => "No claim",
        }
    }

    /// The pill it is shown in.
    pub fn class(self) -> &'static str {
        match self {
            ClaimView::Claimed => "pill pill-ok",
            ClaimView::PendingClaim => "pill pill-warn",
            ClaimView::Unknown => "pill",
        }
    }
}

/// Whether the agent's key worked the last time the console used it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyHealthView {
    Works,
    Fails,
    Unchecked,
}

impl KeyHealthView {
    pub fn label(self) -> &'static str {
        match self {
            KeyHealthView::Works => "✓ Key works",
            KeyHealthView::Fails => "✕ Key refused",
            KeyHealthView::Unchecked => "○ Key unchecked",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            KeyHealthView::Works => "health health-ok",
            KeyHealthView::Fails => "health health-error",
            KeyHealthView::Unchecked => "health",
        }
    }
}

/// What the owner is told after a registration or an import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrolledView {
    pub agent_id: i64,
    pub handle: String,
    pub platform: Platform,
    pub key_fingerprint: Option<String>,
    pub claim_url: Option<String>,
    pub verification_code: Option<String>,
}

/// How many agents were checked, and which keys the platforms refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyCheckView {
    pub checked: usize,
    pub problems: Vec<String>,
}

#[server(endpoint = "agents")]
pub async fn list_agents() -> Result<Vec<AgentView>, AppError> {
    let console = super::console()?;
    let agents = console.agents().list().await?;
    Ok(agents.into_iter().map(|agent| view::agent(agent, console.image_proxy())).collect())
}

#[server(endpoint = "agents/one")]
pub async fn get_agent(agent_id: i64) -> Result<AgentView, AppError> {
    let console = super::console()?;
    Ok(view::agent(console.agents().get(agent_id).await?, console.image_proxy()))
}

/// What registering a Clawgram name would meet, for the form to say while the owner types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NameCheckView {
    /// Whether registering it may go ahead.
    pub usable: bool,
    pub message: String,
}

#[server(endpoint = "agents/check-clawgram-name")]
pub async fn check_clawgram_name(name: String) -> Result<NameCheckView, AppError> {
    Ok(view::name_check(super::console()?.onboarding().check_clawgram_name(&name).await?))
}

#[server(endpoint = "agents/register-clawgram")]
pub async fn register_clawgram(name: String, description: String) -> Result<EnrolledView, AppError> {
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    let signup = clawdesk_core::ClawgramSignup { name, description };
    let enrolled = console.onboarding().register_clawgram(signup, Some(client)).await?;
    view::enrolled(&console, enrolled).await
}

#[server(endpoint = "agents/register-clawtter")]
pub async fn register_clawtter(
    identity_id: String,
    nickname: String,
    bio: Option<String>,
    owner_email: Option<String>,
) -> Result<EnrolledView, AppError> {
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    let signup = clawdesk_core::ClawtterSignup { identity_id, nickname, bio, owner_email };
    let enrolled = console.onboarding().register_clawtter(signup, Some(client)).await?;
    view::enrolled(&console, enrolled).await
}

#[server(endpoint = "agents/import")]
pub async fn import_agent(
    platform: Platform,
    identity_id: Option<String>,
    api_key: String,
) -> Result<EnrolledView, AppError> {
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    let import = clawdesk_core::KeyImport { platform, identity_id, api_key: secrecy::SecretString::from(api_key) };
    let enrolled = console.onboarding().import(import, Some(client)).await?;
    view::enrolled(&console, enrolled).await
}

/// Changes the agent's profile on its platform; fields left out stay as they are.
#[server(endpoint = "agents/profile")]
pub async fn edit_profile(
    agent_id: i64,
    nickname: Option<String>,
    bio: Option<String>,
    website_url: Option<String>,
) -> Result<(), AppError> {
    let edit = clawdesk_core::ProfileEdit { nickname, bio, website_url };
    Ok(super::console()?.profiles().edit(agent_id, edit).await?)
}

/// What a rotation left: the new key's fingerprint and the file it was written into.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RotatedView {
    pub key_fingerprint: String,
    pub delivered_to: Option<String>,
}

/// Agent-side rotation on Clawgram; the old key stops working at once.
#[server(endpoint = "agents/rotate")]
pub async fn rotate_key(agent_id: i64, delivery_path: Option<String>) -> Result<RotatedView, AppError> {
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    let rotated = console.rotations().rotate(agent_id, delivery_path.as_deref(), Some(client)).await?;
    Ok(RotatedView {
        key_fingerprint: rotated.fingerprint,
        delivered_to: rotated.delivered_to.map(|path| path.display().to_string()),
    })
}

/// Checks every agent's key with its platform, all at once, and refreshes what the page shows of them.
#[server(endpoint = "agents/check")]
pub async fn check_agents() -> Result<KeyCheckView, AppError> {
    let checks = super::console()?.onboarding().refresh_all().await?;
    let problems =
        checks.failures.into_iter().map(|(handle, error)| format!("{handle}: {}", AppError::from(error))).collect();
    Ok(KeyCheckView { checked: checks.checked, problems })
}

#[cfg(feature = "ssr")]
pub(super) mod view {
    use super::{AgentView, ClaimView, EnrolledView, KeyHealthView, NameCheckView};
    use crate::error::AppError;
    use clawdesk_core::{AgentSummary, ClaimState, Console, Enrolled, ImageProxy, KeyHealth, NameCheck, Platform};
    use time::OffsetDateTime;

    /// `images` shows the avatar through the console when its host is not a platform's own.
    pub(in crate::serverfns) fn agent(agent: AgentSummary, images: &ImageProxy) -> AgentView {
        let age = |at: OffsetDateTime| (OffsetDateTime::now_utc() - at).whole_seconds().max(0);
        AgentView {
            id: agent.id,
            platform: agent.platform,
            avatar_gate_met: (agent.platform == Platform::Clawgram && agent.checked_at.is_some())
                .then(|| agent.profile.avatar_url.is_some()),
            avatar_url: agent.profile.avatar_url.map(|url| images.shown(&url)),
            bio: agent.profile.bio,
            website_url: agent.profile.website_url,
            claim: match agent.claim {
                ClaimState::Claimed => ClaimView::Claimed,
                ClaimState::PendingClaim => ClaimView::PendingClaim,
                ClaimState::Unknown => ClaimView::Unknown,
            },
            key_fingerprint: agent.key.as_ref().map(|key| key.fingerprint.to_string()),
            key_age_seconds: agent.key.map(|key| age(key.set_at)),
            health: match agent.health {
                KeyHealth::Works => KeyHealthView::Works,
                KeyHealth::Fails => KeyHealthView::Fails,
                KeyHealth::Unchecked => KeyHealthView::Unchecked,
            },
            follower_count: agent.profile.follower_count,
            following_count: agent.profile.following_count,
            last_post_age_seconds: agent.profile.last_post_at.map(age),
            quota_remaining: agent.profile.quota_remaining,
            delivery_path: agent.delivery_path,
            handle: agent.handle,
            display_name: agent.display_name,
        }
    }

    pub(super) async fn enrolled(console: &Console, enrolled: Enrolled) -> Result<EnrolledView, AppError> {
        let agent = console.agents().get(enrolled.agent_id).await?;
        Ok(EnrolledView {
            agent_id: enrolled.agent_id,
            handle: enrolled.handle,
            platform: agent.platform,
            key_fingerprint: agent.key.map(|key| key.fingerprint.to_string()),
            claim_url: enrolled.claim_url,
            verification_code: enrolled.verification_code,
        })
    }

    pub(super) fn name_check(check: NameCheck) -> NameCheckView {
        let (usable, message) = match check {
            NameCheck::Free { name } => (true, format!("✓ “{name}” is free on Clawgram.")),
            NameCheck::Taken { name } => (false, format!("“{name}” is taken on Clawgram; choose another name.")),
            NameCheck::Held { name } => (false, format!("The console already holds “{name}”; choose another name.")),
            NameCheck::Unverified { name } => {
                (true, format!("“{name}” follows the rules; Clawgram could not be asked whether it is free."))
            }
            NameCheck::Refused { reason } => (false, reason),
        };
        NameCheckView { usable, message }
    }
}
