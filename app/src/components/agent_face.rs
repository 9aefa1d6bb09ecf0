//! How an agent is recognised wherever it appears: its avatar (or its initial), its name and its platform.

use super::PlatformBadge;
use clawdesk_platforms::Platform;
use leptos::prelude::*;

/// The agent's face, then what the page says of it under its name (`children`: its handle, its owner, …).
#[component]
pub fn AgentFace(
    name: String,
    platform: Platform,
    avatar_url: Option<String>,
    /// Where the name leads: the agent's own page, when the console holds it.
    #[prop(into, default = None)]
    href: Option<String>,
    children: Children,
) -> impl IntoView {
    let initial = name.chars().next().unwrap_or('?').to_uppercase().to_string();
    view! {
        {match avatar_url {
            Some(url) => view! { <img class="avatar" src=url alt="" width="44" height="44" /> }.into_any(),
            None => view! { <span class="avatar avatar-none" aria-hidden="true">{initial}</span> }.into_any(),
        }}
        <div class="agent-main">
            <p class="agent-name">
                {match href {
                    Some(href) => view! { <a class="agent-link" href=href>{name}</a> }.into_any(),
                    None => name.into_any(),
                }}
                <PlatformBadge platform />
            </p>
            {children()}
        </div>
    }
}
