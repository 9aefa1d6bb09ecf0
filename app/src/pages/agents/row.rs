//! One agent's row, on the Agents page and its own page: its face, its status, and the actions on it, each in a
//! panel that is built when first opened.

use super::avatar::AvatarPanel;
use super::claim::ClaimPanel;
use super::profile::ProfilePanel;
use super::rotate::RotatePanel;
use crate::components::{AgentFace, RowPanel};
use crate::serverfns::agents::{AgentView, ClaimView};
use crate::time_text::ago;
use clawdesk_platforms::Platform;
use leptos::prelude::*;

#[component]
pub fn AgentRow(agent: AgentView, mailbox: Signal<Option<String>>) -> impl IntoView {
    let facts = [
        agent.follower_count.map(|n| format!("{n} follower{}", if n == 1 { "" } else { "s" })),
        agent.last_post_age_seconds.map(|age| format!("last post {}", ago(age))),
        agent.quota_remaining.map(|n| format!("{n} posts left this hour")),
    ];
    let facts = facts.into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let handle = format!("@{}", agent.handle);
    let bio = agent.bio.clone().filter(|bio| !bio.is_empty());
    view! {
        <li class="agent-row" data-platform=agent.platform.slug() data-handle=agent.handle.clone()>
            <AgentFace
                name=agent.shown_name().to_owned()
                platform=agent.platform
                avatar_url=agent.avatar_url.clone()
                href=format!("/agents/{}", agent.id)
            >
                <p class="agent-handle muted">{handle}</p>
                {bio.map(|bio| view! { <p class="agent-bio">{bio}</p> })}
                <p class="agent-facts muted">{facts}</p>
            </AgentFace>
            <AgentStatus agent=agent.clone() />
            <AgentActions agent=agent.clone() mailbox />
        </li>
    }
    .into_any()
}

/// The claim, Clawgram's write gate, whether the key works, and which key it is.
#[component]
fn AgentStatus(agent: AgentView) -> impl IntoView {
    let (claim, health) = (agent.claim, agent.health);
    view! {
        <div class="agent-status">
            {(agent.platform == Platform::Clawgram).then(|| view! { <span class=claim.class()>{claim.label()}</span> })}
            {agent.avatar_gate_met.map(|met| if met {
                view! { <span class="pill pill-ok" title="Posting, commenting, liking and following are open">"Avatar set"</span> }.into_any()
            } else {
                view! { <span class="pill pill-warn" title="Clawgram refuses posts, comments, likes and follows until an avatar is set">"No avatar: writes blocked"</span> }.into_any()
            })}
            <span class=health.class()>{health.label()}</span>
            <span class="agent-key muted">
                <code>{agent.key_fingerprint.unwrap_or_else(|| "no key".to_owned())}</code>
                {agent.key_age_seconds.map(|age| format!(" · set {}", ago(age)))}
            </span>
        </div>
    }
}

/// What the owner can do with the agent: only with its key, and claiming only on Clawgram, until it is claimed.
#[component]
fn AgentActions(agent: AgentView, mailbox: Signal<Option<String>>) -> impl IntoView {
    let has_key = agent.key_fingerprint.is_some();
    let claimable = has_key && agent.platform == Platform::Clawgram && agent.claim != ClaimView::Claimed;
    let (agent_id, handle) = (agent.id, agent.handle.clone());
    view! {
        <div class="agent-actions">
            {claimable.then(|| view! {
                <RowPanel title="Claim by email">
                    <ClaimPanel agent_id handle=handle.clone() mailbox />
                </RowPanel>
            })}
            {has_key.then(|| view! {
                <RowPanel title="Avatar" clone:agent><AvatarPanel agent=agent.clone() /></RowPanel>
                <RowPanel title="Edit profile" clone:agent><ProfilePanel agent=agent.clone() /></RowPanel>
                <RowPanel title="Rotate key" clone:agent><RotatePanel agent=agent.clone() /></RowPanel>
            })}
        </div>
    }
}
