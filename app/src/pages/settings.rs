use crate::components::{PageHeader, PlatformBadge};
use crate::serverfns::console::{list_connections, CheckConnections, ConnectionCheckView};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <PageHeader title="Settings" summary="Where the console connects, and how it is protected." />
        <ConnectionsCard />
    }
}

/// The platforms' base URLs, and a button that calls each platform's health route.
#[component]
fn ConnectionsCard() -> impl IntoView {
    let connections = Resource::new(|| (), |_| list_connections());
    let check = ServerAction::<CheckConnections>::new();
    let checks = move || check.value().get().and_then(Result::ok).unwrap_or_default();
    let outcome = move |slug: &str| checks().into_iter().find(|c: &ConnectionCheckView| c.slug == slug);

    view! {
        <section class="card" aria-labelledby="connections-title">
            <div class="card-header">
                <h2 id="connections-title">"Platform connections"</h2>
                <button
                    class="button button-primary"
                    on:click=move |_| { check.dispatch(CheckConnections {}); }
                    disabled=move || check.pending().get()
                >
                    {move || if check.pending().get() { "Testing…" } else { "Test connections" }}
                </button>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading connections…"</p> }>
                {move || connections.get().map(|loaded| loaded.map(|connections| view! {
                    <ul class="connection-list">
                        {connections.into_iter().map(|connection| {
                            let slug = connection.slug.clone();
                            view! {
                                <li class="connection" data-platform=connection.slug.clone()>
                                    <PlatformBadge slug=connection.slug.clone() label=connection.platform.clone() />
                                    <code class="connection-url">{connection.base_url}</code>
                                    <span class="connection-status" aria-live="polite">
                                        {move || outcome(&slug).map(|c| match (c.latency_ms, c.error) {
                                            (Some(ms), _) => view! { <span class="status-ok">{format!("✓ Answered in {ms} ms")}</span> }.into_any(),
                                            (None, error) => view! { <span class="status-error">{format!("✕ {}", error.unwrap_or_default())}</span> }.into_any(),
                                        })}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }))}
            </Suspense>
            {move || check.value().get().and_then(Result::err).map(|error| view! {
                <p class="status-error" role="alert">{error.to_string()}</p>
            })}
        </section>
    }
}
