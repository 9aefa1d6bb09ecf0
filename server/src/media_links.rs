//! `GET /media-links/{token}`: a library image at its capability link (`core::MediaLinks`), for a Threads backend
//! on this machine to fetch. No session: the unguessable, expiring token is the permission, and it names one
//! image; the answer is that image's bytes converted for Threads (JPEG or PNG), nothing else. The host check still
//! applies (the backend asks for `127.0.0.1:<port>`); a GET changes nothing, so no origin is needed.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clawdesk_core::{prepare_post_image, Console, PostImageTarget, MEDIA_LINK_PATH};
use std::sync::Arc;

pub fn media_link_routes(console: Arc<Console>) -> Router {
    Router::new().route(&format!("{MEDIA_LINK_PATH}{{token}}"), get(linked_image)).with_state(console)
}

async fn linked_image(State(console): State<Arc<Console>>, Path(token): Path<String>) -> Response {
    // One answer for an unknown, expired or unreadable link: a guess learns nothing.
    let not_found = || StatusCode::NOT_FOUND.into_response();
    let Some(media_id) = console.media().links().resolve(&token) else { return not_found() };
    let Ok(bytes) = console.media().bytes(media_id).await else { return not_found() };
    let converted = tokio::task::spawn_blocking(move || prepare_post_image(&bytes, PostImageTarget::Threads)).await;
    match converted {
        Ok(Ok(image)) => (
            [(CONTENT_TYPE, image.content_type), (CACHE_CONTROL, "no-store"), (X_CONTENT_TYPE_OPTIONS, "nosniff")],
            image.bytes,
        )
            .into_response(),
        _ => not_found(),
    }
}
