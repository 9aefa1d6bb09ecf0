//! Where the console connects, as the owner sets it in Settings: each platform's base URL, and the Threads
//! backend's tenant id and queue secret. A change is checked whole, saved, audited and applied at once: every
//! service holds a clone of the one [`Connections`], so replacing its clients switches them all.
//!
//! Precedence: the configuration (`clawdesk.toml`, the environment, the contracts' defaults) gives the first
//! addresses. In production mode an address saved here wins over it, now and at every start, until it is set
//! back to the configured one. In sandbox mode the sandbox platforms get new addresses at every start, so an
//! address changed here applies until the console stops and is not saved (nor is one saved in production mode
//! applied); the tenant id and queue secret are saved and used in both modes.
//!
//! The queue secret is bound to the origin of the Threads address it was saved for, as agent keys are (see
//! `agents.rs`): when the Threads address moves to another origin without the owner's password, the secret stays
//! stored but is not sent (audited), until the move is confirmed or the address is set back.

use crate::audit::{AuditEvent, AuditLog, Setting};
use crate::connections::{Connections, Endpoints};
use crate::store::{now_seconds, platform_from_slug, Store};
use crate::vault::{KeyView, SecretSlot, Vault};
use crate::{CoreError, Mode, Platform};
use clawdesk_platforms::threads::{rules, DEFAULT_TENANT_ID};
use clawdesk_platforms::{BaseUrl, PlatformError};
use secrecy::{ExposeSecret, SecretString};
use sqlx::SqliteConnection;
use std::net::IpAddr;
use std::sync::{Arc, PoisonError, RwLock};

/// Where the address a platform is reached at comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressSource {
    /// `clawdesk.toml`, the environment or the contract's default.
    Configuration,
    /// Saved in Settings (production mode).
    Settings,
    /// The sandbox platform started with the console.
    Sandbox,
    /// Changed in Settings in sandbox mode: in use until the console stops.
    UntilRestart,
}

/// One platform's address as Settings shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformAddress {
    pub platform: Platform,
    pub base_url: String,
    pub source: AddressSource,
}

/// Whether the Threads backend's queue secret is known, without the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueueSecretState {
    Saved(KeyView),
    /// None is saved; the one given at start-up (the sandbox backend's) is used.
    Default,
    Missing,
}

/// The connections as the browser may see them: no secret, only whether one is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionSettingsView {
    pub addresses: Vec<PlatformAddress>,
    pub tenant_id: String,
    pub queue_secret: QueueSecretState,
}

/// What to do with the stored queue secret.
#[derive(Debug)]
pub enum QueueSecretChange {
    Keep,
    Replace(SecretString),
    Forget,
}

/// Everything the Settings form sends; the addresses as typed.
#[derive(Debug)]
pub struct ConnectionChange {
    pub endpoints: Endpoints,
    pub tenant_id: String,
    pub queue_secret: QueueSecretChange,
}

/// What publishing to the Threads backend needs besides the post.
#[derive(Debug)]
pub struct ThreadsCredentials {
    /// `None` when no secret is saved and none was given at start-up.
    pub queue_secret: Option<SecretString>,
    pub tenant_id: String,
}

#[derive(Clone, Debug)]
pub struct ConnectionSettings {
    store: Store,
    vault: Arc<Vault>,
    audit: AuditLog,
    connections: Connections,
    mode: Mode,
    /// The addresses the console started with: an address set back to one of them is no longer saved.
    configured: Endpoints,
    /// The default queue secret (the sandbox backend's) goes to this origin alone.
    configured_threads_origin: String,
    default_queue_secret: Arc<RwLock<Option<SecretString>>>,
}

/// The Threads backend's row, as stored.
#[derive(sqlx::FromRow)]
struct ThreadsRow {
    secret: Option<Vec<u8>>,
    secret_origin: Option<String>,
    secret_fingerprint: Option<String>,
    secret_set_at: Option<i64>,
    tenant_id: Option<String>,
}

/// What Settings saved for the Threads backend, the secret opened.
struct ThreadsSaved {
    queue_secret: Option<SecretString>,
    tenant_id: String,
}

impl QueueSecretChange {
    /// From the Settings form: an empty secret field keeps the stored secret, `forget` drops it.
    pub fn from_form(entered: SecretString, forget: bool) -> Result<QueueSecretChange, CoreError> {
        match (entered.expose_secret().trim().is_empty(), forget) {
            (true, false) => Ok(QueueSecretChange::Keep),
            (true, true) => Ok(QueueSecretChange::Forget),
            (false, false) => Ok(QueueSecretChange::Replace(entered)),
            (false, true) => {
                Err(CoreError::invalid("queue_secret", "enter a new secret or forget the stored one, not both"))
            }
        }
    }
}

