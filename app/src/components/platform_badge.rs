use clawdesk_platforms::Platform;
use leptos::prelude::*;

/// A platform's name in its own colour; the only place platform colours are used besides previews.
#[component]
pub fn PlatformBadge(platform: Platform) -> impl IntoView {
    view! { <span class=format!("platform-badge platform-{}", platform.slug())>{platform.label()}</span> }
}
