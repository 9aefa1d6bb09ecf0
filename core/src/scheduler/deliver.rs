//! Sending one target's post to its platform, and reading the platform back: whether an attempt whose answer
//! was lost made it there, and how Clawtter's moderators decided.

use super::Job;
use crate::connection_settings::ConnectionSettings;
use crate::connections::Clients;
use crate::images::{prepare_post_image, PostImageTarget};
use crate::media::MediaLibrary;
use crate::{CoreError, Platform};
use clawdesk_platforms::clawtter::ModerationStatus;
use clawdesk_platforms::threads::{QueueAccess, ThreadsPost};
use clawdesk_platforms::{clawgram, clawtter, PlatformError};
use secrecy::SecretString;
use time::OffsetDateTime;

/// How far a platform's clock may be from ours when matching a post to the attempt that made it.
const CLOCK_SLACK_SECONDS: i64 = 120;
/// How many of the agent's latest posts are read to find one.
const RECENT_POSTS: u32 = 50;

/// The platform took the post.
#[derive(Debug)]
pub(crate) enum Delivered {
    Published {
        post_id: String,
    },
    /// Clawtter: accepted, waiting for moderation; `quota_left` is what the answer said of the hour's quota.
    InReview {
        post_id: String,
        quota_left: Option<u32>,
    },
    /// Clawtter's moderators already refused it.
    Refused {
        post_id: String,
    },
}

/// Why a send did not go through; `creating` is whether the failing call was the one that creates the post.
#[derive(Debug)]
pub(crate) enum SendFailure {
    Platform {
        error: PlatformError,
        creating: bool,
    },
    /// Something on our side (no key, an image that cannot be read): nothing was sent.
    Console(CoreError),
}

impl From<CoreError> for SendFailure {
    fn from(error: CoreError) -> Self {
        SendFailure::Console(error)
    }
}

fn before_creating(error: PlatformError) -> SendFailure {
    SendFailure::Platform { error, creating: false }
}

fn creating(error: PlatformError) -> SendFailure {
    SendFailure::Platform { error, creating: true }
}

/// Sends `job`'s post as the agent whose key is `key`.
pub(crate) async fn send(
    clients: &Clients,
    media: &MediaLibrary,
    settings: &ConnectionSettings,
    key: Option<&SecretString>,
    job: &Job,
) -> Result<Delivered, SendFailure> {
    match job.platform {
        Platform::Clawgram => {
            let key = agent_key(key, job)?;
            let mut images = Vec::with_capacity(job.media_ids.len());
            for &media_id in &job.media_ids {
                let image = prepare_post_image(&media.bytes(media_id).await?, PostImageTarget::Clawgram)
                    .map_err(|e| CoreError::invalid("images", e))?;
                let name = format!("image-{media_id}.{}", image.extension);
                let uploaded = clawgram_upload(clients, key, &name, image.content_type, image.bytes).await?;
                images.push(clawgram::MediaRef { media_id: uploaded });
            }
            let post = clawgram::NewPost {
                images,
                caption: Some(job.text.clone()).filter(|text| !text.trim().is_empty()),
                hashtags: job.hashtags.clone(),
                alt_text: job.alt_text.clone(),
                sensitive: job.sensitive,
                owner_influenced: job.owner_influenced,
            };
            let created = clients.clawgram.create_post(key, &post).await.map_err(creating)?;
            Ok(Delivered::Published { post_id: created.id })
        }
        Platform::Clawtter => {
            let key = agent_key(key, job)?;
            let mut images = Vec::with_capacity(job.media_ids.len());
            for &media_id in &job.media_ids {
                // The library keeps what Clawgram takes (up to 10 MiB); Clawtter takes 2 MiB at most.
                let image = prepare_post_image(&media.bytes(media_id).await?, PostImageTarget::Clawtter)
                    .map_err(|e| CoreError::invalid("images", e))?;
                let payload = clawtter::rules::image_payload(image.content_type, &image.bytes)
                    .map_err(|e| CoreError::invalid("images", e))?;
                images.push(payload);
            }
            let post = clawtter::NewPost::original(job.text.clone()).with_images(images);
            let accepted = clients.clawtter.create_post(key, &post).await.map_err(creating)?;
            Ok(match accepted.status {
                ModerationStatus::Approved => Delivered::Published { post_id: accepted.post_id },
                ModerationStatus::Rejected => Delivered::Refused { post_id: accepted.post_id },
                _ => Delivered::InReview { post_id: accepted.post_id, quota_left: accepted.quota_remaining },
            })
        }
        Platform::Threads => {
            let credentials = settings.threads_credentials().await?;
            let secret = credentials.queue_secret.ok_or_else(|| {
                CoreError::invalid("queue_secret", "the Threads backend's queue secret is not set in Settings")
            })?;
            let images = threads_image_links(clients, media, job)?;
            let post = ThreadsPost { message: job.text.clone(), images, ..ThreadsPost::default() };
            let published = clients.threads.publish(&secret, &credentials.tenant_id, &post).await.map_err(creating)?;
            let post_id = published.job_id.unwrap_or_else(|| format!("accepted-{}", job.target_id));
            Ok(Delivered::Published { post_id })
        }
    }
}

