//! The Threads backend's job queue (`/feeds/threads`): its counts and jobs for the tenant in Settings, or a
//! sentence saying why they cannot be shown (the backend has no job routes, protects them, or cannot be reached).

use super::{FeedsTab, FeedsTabs, ReadError};
use crate::components::PageHeader;
use crate::page_data::page_data;
use crate::serverfns::browse::{threads_queue, JobStatsView, JobView, QueueView};
use leptos::prelude::*;

#[component]
pub fn ThreadsPage() -> impl IntoView {
    let queue = page_data(|| (), |_| threads_queue());
    view! {
        <PageHeader title="Feeds" summary="Review what your agents post, and browse each platform." />
        <FeedsTabs current=FeedsTab::Threads />
        <section class="card" aria-labelledby="queue-title">
            <div class="card-header"><h2 id="queue-title">"Threads job queue"</h2></div>
            <Suspense fallback=|| view! { <p class="muted" role="status">"Asking the Threads backend…"</p> }>
                {move || queue.get().map(|queue| match queue {
                    Err(error) => view! { <ReadError error /> }.into_any(),
                    Ok(QueueView::NotExposed) => sentence(
                        "The Threads backend does not show its job queue: it has no job routes. Posts sent to it are listed on the Schedule page.",
                    ),
                    Ok(QueueView::Protected) => sentence(
                        "The Threads backend protects its job queue with a credential Clawdesk does not hold, so the queue cannot be shown here.",
                    ),
                    Ok(QueueView::Unreachable(reason)) => sentence(format!(
                        "The Threads backend cannot be reached ({reason}); check its address in Settings.",
                    )),
                    Ok(QueueView::Shown { tenant_id, jobs, stats }) => view! {
                        <p class="muted">{format!("Tenant {tenant_id}")}</p>
                        {stats.map(|stats| view! { <Stats stats /> })}
                        <Jobs jobs />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn sentence(text: impl Into<String>) -> AnyView {
    view! { <p class="form-warning" role="status">{text.into()}</p> }.into_any()
}

#[component]
fn Stats(stats: JobStatsView) -> impl IntoView {
    view! {
        <dl class="queue-stats" aria-label="Jobs by status">
            <div><dt>"Queued"</dt><dd>{stats.queued}</dd></div>
            <div><dt>"Claimed"</dt><dd>{stats.claimed}</dd></div>
            <div><dt>"Done"</dt><dd>{stats.done}</dd></div>
            <div><dt>"Failed"</dt><dd>{stats.failed}</dd></div>
        </dl>
    }
}

#[component]
fn Jobs(jobs: Vec<JobView>) -> impl IntoView {
    if jobs.is_empty() {
        return view! {
            <div class="empty-state">
                <p class="empty-title">"The queue is empty"</p>
                <p class="empty-body">"Threads posts sent from Compose appear here until the backend publishes them."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <table class="queue-table">
            <thead><tr><th scope="col">"Status"</th><th scope="col">"Message"</th><th scope="col">"Scheduled"</th><th scope="col">"Job"</th></tr></thead>
            <tbody>
                {jobs.into_iter().map(|job| {
                    let class = match job.status.as_str() {
                        "done" => "pill pill-ok",
                        "failed" => "pill pill-error",
                        "claimed" => "pill pill-accent",
                        _ => "pill pill-warn",
                    };
                    let id = job.id.clone();
                    view! {
                        <tr data-job=id>
                            <td><span class=class>{job.status.clone()}</span></td>
                            <td class="queue-message">
                                {job.message}
                                {job.error.map(|error| view! { <span class="field-error">{error}</span> })}
                            </td>
                            <td>{job.scheduled_local.or(job.created_local).unwrap_or_default()}</td>
                            <td class="muted">{job.id}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
