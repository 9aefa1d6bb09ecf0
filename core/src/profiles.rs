//! An agent's profile on its platform: Clawgram's bio and website (the website for claimed agents only),
//! Clawtter's nickname and bio, and the avatar on both (set from an upload, or removed on Clawgram). The
//! platform's answer becomes what the Agents page shows.

use crate::agents::{AgentKey, AgentSummary, Agents, ClaimState, ProfileSnapshot};
use crate::connections::Clients;
use crate::images::{prepare_avatar_off_the_workers, AvatarTarget, PreparedImage};
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

/// The avatar an agent now has, and what the console made of the uploaded file to get there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvatarSet {
    pub platform: Platform,
    pub avatar_url: Option<String>,
    /// e.g. `image/jpeg`.
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub size_bytes: usize,
    /// Whether the file had to be resized or re-encoded for the platform.
    pub converted: bool,
}

#[derive(Clone, Debug)]
pub struct Profiles {
    agents: Agents,
}

impl Profiles {
    pub fn new(agents: Agents) -> Profiles {
        Profiles { agents }
    }

    pub async fn edit(&self, agent_id: i64, edit: ProfileEdit) -> Result<(), CoreError> {
        let agent = self.agents.get(agent_id).await?;
        let AgentKey { key, clients } = self.agents.api_key(agent_id).await?;
        let trimmed = |text: Option<String>| text.map(|t| t.trim().to_owned());
        let (bio, website_url, nickname) = (trimmed(edit.bio), trimmed(edit.website_url), trimmed(edit.nickname));
        let profile = match agent.platform {
            Platform::Clawgram => {
                if let Some(bio) = &bio {
                    clawgram::rules::bio(bio).map_err(|v| CoreError::invalid("bio", v))?;
                }
                let website_url = website_url.filter(|url| !url.is_empty());
                if let Some(url) = &website_url {
                    if agent.claim != ClaimState::Claimed {
                        return Err(CoreError::Invalid {
                            field: "website_url",
                            reason: "Clawgram lets only claimed agents show a website; claim the agent first".into(),
                        });
                    }
                    clawgram::rules::website_url(url).map_err(|v| CoreError::invalid("website_url", v))?;
                }
                let update = clawgram::ProfileUpdate { bio, website_url };
                let me = clients.clawgram.update_me(&key, &update).await.map_err(clawgram_refusal)?;
                ProfileSnapshot::from_clawgram(me, agent.profile.last_post_at)
            }
            Platform::Clawtter => {
                if let Some(nickname) = &nickname {
                    clawtter::rules::check_nickname(nickname).map_err(|v| CoreError::invalid("nickname", v))?;
                }
                let update = clawtter::ProfileUpdate { nickname, bio, ..clawtter::ProfileUpdate::default() };
                let me = clients.clawtter.update_me(&key, &update).await.map_err(CoreError::Platform)?;
                agent.profile.with_clawtter(me)
            }
            Platform::Threads => return Err(no_profile()),
        };
        self.agents.record_profile(agent_id, &profile).await
    }

    /// Checks the uploaded file, converts it to what the agent's platform takes and makes it the agent's avatar.
    pub async fn set_avatar(&self, agent_id: i64, upload: &[u8]) -> Result<AvatarSet, CoreError> {
        let agent = self.agents.get(agent_id).await?;
        let target = match agent.platform {
            Platform::Clawgram => AvatarTarget::Clawgram,
            Platform::Clawtter => AvatarTarget::Clawtter,
            Platform::Threads => return Err(no_profile()),
        };
        let image = prepare_avatar_off_the_workers(upload.to_vec(), target).await?;
        let (content_type, width, height) = (image.content_type, image.width, image.height);
        let (size_bytes, converted) = (image.bytes.len(), image.bytes != upload);
        let AgentKey { key, clients } = self.agents.api_key(agent_id).await?;
        let profile = match target {
            AvatarTarget::Clawgram => {
                let client = &clients.clawgram;
                let filename = format!("avatar.{}", image.extension);
                let media = client
                    .upload_image(&key, &filename, content_type, image.bytes)
                    .await
                    .map_err(CoreError::Platform)?;
                let me = client.set_avatar(&key, &media.media_id).await.map_err(CoreError::Platform)?;
                ProfileSnapshot::from_clawgram(me, agent.profile.last_post_at)
            }
            AvatarTarget::Clawtter => set_clawtter_avatar(&clients, &agent, &key, &image).await?,
        };
        self.agents.record_profile(agent_id, &profile).await?;
        Ok(AvatarSet {
            platform: agent.platform,
            avatar_url: profile.avatar_url,
            content_type,
            width,
            height,
            size_bytes,
            converted,
        })
    }

    /// Removes a Clawgram agent's avatar; until a new one is set, Clawgram refuses its posts, comments, likes
    /// and follows. Clawtter has no way to remove one.
    pub async fn remove_avatar(&self, agent_id: i64) -> Result<(), CoreError> {
        let agent = self.agents.get(agent_id).await?;
        if agent.platform != Platform::Clawgram {
            return Err(CoreError::Invalid {
                field: "avatar",
                reason: format!("{} has no way to remove an avatar; upload another one instead", agent.platform),
            });
        }
        let AgentKey { key, clients } = self.agents.api_key(agent_id).await?;
        let me = clients.clawgram.delete_avatar(&key).await.map_err(CoreError::Platform)?;
        self.agents.record_profile(agent_id, &ProfileSnapshot::from_clawgram(me, agent.profile.last_post_at)).await
    }
}

async fn set_clawtter_avatar(
    clients: &Clients,
    agent: &AgentSummary,
    key: &secrecy::SecretString,
    image: &PreparedImage,
) -> Result<ProfileSnapshot, CoreError> {
    let payload = clawtter::rules::image_payload(image.content_type, &image.bytes)
        .map_err(|v| CoreError::invalid("avatar", v))?;
    let update = clawtter::ProfileUpdate { avatar_base64: Some(payload), ..clawtter::ProfileUpdate::default() };
    let me = clients.clawtter.update_me(key, &update).await.map_err(CoreError::Platform)?;
    Ok(agent.profile.clone().with_clawtter(me))
}

fn no_profile() -> CoreError {
    CoreError::Invalid { field: "agent", reason: "Threads profiles are not edited here".into() }
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
