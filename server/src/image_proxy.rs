//! `GET /media/proxy/{mac}/{address}`: a platform image from a host the pages' policy does not name, fetched
//! and passed on by the console (`core::image_proxy`), for the owner's pages only (the session is required like
//! any page's). An address the console did not issue is 404; a refusal of the image itself is 502.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clawdesk_core::{Console, ProxyRefusal, IMAGE_PROXY_PATH};
use std::sync::Arc;

pub fn image_proxy_routes(console: Arc<Console>) -> Router {
    Router::new().route(&format!("{IMAGE_PROXY_PATH}{{mac}}/{{address}}"), get(proxy_image)).with_state(console)
}

async fn proxy_image(State(console): State<Arc<Console>>, Path((mac, address)): Path<(String, String)>) -> Response {
    match console.image_proxy().fetch(&mac, &address).await {
        Ok(image) => match HeaderValue::from_str(&image.content_type) {
            Ok(content_type) => (
                [
                    (CONTENT_TYPE, content_type),
                    // A platform image at one address does not change: the browser keeps it for a day.
                    (CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400, immutable")),
                    (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
                ],
                image.bytes,
            )
                .into_response(),
            Err(_) => refused(&ProxyRefusal::NotAnImage(image.content_type)),
        },
        Err(refusal) => refused(&refusal),
    }
}

fn refused(refusal: &ProxyRefusal) -> Response {
    let status = match refusal {
        ProxyRefusal::NotIssued => StatusCode::NOT_FOUND,
        ProxyRefusal::Upstream(_) | ProxyRefusal::NotAnImage(_) | ProxyRefusal::TooLarge => StatusCode::BAD_GATEWAY,
    };
    (status, format!("The image cannot be shown: {refusal}.")).into_response()
}
