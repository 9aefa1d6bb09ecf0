//! The composer's server functions: the media library, checking and creating a post for many agents (now, at a
//! time the owner typed in their zone, or in each agent's next slot), reading a typed time on a DST change day,
//! and the pace warnings. The composer's agents are `agents::list_agents`; which of them can post is
//! [`posting_block`], read from the same view. Image uploads are a route of their own, like avatars'
//! (`server/src/uploads.rs`): what both halves share of it is here.

use crate::error::AppError;
use crate::serverfns::agents::AgentView;
use clawdesk_platforms::draft::{DraftField, ImageFacts};
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Where the browser posts an image for the library: a multipart form with the file as `image`.
pub const MEDIA_UPLOAD_PATH: &str = "/api/media";
/// Where the console's pages read a library image (`/api/media/{id}`), with the owner's session.
pub const MEDIA_PATH: &str = "/api/media/";

/// One image of the media library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MediaView {
    pub id: i64,
    /// Where the console's pages show it.
    pub url: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub byte_size: i64,
}

impl MediaView {
    /// What the platforms' rules look at.
    pub fn facts(&self) -> ImageFacts {
        ImageFacts { content_type: self.content_type.clone(), byte_size: self.byte_size.unsigned_abs() }
    }

    /// e.g. "1200 × 900 JPEG, 212 KB".
    pub fn summary(&self) -> String {
        let format = self.content_type.trim_start_matches("image/").to_ascii_uppercase();
        format!("{} × {} {format}, {} KB", self.width, self.height, self.byte_size.unsigned_abs().div_ceil(1000))
    }
}

/// Why the agent cannot post now, or `None` when it can: Clawgram's avatar gate, a missing or refused key.
/// A Clawgram claim still pending does not stop posting; the page shows it beside the agent.
pub fn posting_block(agent: &AgentView) -> Option<&'static str> {
    use crate::serverfns::agents::KeyHealthView;
    if agent.platform != Platform::Threads && agent.key_fingerprint.is_none() {
        Some("No key in the console")
    } else if agent.health == KeyHealthView::Fails {
        Some("Its key was refused; import a working one")
    } else if agent.platform == Platform::Clawgram && agent.avatar_url.is_none() {
        Some("No avatar: Clawgram blocks its posts")
    } else {
        None
    }
}

/// What the owner wrote, once for every target.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftInput {
    pub text: String,
    /// Clawgram's hashtags, without `#`.
    pub hashtags: Vec<String>,
    pub alt_text: Option<String>,
    pub sensitive: bool,
    pub owner_influenced: bool,
    /// Library images, in order.
    pub media_ids: Vec<i64>,
    /// Public image URLs, for a Threads backend that cannot fetch images from the console.
    #[serde(default)]
    pub image_urls: Vec<String>,
}

/// Which of the two instants of a time a fall-back change repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FoldChoice {
    /// The first time the clock shows it (summer time).
    Earlier,
    /// The second time (winter time).
    Later,
}

/// When the post goes out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenInput {
    Now,
    /// A wall-clock time (`2026-03-29T09:30`) in the IANA `zone`; `fold` only for a time that happens twice.
    At {
        local: String,
        zone: String,
        fold: Option<FoldChoice>,
    },
    /// Each agent's next free posting slot.
    NextSlot,
}

/// A UTC instant, with how the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstantView {
    pub unix: i64,
    /// e.g. "2026-11-01 05:30 UTC".
    pub utc: String,
}

/// What a typed wall-clock time is in the owner's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalTimeView {
    Once(InstantView),
    /// A fall-back change repeats it: the owner must say which.
    Twice {
        earlier: InstantView,
        later: InstantView,
    },
    /// A spring-forward change skips it.
    Never {
        message: String,
    },
}

/// One rule one target breaks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViolationView {
    pub agent_id: i64,
    pub handle: String,
    pub platform: Platform,
    pub field: DraftField,
    pub message: String,
}

