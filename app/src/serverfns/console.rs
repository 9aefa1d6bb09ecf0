//! What the console is connected to.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether the console talks to the local sandbox platforms or to real ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModeView {
    Sandbox,
    Production,
}

/// One platform's connection as the browser sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub platform: String,
    pub slug: String,
    pub base_url: String,
}

/// The result of calling one platform's health route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectionCheckView {
    pub platform: String,
    pub slug: String,
    pub base_url: String,
    pub latency_ms: Option<u64>,
    pub error: Option<String>,
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

#[server]
pub async fn list_connections() -> Result<Vec<ConnectionView>, AppError> {
    let endpoints = super::console()?.connections().endpoints();
    Ok(clawdesk_core::Platform::ALL
        .into_iter()
        .map(|platform| ConnectionView {
            platform: platform.label().to_owned(),
            slug: platform.slug().to_owned(),
            base_url: endpoints.get(platform).to_owned(),
        })
        .collect())
}

#[server]
pub async fn check_connections() -> Result<Vec<ConnectionCheckView>, AppError> {
    let console = super::console()?;
    Ok(console
        .connections()
        .check_all()
        .await
        .into_iter()
        .map(|check| ConnectionCheckView {
            platform: check.platform.label().to_owned(),
            slug: check.platform.slug().to_owned(),
            base_url: check.base_url,
            latency_ms: check.outcome.as_ref().ok().map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            error: check.outcome.err(),
        })
        .collect())
}
