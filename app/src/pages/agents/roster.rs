//! The list of agents: recognised by face, with their claim, key and activity, sortable and filterable.

use super::row::AgentRow;
use crate::components::{fixed_choices, ToolbarSelect};
use crate::error::AppError;
use crate::serverfns::agents::{AgentView, CheckAgents, ClaimView, KeyHealthView};
use clawdesk_platforms::Platform;
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
            SortBy::Name => agents.sort_by_key(|a| a.shown_name().to_lowercase()),
            SortBy::Platform => {
                agents.sort_by(|a, b| (a.platform.slug(), &a.handle).cmp(&(b.platform.slug(), &b.handle)))
            }
            SortBy::Followers => agents.sort_by_key(|a| std::cmp::Reverse(a.follower_count.unwrap_or(0))),
            SortBy::LastPost => agents.sort_by_key(|a| a.last_post_age_seconds.unwrap_or(i64::MAX)),
        }
    }
}

/// Whether `agent` passes the status filter: `claimed`, `pending_claim`, `key_fails` or anything for all.
fn matches_status(agent: &AgentView, status: &str) -> bool {
    match status {
        "claimed" => agent.claim == ClaimView::Claimed,
        "pending_claim" => agent.claim == ClaimView::PendingClaim,
        "key_fails" => agent.health == KeyHealthView::Fails,
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
            .filter(|a| platform.with(|p| p.is_empty() || Platform::from_slug(p) == Some(a.platform)))
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
                <ToolbarSelect label="Platform" choices=fixed_choices(PLATFORMS) on_choose=move |value| set_platform.set(value) />
                <ToolbarSelect label="Status" choices=fixed_choices(STATUSES) on_choose=move |value| set_status.set(value) />
                <ToolbarSelect
                    label="Sort by"
                    choices=fixed_choices(SORTS)
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
