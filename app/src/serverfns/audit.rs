//! The audit log as Settings shows it.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many entries the Settings card lists.
pub const RECENT_ENTRIES: u32 = 50;

/// One audit entry as the browser sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntryView {
    /// RFC 3339, UTC.
    pub at: String,
    pub summary: String,
    pub agent: Option<String>,
    pub client: Option<String>,
}

#[server(endpoint = "audit")]
pub async fn recent_audit_entries() -> Result<Vec<AuditEntryView>, AppError> {
    let entries = super::console()?.audit().recent(RECENT_ENTRIES).await?;
    Ok(entries.into_iter().map(view).collect())
}

/// What happened to one agent, latest first.
#[server(endpoint = "audit/agent")]
pub async fn agent_audit_entries(agent_id: i64) -> Result<Vec<AuditEntryView>, AppError> {
    let entries = super::console()?.audit().of_agent(agent_id, RECENT_ENTRIES).await?;
    Ok(entries.into_iter().map(view).collect())
}

#[cfg(feature = "ssr")]
fn view(entry: clawdesk_core::AuditEntry) -> AuditEntryView {
    AuditEntryView {
        at: entry.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        summary: match entry.origin {
            Some(origin) => format!("{} ({origin})", entry.event.summary()),
            None => entry.event.summary(),
        },
        agent: entry.agent_handle,
        client: entry.client.map(|ip| ip.to_string()),
    }
}
