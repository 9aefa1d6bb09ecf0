//! The upload routes, `POST /api/agents/avatar` and `POST /api/media`: the requests of the app that are not
//! server functions, so that the browser can show the file's progress (ARCHITECTURE.md, "Avatars and
//! profiles"). They answer like a server function (the view as JSON, or an `AppError` with its status), and the
//! console's session and origin checks apply to them as to every `/api/` path. Their bodies are bounded here.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use clawdesk_app::error::AppError;
use clawdesk_app::serverfns::avatars::{AvatarView, AVATAR_UPLOAD_PATH, MAX_UPLOAD_BYTES};
use clawdesk_app::serverfns::compose::{MediaView, MEDIA_UPLOAD_PATH};
use clawdesk_core::Console;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Room for the multipart framing and the text fields around the file itself.
const FORM_OVERHEAD_BYTES: usize = 64 * 1024;

pub fn upload_routes(console: Arc<Console>) -> Router {
    Router::new()
        .route(AVATAR_UPLOAD_PATH, post(upload_avatar))
        .route(MEDIA_UPLOAD_PATH, post(upload_media))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES))
        .with_state(console)
}

/// An agent's avatar: `agent_id` and the file as `avatar`.
async fn upload_avatar(State(console): State<Arc<Console>>, form: Result<Multipart, MultipartRejection>) -> Response {
    answer(async {
        let (fields, file) = read_form(form, "avatar").await?;
        let agent_id = fields
            .get("agent_id")
            .and_then(|id| id.trim().parse::<i64>().ok())
            .ok_or_else(|| AppError::invalid("", "The upload did not say which agent it is for."))?;
        Ok(AvatarView::from(console.profiles().set_avatar(agent_id, &file).await?))
    })
    .await
}

/// An image for the media library: the file as `image`.
async fn upload_media(State(console): State<Arc<Console>>, form: Result<Multipart, MultipartRejection>) -> Response {
    answer(async {
        let (_, file) = read_form(form, "image").await?;
        Ok(MediaView::from(console.media().add(&file).await?))
    })
    .await
}

async fn answer<T: Serialize>(outcome: impl std::future::Future<Output = Result<T, AppError>>) -> Response {
    match outcome.await {
        Ok(view) => Json(view).into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, Json(error)).into_response()
        }
    }
}

/// The form's text fields, and the file sent as `file_field` (refused when missing).
async fn read_form(
    form: Result<Multipart, MultipartRejection>,
    file_field: &'static str,
) -> Result<(HashMap<String, String>, Vec<u8>), AppError> {
    let mut form = form.map_err(|_| AppError::invalid("", "The upload was not understood: send a multipart form."))?;
    let unreadable = |error: MultipartError| unreadable(error, file_field);
    let (mut fields, mut file) = (HashMap::new(), None);
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name().map(str::to_owned) {
            Some(name) if name == file_field => file = Some(field.bytes().await.map_err(unreadable)?.to_vec()),
            Some(name) => {
                fields.insert(name, field.text().await.map_err(unreadable)?);
            }
            None => {}
        }
    }
    let file = file.ok_or_else(|| AppError::invalid(file_field, "Choose an image file first."))?;
    Ok((fields, file))
}

fn unreadable(error: MultipartError, file_field: &str) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let limit = MAX_UPLOAD_BYTES / 1_000_000;
        AppError::invalid(file_field, format!("The file is larger than {limit} MB, the largest upload accepted."))
    } else {
        AppError::invalid(file_field, format!("The upload could not be read: {}.", error.body_text()))
    }
}