/// One target of a created post: when it is due, and what has become of it so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostTargetView {
    pub target_id: i64,
    pub agent_id: i64,
    pub handle: String,
    pub platform: Platform,
    pub due: InstantView,
    /// The state in words: "scheduled", "sending", "sent", "pending review", …
    pub state: String,
    /// Whether the dispatcher is done with it for now (neither waiting nor sending).
    pub settled: bool,
    /// The post on its platform, once sent.
    pub post_url: Option<String>,
    /// Why it failed, as the platform said it.
    pub error: Option<String>,
}

/// What creating a post did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedView {
    pub post_id: i64,
    pub targets: Vec<PostTargetView>,
}

/// An agent whose pace will not let it keep the chosen time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaceWarningView {
    pub agent_id: i64,
    pub earliest: InstantView,
}

/// The owner's IANA time zone from Settings, or `None` when none was saved (the page then uses the browser's).
#[server(endpoint = "compose/time-zone")]
pub async fn saved_time_zone() -> Result<Option<String>, AppError> {
    Ok(super::console()?.publishing().saved_time_zone().await?)
}

/// How a Threads backend gets the post's images: from the console's own links when it runs on this machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadsImagesView {
    /// The backend's address.
    pub backend: String,
    pub on_this_machine: bool,
}

#[server(endpoint = "compose/threads-images")]
pub async fn threads_images() -> Result<ThreadsImagesView, AppError> {
    let connections = super::console()?.connections().clone();
    Ok(ThreadsImagesView {
        backend: connections.endpoints().threads,
        on_this_machine: connections.threads_on_this_machine(),
    })
}

/// What the Threads backend's assistant answered, and the posts it queued on its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistantView {
    pub reply: Option<String>,
    /// The backend's ids of the jobs its `enqueue_post` tool queued.
    pub queued_jobs: Vec<String>,
}

/// Sends `prompt` through the Threads backend's `assistant/chat` for the tenant in Settings.
#[server(endpoint = "compose/assistant")]
pub async fn ask_assistant(prompt: String) -> Result<AssistantView, AppError> {
    let reply = super::console()?.assistant().ask(&prompt).await?;
    Ok(AssistantView {
        reply: reply.reply,
        queued_jobs: reply.tool_calls.into_iter().filter_map(|call| call.job_id).collect(),
    })
}

/// The media library, newest first.
#[server(endpoint = "compose/media")]
pub async fn list_media() -> Result<Vec<MediaView>, AppError> {
    Ok(super::console()?.media().list().await?.into_iter().map(MediaView::from).collect())
}

/// What `local` in `zone` is: one instant, two (the owner chooses), or none.
#[server(endpoint = "compose/local-time", input = Json)]
pub async fn read_local_time(local: String, zone: String) -> Result<LocalTimeView, AppError> {
    use clawdesk_core::LocalTimeError;
    Ok(match clawdesk_core::to_utc(&local, &zone, None) {
        Ok(at) => LocalTimeView::Once(at.into()),
        Err(LocalTimeError::Repeated { earlier, later, .. }) => {
            LocalTimeView::Twice { earlier: earlier.into(), later: later.into() }
        }
        Err(skipped @ LocalTimeError::Skipped { .. }) => LocalTimeView::Never { message: skipped.to_string() },
        Err(other) => return Err(AppError::invalid("when", other.to_string())),
    })
}

/// Every rule the draft breaks for each agent, as the server checks it (the page checks the same as it types).
#[server(endpoint = "compose/check", input = Json)]
pub async fn check_post(draft: DraftInput, agent_ids: Vec<i64>) -> Result<Vec<ViolationView>, AppError> {
    let violations = super::console()?.publishing().check(&draft.into(), &agent_ids).await?;
    Ok(violations.into_iter().map(ViolationView::from).collect())
}

/// Creates the post for every agent in `agent_ids`, due `when`; refused whole if any target breaks a rule.
#[server(endpoint = "compose/create", input = Json)]
pub async fn create_post(draft: DraftInput, agent_ids: Vec<i64>, when: WhenInput) -> Result<CreatedView, AppError> {
    let console = super::console()?;
    let post_id = console.publishing().create(draft.into(), &agent_ids, when.instant()?).await?;
    Ok(CreatedView { post_id, targets: targets_of(&console, post_id).await? })
}