/// Capability links the backend fetches the post's images from; only a backend on this machine can reach them.
fn threads_image_links(clients: &Clients, media: &MediaLibrary, job: &Job) -> Result<Vec<String>, CoreError> {
    if job.media_ids.is_empty() {
        return Ok(Vec::new());
    }
    if !clients.threads_on_this_machine() {
        let backend = clients.threads.base_url().origin();
        return Err(CoreError::invalid(
            "images",
            format!("the Threads backend at {backend} is not on this machine, so it cannot fetch the console's images"),
        ));
    }
    job.media_ids
        .iter()
        .map(|&id| {
            media.links().issue(id).ok_or_else(|| CoreError::Internal("the console serves no image links".into()))
        })
        .collect()
}

/// The agent's key: Clawgram and Clawtter need one; the Threads backend is reached with the queue secret.
fn agent_key<'k>(key: Option<&'k SecretString>, job: &Job) -> Result<&'k SecretString, CoreError> {
    key.ok_or(CoreError::NotFound { what: "API key for agent", id: job.agent_id })
}

async fn clawgram_upload(
    clients: &Clients,
    key: &SecretString,
    name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> Result<String, SendFailure> {
    let completed = clients.clawgram.upload_image(key, name, content_type, bytes).await.map_err(before_creating)?;
    Ok(completed.media_id)
}

/// What reading the platform found for an attempt whose answer is unknown.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// The post is there: its id, and for Clawtter whether moderation is still to come or refused it.
    Posted {
        post_id: String,
        review: Option<ModerationStatus>,
    },
    NotPosted,
    /// The platform cannot be asked (a Threads backend that does not expose its queue).
    CannotTell(String),
}

/// Looks among the agent's latest posts for the one this attempt would have made: same text (and image
/// count on Clawgram), made no earlier than the attempt, and not already another target's post.
pub(crate) async fn find(
    clients: &Clients,
    settings: &ConnectionSettings,
    key: Option<&SecretString>,
    job: &Job,
    known_post_ids: &[String],
) -> Result<Found, CoreError> {
    let since = job.attempt_started_at.unwrap_or(0) - CLOCK_SLACK_SECONDS;
    let fresh = |id: &str, at: OffsetDateTime| at.unix_timestamp() >= since && !known_post_ids.iter().any(|k| k == id);
    let found = match job.platform {
        Platform::Clawgram => {
            let page = clients.clawgram.agent_posts(&job.handle, &clawgram::PageRequest::first(RECENT_POSTS)).await?;
            let caption = Some(job.text.as_str()).filter(|text| !text.trim().is_empty());
            page.items
                .into_iter()
                .find(|post| {
                    post.caption.as_deref().map(str::trim) == caption.map(str::trim)
                        && post.images.len() == job.media_ids.len()
                        && fresh(&post.id, post.created_at)
                })
                .map(|post| Found::Posted { post_id: post.id, review: None })
        }
        Platform::Clawtter => {
            let posts = clients.clawtter.agent_posts(agent_key(key, job)?, &job.handle, RECENT_POSTS).await?;
            posts
                .items
                .into_iter()
                .find(|post| same_start(&job.text, &post.content_preview) && fresh(&post.post_id, post.created_at))
                .map(|post| Found::Posted { post_id: post.post_id, review: Some(post.moderation_status) })
        }
        Platform::Threads => {
            let tenant_id = settings.threads_credentials().await?.tenant_id;
            match clients.threads.jobs(&tenant_id).await? {
                QueueAccess::NotExposed => {
                    return Ok(Found::CannotTell(
                        "the Threads backend does not show its queue; look there and mark this post resolved".into(),
                    ))
                }
                QueueAccess::Protected => {
                    return Ok(Found::CannotTell(
                        "the Threads backend protects its queue; look there and mark this post resolved".into(),
                    ))
                }
                QueueAccess::Exposed(jobs) => jobs
                    .into_iter()
                    .find(|queued| {
                        queued.message == job.text
                            && fresh(&queued.id, queued.created_at.unwrap_or(OffsetDateTime::UNIX_EPOCH))
                    })
                    .map(|queued| Found::Posted { post_id: queued.id, review: None }),
            }
        }
    };
    Ok(found.unwrap_or(Found::NotPosted))
}

/// Clawtter lists a preview of each post's content: the text must begin with it (less a trailing ellipsis).
fn same_start(text: &str, preview: &str) -> bool {
    let preview = preview.trim_end_matches(['…', '.']).trim_end();
    !preview.is_empty() && text.trim().starts_with(preview)
}

/// Clawtter's moderation decision on one of the agent's own posts, read from its list of posts.
pub(crate) async fn review(
    clients: &Clients,
    key: Option<&SecretString>,
    job: &Job,
) -> Result<Option<ModerationStatus>, CoreError> {
    let post_id = job.platform_post_id.as_deref().unwrap_or_default();
    let posts = clients.clawtter.agent_posts(agent_key(key, job)?, &job.handle, RECENT_POSTS).await?;
    Ok(posts.items.into_iter().find(|post| post.post_id == post_id).map(|post| post.moderation_status))
}

#[cfg(test)]
mod tests {
    use super::same_start;

    #[test]
    fn a_clawtter_preview_matches_the_text_it_was_cut_from() {
        assert!(same_start("Low tide at dawn, and the pools are full of crabs", "Low tide at dawn, and the…"));
        assert!(same_start("Short one", "Short one"));
        assert!(!same_start("Another post", "Low tide at dawn"));
        assert!(!same_start("Anything", "…"));
    }
}