impl ConnectionSettings {
    /// `connections` as configured: what they point at now is what "the configured address" means later.
    pub fn new(
        store: Store,
        vault: Arc<Vault>,
        audit: AuditLog,
        connections: Connections,
        mode: Mode,
    ) -> ConnectionSettings {
        ConnectionSettings {
            configured: connections.endpoints(),
            configured_threads_origin: connections.origin(Platform::Threads),
            store,
            vault,
            audit,
            connections,
            mode,
            default_queue_secret: Arc::default(),
        }
    }

    /// The queue secret used while none is saved: in sandbox mode the sandbox backend's, so that publishing
    /// works in the demo.
    pub fn set_default_queue_secret(&self, secret: SecretString) {
        *self.default_queue_secret.write().unwrap_or_else(PoisonError::into_inner) = Some(secret);
    }

    fn default_queue_secret(&self) -> Option<SecretString> {
        self.default_queue_secret.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// At start-up: in production mode the addresses saved here replace the configured ones; returns the
    /// platforms whose address now comes from Settings. In sandbox mode nothing changes.
    pub async fn apply_saved(&self) -> Result<Vec<Platform>, CoreError> {
        if self.mode == Mode::Sandbox {
            return Ok(Vec::new());
        }
        let saved: Vec<(String, String)> =
            sqlx::query_as("SELECT platform, base_url FROM platform_connections WHERE base_url IS NOT NULL")
                .fetch_all(self.store.pool())
                .await?;
        let mut endpoints = self.configured.clone();
        let mut applied = Vec::new();
        for (slug, base_url) in saved {
            let platform = platform_from_slug(&slug)?;
            match BaseUrl::parse(platform, &base_url) {
                Ok(base) => {
                    endpoints.set(platform, base.as_str());
                    applied.push(platform);
                }
                // Saved only after the same check; a row edited by hand must not keep the console from starting.
                Err(error) => tracing::warn!(%error, "the address saved in Settings is ignored"),
            }
        }
        self.connections.replace(&endpoints)?;
        Ok(applied)
    }

    pub async fn view(&self) -> Result<ConnectionSettingsView, CoreError> {
        let in_use = self.connections.endpoints();
        let sandbox = self.mode == Mode::Sandbox;
        let addresses = Platform::ALL
            .into_iter()
            .map(|platform| {
                let base_url = in_use.get(platform).to_owned();
                let source = match (base_url == self.configured.get(platform), sandbox) {
                    (true, true) => AddressSource::Sandbox,
                    (true, false) => AddressSource::Configuration,
                    (false, true) => AddressSource::UntilRestart,
                    (false, false) => AddressSource::Settings,
                };
                PlatformAddress { platform, base_url, source }
            })
            .collect();
        let row = self.threads_row().await?;
        let saved_secret = row.as_ref().and_then(|row| Some((row.secret_fingerprint.clone()?, row.secret_set_at?)));
        let queue_secret = match saved_secret {
            Some((fingerprint, set_at)) => QueueSecretState::Saved(KeyView::stored(fingerprint, set_at)?),
            None if self.default_queue_secret().is_some() => QueueSecretState::Default,
            None => QueueSecretState::Missing,
        };
        let tenant_id = row.and_then(|row| row.tenant_id).unwrap_or_else(|| DEFAULT_TENANT_ID.to_owned());
        Ok(ConnectionSettingsView { addresses, tenant_id, queue_secret })
    }

    /// The queue secret (opened for one call) and the tenant id that publishing to the Threads backend sends.
    /// A saved secret bound to another origin than the Threads address in use is refused (and audited); the
    /// default one goes only to the address the console started with.
    pub async fn threads_credentials(&self) -> Result<ThreadsCredentials, CoreError> {
        let current = self.connections.origin(Platform::Threads);
        let saved = self.threads_saved(&current).await?;
        let queue_secret = saved
            .queue_secret
            .or_else(|| self.default_queue_secret().filter(|_| current == self.configured_threads_origin));
        Ok(ThreadsCredentials { queue_secret, tenant_id: saved.tenant_id })
    }

    /// Binds the saved queue secret to the Threads origin in use; only after the owner confirmed the move with
    /// the console password (`Console::confirm_key_move`, which audits it).
    pub(crate) async fn move_queue_secret(&self) -> Result<(), CoreError> {
        self.bind_queue_secret(true).await
    }

    /// At start-up: binds a secret saved before secrets were bound to the Threads origin in use; in sandbox mode
    /// (`rebind`) whatever it was bound to, the sandbox backend having a new port at every start.
    pub(crate) async fn bind_queue_secret(&self, rebind: bool) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE platform_connections SET secret_origin = ? WHERE platform = 'threads' AND secret IS NOT NULL \
             AND (secret_origin IS NULL OR ?)",
        )
        .bind(self.connections.origin(Platform::Threads))
        .bind(rebind)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// Checks the whole change first (an error names its form field, and nothing changes), then saves it,
    /// switches the clients and audits each setting that changed; returns those settings.
    pub async fn save(&self, change: ConnectionChange, client: Option<IpAddr>) -> Result<Vec<Setting>, CoreError> {
        let mut endpoints = Endpoints::default();
        let mut threads_origin = String::new();
        for platform in Platform::ALL {
            let url = base_url(platform, change.endpoints.get(platform))?;
            if platform == Platform::Threads {
                threads_origin = url.origin().as_str().trim_end_matches('/').to_owned();
            }
            endpoints.set(platform, url.as_str());
        }
        let tenant_id = change.tenant_id.trim();
        rules::check_tenant_id(tenant_id).map_err(|violation| CoreError::invalid("tenant_id", violation))?;
        let queue_secret = match change.queue_secret {
            QueueSecretChange::Replace(entered) => QueueSecretChange::Replace(queue_secret(&entered)?),
            other => other,
        };

        let in_use = self.connections.endpoints();
        let moved: Vec<Platform> =
            Platform::ALL.into_iter().filter(|&platform| endpoints.get(platform) != in_use.get(platform)).collect();
        let stored = self.threads_row().await?;
        let stored_tenant = stored.as_ref().and_then(|row| row.tenant_id.as_deref()).unwrap_or(DEFAULT_TENANT_ID);
        let tenant_changed = tenant_id != stored_tenant;
        let secret_stored = stored.as_ref().is_some_and(|row| row.secret.is_some());
        let secret_changed = match queue_secret {
            QueueSecretChange::Keep => false,
            QueueSecretChange::Replace(_) => true,
            QueueSecretChange::Forget => secret_stored,
        };

        let now = now_seconds();
        let mut transaction = self.store.pool().begin().await?;
        if self.mode == Mode::Production {
            for &platform in &moved {
                // Back at the configured address: nothing is saved, the configuration governs again.
                let saved = Some(endpoints.get(platform)).filter(|&url| url != self.configured.get(platform));
                ensure_row(&mut transaction, platform, now).await?;
                sqlx::query("UPDATE platform_connections SET base_url = ? WHERE platform = ?")
                    .bind(saved)
                    .bind(platform.slug())
                    .execute(&mut *transaction)
                    .await?;
            }
        }
        if tenant_changed || secret_changed {
            ensure_row(&mut transaction, Platform::Threads, now).await?;
        }
        if tenant_changed {
            sqlx::query("UPDATE platform_connections SET tenant_id = ? WHERE platform = 'threads'")
                .bind(tenant_id)
                .execute(&mut *transaction)
                .await?;
        }
        if secret_changed {
            // A new secret is typed for the Threads address of the same form: it is bound to that origin.
            let (sealed, fingerprint, origin) = match &queue_secret {
                QueueSecretChange::Replace(secret) => (
                    Some(self.vault.seal(&SecretSlot::platform_secret(Platform::Threads), secret)?),
                    Some(self.vault.fingerprint(secret).as_str().to_owned()),
                    Some(threads_origin.as_str()),
                ),
                _ => (None, None, None),
            };
            sqlx::query(
                "UPDATE platform_connections SET secret = ?, secret_fingerprint = ?, secret_origin = ?, \
                 secret_set_at = ? WHERE platform = 'threads'",
            )
            .bind(sealed)
            .bind(fingerprint)
            .bind(origin)
            .bind(matches!(queue_secret, QueueSecretChange::Replace(_)).then_some(now))
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        if !moved.is_empty() {
            self.connections.replace(&endpoints)?;
        }

        let changed: Vec<Setting> = moved
            .into_iter()
            .map(Setting::PlatformUrl)
            .chain(tenant_changed.then_some(Setting::ThreadsTenantId))
            .chain(secret_changed.then_some(Setting::ThreadsQueueSecret))
            .collect();
        for &setting in &changed {
            self.audit.record(AuditEvent::SettingChanged { setting }, client).await?;
        }
        Ok(changed)
    }

    /// Stores the queue secret's fingerprint when it was saved before fingerprints were; run at start-up.
    pub async fn fill_in_fingerprint(&self) -> Result<(), CoreError> {
        let Some(row) = self.threads_row().await? else { return Ok(()) };
        let (Some(sealed), None) = (row.secret, row.secret_fingerprint) else { return Ok(()) };
        let secret = self.vault.open(&SecretSlot::platform_secret(Platform::Threads), &sealed)?;
        sqlx::query("UPDATE platform_connections SET secret_fingerprint = ? WHERE platform = 'threads'")
            .bind(self.vault.fingerprint(&secret).as_str())
            .execute(self.store.pool())
            .await?;
        Ok(())
    }

    async fn threads_row(&self) -> Result<Option<ThreadsRow>, CoreError> {
        Ok(sqlx::query_as(
            "SELECT secret, secret_origin, secret_fingerprint, secret_set_at, tenant_id FROM platform_connections \
             WHERE platform = 'threads'",
        )
        .fetch_optional(self.store.pool())
        .await?)
    }

    /// What Settings saved, the secret opened only for `current`, the origin it would be sent to.
    async fn threads_saved(&self, current: &str) -> Result<ThreadsSaved, CoreError> {
        let row = self.threads_row().await?;
        let (secret, bound, tenant_id) =
            row.map(|row| (row.secret, row.secret_origin, row.tenant_id)).unwrap_or_default();
        if secret.is_some() && bound.as_deref() != Some(current) {
            self.audit.record_origin(AuditEvent::QueueSecretWithheld, current, None).await?;
            return Err(CoreError::KeyElsewhere {
                platform: Platform::Threads,
                bound: bound.unwrap_or_else(|| "no address yet".to_owned()),
                current: current.to_owned(),
            });
        }
        let queue_secret = secret
            .map(|sealed| self.vault.open(&SecretSlot::platform_secret(Platform::Threads), &sealed))
            .transpose()?;
        Ok(ThreadsSaved { queue_secret, tenant_id: tenant_id.unwrap_or_else(|| DEFAULT_TENANT_ID.to_owned()) })
    }
}

/// The form field each platform's address is typed in; errors name it so the page shows them next to it.
fn address_field(platform: Platform) -> &'static str {
    match platform {
        Platform::Clawgram => "clawgram_url",
        Platform::Clawtter => "clawtter_url",
        Platform::Threads => "threads_url",
    }
}

