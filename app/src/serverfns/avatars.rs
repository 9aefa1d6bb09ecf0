//! An agent's avatar: the upload, which is a route of its own rather than a server function so that the browser
//! can show the file's progress (server functions' multipart codec gives no progress and cannot bound the body),
//! and the removal, which is an ordinary server function.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the browser posts an avatar: a multipart form with `agent_id` and the file as `avatar`.
pub const AVATAR_UPLOAD_PATH: &str = "/api/agents/avatar";
/// The largest file the browser sends and the route reads; the image checks in `core` use the same limit.
pub const MAX_UPLOAD_BYTES: usize = 25_000_000;

/// The avatar an agent now has, and what became of the file on the way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AvatarView {
    pub avatar_url: Option<String>,
    /// e.g. "1024 × 768 JPEG, 212 KB, resized for Clawgram".
    pub summary: String,
}

/// How far an upload has got.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UploadProgress {
    /// The file is on its way to the console.
    Sending { percent: u8 },
    /// The console has the file and is converting it and passing it to the platform.
    Processing,
}

/// Sends `file` from the browser to become the agent's avatar, reporting progress on the way.
pub async fn upload_avatar(
    agent_id: i64,
    file: web_sys::File,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<AvatarView, AppError> {
    let form = web_sys::FormData::new().map_err(|_| unsendable())?;
    form.append_with_str("agent_id", &agent_id.to_string()).map_err(|_| unsendable())?;
    form.append_with_blob_and_filename("avatar", &file, &file.name()).map_err(|_| unsendable())?;
    let (status, body) = crate::upload::post_form(AVATAR_UPLOAD_PATH, &form, move |sent| {
        on_progress(if sent < 1.0 {
            UploadProgress::Sending { percent: (sent * 100.0) as u8 }
        } else {
            UploadProgress::Processing
        })
    })
    .await?;
    let unreadable = || AppError::Unreachable(format!("the console answered the upload with status {status}"));
    if (200..300).contains(&status) {
        serde_json::from_str(&body).map_err(|_| unreadable())
    } else {
        Err(serde_json::from_str(&body).unwrap_or_else(|_| unreadable()))
    }
}

fn unsendable() -> AppError {
    AppError::Unreachable("the browser could not prepare the file for sending".into())
}

/// Removes a Clawgram agent's avatar (its posts, comments, likes and follows are refused until a new one is set).
#[server(endpoint = "agents/avatar/remove")]
pub async fn remove_avatar(agent_id: i64) -> Result<(), AppError> {
    Ok(super::console()?.profiles().remove_avatar(agent_id).await?)
}

#[cfg(feature = "ssr")]
pub use upload::avatar_upload_routes;

#[cfg(feature = "ssr")]
mod upload {
    use super::{AvatarView, AVATAR_UPLOAD_PATH, MAX_UPLOAD_BYTES};
    use crate::error::AppError;
    use axum::extract::multipart::{MultipartError, MultipartRejection};
    use axum::extract::{DefaultBodyLimit, Multipart, State};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use axum::routing::post;
    use axum::{Json, Router};
    use clawdesk_core::{AvatarSet, Console};
    use std::sync::Arc;

    const _: () = assert!(MAX_UPLOAD_BYTES == clawdesk_core::MAX_UPLOAD_BYTES, "one upload limit for all layers");
    /// Room for the multipart framing and the `agent_id` field around the file itself.
    const FORM_OVERHEAD_BYTES: usize = 64 * 1024;

    /// The upload route, answered like a server function: the view as JSON, or an `AppError` with its status.
    /// The console's session and origin checks apply to it as to every `/api/` path.
    pub fn avatar_upload_routes(console: Arc<Console>) -> Router {
        Router::new()
            .route(AVATAR_UPLOAD_PATH, post(upload_avatar))
            .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES))
            .with_state(console)
    }

    async fn upload_avatar(
        State(console): State<Arc<Console>>,
        form: Result<Multipart, MultipartRejection>,
    ) -> Response {
        let outcome = async {
            let form =
                form.map_err(|_| AppError::invalid("", "The upload was not understood: send a multipart form."))?;
            let (agent_id, file) = read_form(form).await?;
            let set = console.profiles().set_avatar(agent_id, &file).await.map_err(AppError::from_core)?;
            Ok::<_, AppError>(AvatarView { summary: summary(&set), avatar_url: set.avatar_url })
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
        let agent_id =
            agent_id.ok_or_else(|| AppError::invalid("", "The upload did not say which agent it is for."))?;
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

    /// "1024 × 768 JPEG, 212 KB, resized for Clawgram".
    fn summary(set: &AvatarSet) -> String {
        let format = set.content_type.trim_start_matches("image/").to_ascii_uppercase();
        let kilobytes = set.size_bytes.div_ceil(1000);
        let how = if set.converted { format!("converted for {}", set.platform) } else { "sent as uploaded".to_owned() };
        format!("{} × {} {format}, {kilobytes} KB, {how}", set.width, set.height)
    }
}
