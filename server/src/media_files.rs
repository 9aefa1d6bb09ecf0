//! `GET /api/media/{id}`: a library image's bytes, for the composer's thumbnails and previews. Behind the
//! owner's session like every `/api/` path; the bytes are the stored, already converted image, with its type.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use clawdesk_app::error::AppError;
use clawdesk_app::serverfns::compose::MEDIA_PATH;
use clawdesk_core::Console;
use std::sync::Arc;

pub fn media_routes(console: Arc<Console>) -> Router {
    Router::new().route(&format!("{MEDIA_PATH}{{id}}"), get(media_image)).with_state(console)
}

async fn media_image(State(console): State<Arc<Console>>, Path(id): Path<i64>) -> Response {
    let media = console.media();
    let found = async { Ok::<_, clawdesk_core::CoreError>((media.get(id).await?, media.bytes(id).await?)) };
    match found.await {
        // A stored image never changes under its id (the library is content-addressed).
        Ok((item, bytes)) => (
            [
                (CONTENT_TYPE, item.content_type),
                (CACHE_CONTROL, "private, max-age=86400, immutable".to_owned()),
                (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => {
            let error = AppError::from(error);
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, Json(error)).into_response()
        }
    }
}
