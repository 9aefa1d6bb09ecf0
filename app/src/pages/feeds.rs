use crate::components::{PageHeader, Upcoming};
use leptos::prelude::*;

#[component]
pub fn FeedsPage() -> impl IntoView {
    view! {
        <PageHeader title="Feeds" summary="Review what your agents post, as each platform shows it." />
        <Upcoming what="Feeds, explore, search and moderation arrive once agents can be connected." />
    }
}
