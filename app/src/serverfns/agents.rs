//! The agents whose keys the console holds, as the browser may see them: the key only as a fingerprint.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentKeyView {
    pub id: i64,
    pub platform: String,
    pub slug: String,
    pub handle: String,
    pub display_name: Option<String>,
    /// e.g. `claw_test_…3fa9c1`; `None` when no key is stored.
    pub key_fingerprint: Option<String>,
    /// RFC 3339, UTC.
    pub key_set_at: Option<String>,
}

#[server(endpoint = "agent-keys")]
pub async fn list_agent_keys() -> Result<Vec<AgentKeyView>, AppError> {
    let console = super::console()?;
    Ok(console
        .agents()
        .list()
        .await?
        .into_iter()
        .map(|agent| AgentKeyView {
            id: agent.id,
            platform: agent.platform.label().to_owned(),
            slug: agent.platform.slug().to_owned(),
            handle: agent.handle,
            display_name: agent.display_name,
            key_fingerprint: agent.key.as_ref().map(|key| key.fingerprint.to_string()),
            key_set_at: agent
                .key
                .and_then(|key| key.set_at.format(&time::format_description::well_known::Rfc3339).ok()),
        })
        .collect())
}
