//! The schedule's filters: an agent, a platform, a state. A plain GET form, so it works before hydration.

use super::ScheduleQuery;
use crate::error::AppError;
use crate::page_data::PageData;
use crate::serverfns::agents::AgentView;
use crate::serverfns::schedule::TargetStateView;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos_router::components::Form;

#[component]
pub fn Filters(agents: PageData<Result<Vec<AgentView>, AppError>>, query: Memo<ScheduleQuery>) -> impl IntoView {
    let current = query.get_untracked();
    let span = current.span().slug();
    view! {
        <section class="card" aria-label="Filters">
            <Form method="GET" action="/schedule" attr:class="toolbar schedule-filters">
                <input type="hidden" name="view" value=span />
                <label class="toolbar-item">
                    "Agent"
                    <select class="field-input" name="agent">
                        <option value="">"All agents"</option>
                        <Suspense fallback=|| ()>
                            {move || agents.get().and_then(Result::ok).map(|agents| {
                                let chosen = query.get_untracked().agent_id;
                                agents.into_iter().map(|agent| view! {
                                    <option value=agent.id selected=chosen == Some(agent.id)>
                                        {format!("{} ({})", agent.shown_name(), agent.platform)}
                                    </option>
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </label>
                <label class="toolbar-item">
                    "Platform"
                    <select class="field-input" name="platform">
                        <option value="">"All platforms"</option>
                        {Platform::ALL.into_iter().map(|platform| view! {
                            <option value=platform.slug() selected=current.platform == Some(platform)>{platform.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="toolbar-item">
                    "State"
                    <select class="field-input" name="state">
                        <option value="">"Every state"</option>
                        {TargetStateView::ALL.into_iter().map(|state| view! {
                            <option value=state.slug() selected=current.state == Some(state)>
                                {state.label()}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="toolbar-buttons">
                    <button class="button button-primary" type="submit">"Filter"</button>
                    <a class="button" href="/schedule">"Show all"</a>
                </div>
            </Form>
        </section>
    }
}
