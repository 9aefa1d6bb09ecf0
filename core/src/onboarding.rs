//! Bringing agents into the console: registering new ones on their platform, importing existing ones by key,
//! and checking a stored key. A key goes from the platform's answer (or the owner's paste, once the platform
//! has accepted it) straight into the vault; what the platform says of the agent is kept for the Agents page.

use crate::agents::{check_key, AgentKey, Agents, ProfileSnapshot};
use crate::connections::{Clients, Connections};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::{self, ErrorCode, PageRequest};
use clawdesk_platforms::clawtter;
use clawdesk_platforms::PlatformError;
use futures_util::future::join_all;
use secrecy::SecretString;
use std::net::IpAddr;

/// A new Clawgram agent: its name (3–20 of `A-Za-z0-9_-`) and description.
#[derive(Debug, Clone)]
pub struct ClawgramSignup {
    pub name: String,
    pub description: String,
}

/// A new Clawtter identity.
#[derive(Debug, Clone)]
pub struct ClawtterSignup {
    pub identity_id: String,
    pub nickname: String,
    pub bio: Option<String>,
    pub owner_email: Option<String>,
}

/// An existing agent's key, pasted by the owner. Clawtter cannot say whose a key is, so its identity is given.
#[derive(Debug)]
pub struct KeyImport {
    pub platform: Platform,
    pub identity_id: Option<String>,
    pub api_key: SecretString,
}

/// What a registration leaves the owner to do: on Clawgram, claim the agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub agent_id: i64,
    pub handle: String,
    pub claim_url: Option<String>,
    pub verification_code: Option<String>,
}

/// What a Clawgram name would meet at registration, as far as can be known before trying. Every variant but
/// `Refused` carries the name as Clawgram would store it (lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameCheck {
    /// Clawgram has no agent of this name.
    Free { name: String },
    /// Another agent on Clawgram has it.
    Taken { name: String },
    /// The console already holds an agent of this name.
    Held { name: String },
    /// The name follows the rules, but Clawgram could not be asked whether it is free.
    Unverified { name: String },
    /// The name breaks Clawgram's rules, in the owner's words.
    Refused { reason: String },
}

/// What checking every agent's key found.
#[derive(Debug)]
pub struct KeyChecks {
    pub checked: usize,
    /// Each agent whose check failed, by handle, with why.
    pub failures: Vec<(String, CoreError)>,
}

#[derive(Clone, Debug)]
pub struct Onboarding {
    agents: Agents,
    connections: Connections,
}

impl Onboarding {
    pub fn new(agents: Agents, connections: Connections) -> Onboarding {
        Onboarding { agents, connections }
    }

    /// What registering `name` on Clawgram would meet, asked while the owner types: the name rules, the agents the
    /// console holds, and whether Clawgram already shows a profile of that name.
    pub async fn check_clawgram_name(&self, name: &str) -> Result<NameCheck, CoreError> {
        let name = match clawgram::rules::agent_name(name) {
            Ok(name) => name,
            Err(violation) => return Ok(NameCheck::Refused { reason: violation.to_string() }),
        };
        // Both asked at once: the form checks on every pause in typing, and the answer waits for the slower.
        let clawgram = self.connections.clawgram();
        let (held, profile) =
            tokio::join!(self.agents.id_by_handle(Platform::Clawgram, &name), clawgram.profile(&name));
        if held?.is_some() {
            return Ok(NameCheck::Held { name });
        }
        Ok(match profile {
            Ok(_) => NameCheck::Taken { name },
            Err(error) if ErrorCode::of(&error) == Some(ErrorCode::NotFound) => NameCheck::Free { name },
            Err(_) => NameCheck::Unverified { name },
        })
    }

    /// Registers on Clawgram. The agent is recorded before the request goes out and dropped if refused.
    pub async fn register_clawgram(
        &self,
        signup: ClawgramSignup,
        client: Option<IpAddr>,
    ) -> Result<Enrolled, CoreError> {
        let name = clawgram::rules::agent_name(&signup.name).map_err(|v| CoreError::invalid("name", v))?;
        let description =
            clawgram::rules::description(&signup.description).map_err(|v| CoreError::invalid("description", v))?;
        let agent_id = self.agents.reserve(Platform::Clawgram, &name, None).await.map_err(|e| renamed(e, "name"))?;
        let clients = self.connections.current();
        let registration = match clients.clawgram.register(&name, &description).await {
            Ok(registration) => registration,
            Err(error) => {
                self.agents.forget(agent_id).await?;
                return Err(clawgram_refusal(error, "name"));
            }
        };
        self.agents.store_key(agent_id, Platform::Clawgram, &registration.api_key, &clients, client).await?;
        self.refresh(agent_id).await?;
        Ok(Enrolled {
            agent_id,
            handle: name,
            claim_url: Some(registration.claim_url),
            verification_code: Some(registration.verification_code),
        })
    }

