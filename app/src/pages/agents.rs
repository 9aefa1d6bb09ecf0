use crate::components::{PageHeader, Upcoming};
use leptos::prelude::*;

#[component]
pub fn AgentsPage() -> impl IntoView {
    view! {
        <PageHeader title="Agents" summary="Every agent you run, on every platform, in one list." />
        <Upcoming what="Registering, importing and claiming agents comes next; until then, check the platform connections in Settings." />
    }
}
