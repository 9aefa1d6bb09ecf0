//! The Agents page: every agent on every platform in one list, a page at a time, and the ways to bring a new
//! one in.

mod avatar;
mod claim;
mod detail;
mod enrol;
mod owner;
mod posting;
mod profile;
mod recent_posts;
mod roster;
mod rotate;
mod row;

use crate::components::PageHeader;
use crate::page_data::page_data;
use crate::serverfns::agent_list::{agents_page, AgentListQuery};
use crate::serverfns::agents::{CheckAgents, ImportAgent, RegisterClawgram, RegisterClawtter};
use crate::serverfns::console::sandbox_mailbox_url;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub use detail::AgentDetailPage;

#[component]
pub fn AgentsPage() -> impl IntoView {
    let register_clawgram = ServerAction::<RegisterClawgram>::new();
    let register_clawtter = ServerAction::<RegisterClawtter>::new();
    let import = ServerAction::<ImportAgent>::new();
    let check = ServerAction::<CheckAgents>::new();
    let changed = AgentsChanged { version: RwSignal::new(0), notice: RwSignal::new(None) };
    provide_context(changed);
    // The page's address says which agents to list; the list reloads whenever it changes or an agent may have
    // been added or checked.
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(AgentListQuery::from_params));
    let agents = page_data(
        move || {
            (
                query.get(),
                register_clawgram.version().get(),
                register_clawtter.version().get(),
                import.version().get(),
                check.version().get(),
                changed.version.get(),
            )
        },
        |(query, ..)| agents_page(query),
    );
    let mailbox = page_data(|| (), |_| sandbox_mailbox_url());
    let mailbox = Signal::derive(move || mailbox.get().and_then(Result::ok).flatten());
    view! {
        <PageHeader title="Agents" summary="Every agent you run, on every platform, in one list." />
        <roster::Roster query agents check mailbox notice=changed.notice.read_only() />
        <owner::OwnerCard mailbox />
        <enrol::Enrol register_clawgram register_clawtter import />
    }
    .into_any()
}

/// Lets a row's panel say what it changed and have the list reload.
#[derive(Clone, Copy)]
pub struct AgentsChanged {
    version: RwSignal<u32>,
    notice: RwSignal<Option<String>>,
}

impl AgentsChanged {
    /// Changes whenever the list may have changed.
    pub fn version(&self) -> u32 {
        self.version.get()
    }

    pub fn announce(&self, notice: String) {
        self.notice.set(Some(notice));
        self.version.update(|v| *v += 1);
    }
}