    /// Registers on Clawtter. The agent is recorded before the request goes out and dropped if refused.
    pub async fn register_clawtter(
        &self,
        signup: ClawtterSignup,
        client: Option<IpAddr>,
    ) -> Result<Enrolled, CoreError> {
        let blank_to_none = |text: Option<String>| text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let registration = clawtter::Registration {
            identity_id: signup.identity_id.trim().to_owned(),
            nickname: signup.nickname.trim().to_owned(),
            bio: blank_to_none(signup.bio),
            owner_email: blank_to_none(signup.owner_email),
            ..clawtter::Registration::default()
        };
        if let Some(violation) = clawtter::rules::check_registration(&registration).into_iter().next() {
            return Err(clawtter_invalid(violation));
        }
        let agent_id = self
            .agents
            .reserve(Platform::Clawtter, &registration.identity_id, Some(&registration.nickname))
            .await
            .map_err(|e| renamed(e, "identity_id"))?;
        let clients = self.connections.current();
        let registered = match clients.clawtter.register(&registration).await {
            Ok(registered) => registered,
            Err(error) => {
                self.agents.forget(agent_id).await?;
                return Err(clawtter_refusal(error, "identity_id"));
            }
        };
        self.agents.store_key(agent_id, Platform::Clawtter, &registered.api_key, &clients, client).await?;
        // Clawtter cannot be asked for a profile later: keep the one it was registered with.
        let registered_profile = ProfileSnapshot {
            display_name: Some(registration.nickname.clone()),
            bio: registration.bio.clone(),
            ..ProfileSnapshot::default()
        };
        self.agents.record_profile(agent_id, &registered_profile).await?;
        self.refresh(agent_id).await?;
        Ok(Enrolled { agent_id, handle: registered.identity_id, claim_url: None, verification_code: None })
    }

    /// Imports an agent by its key, once the platform has accepted the key; the profile comes with it.
    pub async fn import(&self, import: KeyImport, client: Option<IpAddr>) -> Result<Enrolled, CoreError> {
        check_key(&import.api_key)?;
        // One snapshot of the clients: the key is checked where it will be bound.
        let clients = self.connections.current();
        let (handle, profile) = match import.platform {
            Platform::Clawgram => {
                let me = clients.clawgram.me(&import.api_key).await.map_err(|e| clawgram_refusal(e, "api_key"))?;
                let profile = clawgram_profile(&clients, me).await;
                (profile.display_name.clone().unwrap_or_default(), profile)
            }
            Platform::Clawtter => {
                let identity_id = import.identity_id.as_deref().map(str::trim).unwrap_or_default().to_owned();
                clawtter::rules::check_identity_id(&identity_id).map_err(clawtter_invalid)?;
                let profile = clawtter_profile(&clients, &import.api_key, &identity_id).await?;
                (identity_id, profile)
            }
            Platform::Threads => {
                return Err(CoreError::Invalid {
                    field: "platform",
                    reason: "Threads posts go through your publishing backend; set it up under Settings".into(),
                })
            }
        };
        let agent_id = self.agents.reserve(import.platform, &handle, profile.display_name.as_deref()).await?;
        self.agents.store_key(agent_id, import.platform, &import.api_key, &clients, client).await?;
        self.agents.record_profile(agent_id, &profile).await?;
        Ok(Enrolled { agent_id, handle, claim_url: None, verification_code: None })
    }

    /// Checks the agent's stored key with its platform and keeps what the platform says of the agent.
    /// A refused key is recorded as failing; a platform that cannot be reached changes nothing.
    pub async fn refresh(&self, agent_id: i64) -> Result<(), CoreError> {
        let agent = self.agents.get(agent_id).await?;
        let AgentKey { key, clients } = self.agents.api_key(agent_id).await?;
        let profile = match agent.platform {
            Platform::Clawgram => match clients.clawgram.me(&key).await {
                Ok(me) => Ok(clawgram_profile(&clients, me).await),
                Err(error) => Err(clawgram_refusal(error, "api_key")),
            },
            // Clawtter cannot be asked for the profile; keep what the console last saw of it.
            Platform::Clawtter => {
                clawtter_profile(&clients, &key, &agent.handle).await.map(|profile| ProfileSnapshot {
                    avatar_url: agent.profile.avatar_url.clone(),
                    bio: agent.profile.bio.clone(),
                    display_name: agent.profile.display_name.clone(),
                    ..profile
                })
            }
            Platform::Threads => return Ok(()),
        };
        match profile {
            Ok(profile) => self.agents.record_profile(agent_id, &profile).await,
            Err(CoreError::Invalid { field: "api_key", reason }) => {
                self.agents.record_key_refused(agent_id).await?;
                Err(CoreError::Invalid { field: "api_key", reason })
            }
            Err(other) => Err(other),
        }
    }

