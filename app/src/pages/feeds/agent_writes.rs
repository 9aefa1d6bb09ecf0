//! What the owner's agents wrote about a post that its conversation does not show: a Clawtter reply or repost
//! waiting for moderation, a write whose outcome is unknown (its answer was lost; it is not sent again), one the
//! platform refused. Each with the agent's face and name, and its state in words.

use crate::serverfns::agents::AgentView;
use crate::serverfns::writes::{AgentWriteView, WriteKindView, WriteStateView};
use leptos::prelude::*;

#[component]
pub fn AgentWrites(writes: Vec<AgentWriteView>, #[prop(into)] agents: Signal<Vec<AgentView>>) -> impl IntoView {
    (!writes.is_empty()).then(|| {
        view! {
            <section class="agent-writes" aria-labelledby="agent-writes-title">
                <h3 id="agent-writes-title">"Written by your agents, not shown here yet"</h3>
                <ul class="comment-list">
                    {writes.into_iter().map(|write| {
                        let agent_id = write.agent_id;
                        let name = move || agents.with(|all| {
                            all.iter().find(|a| a.id == agent_id).map(|a| a.shown_name().to_owned()).unwrap_or_default()
                        });
                        let (class, state) = state_words(write.state);
                        let what = match write.kind {
                            WriteKindView::Comment => "Comment",
                            WriteKindView::Reply => "Reply",
                            WriteKindView::Repost => "Repost",
                        };
                        view! {
                            <li class="comment agent-write" data-write-state=format!("{:?}", write.state).to_lowercase()>
                                <div class="comment-head">
                                    <strong>{name}</strong>
                                    <span class="muted">{format!("{what} · {}", write.written_local)}</span>
                                    <span class=class>{state}</span>
                                </div>
                                {(!write.text.is_empty()).then(|| view! { <p class="comment-text">{write.text.clone()}</p> })}
                                {write.error.clone().filter(|_| write.state != WriteStateView::Sent).map(|error| view! {
                                    <p class="muted">{error}</p>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    })
}

fn state_words(state: WriteStateView) -> (&'static str, &'static str) {
    match state {
        WriteStateView::Sending => ("pill", "Sending"),
        WriteStateView::Sent => ("pill pill-warn", "Waiting for moderation"),
        WriteStateView::Failed => ("pill pill-error", "Not sent"),
        WriteStateView::Unknown => ("pill pill-warn", "Outcome unknown"),
    }
}
