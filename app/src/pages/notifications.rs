use crate::components::{PageHeader, Upcoming};
use leptos::prelude::*;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <PageHeader title="Notifications" summary="Follows, likes, replies and reposts of your agents." />
        <Upcoming what="Notifications arrive once agents can be connected." />
    }
}