    /// Every agent's key checked at once, each as [`refresh`](Onboarding::refresh) checks one.
    pub async fn refresh_all(&self) -> Result<KeyChecks, CoreError> {
        let agents = self.agents.list().await?;
        let outcomes = join_all(agents.iter().map(|agent| self.refresh(agent.id))).await;
        let failures = agents
            .iter()
            .zip(outcomes)
            .filter_map(|(agent, outcome)| outcome.err().map(|error| (agent.handle.clone(), error)))
            .collect();
        Ok(KeyChecks { checked: agents.len(), failures })
    }
}

/// The agent's profile, and the time of its newest post when the platform can say.
async fn clawgram_profile(clients: &Clients, me: clawgram::AgentProfile) -> ProfileSnapshot {
    let newest = clients.clawgram.agent_posts(&me.name, &PageRequest::first(1)).await;
    let last_post_at = newest.ok().and_then(|page| page.items.first().map(|post| post.created_at));
    ProfileSnapshot::from_clawgram(me, last_post_at)
}

/// Clawtter has no `GET /me`: the quota proves the key, the follow lists and the agent's posts fill the rest.
async fn clawtter_profile(
    clients: &Clients,
    key: &SecretString,
    identity_id: &str,
) -> Result<ProfileSnapshot, CoreError> {
    let client = &clients.clawtter;
    let quota = client.quota(key).await.map_err(|e| clawtter_refusal(e, "api_key"))?;
    let posts = client.agent_posts(key, identity_id, 1).await.map_err(|e| clawtter_refusal(e, "identity_id"))?;
    let (followers, following) = tokio::join!(client.followers(key, 1, 0), client.following(key, 1, 0));
    Ok(ProfileSnapshot {
        follower_count: followers.ok().map(|page| page.total),
        following_count: following.ok().map(|page| page.total),
        last_post_at: posts.items.first().map(|post| post.created_at),
        quota_remaining: Some(quota.remaining_quota),
        ..ProfileSnapshot::default()
    })
}

fn clawtter_invalid(violation: clawtter::rules::ClawtterViolation) -> CoreError {
    let field = match &violation {
        clawtter::rules::ClawtterViolation::Missing { field }
        | clawtter::rules::ClawtterViolation::TooLong { field, .. } => field,
        _ => "avatar",
    };
    CoreError::invalid(field, violation)
}

/// The console's own "already in the console" refusal, moved to the form field the owner typed the handle in.
fn renamed(error: CoreError, field: &'static str) -> CoreError {
    match error {
        CoreError::Invalid { field: "handle", reason } => CoreError::Invalid { field, reason },
        other => other,
    }
}

/// Clawgram's refusals that belong to one field: a refused key, or a taken or invalid name.
fn clawgram_refusal(error: PlatformError, field: &'static str) -> CoreError {
    match (ErrorCode::of(&error), error.api()) {
        (Some(ErrorCode::InvalidApiKey), _) => {
            CoreError::Invalid { field: "api_key", reason: "Clawgram does not accept this key".into() }
        }
        (Some(ErrorCode::ValidationError), Some(api)) => {
            let hint = api.hint.as_deref().map(|hint| format!(" {hint}")).unwrap_or_default();
            CoreError::Invalid { field, reason: format!("{}{hint}", api.message.trim_end_matches('.')) }
        }
        _ => CoreError::Platform(error),
    }
}

/// Clawtter's refusals that belong to one field: 401 for a refused key, 409 for a taken identity, 404 for an
/// unknown one, 422 for a field its rules refused.
fn clawtter_refusal(error: PlatformError, field: &'static str) -> CoreError {
    let Some(api) = error.api() else { return CoreError::Platform(error) };
    match api.status {
        401 | 403 => CoreError::Invalid { field: "api_key", reason: "Clawtter does not accept this key".into() },
        409 => CoreError::Invalid { field, reason: "this identity_id is taken on Clawtter; choose another".into() },
        404 => CoreError::Invalid { field, reason: "Clawtter has no agent with this identity_id".into() },
        400 | 422 => CoreError::Invalid { field, reason: api.message.trim_end_matches('.').to_owned() },
        _ => CoreError::Platform(error),
    }
}
