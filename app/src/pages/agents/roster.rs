//! The list of agents: recognised by face, with their claim, key and activity, sortable and filterable.

use super::avatar::AvatarPanel;
use super::claim::ClaimPanel;
use super::profile::ProfilePanel;
use super::rotate::RotatePanel;
use crate::components::PlatformBadge;
use crate::error::AppError;
use crate::serverfns::agents::{AgentView, CheckAgents};
use crate::time_text::ago;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Platform,
    Followers,
    LastPost,
}

impl SortBy {
    fn parse(value: &str) -> SortBy {
        match value {
            "platform" => SortBy::Platform,
            "followers" => SortBy::Followers,
            "last_post" => SortBy::LastPost,
            _ => SortBy::Name,
        }
    }

    fn sort(self, agents: &mut [AgentView]) {
        match self {
            SortBy::Name => agents.sort_by_key(|a| shown_name(a).to_lowercase()),
            SortBy::Platform => agents.sort_by(|a, b| (&a.slug, &a.handle).cmp(&(&b.slug, &b.handle))),
            SortBy::Followers => agents.sort_by_key(|a| std::cmp::Reverse(a.follower_count.unwrap_or(0))),
            SortBy::LastPost => agents.sort_by_key(|a| a.last_post_age_seconds.unwrap_or(i64::MAX)),
        }
    }
}

fn shown_name(agent: &AgentView) -> &str {
    agent.display_name.as_deref().unwrap_or(&agent.handle)
}

/// Whether `agent` passes the status filter: `claimed`, `pending_claim`, `key_fails` or anything for all.
fn matches_status(agent: &AgentView, status: &str) -> bool {
    match status {
        "claimed" | "pending_claim" => agent.claim == status,
        "key_fails" => agent.health == "fails",
        _ => true,
    }
}

