//! Claiming a Clawgram agent by owner email: start the claim for an agent (the platform emails a 15-minute,
//! single-use token), then complete it with the pasted token or claim link. The owner session that comes back
//! is sealed in the vault; the agent then shows `claimed`.

use crate::agents::{AgentKey, Agents};
use crate::audit::{AuditEvent, AuditLog};
use crate::connections::Connections;
use crate::error::wait_text;
use crate::onboarding::Onboarding;
use crate::owners::OwnerSessions;
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::{self, ErrorCode};
use clawdesk_platforms::PlatformError;
use secrecy::SecretString;
use std::net::IpAddr;
use time::OffsetDateTime;

/// Where the claim email went, and until when its token works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimStarted {
    pub email: String,
    pub expires_at: OffsetDateTime,
}

/// The owner the completed claim logged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimCompleted {
    pub owner_email: String,
    pub session_expires_at: OffsetDateTime,
}

#[derive(Clone, Debug)]
pub struct Claims {
    sessions: OwnerSessions,
    audit: AuditLog,
    agents: Agents,
    onboarding: Onboarding,
}

impl Claims {
    pub fn new(sessions: OwnerSessions, audit: AuditLog, agents: Agents, connections: Connections) -> Claims {
        let onboarding = Onboarding::new(agents.clone(), connections.clone());
        Claims { sessions, audit, agents, onboarding }
    }

    /// `setup-owner-email` for the agent: Clawgram links it to the owner and emails the claim token.
    pub async fn start(&self, agent_id: i64, email: &str) -> Result<ClaimStarted, CoreError> {
        let email = clawgram::rules::email(email).map_err(|v| CoreError::invalid("email", v))?;
        let AgentKey { key, clients } = self.clawgram_key(agent_id).await?;
        let setup = clients.clawgram.setup_owner_email(&key, &email).await.map_err(|e| token_refusal(e, "email"))?;
        Ok(ClaimStarted { email: setup.email, expires_at: setup.expires_at })
    }

    /// Completes the claim with what the owner pasted (the token or the whole claim link), keeps the owner
    /// session sealed, and records the agent as claimed.
    pub async fn complete(
        &self,
        agent_id: i64,
        pasted: &str,
        client: Option<IpAddr>,
    ) -> Result<ClaimCompleted, CoreError> {
        // The claim goes to the Clawgram the agent's key is bound to.
        let clients = self.clawgram_key(agent_id).await?.clients;
        let token =
            SecretString::from(clawgram::rules::claim_token(pasted).map_err(|v| CoreError::invalid("token", v))?);
        let session = clients.clawgram.complete_owner_email(&token).await.map_err(|e| token_refusal(e, "token"))?;
        self.sessions.keep(&session.owner.email, &session.owner_auth_token, session.expires_at).await?;
        self.audit.record(AuditEvent::AgentClaimed { agent_id, platform: Platform::Clawgram }, client).await?;
        // The claim is done on the platform; reading the profile back only refreshes the page's view of it.
        if let Err(error) = self.onboarding.refresh(agent_id).await {
            tracing::warn!(agent_id, %error, "the claimed agent's profile could not be read back");
        }
        Ok(ClaimCompleted { owner_email: session.owner.email, session_expires_at: session.expires_at })
    }

    /// The agent's key, when it is a Clawgram agent the console holds a key for.
    async fn clawgram_key(&self, agent_id: i64) -> Result<AgentKey, CoreError> {
        let agent = self.agents.get(agent_id).await?;
        if agent.platform != Platform::Clawgram {
            return Err(CoreError::Invalid {
                field: "agent",
                reason: format!("only Clawgram agents are claimed by email; {} has no claim", agent.platform),
            });
        }
        self.agents.api_key(agent_id).await
    }
}

/// Each refusal of the owner email flow (claim or sign-in) in the owner's words, on the field it is about.
pub(crate) fn token_refusal(error: PlatformError, field: &'static str) -> CoreError {
    let reason = match ErrorCode::of(&error) {
        Some(ErrorCode::InvalidOwnerToken) => {
            "Clawgram does not know this token; paste it again from the newest claim email".to_owned()
        }
        Some(ErrorCode::OwnerTokenConsumed) => {
            "this token has already been used; start the claim again to get a new one".to_owned()
        }
        Some(ErrorCode::OwnerTokenExpired) => {
            "this token has expired (tokens last 15 minutes); start the claim again to get a new one".to_owned()
        }
        Some(ErrorCode::RateLimited) => {
            let wait = error.api().and_then(|api| api.retry_after).map(wait_text);
            format!(
                "Clawgram allows only a few attempts at a time; try again in {}",
                wait.as_deref().unwrap_or("a few minutes")
            )
        }
        Some(ErrorCode::Forbidden) => "this agent is already linked to another owner email".to_owned(),
        Some(ErrorCode::InvalidApiKey) => {
            return CoreError::Invalid {
                field: "api_key",
                reason: "Clawgram does not accept the agent's key; check it on the Agents page".into(),
            }
        }
        _ => return CoreError::Platform(error),
    };
    CoreError::Invalid { field, reason }
}
