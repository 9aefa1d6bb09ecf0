//! Who may use the console: the first-run password, logging in (throttled per client), logging out and
//! changing the password; each step written to the audit log.

use crate::audit::{AuditEvent, AuditLog};
use crate::password::MAX_PASSWORD_CHARS;
use crate::store::{now_seconds, Store};
use crate::throttle::LoginThrottle;
use crate::{password, CoreError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// Sets the first-run setup token instead of a random one, for automation (the end-to-end suite).
pub const SETUP_TOKEN_ENV: &str = "CLAWDESK_SETUP_TOKEN";
/// A token given in the environment must be at least this long: it is all that guards the first password.
pub const MIN_SETUP_TOKEN_CHARS: usize = 16;
const SETUP_TOKEN_BYTES: usize = 24;

const PASSWORD_HASH_KEY: &str = "password_hash";
const PASSWORD_VERSION_KEY: &str = "password_version";

#[derive(Debug)]
pub struct ConsoleAccess {
    store: Store,
    audit: AuditLog,
    throttle: LoginThrottle,
    /// Whoever sets the first password must show this: the console prints it (as a link) when it starts, so only
    /// someone who can read its output, the owner, can take the console. Spent once the password is set.
    setup_token: Mutex<Option<SecretString>>,
    /// The password's version as last read or written: every request compares its session with it, so it is
    /// kept here rather than read from the database each time. Only this service changes it.
    version: Mutex<Option<PasswordVersion>>,
}

/// Counts the password's changes: a session made before the password changed is no longer valid.
pub type PasswordVersion = i64;

impl ConsoleAccess {
    pub fn new(store: Store, audit: AuditLog) -> ConsoleAccess {
        let mut token = [0u8; SETUP_TOKEN_BYTES];
        OsRng.fill_bytes(&mut token);
        let setup_token = SecretString::from(URL_SAFE_NO_PAD.encode(token));
        ConsoleAccess {
            store,
            audit,
            throttle: LoginThrottle::default(),
            setup_token: Mutex::new(Some(setup_token)),
            version: Mutex::new(None),
        }
    }

    /// Uses `token` (from [`SETUP_TOKEN_ENV`]) as the first-run setup token instead of the random one.
    pub fn use_setup_token(&self, token: SecretString) -> Result<(), CoreError> {
        if token.expose_secret().trim().chars().count() < MIN_SETUP_TOKEN_CHARS {
            return Err(CoreError::Invalid {
                field: SETUP_TOKEN_ENV,
                reason: format!("a setup token needs at least {MIN_SETUP_TOKEN_CHARS} characters"),
            });
        }
        *self.setup_token.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(SecretString::from(token.expose_secret().trim().to_owned()));
        Ok(())
    }

    /// The token the first-run page asks for, until the password is set; the console prints it when it starts.
    pub fn setup_token(&self) -> Option<SecretString> {
        self.setup_token.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Whether the first-run password has been set.
    pub async fn is_set_up(&self) -> Result<bool, CoreError> {
        if self.known_version().is_some() {
            return Ok(true);
        }
        Ok(self.stored_hash().await?.is_some())
    }

    /// Sets the first password, given the setup token; refused once one exists (changing it needs the current
    /// one).
    pub async fn set_up(
        &self,
        setup_token: &SecretString,
        new: &SecretString,
        client: IpAddr,
    ) -> Result<PasswordVersion, CoreError> {
        if self.is_set_up().await? {
            return Err(CoreError::AlreadySetUp);
        }
        self.check_setup_token(setup_token)?;
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
        self.setup_token.lock().unwrap_or_else(PoisonError::into_inner).take();
        self.audit.record(AuditEvent::PasswordSet, Some(client)).await?;
        self.reread_version().await
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
        // Forgotten before the commit: no request may see the old version after the new one is stored.
        self.version.lock().unwrap_or_else(PoisonError::into_inner).take();
        transaction.commit().await?;
        self.audit.record(AuditEvent::PasswordChanged, Some(client)).await?;
        self.reread_version().await
    }

    /// Asks for the password again before a change that lets keys go somewhere new (a platform address);
    /// throttled and audited as a login is.
    pub async fn confirm_password(&self, given: &SecretString, client: IpAddr) -> Result<(), CoreError> {
        self.verify(given, client).await
    }

    /// The current password's version, to compare with the one a session was made under.
    pub async fn password_version(&self) -> Result<PasswordVersion, CoreError> {
        match self.known_version() {
            Some(version) => Ok(version),
            None => self.reread_version().await,
        }
    }

    fn known_version(&self) -> Option<PasswordVersion> {
        *self.version.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn reread_version(&self) -> Result<PasswordVersion, CoreError> {
        let version: Option<String> = sqlx::query_scalar("SELECT value FROM console_settings WHERE key = ?")
            .bind(PASSWORD_VERSION_KEY)
            .fetch_optional(self.store.pool())
            .await?;
        let version = version.ok_or(CoreError::PasswordNotSet)?;
        let version: PasswordVersion = version
            .parse()
            .map_err(|_| CoreError::Internal(format!("the stored password version {version:?} is damaged")))?;
        *self.version.lock().unwrap_or_else(PoisonError::into_inner) = Some(version);
        Ok(version)
    }

    async fn verify(&self, given: &SecretString, client: IpAddr) -> Result<(), CoreError> {
        // Nothing or far too much cannot be the password: refused before hashing, and not counted as an attempt.
        let length = given.expose_secret().chars().count();
        if length == 0 || length > MAX_PASSWORD_CHARS {
            return Err(CoreError::Invalid { field: "password", reason: "enter the console password".into() });
        }
        let stored = self.stored_hash().await?.ok_or(CoreError::PasswordNotSet)?;
        let wait_if_wrong = self.throttle.begin(client, Instant::now())?;
        if password::verify(given, &stored).await? {
            self.throttle.record_success(client);
            return Ok(());
        }
        self.audit.record(AuditEvent::LoginFailed, Some(client)).await?;
        match wait_if_wrong {
            Some(wait) => Err(CoreError::Throttled { wait }),
            None => Err(CoreError::WrongPassword),
        }
    }

    fn check_setup_token(&self, given: &SecretString) -> Result<(), CoreError> {
        let expected = self.setup_token();
        // Compared as digests, so that the time the comparison takes tells nothing about the token.
        let digest = |token: &SecretString| Sha256::digest(token.expose_secret().trim().as_bytes());
        match expected {
            Some(expected) if digest(&expected) == digest(given) => Ok(()),
            _ => Err(CoreError::Invalid {
                field: "setup_token",
                reason: "this is not the setup token the console printed when it started; open the link it printed"
                    .into(),
            }),
        }
    }

    async fn stored_hash(&self) -> Result<Option<String>, CoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM console_settings WHERE key = ?")
            .bind(PASSWORD_HASH_KEY)
            .fetch_optional(self.store.pool())
            .await?)
    }
}
