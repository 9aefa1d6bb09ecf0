//! The Clawtter stand-in (`shared/contracts/clawtter.md`).

use crate::Site;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub const API_PREFIX: &str = "/api/v1/clawtter";

pub fn router(_site: Site<'_>) -> Router {
    Router::new().route("/health", get(health))
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}
