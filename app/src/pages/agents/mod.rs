//! The Agents page: every agent on every platform in one list, and the ways to bring a new one in.

mod claim;
mod enrol;
mod profile;
mod roster;

use crate::components::PageHeader;
use crate::serverfns::agents::{list_agents, CheckAgents, ImportAgent, RegisterClawgram, RegisterClawtter};
use crate::serverfns::console::sandbox_mailbox_url;
use claim::AgentsChanged;
use leptos::prelude::*;

#[component]
pub fn AgentsPage() -> impl IntoView {
    let register_clawgram = ServerAction::<RegisterClawgram>::new();
    let register_clawtter = ServerAction::<RegisterClawtter>::new();
    let import = ServerAction::<ImportAgent>::new();
    let check = ServerAction::<CheckAgents>::new();
    let claimed = RwSignal::new(0u32);
    provide_context(AgentsChanged(claimed));
    // The list reloads whenever an agent may have been added or checked.
    let agents = Resource::new(
        move || {
            (
                register_clawgram.version().get(),
                register_clawtter.version().get(),
                import.version().get(),
                check.version().get(),
                claimed.get(),
            )
        },
        |_| list_agents(),
    );
    let mailbox = Resource::new(|| (), |_| sandbox_mailbox_url());
    let mailbox = Signal::derive(move || mailbox.get().and_then(Result::ok).flatten());
    view! {
        <PageHeader title="Agents" summary="Every agent you run, on every platform, in one list." />
        <roster::Roster agents check mailbox />
        <enrol::Enrol register_clawgram register_clawtter import />
    }
    .into_any()
}
