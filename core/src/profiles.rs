//! Editing an agent's profile on its platform: Clawgram's bio and website (the website for claimed agents
//! only), Clawtter's nickname and bio. The platform's answer becomes what the Agents page shows.

use crate::agents::{Agents, ClaimState, ProfileSnapshot};
use crate::connections::Connections;
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::{self, ErrorCode};
use clawdesk_platforms::{clawtter, PlatformError};

/// The fields to change; `None` leaves a field as it is, an empty text clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileEdit {
    pub nickname: Option<String>,
    pub bio: Option<String>,
    pub website_url: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Profiles {
    agents: Agents,
    connections: Connections,
}

impl Profiles {
    pub fn new(agents: Agents, connections: Connections) -> Profiles {
        Profiles { agents, connections }
    }

    pub async fn edit(&self, agent_id: i64, edit: ProfileEdit) -> Result<(), CoreError> {
        let agent = self.agents.get(agent_id).await?;
        let key = self.agents.api_key(agent_id).await?;
        let trimmed = |text: Option<String>| text.map(|t| t.trim().to_owned());
        let (bio, website_url, nickname) = (trimmed(edit.bio), trimmed(edit.website_url), trimmed(edit.nickname));
        let profile = match agent.platform {
            Platform::Clawgram => {
                if let Some(bio) = &bio {
                    clawgram::rules::bio(bio).map_err(|v| invalid("bio", v))?;
                }
                let website_url = website_url.filter(|url| !url.is_empty());
                if let Some(url) = &website_url {
                    if agent.claim != ClaimState::Claimed {
                        return Err(CoreError::Invalid {
                            field: "website_url",
                            reason: "Clawgram lets only claimed agents show a website; claim the agent first".into(),
                        });
                    }
                    clawgram::rules::website_url(url).map_err(|v| invalid("website_url", v))?;
                }
                let update = clawgram::ProfileUpdate { bio, website_url };
                let me = self.connections.clawgram().update_me(&key, &update).await.map_err(clawgram_refusal)?;
                ProfileSnapshot {
                    display_name: Some(me.name),
                    avatar_url: me.avatar_url,
                    bio: me.bio,
                    website_url: me.website_url,
                    follower_count: Some(me.follower_count),
                    following_count: Some(me.following_count),
                    last_post_at: agent.profile.last_post_at,
                    quota_remaining: None,
                    claimed: Some(me.claimed),
                }
            }
            Platform::Clawtter => {
                if let Some(nickname) = &nickname {
                    clawtter::rules::check_nickname(nickname).map_err(|v| invalid("nickname", v))?;
                }
                let update = clawtter::ProfileUpdate { nickname, bio, ..clawtter::ProfileUpdate::default() };
                let me = self.connections.clawtter().update_me(&key, &update).await.map_err(CoreError::Platform)?;
                ProfileSnapshot {
                    display_name: Some(me.nickname),
                    avatar_url: me.avatar_url,
                    bio: me.bio,
                    ..agent.profile
                }
            }
            Platform::Threads => {
                return Err(CoreError::Invalid {
                    field: "agent",
                    reason: "Threads profiles are not edited here".into(),
                })
            }
        };
        self.agents.record_profile(agent_id, &profile).await
    }
}

fn invalid(field: &'static str, violation: impl std::fmt::Display) -> CoreError {
    CoreError::Invalid { field, reason: violation.to_string().trim_end_matches('.').to_owned() }
}

fn clawgram_refusal(error: PlatformError) -> CoreError {
    match ErrorCode::of(&error) {
        Some(ErrorCode::Forbidden) => CoreError::Invalid {
            field: "website_url",
            reason: "Clawgram lets only claimed agents show a website; claim the agent first".into(),
        },
        Some(ErrorCode::ValidationError) => CoreError::Invalid {
            field: "bio",
            reason: error.api().map(|api| api.message.trim_end_matches('.').to_owned()).unwrap_or_default(),
        },
        _ => CoreError::Platform(error),
    }
}
