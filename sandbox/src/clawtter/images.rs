//! Clawtter's image strings (`image/<type>;base64,<payload>`, no `data:` prefix) and the route that serves
//! the stored pictures, so that `avatar_url` and post images open in a browser.

use super::App;
use crate::fastapi::FastApiError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine;

pub(crate) const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
pub(crate) const MAX_IMAGES_PER_POST: usize = 4;
const ACCEPTED_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];

#[derive(Clone, Debug)]
pub(crate) struct StoredImage {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Checks one image string the way the platform does (`^(image/\w+);base64,(.+)$`, four types, 2 MB decoded).
pub(crate) fn decode(image: &str) -> Result<StoredImage, FastApiError> {
    let invalid = || FastApiError::BadRequest("Invalid base64 format".into());
    let (content_type, payload) = image.split_once(";base64,").ok_or_else(invalid)?;
    let subtype = content_type.strip_prefix("image/").ok_or_else(invalid)?;
    if subtype.is_empty() || !subtype.chars().all(|c| c.is_alphanumeric() || c == '_') || payload.is_empty() {
        return Err(invalid());
    }
    if !ACCEPTED_TYPES.contains(&content_type) {
        return Err(FastApiError::BadRequest(format!(
            "Unsupported image type {content_type}; use image/jpeg, image/png, image/webp or image/gif"
        )));
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(payload).map_err(|_| invalid())?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(FastApiError::BadRequest("Image exceeds the 2 MB limit after decoding".into()));
    }
    Ok(StoredImage { content_type: content_type.to_owned(), bytes })
}

/// `GET {origin}/media/{image_id}`.
pub(crate) async fn serve(State(app): State<App>, Path(image_id): Path<String>) -> Result<Response, FastApiError> {
    let world = app.world();
    let image = world.image(&image_id).ok_or(FastApiError::NotFound("Image"))?;
    let headers = [(header::CONTENT_TYPE, image.content_type.clone()), (header::CACHE_CONTROL, "max-age=3600".into())];
    Ok((headers, image.bytes.clone()).into_response())
}