/// What has become of each target of the post so far.
#[server(endpoint = "compose/post-targets")]
pub async fn post_targets(post_id: i64) -> Result<Vec<PostTargetView>, AppError> {
    targets_of(&*super::console()?, post_id).await
}

#[cfg(feature = "ssr")]
async fn targets_of(console: &clawdesk_core::Console, post_id: i64) -> Result<Vec<PostTargetView>, AppError> {
    use clawdesk_core::TargetState;
    let filter = clawdesk_core::TargetFilter { post_id: Some(post_id), ..Default::default() };
    let targets = console.publishing().targets(filter).await?;
    Ok(targets
        .into_iter()
        .map(|target| PostTargetView {
            target_id: target.id,
            agent_id: target.agent_id,
            handle: target.handle,
            platform: target.platform,
            due: target.due_at.into(),
            state: target.state.to_string().replace('_', " "),
            settled: !matches!(target.state, TargetState::Scheduled | TargetState::Sending),
            post_url: target.platform_post_url,
            error: target.error.map(|error| error.message),
        })
        .collect())
}

/// The agents whose pace will delay a post due `when`, and until when.
#[server(endpoint = "compose/pace", input = Json)]
pub async fn pace_warnings(agent_ids: Vec<i64>, when: WhenInput) -> Result<Vec<PaceWarningView>, AppError> {
    let at = match when.instant()? {
        clawdesk_core::When::At(at) => at,
        clawdesk_core::When::Now => time::OffsetDateTime::now_utc(),
        // A slot is chosen free of the agent's other posts.
        clawdesk_core::When::NextSlot => return Ok(Vec::new()),
    };
    let warnings = super::console()?.publishing().pace_warnings(&agent_ids, at).await?;
    Ok(warnings
        .into_iter()
        .map(|warning| PaceWarningView { agent_id: warning.agent_id, earliest: warning.earliest.into() })
        .collect())
}

#[cfg(feature = "ssr")]
impl WhenInput {
    fn instant(self) -> Result<clawdesk_core::When, AppError> {
        use clawdesk_core::{Fold, When};
        Ok(match self {
            WhenInput::Now => When::Now,
            WhenInput::NextSlot => When::NextSlot,
            WhenInput::At { local, zone, fold } => {
                let fold = fold.map(|fold| match fold {
                    FoldChoice::Earlier => Fold::Earlier,
                    FoldChoice::Later => Fold::Later,
                });
                When::At(
                    clawdesk_core::to_utc(&local, &zone, fold).map_err(|e| AppError::invalid("when", e.to_string()))?,
                )
            }
        })
    }
}

#[cfg(feature = "ssr")]
impl From<DraftInput> for clawdesk_core::Draft {
    fn from(draft: DraftInput) -> clawdesk_core::Draft {
        clawdesk_core::Draft {
            text: draft.text,
            hashtags: draft.hashtags,
            alt_text: draft.alt_text,
            sensitive: draft.sensitive,
            owner_influenced: draft.owner_influenced,
            media_ids: draft.media_ids,
            image_urls: draft.image_urls,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<clawdesk_core::MediaItem> for MediaView {
    fn from(item: clawdesk_core::MediaItem) -> MediaView {
        MediaView {
            url: format!("{MEDIA_PATH}{}", item.id),
            id: item.id,
            content_type: item.content_type,
            width: item.width,
            height: item.height,
            byte_size: item.byte_size,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<time::OffsetDateTime> for InstantView {
    fn from(at: time::OffsetDateTime) -> InstantView {
        let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
        InstantView { unix: at.unix_timestamp(), utc: at.format(&format).unwrap_or_else(|_| at.to_string()) }
    }
}

#[cfg(feature = "ssr")]
impl From<clawdesk_core::TargetViolation> for ViolationView {
    fn from(violation: clawdesk_core::TargetViolation) -> ViolationView {
        ViolationView {
            agent_id: violation.agent_id,
            handle: violation.handle,
            platform: violation.platform,
            field: violation.field,
            message: violation.message,
        }
    }
}
