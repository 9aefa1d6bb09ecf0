use crate::components::{AuditList, Field, FormError, PageHeader, PlatformBadge};
use crate::serverfns::agents::list_agents;
use crate::serverfns::audit::recent_audit_entries;
use crate::serverfns::auth::ChangePassword;
use crate::serverfns::console::{list_connections, CheckConnections, ConnectionCheckView};
use crate::time_text::ago;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <PageHeader title="Settings" summary="Where the console connects, and how it is protected." />
        <ConnectionsCard />
        <StoredKeysCard />
        <ChangePasswordCard />
        <AuditCard />
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

/// The agents' keys in the vault, each shown only as its fingerprint.
#[component]
fn StoredKeysCard() -> impl IntoView {
    let agents = Resource::new(|| (), |_| list_agents());
    view! {
        <section class="card" aria-labelledby="keys-title">
            <div class="card-header">
                <h2 id="keys-title">"Stored keys"</h2>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading the stored keys…"</p> }>
                {move || agents.get().map(|loaded| loaded.map(|agents| if agents.is_empty() {
                    view! {
                        <p class="empty-body">
                            "No keys stored yet. Connect an agent on the Agents page; its key is encrypted here."
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <ul class="key-list">
                            {agents.into_iter().map(|agent| view! {
                                <li class="key-entry">
                                    <PlatformBadge slug=agent.slug label=agent.platform />
                                    <span class="key-agent">{agent.display_name.unwrap_or_else(|| agent.handle.clone())}</span>
                                    <code class="key-fingerprint">{agent.key_fingerprint.unwrap_or_else(|| "no key".to_owned())}</code>
                                    <span class="muted">{agent.key_age_seconds.map(|age| format!("set {}", ago(age)))}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }))}
            </Suspense>
        </section>
    }
}

/// Changing the console password; other browsers' sessions end with the old password.
#[component]
fn ChangePasswordCard() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = move || change.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| Signal::derive(move || error().and_then(|e| e.for_field(field)));
    view! {
        <section class="card" aria-labelledby="password-title">
            <div class="card-header">
                <h2 id="password-title">"Console password"</h2>
            </div>
            <ActionForm action=change attr:class="form form-narrow">
                <Field
                    kind="password"
                    name="current_password"
                    label="Current password"
                    autocomplete="current-password"
                    error=field_error("current_password")
                />
                <Field
                    kind="password"
                    name="new_password"
                    label="New password"
                    autocomplete="new-password"
                    hint="At least 10 characters. Other browsers will be logged out."
                    error=field_error("new_password")
                />
                <Field
                    kind="password"
                    name="confirm_password"
                    label="Repeat the new password"
                    autocomplete="new-password"
                    error=field_error("confirm_password")
                />
                <FormError error=Signal::derive(move || error().and_then(|e| e.for_form())) />
                {move || matches!(change.value().get(), Some(Ok(()))).then(|| view! {
                    <p class="form-success" role="status">"Password changed. Other browsers were logged out."</p>
                })}
                <button class="button button-primary" type="submit" disabled=move || change.pending().get()>
                    {move || if change.pending().get() { "Changing…" } else { "Change password" }}
                </button>
            </ActionForm>
        </section>
    }
}

/// What was done to the console and its keys, latest first.
#[component]
fn AuditCard() -> impl IntoView {
    let entries = Resource::new(|| (), |_| recent_audit_entries());
    view! {
        <section class="card" aria-labelledby="audit-title">
            <div class="card-header">
                <h2 id="audit-title">"Audit log"</h2>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading the audit log…"</p> }>
                {move || entries.get().map(|loaded| loaded.map(|entries| if entries.is_empty() {
                    view! {
                        <p class="empty-body">
                            "Nothing recorded yet. Logins, password changes and key imports will appear here."
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <AuditList entries />
                    }.into_any()
                }))}
            </Suspense>
        </section>
    }
}
