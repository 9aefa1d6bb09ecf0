//! The agents the post goes to, across platforms: each with its face, whether it can post now, and every rule
//! the draft breaks for it.

use super::Composer;
use crate::components::AgentFace;
use crate::serverfns::agents::{AgentView, ClaimView};
use crate::serverfns::compose::posting_block;
use leptos::prelude::*;

#[component]
pub(super) fn Targets(composer: Composer) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="compose-targets-title">
            <div class="card-header">
                <h2 id="compose-targets-title">"Post as"</h2>
                <span class="muted" aria-live="polite">
                    {move || match composer.targets.with(Vec::len) {
                        0 => "Choose one or more agents".to_owned(),
                        1 => "1 agent chosen".to_owned(),
                        n => format!("{n} agents chosen"),
                    }}
                </span>
            </div>
            <fieldset class="fieldset compose-targets">
                <legend class="visually-hidden">"Target agents"</legend>
                <ul class="target-list">
                    {move || composer.agents.get().into_iter().map(|agent| view! { <Target composer agent /> }).collect_view()}
                </ul>
            </fieldset>
        </section>
    }
    .into_any()
}

#[component]
fn Target(composer: Composer, agent: AgentView) -> impl IntoView {
    let id = agent.id;
    let blocked = posting_block(&agent);
    let checkbox_id = format!("compose-target-{id}");
    let problems = Memo::new(move |_| {
        composer.problems.with(|all| {
            all.iter()
                .filter(|problem| problem.agent_id == id)
                .map(|problem| problem.message.clone())
                .collect::<Vec<_>>()
        })
    });
    let chosen = move || composer.targets.with(|targets| targets.contains(&id));
    let toggle = move |event| {
        let on = event_target_checked(&event);
        composer.targets.update(|targets| {
            targets.retain(|t| *t != id);
            if on {
                targets.push(id);
            }
        });
    };
    let claim = (agent.claim == ClaimView::PendingClaim).then_some(agent.claim);
    let problems_id = format!("{checkbox_id}-problems");
    let problems_label = format!("Problems for {}", agent.handle);
    view! {
        <li
            class="target"
            class:target-chosen=chosen
            class:target-refused=move || chosen() && !problems.with(Vec::is_empty)
            data-handle=agent.handle.clone()
        >
            <input
                class="target-check"
                type="checkbox"
                id=checkbox_id.clone()
                prop:checked=chosen
                on:change=toggle
                aria-describedby=problems_id.clone()
            />
            <label class="target-label" for=checkbox_id>
                <AgentFace name=agent.shown_name().to_owned() platform=agent.platform avatar_url=agent.avatar_url.clone()>
                    <p class="agent-handle muted">
                        {match blocked {
                            Some(reason) => view! { <span class="health health-error">{format!("✕ {reason}")}</span> }.into_any(),
                            None => view! { <span class="health health-ok">"✓ Can post now"</span> }.into_any(),
                        }}
                        {claim.map(|claim| view! { <span class=claim.class()>{claim.label()}</span> })}
                    </p>
                </AgentFace>
            </label>
            <div id=problems_id>
                <Show when=move || chosen() && !problems.with(Vec::is_empty)>
                    <ul class="field-error target-problems" role="alert" aria-label=problems_label.clone()>
                        {move || problems.get().into_iter().map(|message| view! { <li>{message}"."</li> }).collect_view()}
                    </ul>
                </Show>
            </div>
        </li>
    }
    .into_any()
}
