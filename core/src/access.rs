//! Who may use the console: the first-run password, logging in (throttled per client), logging out and
//! changing the password; each step written to the audit log.

use crate::audit::{AuditEvent, AuditLog};
use crate::password::MAX_PASSWORD_CHARS;
use crate::store::{now_seconds, Store};
use crate::throttle::LoginThrottle;
use crate::{password, CoreError};
use secrecy::{ExposeSecret, SecretString};
use std::net::IpAddr;
use std::time::Instant;

const PASSWORD_HASH_KEY: &str = "password_hash";
const PASSWORD_VERSION_KEY: &str = "password_version";

#[derive(Debug)]
pub struct ConsoleAccess {
    store: Store,
    audit: AuditLog,
    throttle: LoginThrottle,
}

/// Counts the password's changes: a session made before the password changed is no longer valid.
pub type PasswordVersion = i64;

impl ConsoleAccess {
    pub fn new(store: Store, audit: AuditLog) -> ConsoleAccess {
        ConsoleAccess { store, audit, throttle: LoginThrottle::default() }
    }

    /// Whether the first-run password has been set.
    pub async fn is_set_up(&self) -> Result<bool, CoreError> {
        Ok(self.stored_hash().await?.is_some())
    }

    /// Sets the first password; refused once one exists (changing it needs the current one).
    pub async fn set_up(&self, new: &SecretString, client: IpAddr) -> Result<PasswordVersion, CoreError> {
        password::check_policy(new)?;
        let hash = password::hash(new).await?;
        let mut transaction = self.store.pool().begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO console_settings (key, value, updated_at) VALUES (?, ?, ?), (?, '1', ?) ON CONFLICT DO NOTHING",
        )
        .bind(PASSWORD_HASH_KEY)
        .bind(hash)
        .bind(now_seconds())
        .bind(PASSWORD_VERSION_KEY)
        .bind(now_seconds())
        .execute(&mut *transaction)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(CoreError::AlreadySetUp);
        }
        transaction.commit().await?;
        self.audit.record(AuditEvent::PasswordSet, Some(client)).await?;
        self.password_version().await
    }

    /// Checks the password; after too many failures the client must wait, even with the right password.
    pub async fn log_in(&self, given: &SecretString, client: IpAddr) -> Result<PasswordVersion, CoreError> {
        self.verify(given, client).await?;
        self.audit.record(AuditEvent::LoggedIn, Some(client)).await?;
        self.password_version().await
    }

    pub async fn log_out(&self, client: IpAddr) -> Result<(), CoreError> {
        self.audit.record(AuditEvent::LoggedOut, Some(client)).await
    }

    pub async fn change_password(
        &self,
        current: &SecretString,
        new: &SecretString,
        client: IpAddr,
    ) -> Result<PasswordVersion, CoreError> {
        self.verify(current, client).await?;
        password::check_policy(new)?;
        let hash = password::hash(new).await?;
        let mut transaction = self.store.pool().begin().await?;
        sqlx::query("UPDATE console_settings SET value = ?, updated_at = ? WHERE key = ?")
            .bind(hash)
            .bind(now_seconds())
            .bind(PASSWORD_HASH_KEY)
            .execute(&mut *transaction)
            .await?;
        sqlx::query("UPDATE console_settings SET value = CAST(value AS INTEGER) + 1, updated_at = ? WHERE key = ?")
            .bind(now_seconds())
            .bind(PASSWORD_VERSION_KEY)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        self.audit.record(AuditEvent::PasswordChanged, Some(client)).await?;
        self.password_version().await
    }

    /// The current password's version, to compare with the one a session was made under.
    pub async fn password_version(&self) -> Result<PasswordVersion, CoreError> {
        let version: Option<String> = sqlx::query_scalar("SELECT value FROM console_settings WHERE key = ?")
            .bind(PASSWORD_VERSION_KEY)
            .fetch_optional(self.store.pool())
            .await?;
        let version = version.ok_or(CoreError::PasswordNotSet)?;
        version.parse().map_err(|_| CoreError::Internal(format!("the stored password version {version:?} is damaged")))
    }

    async fn verify(&self, given: &SecretString, client: IpAddr) -> Result<(), CoreError> {
        self.throttle.check(client, Instant::now())?;
        // Nothing or far too much cannot be the password: refused before hashing, and not counted as an attempt.
        let length = given.expose_secret().chars().count();
        if length == 0 || length > MAX_PASSWORD_CHARS {
            return Err(CoreError::Invalid { field: "password", reason: "enter the console password".into() });
        }
        let stored = self.stored_hash().await?.ok_or(CoreError::PasswordNotSet)?;
        if password::verify(given, &stored).await? {
            self.throttle.record_success(client);
            return Ok(());
        }
        self.audit.record(AuditEvent::LoginFailed, Some(client)).await?;
        match self.throttle.record_failure(client, Instant::now()) {
            Some(wait) => Err(CoreError::Throttled { wait }),
            None => Err(CoreError::WrongPassword),
        }
    }

    async fn stored_hash(&self) -> Result<Option<String>, CoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM console_settings WHERE key = ?")
            .bind(PASSWORD_HASH_KEY)
            .fetch_optional(self.store.pool())
            .await?)
    }
}
