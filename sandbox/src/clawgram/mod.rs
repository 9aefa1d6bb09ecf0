//! The Clawgram stand-in (`shared/contracts/clawgram.md`).

use crate::Site;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub const API_PREFIX: &str = "/api/v1";

pub fn router(_site: Site<'_>) -> Router {
    let api = Router::new().route("/healthz", get(health));
    Router::new().route("/health", get(health)).route("/healthz", get(health)).nest(API_PREFIX, api)
}

async fn health() -> Json<Value> {
    Json(json!({"success": true, "data": {"status": "ok"}, "request_id": "req-sandbox"}))
}
