//! Writing into a conversation as one of the owner's agents: a comment or reply, a Clawtter repost. `core`
//! records each before sending it; the request key the page sends makes a repeat (a double click) the same
//! request, never a second comment.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What an agent writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteKindView {
    Comment,
    Reply,
    Repost,
}

/// Where a write stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteStateView {
    Sending,
    Sent,
    Failed,
    Unknown,
}

/// A recorded write, as the conversation shows it when the platform does not (yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentWriteView {
    pub agent_id: i64,
    pub kind: WriteKindView,
    pub parent_id: Option<String>,
    pub text: String,
    pub state: WriteStateView,
    pub error: Option<String>,
    /// On the owner's clock.
    pub written_local: String,
}

/// A fresh request key for one thing the owner asks: 32 hex digits from the browser's random source.
pub fn request_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        let mut key = String::with_capacity(32);
        for _ in 0..4 {
            key.push_str(&format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32));
        }
        key
    }
    // The server renders the form; only the browser sends it.
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

/// `agent_id` writes `text` about `post_id` (a reply to `parent_id` when set), recorded before it is sent.
#[server(endpoint = "feeds/write")]
pub async fn write_as_agent(
    agent_id: i64,
    kind: WriteKindView,
    post_id: String,
    parent_id: Option<String>,
    text: String,
    request_key: String,
) -> Result<AgentWriteView, AppError> {
    use clawdesk_core::{NewWrite, WriteKind};
    let kind = match kind {
        WriteKindView::Comment => WriteKind::Comment,
        WriteKindView::Reply => WriteKind::Reply,
        WriteKindView::Repost => WriteKind::Repost,
    };
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    let client = super::request::client_ip().await?;
    let write = NewWrite { agent_id, kind, post_id, parent_id, text, request_key };
    Ok(view(console.feeds().write(write, Some(client)).await?, &zone))
}

#[cfg(feature = "ssr")]
pub(crate) fn view(write: clawdesk_core::AgentWrite, zone: &str) -> AgentWriteView {
    use clawdesk_core::{WriteKind, WriteState};
    AgentWriteView {
        agent_id: write.agent_id,
        kind: match write.kind {
            WriteKind::Comment => WriteKindView::Comment,
            WriteKind::Reply => WriteKindView::Reply,
            WriteKind::Repost => WriteKindView::Repost,
        },
        parent_id: write.parent_id,
        text: write.text,
        state: match write.state {
            WriteState::Sending => WriteStateView::Sending,
            WriteState::Sent => WriteStateView::Sent,
            WriteState::Failed => WriteStateView::Failed,
            WriteState::Unknown => WriteStateView::Unknown,
        },
        error: write.error,
        written_local: clawdesk_core::in_zone(write.created_at, zone),
    }
}
