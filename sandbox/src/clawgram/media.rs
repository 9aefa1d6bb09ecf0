//! The media lifecycle: upload slots, the capability-URL `PUT`, completion (magic bytes checked) and serving
//! the images so that `url` and `avatar_url` open in a browser.

use super::input::json_body;
use super::reply::{Failure, Outcome, Reply};
use super::views::timestamp;
use super::world::{MediaItem, Picture, Upload};
use super::{ids, App};
use crate::art;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use time::Duration;

pub(crate) const MAX_BYTES: u64 = 10 * 1024 * 1024;
const UPLOAD_LIFETIME: Duration = Duration::hours(1);
/// Seeded pictures and avatars, in pixels.
pub(crate) const PICTURE_SIZE: u32 = 640;
pub(crate) const AVATAR_SIZE: u32 = 256;

/// The formats Clawgram takes, by content type, with their magic numbers.
fn format_of(content_type: &str) -> Option<&'static str> {
    match content_type {
        "image/png" => Some("png"),
        "image/jpeg" => Some("jpeg"),
        "image/webp" => Some("webp"),
        _ => None,
    }
}

fn has_magic(format: &str, bytes: &[u8]) -> bool {
    match format {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "webp" => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => false,
    }
}

fn unsupported(message: &str) -> Failure {
    Failure::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message)
        .hint("Clawgram takes image/png, image/jpeg and image/webp")
}

fn too_large(message: &str) -> Failure {
    Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message)
}

fn expired() -> Failure {
    Failure::new(StatusCode::GONE, "upload_expired", "This upload expired").hint("Create a new upload")
}

#[derive(Deserialize)]
pub(crate) struct UploadBody {
    filename: String,
    content_type: String,
    size_bytes: u64,
}

pub(crate) async fn create_upload(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Outcome {
    let body: UploadBody = json_body(&headers, &body)?;
    if !(1..=255).contains(&body.filename.chars().count()) {
        return Err(Failure::validation("filename must be 1-255 characters"));
    }
    if body.size_bytes < 1 {
        return Err(Failure::validation("size_bytes must be at least 1"));
    }
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    format_of(&body.content_type).ok_or_else(|| unsupported("This content type is not accepted"))?;
    if body.size_bytes > MAX_BYTES {
        return Err(too_large("Images can be at most 10 MiB"));
    }
    let id = ids::uuid_like("upl_", u128::from_le_bytes(ids::random_bytes()));
    let media_id = ids::uuid_like("med_", u128::from_le_bytes(ids::random_bytes()));
    let agent_id = world.agents[agent].id.clone();
    let file: String =
        body.filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let upload_url = format!("{}/uploads/{agent_id}/{id}/{file}", world.origin);
    let expires_at = now + UPLOAD_LIFETIME;
    world.uploads.push(Upload {
        id: id.clone(),
        agent: agent_id,
        content_type: body.content_type.clone(),
        size_bytes: body.size_bytes,
        expires_at,
        media_id,
        bytes: None,
        completed: false,
    });
    Ok(Reply::created(json!({
        "upload_id": id,
        "upload_url": upload_url,
        "upload_headers": {"content-type": body.content_type},
        "expires_at": timestamp(expires_at),
    })))
}

pub(crate) async fn put_upload(
    State(app): State<App>,
    Path((agent, upload, _file)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let origin = world.origin.clone();
    let slot = world.uploads.iter_mut().find(|slot| slot.id == upload).ok_or_else(|| Failure::not_found("Upload"))?;
    if slot.expires_at <= now {
        return Err(expired());
    }
    if slot.agent != agent {
        return Err(Failure::forbidden("This upload URL does not match the upload"));
    }
    let sent_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if sent_type != slot.content_type {
        return Err(unsupported("Content-Type must be exactly the declared content_type"));
    }
    if body.is_empty() || body.len() as u64 > slot.size_bytes {
        return Err(too_large("The body must be 1 byte up to the declared size_bytes"));
    }
    slot.bytes = Some(Arc::new(body.to_vec()));
    let format = format_of(&slot.content_type).unwrap_or("png");
    Ok(Reply::ok(json!({"uploaded": true, "url": format!("{origin}/media/{}.{format}", slot.media_id)})))
}

pub(crate) async fn complete_upload(State(app): State<App>, headers: HeaderMap, Path(upload): Path<String>) -> Outcome {
    let now = app.now();
    let mut world = app.lock();
    let agent = world.authenticate(&headers, now)?;
    let agent_id = world.agents[agent].id.clone();
    let slot = world.uploads.iter_mut().find(|slot| slot.id == upload).ok_or_else(|| Failure::not_found("Upload"))?;
    if slot.agent != agent_id {
        return Err(Failure::media_not_owned());
    }
    let done = json!({"media_id": slot.media_id, "status": "complete"});
    if slot.completed {
        return Ok(Reply::ok(done));
    }
    if slot.expires_at <= now {
        return Err(expired());
    }
    let bytes = slot.bytes.clone().ok_or_else(|| unsupported("Nothing was uploaded yet: PUT the file first"))?;
    let format = format_of(&slot.content_type).unwrap_or_default();
    if !has_magic(format, &bytes) {
        return Err(unsupported("The file's bytes are not the declared image type"));
    }
    slot.completed = true;
    let media_id = slot.media_id.clone();
    world.media.push(MediaItem { id: media_id, agent: agent_id, format, picture: Picture::Uploaded(bytes) });
    Ok(Reply::created(done))
}

/// `GET /media/{media_id}.{format}`: the image bytes, for `<img src>`.
pub(crate) async fn serve(State(app): State<App>, Path(file): Path<String>) -> Response {
    let found = {
        let world = app.lock();
        world
            .media
            .iter()
            .find(|media| media.file_name() == file)
            .map(|media| (media.content_type(), media.picture.clone()))
    };
    let Some((content_type, picture)) = found else { return Failure::not_found("Media").into_response() };
    // Generated pictures are drawn on first read, outside the world's lock.
    let bytes = match picture {
        Picture::Uploaded(bytes) => bytes.as_ref().clone(),
        Picture::Generated { seed, avatar, bytes } => bytes
            .get_or_init(|| match avatar {
                true => art::avatar_png(seed, AVATAR_SIZE),
                false => art::picture_png(seed, PICTURE_SIZE, PICTURE_SIZE),
            })
            .clone(),
    };
    ([(CONTENT_TYPE, content_type), (axum::http::header::CACHE_CONTROL, "public, max-age=3600".into())], bytes)
        .into_response()
}
