//! The owner's console session, kept on the server by tower-sessions (the browser holds only its random id):
//! what a login records, and when it stops being valid.

use crate::error::AppError;
use clawdesk_core::{Console, PasswordVersion};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// A session ends after this long without a request.
pub const IDLE_EXPIRY: time::Duration = time::Duration::hours(12);
/// And after this long in any case, however busy.
pub const ABSOLUTE_EXPIRY: time::Duration = time::Duration::days(7);

const OWNER_LOGIN: &str = "owner_login";

/// What a successful login writes into the session.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct OwnerLogin {
    logged_in_at: i64,
    /// A change of the console password ends every session made under the old one.
    password_version: PasswordVersion,
}

/// Marks the session as the owner's, under a new session id so that an id known before the login is useless.
pub async fn start(session: &Session, password_version: PasswordVersion) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    let login = OwnerLogin { logged_in_at: time::OffsetDateTime::now_utc().unix_timestamp(), password_version };
    session.insert(OWNER_LOGIN, login).await.map_err(session_error)
}

/// Keeps this session logged in under a new password version (the owner just changed the password here).
pub async fn renew(session: &Session, password_version: PasswordVersion) -> Result<(), AppError> {
    start(session, password_version).await
}

pub async fn end(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// Whether the session belongs to the logged-in owner; a stale login is ended on the way.
pub async fn is_owner(session: &Session, console: &Console) -> Result<bool, AppError> {
    let Some(login) = session.get::<OwnerLogin>(OWNER_LOGIN).await.map_err(session_error)? else {
        return Ok(false);
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let fresh = now - login.logged_in_at < ABSOLUTE_EXPIRY.whole_seconds();
    let current_password = console.access().password_version().await.ok() == Some(login.password_version);
    if fresh && current_password {
        return Ok(true);
    }
    end(session).await?;
    Ok(false)
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("The console session could not be read or saved: {error}."))
}
