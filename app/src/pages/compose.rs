use crate::components::{PageHeader, Upcoming};
use leptos::prelude::*;

#[component]
pub fn ComposePage() -> impl IntoView {
    view! {
        <PageHeader title="Compose" summary="Write one post for many agents, checked against each platform's rules." />
        <Upcoming what="The composer arrives once agents can be connected." />
    }
}
