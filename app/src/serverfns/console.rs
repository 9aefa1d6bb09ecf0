//! What the console is connected to: the connections as Settings shows and changes them, and their health checks.

use crate::error::AppError;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether the console talks to the local sandbox platforms or to real ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModeView {
    Sandbox,
    Production,
}

/// Where the console connects, as the Settings form shows it; the queue secret only as whether it is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectionsView {
    pub sandbox: bool,
    pub platforms: Vec<ConnectionView>,
    pub tenant_id: String,
    pub queue_secret: QueueSecretView,
}

/// One platform's address as the browser sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub platform: Platform,
    pub base_url: String,
    /// Where the address comes from, in the owner's words.
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum QueueSecretView {
    Saved {
        fingerprint: String,
        set_age_seconds: i64,
    },
    /// None is saved; the sandbox backend's is used.
    SandboxDefault,
    Missing,
}

/// The result of calling one platform's health route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectionCheckView {
    pub platform: Platform,
    pub base_url: String,
    pub latency_ms: Option<u64>,
    pub error: Option<String>,
}

/// Keys of one platform that the console keeps from its address now, because they came from another one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeysElsewhereView {
    pub platform: Platform,
    /// The origin the keys came from.
    pub bound: String,
    /// The origin the platform is reached at now.
    pub current: String,
    pub keys: u64,
    /// Whether the Threads queue secret waits too.
    pub queue_secret: bool,
}

#[server]
pub async fn console_mode() -> Result<ModeView, AppError> {
    let console = super::console()?;
    Ok(if console.is_sandbox() { ModeView::Sandbox } else { ModeView::Production })
}

/// In sandbox mode, where the sandbox's emails (claim tokens) can be read; `None` with real platforms.
#[server(endpoint = "sandbox-mailbox")]
pub async fn sandbox_mailbox_url() -> Result<Option<String>, AppError> {
    Ok(super::console()?.sandbox_mailbox_url())
}

#[server(endpoint = "connections")]
pub async fn connection_settings() -> Result<ConnectionsView, AppError> {
    let console = super::console()?;
    Ok(view::connections(console.is_sandbox(), console.connection_settings().view().await?))
}

/// Saves the Settings form: the addresses apply at once; an empty queue secret keeps the stored one. Changing an
/// address needs the console password (`password`), which also lets that platform's keys follow the new address.
/// Returns what changed, in the owner's words.
#[server(endpoint = "connections/save")]
pub async fn save_connections(
    clawgram_url: String,
    clawtter_url: String,
    threads_url: String,
    tenant_id: String,
    queue_secret: String,
    forget_queue_secret: Option<String>,
    password: Option<String>,
) -> Result<Vec<String>, AppError> {
    use clawdesk_core::{ConnectionChange, Endpoints, QueueSecretChange};
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    let queue_secret = QueueSecretChange::from_form(queue_secret.into(), forget_queue_secret.is_some())?;
    let endpoints = Endpoints { clawgram: clawgram_url, clawtter: clawtter_url, threads: threads_url };
    let change = ConnectionChange { endpoints, tenant_id, queue_secret };
    let password = password.unwrap_or_default().into();
    let changed = console.save_connections(change, &password, client).await?;
    Ok(changed.into_iter().map(clawdesk_core::Setting::label).collect())
}

/// The keys (and the Threads queue secret) that wait for the owner to let them go to a moved address.
#[server(endpoint = "connections/keys-elsewhere")]
pub async fn keys_elsewhere() -> Result<Vec<KeysElsewhereView>, AppError> {
    Ok(view::keys_elsewhere(super::console()?.keys_elsewhere().await?))
}

/// Lets `platform`'s keys go to the address it is reached at now; needs the console password. Returns how many
/// agent keys moved.
#[server(endpoint = "connections/move-keys")]
pub async fn move_keys(platform: Platform, password: String) -> Result<u64, AppError> {
    let (console, client) = (super::console()?, super::request::client_ip().await?);
    Ok(console.confirm_key_move(platform, &password.into(), client).await?)
}

/// Calls one platform's health route.
#[server(endpoint = "connections/check-one")]
pub async fn check_connection(platform: Platform) -> Result<ConnectionCheckView, AppError> {
    Ok(view::check(super::console()?.connections().check(platform).await))
}

#[server]
pub async fn check_connections() -> Result<Vec<ConnectionCheckView>, AppError> {
    let checks = super::console()?.connections().check_all().await;
    Ok(checks.into_iter().map(view::check).collect())
}

#[cfg(feature = "ssr")]
mod view {
    use super::{ConnectionCheckView, ConnectionView, ConnectionsView, KeysElsewhereView, QueueSecretView};
    use clawdesk_core::{AddressSource, ConnectionCheck, ConnectionSettingsView, KeysElsewhere, QueueSecretState};

    pub(super) fn keys_elsewhere(found: Vec<KeysElsewhere>) -> Vec<KeysElsewhereView> {
        found
            .into_iter()
            .map(|entry| KeysElsewhereView {
                platform: entry.platform,
                bound: entry.bound,
                current: entry.current,
                keys: entry.keys,
                queue_secret: entry.queue_secret,
            })
            .collect()
    }

    pub(super) fn connections(sandbox: bool, settings: ConnectionSettingsView) -> ConnectionsView {
        let platforms = settings
            .addresses
            .into_iter()
            .map(|address| ConnectionView {
                platform: address.platform,
                base_url: address.base_url,
                source: match address.source {
                    AddressSource::Configuration => "From the configuration",
                    AddressSource::Settings => "Saved here",
                    AddressSource::Sandbox => "The sandbox's address",
                    AddressSource::UntilRestart => "Changed here, until the console stops",
                }
                .to_owned(),
            })
            .collect();
        let queue_secret = match settings.queue_secret {
            QueueSecretState::Saved(key) => QueueSecretView::Saved {
                fingerprint: key.fingerprint.to_string(),
                set_age_seconds: (time::OffsetDateTime::now_utc() - key.set_at).whole_seconds().max(0),
            },
            QueueSecretState::Default => QueueSecretView::SandboxDefault,
            QueueSecretState::Missing => QueueSecretView::Missing,
        };
        ConnectionsView { sandbox, platforms, tenant_id: settings.tenant_id, queue_secret }
    }

    pub(super) fn check(check: ConnectionCheck) -> ConnectionCheckView {
        ConnectionCheckView {
            platform: check.platform,
            base_url: check.base_url,
            latency_ms: check.outcome.as_ref().ok().map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            error: check.outcome.err(),
        }
    }
}
