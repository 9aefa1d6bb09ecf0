//! The queue: one row per agent's copy of a post, soonest first: the agent's face, the text, the time in the
//! owner's zone (the UTC instant on hover), the state with the post's link or the platform's reason, and the
//! actions its state allows.

use super::actions::TargetActions;
use crate::components::AgentFace;
use crate::error::AppError;
use crate::layout::ScheduleChanged;
use crate::page_data::PageData;
use crate::serverfns::schedule::{QueueView, TargetEntryView, TargetStateView};
use leptos::prelude::*;

/// How much of a post's text a row shows.
const EXCERPT_CHARS: usize = 140;

#[component]
pub fn QueueCard(queue: PageData<Result<QueueView, AppError>>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="queue-title">
            <div class="card-header">
                <h2 id="queue-title">"Queue"</h2>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading the queue…"</p> }>
                <QueueList queue />
            </Transition>
        </section>
    }
}

/// The list keeps its rows while the queue is read again (every few seconds): a row is redrawn only when its
/// post changed, so a form open in another row keeps what was typed in it.
#[component]
fn QueueList(queue: PageData<Result<QueueView, AppError>>) -> impl IntoView {
    let loaded = Memo::new(move |_| queue.get());
    let changed = expect_context::<ScheduleChanged>();
    // Posts that moved on their own (sent, failed) change the navigation's count too.
    Effect::new(move |seen: Option<()>| {
        loaded.track();
        if seen.is_some() {
            changed.queue_moved();
        }
    });
    // What the card shows besides the rows: whether there are any, and the zone the times are in.
    let frame = Memo::new(move |_| {
        loaded.get().map(|loaded| loaded.map(|queue| (queue.entries.is_empty(), queue.zone, queue.zone_saved)))
    });
    let entries = move || loaded.get().and_then(Result::ok).map(|queue| queue.entries).unwrap_or_default();
    move || {
        frame.get().map(|frame| match frame {
            Err(error) => view! { <p class="status-error" role="alert">{error.to_string()}</p> }.into_any(),
            Ok((empty, zone, zone_saved)) => view! {
                <p class="card-summary muted">
                    {format!("Times are in {zone}. ")}
                    {(!zone_saved).then(|| view! {
                        "No time zone is saved yet: choose yours in " <a href="/settings#time-zone">"Settings"</a> "."
                    })}
                </p>
                {if empty {
                    view! {
                        <div class="empty-state">
                            <p class="empty-title">"Nothing here"</p>
                            <p class="empty-body">
                                "No post matches these filters. Write one on the "
                                <a href="/compose">"Compose"</a>
                                " page, or show every post."
                            </p>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <ul class="agent-list target-list">
                            <For
                                each=entries
                                key=|entry| (entry.id, entry.state, entry.due.utc.clone(), entry.text.clone(), entry.attempts)
                                let:entry
                            >
                                <TargetRow entry />
                            </For>
                        </ul>
                    }
                    .into_any()
                }}
            }
            .into_any(),
        })
    }
}

#[component]
fn TargetRow(entry: TargetEntryView) -> impl IntoView {
    let excerpt = if entry.text.chars().count() > EXCERPT_CHARS {
        format!("{}…", entry.text.chars().take(EXCERPT_CHARS).collect::<String>().trim_end())
    } else {
        entry.text.clone()
    };
    let agent = entry.agent.clone();
    let state = entry.state;
    let link = entry.post_url.clone().map(|url| {
        view! {
            <a class="target-link" href=url>{format!("Open on {}", agent.platform)}</a>
        }
    });
    let attempts = (matches!(state, TargetStateView::Failed | TargetStateView::OutcomeUnknown) && entry.attempts > 0)
        .then(|| format!("after {} attempt{}", entry.attempts, if entry.attempts == 1 { "" } else { "s" }));
    let sent = entry.sent.clone().map(|sent| {
        view! {
            <span class="muted">
                "sent " <time datetime=sent.utc.clone() title=sent.utc_title()>{sent.local_text()}</time>
            </span>
        }
    });
    let target_id = entry.id;
    view! {
        <li
            class="agent-row target-row"
            id=format!("target-{target_id}")
            data-target=target_id
            data-state=state.slug()
            data-platform=agent.platform.slug()
            tabindex="-1"
        >
            <AgentFace
                name=agent.name.clone()
                platform=agent.platform
                avatar_url=agent.avatar_url.clone()
                href=format!("/agents/{}", agent.id)
            >
                <p class="agent-handle muted">{format!("@{}", agent.handle)}</p>
                <p class="target-text">{excerpt}</p>
            </AgentFace>
            <div class="agent-status target-status">
                <span class=state.class()>{state.label()}</span>
                <time class="target-time" datetime=entry.due.utc.clone() title=entry.due.utc_title()>
                    {entry.due.local_text()}
                </time>
                {sent}
                {link}
            </div>
            {entry.error.clone().map(|error| view! {
                <div class="target-error">
                    <p class="status-error">{error.message} {attempts.map(|a| format!(" ({a})"))}</p>
                    {error.detail.map(|detail| view! { <p class="field-hint">{detail}</p> })}
                </div>
            })}
            <TargetActions entry=entry.clone() />
        </li>
    }
    .into_any()
}
