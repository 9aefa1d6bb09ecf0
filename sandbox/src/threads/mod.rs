//! The stand-in of the owner's Threads publishing backend (`shared/contracts/threads-backend.md`).

use crate::Site;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn router(_site: Site<'_>) -> Router {
    Router::new().route("/health", get(health))
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok", "services": {"queue": "ok"}}))
}
