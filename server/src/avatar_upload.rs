//! The avatar upload route, `POST /api/agents/avatar`: the one request of the app that is not a server function,
//! so that the browser can show the file's progress (ARCHITECTURE.md, "Avatars and profiles"). It answers like a
//! server function (the view as JSON, or an `AppError` with its status), and the console's session and origin
//! checks apply to it as to every `/api/` path. Its body is bounded here.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use clawdesk_app::error::AppError;
use clawdesk_app::serverfns::avatars::{AvatarView, AVATAR_UPLOAD_PATH, MAX_UPLOAD_BYTES};
use clawdesk_core::Console;
use std::sync::Arc;

/// Room for the multipart framing and the `agent_id` field around the file itself.
const FORM_OVERHEAD_BYTES: usize = 64 * 1024;

pub fn avatar_upload_routes(console: Arc<Console>) -> Router {
    Router::new()
        .route(AVATAR_UPLOAD_PATH, post(upload_avatar))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES))
        .with_state(console)
}

async fn upload_avatar(State(console): State<Arc<Console>>, form: Result<Multipart, MultipartRejection>) -> Response {
    let outcome = async {
        let form = form.map_err(|_| AppError::invalid("", "The upload was not understood: send a multipart form."))?;
        let (agent_id, file) = read_form(form).await?;
        Ok::<_, AppError>(AvatarView::from(console.profiles().set_avatar(agent_id, &file).await?))
    };
    match outcome.await {
        Ok(view) => Json(view).into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, Json(error)).into_response()
        }
    }
}

async fn read_form(mut form: Multipart) -> Result<(i64, Vec<u8>), AppError> {
    let (mut agent_id, mut file) = (None, None);
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("agent_id") => agent_id = field.text().await.map_err(unreadable)?.trim().parse::<i64>().ok(),
            Some("avatar") => file = Some(field.bytes().await.map_err(unreadable)?.to_vec()),
            _ => {}
        }
    }
    let agent_id = agent_id.ok_or_else(|| AppError::invalid("", "The upload did not say which agent it is for."))?;
    let file = file.ok_or_else(|| AppError::invalid("avatar", "Choose an image file first."))?;
    Ok((agent_id, file))
}

fn unreadable(error: MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let limit = MAX_UPLOAD_BYTES / 1_000_000;
        AppError::invalid("avatar", format!("The file is larger than {limit} MB, the largest upload accepted."))
    } else {
        AppError::invalid("avatar", format!("The upload could not be read: {}.", error.body_text()))
    }
}
