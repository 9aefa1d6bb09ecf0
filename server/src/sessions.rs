//! Console sessions: kept in the console's SQLite database by tower-sessions, under a keyed hash of their id
//! (`session_store.rs`), and required for every page and server function except the login and first-run ones,
//! the built static files and image links.

use crate::media_links::is_media_link;
use crate::session_store::HashedIdStore;
use axum::extract::{Request, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use clawdesk_app::error::AppError;
use clawdesk_app::serverfns::auth::{LogIn, SetUp};
use clawdesk_app::session::{is_owner, IDLE_EXPIRY};
use clawdesk_core::Console;
use leptos::server_fn::ServerFn;
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

pub const SESSION_COOKIE: &str = "clawdesk_session";
const SERVER_FN_PREFIX: &str = "/api/";

/// The session layer over the console's database; also starts removing expired sessions every hour.
pub async fn session_layer(console: &Console) -> Result<SessionManagerLayer<HashedIdStore<SqliteStore>>, String> {
    let store = SqliteStore::new(console.store().pool().clone());
    store.migrate().await.map_err(|e| format!("cannot prepare the session table: {e}"))?;
    tokio::spawn({
        use tower_sessions::ExpiredDeletion;
        store.clone().continuously_delete_expired(tokio::time::Duration::from_secs(60 * 60))
    });
    Ok(SessionManagerLayer::new(HashedIdStore::new(store, console.session_ids()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        // Secure is added per response when a TLS proxy forwards the request (see security.rs).
        .with_secure(false)
        .with_expiry(Expiry::OnInactivity(IDLE_EXPIRY)))
}

/// What a request may reach, given whether the console is set up and whether it comes with the owner's session.
pub async fn require_owner(
    State(console): State<Arc<Console>>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/pkg/") || path == "/favicon.svg" || is_media_link(path) {
        return next.run(request).await;
    }
    let (set_up, owner) = match (console.access().is_set_up().await, is_owner(&session, &console).await) {
        (Ok(set_up), Ok(owner)) => (set_up, owner),
        (Err(error), _) => return failure(AppError::from(error)),
        (_, Err(error)) => return failure(error),
    };
    let (open_page, open_call) = if set_up { ("/login", LogIn::PATH) } else { ("/setup", SetUp::PATH) };
    match (owner, path) {
        (true, "/login" | "/setup") => redirect("/"),
        (true, _) => next.run(request).await,
        (false, _) if path == open_page || path == open_call => next.run(request).await,
        (false, _) if path.starts_with(SERVER_FN_PREFIX) => failure(AppError::LoginRequired),
        (false, _) => redirect(open_page),
    }
}

fn redirect(to: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, HeaderValue::from_static(to))]).into_response()
}

/// An error as a server function would answer it, so the page can show it like any other.
fn failure(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&error).unwrap_or_else(|_| "\"LoginRequired\"".to_owned());
    (status, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}