fn base_url(platform: Platform, typed: &str) -> Result<BaseUrl, CoreError> {
    let field = address_field(platform);
    if typed.trim().is_empty() {
        let example = platform.default_base_url();
        return Err(CoreError::invalid(field, format!("enter the {platform} address, such as {example}")));
    }
    let url = BaseUrl::parse(platform, typed).map_err(|error| match error {
        PlatformError::InvalidBaseUrl(_, why) => {
            CoreError::invalid(field, format!("this {platform} address cannot be used: {why}"))
        }
        other => CoreError::invalid(field, other),
    })?;
    // Keys and the queue secret travel in headers: in plain text only to this machine.
    let origin = url.origin();
    if origin.scheme() == "http" && !is_loopback(origin.host_str().unwrap_or_default()) {
        return Err(CoreError::invalid(
            field,
            format!(
                "{platform} keys would cross the network unencrypted; use https:// (http:// is only for this machine)"
            ),
        ));
    }
    Ok(url)
}

/// Whether `host` names this machine: a loopback address, `localhost` or a name under it.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    match host.parse::<std::net::IpAddr>() {
        Ok(address) => address.is_loopback(),
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
    }
}

/// The console's own floor for the queue secret, above what the backend accepts: a short secret can be guessed.
pub const MIN_QUEUE_SECRET_CHARS: usize = 16;

/// The entered secret without the spaces a paste brings around it.
fn queue_secret(entered: &SecretString) -> Result<SecretString, CoreError> {
    let trimmed = entered.expose_secret().trim();
    rules::check_queue_secret(trimmed).map_err(|violation| CoreError::invalid("queue_secret", violation))?;
    if trimmed.chars().count() < MIN_QUEUE_SECRET_CHARS {
        return Err(CoreError::invalid(
            "queue_secret",
            format!("use at least {MIN_QUEUE_SECRET_CHARS} characters, so that the secret cannot be guessed"),
        ));
    }
    Ok(SecretString::from(trimmed.to_owned()))
}

/// Creates the platform's row when Settings saves its first value; marks it changed otherwise.
async fn ensure_row(connection: &mut SqliteConnection, platform: Platform, now: i64) -> Result<(), CoreError> {
    sqlx::query(
        "INSERT INTO platform_connections (platform, updated_at) VALUES (?, ?) \
         ON CONFLICT (platform) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(platform.slug())
    .bind(now)
    .execute(connection)
    .await?;
    Ok(())
}
