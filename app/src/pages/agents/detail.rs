//! One agent's page: its row (status and actions), its profile as the platform shows it, its posting slots and
//! pace, and what the console did with it, from the audit log.

use super::posting::PostingCard;
use super::recent_posts::RecentPosts;
use super::row::AgentRow;
use super::AgentsChanged;
use crate::components::AuditList;
use crate::page_data::page_data;
use crate::serverfns::agents::get_agent;
use crate::serverfns::audit::agent_audit_entries;
use crate::serverfns::console::sandbox_mailbox_url;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AgentDetailPage() -> impl IntoView {
    let params = use_params_map();
    let agent_id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(-1);
    let changed = AgentsChanged { version: RwSignal::new(0), notice: RwSignal::new(None) };
    provide_context(changed);
    let agent = page_data(move || (agent_id(), changed.version.get()), |(id, _)| get_agent(id));
    let activity = page_data(move || (agent_id(), changed.version.get()), |(id, _)| agent_audit_entries(id));
    let mailbox = page_data(|| (), |_| sandbox_mailbox_url());
    let mailbox = Signal::derive(move || mailbox.get().and_then(Result::ok).flatten());

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/agents">"Agents"</a></nav>
        <Suspense fallback=|| view! { <p class="muted">"Loading the agent…"</p> }>
            {move || agent.get().map(|loaded| match loaded {
                Ok(agent) => {
                    let agent_id = agent.id;
                    let title = agent.display_name.clone().unwrap_or_else(|| agent.handle.clone());
                    // The row shows the bio; the website is the one profile field it leaves out.
                    let website = agent.website_url.clone().map(|url| view! {
                        <p>"Website: " <a href=url.clone() rel="noreferrer" target="_blank">{url.clone()}</a></p>
                    });
                    let posts = view! { <RecentPosts agent=agent.clone() /> };
                    view! {
                        <Title text=title.clone() />
                        <header class="page-header"><h1>{title}</h1><p class="page-summary">{format!("@{} on {}", agent.handle, agent.platform)}</p></header>
                        {move || changed.notice.get().map(|notice| view! { <p class="form-success" role="status">{notice}</p> })}
                        <section class="card" aria-label="Status and actions">
                            <ul class="agent-list"><AgentRow agent mailbox /></ul>
                            <div class="agent-profile">{website}</div>
                        </section>
                        <PostingCard agent_id />
                        {posts}
                    }.into_any()
                }
                Err(error) => view! {
                    <section class="card empty-state">
                        <p class="empty-title">"No such agent"</p>
                        <p class="empty-body">{error.to_string()}</p>
                    </section>
                }.into_any(),
            })}
        </Suspense>
        <section class="card" aria-labelledby="activity-title">
            <h2 id="activity-title">"Recent activity"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading the activity…"</p> }>
                {move || activity.get().map(|loaded| loaded.map(|entries| if entries.is_empty() {
                    view! { <p class="muted">"Nothing recorded for this agent yet."</p> }.into_any()
                } else {
                    view! { <AuditList entries /> }.into_any()
                }))}
            </Suspense>
        </section>
    }
    .into_any()
}
