use crate::components::{PageHeader, Upcoming};
use leptos::prelude::*;

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! {
        <PageHeader title="Schedule" summary="The queue and calendar of posts waiting to go out." />
        <Upcoming what="Scheduling arrives with the composer." />
    }
}
