//! The stand-in of the owner's Threads publishing backend (`shared/contracts/threads-backend.md`).
//!
//! - `POST /api/v1/threads/publish` needs `X-Queue-Secret` equal to `SandboxOptions::threads_queue_secret`
//!   (401 `{"detail"}` otherwise), validates like FastAPI (422 with a `detail` list) and answers 202
//!   `{job_id, status}`: `scheduled` when `scheduled_at` is in the future, else `queued`. `scheduled_at` must be
//!   UTC written with a `Z` (another offset is refused, 422). `publish_mode` is `queue` (the default) or `now`.
//! - `POST /api/v1/assistant/chat` "generates" an image post (a picture served at `{origin}/media/{job_id}.png`)
//!   and, with `execute_tools`, enqueues it: 200 `{session_id, reply, tool_calls: [{name: "enqueue_post", job_id}]}`.
//!   `context.campaign` is a string, `""` for none (`null` is refused, 422).
//! - Jobs move by the sandbox clock: `queued` until due (`scheduled_at`, or creation), `claimed` for
//!   [`PUBLISHING_SECONDS`], then `done` — or `failed` when the message contains `#fail` (a rule for trying
//!   failure displays). Listed, counted and deleted per tenant under `/api/v1/threads/jobs`.
//!   With `SandboxOptions::threads_jobs_token` set, those routes need that bearer token (401 otherwise).
//! - `GET /health` → `{status, timestamp, services}`.

mod jobs;
mod routes;

use crate::{Clock, Site};
use axum::routing::{delete, get, post};
use axum::Router;
use jobs::Queue;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// How long the stand-in takes to publish a claimed job.
pub const PUBLISHING_SECONDS: i64 = 2;

#[derive(Clone)]
struct App {
    queue: Arc<Mutex<Queue>>,
    clock: Clock,
    secret: Arc<str>,
    jobs_token: Option<Arc<str>>,
    origin: Arc<str>,
}

impl App {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        // Every change completes under the lock, so a poisoned lock still holds a consistent queue.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub fn router(site: Site<'_>) -> Router {
    let app = App {
        queue: Arc::new(Mutex::new(Queue::default())),
        clock: site.options.clock.clone(),
        secret: site.options.threads_queue_secret.as_str().into(),
        jobs_token: site.options.threads_jobs_token.as_deref().map(Arc::from),
        origin: site.origin.into(),
    };
    Router::new()
        .route("/health", get(routes::health))
        .route("/media/{image}", get(routes::picture))
        .route("/api/v1/threads/publish", post(routes::publish))
        .route("/api/v1/assistant/chat", post(routes::chat))
        .route("/api/v1/threads/jobs", get(routes::list_jobs))
        .route("/api/v1/threads/jobs/stats", get(routes::job_stats))
        .route("/api/v1/threads/jobs/{job_id}", delete(routes::delete_job))
        .fallback(routes::not_found)
        .with_state(app)
}