#[component]
pub fn Roster(
    agents: Resource<Result<Vec<AgentView>, AppError>>,
    check: ServerAction<CheckAgents>,
    mailbox: Signal<Option<String>>,
    notice: ReadSignal<Option<String>>,
) -> impl IntoView {
    let (platform, set_platform) = signal(String::new());
    let (status, set_status) = signal(String::new());
    let (sort_by, set_sort_by) = signal(SortBy::Name);
    let shown = move |all: Vec<AgentView>| {
        let mut agents: Vec<AgentView> = all
            .into_iter()
            .filter(|a| platform.with(|p| p.is_empty() || *p == a.slug))
            .filter(|a| status.with(|s| matches_status(a, s)))
            .collect();
        sort_by.get().sort(&mut agents);
        agents
    };

    view! {
        <section class="card" aria-labelledby="roster-title">
            <div class="card-header">
                <h2 id="roster-title">"Your agents"</h2>
                <button
                    class="button"
                    on:click=move |_| { check.dispatch(CheckAgents {}); }
                    disabled=move || check.pending().get()
                >
                    {move || if check.pending().get() { "Checking keys…" } else { "Check keys" }}
                </button>
            </div>
            <div class="toolbar" role="group" aria-label="Show">
                <ToolbarSelect label="Platform" choices=PLATFORMS on_choose=move |value| set_platform.set(value) />
                <ToolbarSelect label="Status" choices=STATUSES on_choose=move |value| set_status.set(value) />
                <ToolbarSelect
                    label="Sort by"
                    choices=SORTS
                    on_choose=move |value: String| set_sort_by.set(SortBy::parse(&value))
                />
            </div>
            {move || notice.get().map(|notice| view! { <p class="form-success" role="status">{notice}</p> })}
            {move || check.value().get().map(|outcome| match outcome {
                Ok(report) if report.problems.is_empty() => view! {
                    <p class="form-success" role="status">{format!("All {} keys work.", report.checked)}</p>
                }.into_any(),
                Ok(report) => view! {
                    <div class="form-error" role="alert">
                        <p>{format!("{} of {} keys need attention:", report.problems.len(), report.checked)}</p>
                        <ul>{report.problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
            <Suspense fallback=|| view! { <p class="muted">"Loading your agents…"</p> }>
                {move || agents.get().map(|loaded| loaded.map(|all| {
                    let total = all.len();
                    let agents = shown(all);
                    if total == 0 {
                        view! {
                            <div class="empty-state">
                                <p class="empty-title">"No agents yet"</p>
                                <p class="empty-body">
                                    "Register a new agent or import one with its key below; its key is encrypted on this machine and never shown again."
                                </p>
                            </div>
                        }.into_any()
                    } else if agents.is_empty() {
                        view! { <p class="muted">"No agent matches these filters."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="agent-list">
                                {agents.into_iter().map(|agent| view! { <AgentRow agent mailbox /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }))}
            </Suspense>
        </section>
    }
    .into_any()
}

const PLATFORMS: &[(&str, &str)] = &[("", "All"), ("clawgram", "Clawgram"), ("clawtter", "Clawtter")];
const STATUSES: &[(&str, &str)] =
    &[("", "All"), ("claimed", "Claimed"), ("pending_claim", "Waiting to be claimed"), ("key_fails", "Key refused")];
const SORTS: &[(&str, &str)] =
    &[("name", "Name"), ("platform", "Platform"), ("followers", "Followers"), ("last_post", "Last post")];

/// A labelled select of `(value, label)` choices that reports the chosen value.
#[component]
fn ToolbarSelect(
    label: &'static str,
    choices: &'static [(&'static str, &'static str)],
    on_choose: impl Fn(String) + 'static,
) -> impl IntoView {
    let id = format!("show-{}", label.to_lowercase().replace(' ', "-"));
    view! {
        <div class="toolbar-item">
            <label for=id.clone()>{label}</label>
            <select class="field-input" id=id on:change=move |ev| on_choose(event_target_value(&ev))>
                {choices.iter().map(|(value, text)| view! { <option value=*value>{*text}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn AgentRow(agent: AgentView, mailbox: Signal<Option<String>>) -> impl IntoView {
    let has_key = agent.key_fingerprint.is_some();
    let claimable = agent.slug == "clawgram" && agent.claim != "claimed" && has_key;
    let editable = agent.clone();
    let name = shown_name(&agent).to_owned();
    let initial = name.chars().next().unwrap_or('?').to_uppercase().to_string();
    let (claim_class, claim_text) = match agent.claim.as_str() {
        "claimed" => ("pill pill-ok", "Claimed"),
        "pending_claim" => ("pill pill-warn", "Waiting to be claimed"),
        _ => ("pill", "No claim"),
    };
    let (health_class, health_text) = match agent.health.as_str() {
        "works" => ("health health-ok", "✓ Key works"),
        "fails" => ("health health-error", "✕ Key refused"),
        _ => ("health", "○ Key unchecked"),
    };
    let facts = [
        agent.follower_count.map(|n| format!("{n} follower{}", if n == 1 { "" } else { "s" })),
        agent.last_post_age_seconds.map(|age| format!("last post {}", ago(age))),
        agent.quota_remaining.map(|n| format!("{n} posts left this hour")),
    ];
    view! {
        <li class="agent-row" data-platform=agent.slug.clone() data-handle=agent.handle.clone()>
            {match agent.avatar_url.clone() {
                Some(url) => view! { <img class="avatar" src=url alt="" width="44" height="44" /> }.into_any(),
                None => view! { <span class="avatar avatar-none" aria-hidden="true">{initial}</span> }.into_any(),
            }}
            <div class="agent-main">
                <p class="agent-name">
                    <a class="agent-link" href=format!("/agents/{}", agent.id)>{name}</a>
                    <PlatformBadge slug=agent.slug.clone() label=agent.platform.clone() />
                </p>
                <p class="agent-handle muted">{format!("@{}", agent.handle)}</p>
                {agent.bio.clone().filter(|bio| !bio.is_empty()).map(|bio| view! { <p class="agent-bio">{bio}</p> })}
                <p class="agent-facts muted">{facts.into_iter().flatten().collect::<Vec<_>>().join(" · ")}</p>
            </div>
            <div class="agent-status">
                {(agent.slug == "clawgram").then(|| view! { <span class=claim_class>{claim_text}</span> })}
                {agent.avatar_gate_met.map(|met| if met {
                    view! { <span class="pill pill-ok" title="Posting, commenting, liking and following are open">"Avatar set"</span> }.into_any()
                } else {
                    view! { <span class="pill pill-warn" title="Clawgram refuses posts, comments, likes and follows until an avatar is set">"No avatar: writes blocked"</span> }.into_any()
                })}
                <span class=health_class>{health_text}</span>
                <span class="agent-key muted">
                    <code>{agent.key_fingerprint.unwrap_or_else(|| "no key".to_owned())}</code>
                    {agent.key_age_seconds.map(|age| format!(" · set {}", ago(age)))}
                </span>
            </div>
            <div class="agent-actions">
                {claimable.then(|| view! { <ClaimPanel agent_id=agent.id handle=agent.handle.clone() mailbox /> })}
                {has_key.then(|| view! { <AvatarPanel agent=editable.clone() /> })}
                {has_key.then(|| view! { <ProfilePanel agent=editable.clone() /> })}
                {has_key.then(|| view! { <RotatePanel agent=editable /> })}
            </div>
        </li>
    }
    .into_any()
}
