//! The sandbox's own routes beside the platform's: the mailbox, and moving the shared clock forward.

use crate::mailbox::{self, Mailbox};
use crate::Clock;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

#[derive(Deserialize)]
struct Advance {
    seconds: u64,
}

/// `GET /_sandbox/mailbox[.json]` and `POST /_sandbox/clock/advance {"seconds": N}`.
pub(crate) fn routes(mailbox: Mailbox, clock: Clock) -> Router {
    let clock_routes = Router::new().route("/_sandbox/clock/advance", post(advance)).with_state(clock);
    mailbox::routes(mailbox).merge(clock_routes)
}

async fn advance(State(clock): State<Clock>, Json(advance): Json<Advance>) -> Json<Value> {
    clock.advance(Duration::from_secs(advance.seconds));
    Json(json!({"now": super::views::timestamp(clock.now())}))
}
