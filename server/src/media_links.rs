//! Image links, `GET /media/link/{token}`: how a Threads backend on this machine fetches a post's images (its
//! contract takes images as URLs). No session is asked for: the unguessable, expiring token is the permission,
//! and it opens one image and nothing else (`core::media`). The host check still applies, so only the console's
//! own addresses serve it.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clawdesk_core::{Console, MEDIA_LINK_PATH};
use std::sync::Arc;

/// Tokens are 43 characters; anything much longer is not one, and is not worth hashing.
const MAX_TOKEN_CHARS: usize = 64;

pub fn media_link_routes(console: Arc<Console>) -> Router {
    Router::new().route(&format!("{MEDIA_LINK_PATH}{{token}}"), get(serve_link)).with_state(console)
}

/// Whether a request is for an image link, which needs no console session.
pub fn is_media_link(path: &str) -> bool {
    path.starts_with(MEDIA_LINK_PATH)
}

async fn serve_link(State(console): State<Arc<Console>>, Path(token): Path<String>) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "This image link is unknown or has expired.").into_response();
    if token.len() > MAX_TOKEN_CHARS {
        return not_found();
    }
    match console.media().open_link(&token).await {
        Ok(Some(image)) => match HeaderValue::from_str(&image.content_type) {
            Ok(content_type) => (
                [(CONTENT_TYPE, content_type), (CACHE_CONTROL, HeaderValue::from_static("private, no-store"))],
                image.bytes,
            )
                .into_response(),
            Err(_) => not_found(),
        },
        Ok(None) => not_found(),
        Err(error) => {
            tracing::warn!(%error, "an image link could not be served");
            (StatusCode::INTERNAL_SERVER_ERROR, "The image could not be read.").into_response()
        }
    }
}
