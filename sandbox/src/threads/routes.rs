//! The backend's routes: publish (behind the queue secret), assistant chat, jobs, health and pictures.

use super::jobs::{rfc3339, Job, NewJob, Status};
use super::App;
use crate::art;
use crate::fastapi::{Body, FastApiError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const SECRET_HEADER: &str = "x-queue-secret";
/// The side of the assistant's generated pictures (within Threads' 320–1440 px width).
const PICTURE_SIDE: u32 = 720;

type Answer = Result<(StatusCode, Json<Value>), FastApiError>;
type Params = Query<HashMap<String, String>>;

/// `POST /api/v1/threads/publish`.
pub(crate) async fn publish(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Answer {
    let secret = headers.get(SECRET_HEADER).and_then(|v| v.to_str().ok());
    if secret != Some(&*app.secret) {
        return Err(FastApiError::Unauthorized("Missing or invalid X-Queue-Secret"));
    }
    let mut body = Body::parse(&body)?;
    let message = body.text("message", 1..=10_000, true);
    let images = body.strings("images");
    if images.iter().any(|url| !(url.starts_with("http://") || url.starts_with("https://"))) {
        body.reject("images", "Input should be a valid URL, relative URL without a base", "url_parsing");
    }
    let scheduled_at = body.text("scheduled_at", 1..=64, false).and_then(|raw| {
        let parsed = OffsetDateTime::parse(&raw, &Rfc3339).ok();
        match parsed {
            None => body.reject("scheduled_at", "Input should be a valid datetime", "datetime_parsing"),
            Some(_) if !raw.ends_with('Z') => {
                body.reject("scheduled_at", "Input should be in UTC, written with a Z suffix", "value_error")
            }
            Some(_) => {}
        }
        parsed
    });
    body.choice("publish_mode", &["queue", "now"], "queue");
    body.boolean("auto_proxy_images");
    let tenant_id = tenant_of(&mut body, "meta");
    body.finish()?;
    let now = app.clock.now();
    let mut queue = app.queue();
    let new = NewJob { tenant_id, message: message.unwrap_or_default(), images, scheduled_at };
    let job = queue.add(new, now);
    let status = if job.status(now) == Status::Queued && job.scheduled_at.is_some() { "scheduled" } else { "queued" };
    Ok((StatusCode::ACCEPTED, Json(json!({"job_id": job.id, "status": status}))))
}

/// The required `tenant_id` of the object field `name` (`meta` or `context`).
fn tenant_of(body: &mut Body, name: &str) -> String {
    let tenant =
        body.object(name).and_then(|object| object.get("tenant_id").and_then(Value::as_str).map(str::to_owned));
    match tenant {
        Some(tenant) if !tenant.is_empty() => tenant,
        _ => {
            body.reject(&format!("{name}.tenant_id"), "Field required", "missing");
            String::new()
        }
    }
}

/// `context.campaign` is a string (`""` for none): a `null` or another type is refused.
fn campaign_of(body: &mut Body) {
    let campaign = body.object("context").and_then(|context| context.get("campaign").cloned());
    if campaign.as_ref().is_some_and(|campaign| !campaign.is_string()) {
        body.reject("context.campaign", "Input should be a valid string", "string_type");
    }
}

/// `POST /api/v1/assistant/chat`: "generates" an image post and, with `execute_tools`, enqueues it.
pub(crate) async fn chat(State(app): State<App>, body: Bytes) -> Answer {
    let mut body = Body::parse(&body)?;
    let session_id = body.text("session_id", 1..=200, true).unwrap_or_default();
    let message = body.text("message", 1..=10_000, true).unwrap_or_default();
    let execute_tools = body.boolean("execute_tools").unwrap_or(false);
    let prompt = body
        .object("context")
        .and_then(|context| context.get("prompt").and_then(Value::as_str).map(str::to_owned))
        .filter(|prompt| !prompt.trim().is_empty())
        .unwrap_or_else(|| message.clone());
    let tenant_id = tenant_of(&mut body, "context");
    campaign_of(&mut body);
    body.finish()?;
    if !execute_tools {
        let reply = format!("Here is an idea for \"{prompt}\"; ask me with execute_tools to queue it.");
        return Ok((StatusCode::OK, Json(json!({"session_id": session_id, "reply": reply, "tool_calls": []}))));
    }
    let now = app.clock.now();
    let mut queue = app.queue();
    let text = format!("{prompt} ✨");
    let new = NewJob { tenant_id, message: text, images: Vec::new(), scheduled_at: None };
    let job_id = queue.add(new, now).id.clone();
    queue.attach_picture(&job_id, format!("{}/media/{job_id}.png", app.origin));
    let reply = format!("I generated an image post for \"{prompt}\" and queued it as {job_id}.");
    let tool_calls = json!([{"name": "enqueue_post", "job_id": job_id}]);
    Ok((StatusCode::OK, Json(json!({"session_id": session_id, "reply": reply, "tool_calls": tool_calls}))))
}

/// A backend that protects its queue wants its bearer token on the job routes.
fn check_jobs_token(app: &App, headers: &HeaderMap) -> Result<(), FastApiError> {
    let Some(token) = &app.jobs_token else { return Ok(()) };
    let sent = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match sent {
        Some(sent) if sent == &**token => Ok(()),
        _ => Err(FastApiError::Unauthorized("Not authenticated")),
    }
}

/// `GET /api/v1/threads/jobs?tenant_id=`: the tenant's jobs, newest first.
pub(crate) async fn list_jobs(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Params,
) -> Result<Json<Value>, FastApiError> {
    check_jobs_token(&app, &headers)?;
    tenant_view(&app, &query, |jobs, now| jobs.map(|job| job.to_json(now)).collect())
}

/// `GET /api/v1/threads/jobs/stats?tenant_id=`.
pub(crate) async fn job_stats(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Params,
) -> Result<Json<Value>, FastApiError> {
    check_jobs_token(&app, &headers)?;
    tenant_view(&app, &query, |jobs, now| {
        let mut counts = json!({"queued": 0, "claimed": 0, "done": 0, "failed": 0});
        for job in jobs {
            let status = job.status(now).as_str();
            counts[status] = json!(counts[status].as_u64().unwrap_or(0) + 1);
        }
        counts
    })
}

/// `view` of the jobs of the required `tenant_id` query parameter, as they stand now.
fn tenant_view(
    app: &App,
    query: &HashMap<String, String>,
    view: impl FnOnce(&mut dyn Iterator<Item = &Job>, OffsetDateTime) -> Value,
) -> Result<Json<Value>, FastApiError> {
    let tenant_id = query
        .get("tenant_id")
        .map(String::as_str)
        .filter(|tenant| !tenant.is_empty())
        .ok_or_else(|| FastApiError::invalid("query.tenant_id", "Field required", "missing"))?;
    let now = app.clock.now();
    let queue = app.queue();
    let answer = view(&mut queue.of_tenant(tenant_id), now);
    Ok(Json(answer))
}

/// `DELETE /api/v1/threads/jobs/{job_id}`.
pub(crate) async fn delete_job(
    State(app): State<App>,
    headers: HeaderMap,
    Path(job_id): Path<String>,
) -> Result<Json<Value>, FastApiError> {
    check_jobs_token(&app, &headers)?;
    if app.queue().remove(&job_id) {
        Ok(Json(json!({"id": job_id, "deleted": true})))
    } else {
        Err(FastApiError::NotFound("Job"))
    }
}

/// `GET /health`.
pub(crate) async fn health(State(app): State<App>) -> Json<Value> {
    Json(
        json!({"status": "ok", "timestamp": rfc3339(app.clock.now()), "services": {"queue": "ok", "threads_api": "ok"}}),
    )
}

/// `GET /media/{job_id}.png`: the assistant's generated picture of a job.
pub(crate) async fn picture(State(app): State<App>, Path(image): Path<String>) -> Result<Response, FastApiError> {
    let job_id = image.strip_suffix(".png").ok_or(FastApiError::NotFound("Image"))?;
    let number: u64 = app
        .queue()
        .find(job_id)
        .and_then(|job| job.id.trim_start_matches("job_").parse().ok())
        .ok_or(FastApiError::NotFound("Image"))?;
    let png = art::picture_png(number, PICTURE_SIDE, PICTURE_SIDE);
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}

pub(crate) async fn not_found() -> FastApiError {
    FastApiError::NotFound("Route")
}
