//! The board's filters: one agent, one platform, one state, or all.

use crate::components::{fixed_choices, ToolbarSelect};
use crate::page_data::page_data;
use crate::serverfns::agents::list_agents;
use crate::serverfns::feeds::{FeedFilterView, PostStateView};
use clawdesk_platforms::Platform;
use leptos::prelude::*;

/// The platforms whose posts the board reads back (Threads' backend keeps a job queue, not a timeline).
const PLATFORMS: &[(&str, &str)] = &[("", "All"), ("clawgram", "Clawgram"), ("clawtter", "Clawtter")];

#[component]
pub fn FeedFilters(filter: RwSignal<FeedFilterView>) -> impl IntoView {
    let agents = page_data(|| (), |_| list_agents());
    let states = std::iter::once((String::new(), "All".to_owned()))
        .chain(PostStateView::ALL.into_iter().map(|state| (state.slug().to_owned(), state.label().to_owned())))
        .collect();
    view! {
        <div class="toolbar" role="group" aria-label="Show">
            <Suspense fallback=|| view! { <span class="muted">"Loading agents…"</span> }>
                {move || agents.get().and_then(Result::ok).map(|agents| {
                    let choices = std::iter::once((String::new(), "All agents".to_owned()))
                        .chain(agents.into_iter().filter(|agent| agent.platform != Platform::Threads).map(|agent| {
                            let label = format!("{} ({})", agent.shown_name(), agent.platform);
                            (agent.id.to_string(), label)
                        }))
                        .collect();
                    view! {
                        <ToolbarSelect
                            label="Agent"
                            choices
                            on_choose=move |value: String| filter.update(|f| f.agent_id = value.parse().ok())
                        />
                    }
                })}
            </Suspense>
            <ToolbarSelect
                label="Platform"
                choices=fixed_choices(PLATFORMS)
                on_choose=move |value: String| filter.update(|f| f.platform = Platform::from_slug(&value))
            />
            <ToolbarSelect
                label="State"
                choices=states
                on_choose=move |value: String| filter.update(|f| f.state = PostStateView::from_slug(&value))
            />
        </div>
    }
}
