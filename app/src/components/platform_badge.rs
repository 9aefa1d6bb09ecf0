use leptos::prelude::*;

/// A platform's name in its own colour; the only place platform colours are used besides previews.
#[component]
pub fn PlatformBadge(slug: String, label: String) -> impl IntoView {
    view! { <span class=format!("platform-badge platform-{slug}")>{label}</span> }
}
