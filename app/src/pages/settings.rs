mod connections;
mod key_moves;
mod time_zone;

use crate::components::{AuditList, Field, FormError, FormErrors, PageHeader, PlatformBadge};
use crate::page_data::page_data;
use crate::serverfns::agents::list_agents;
use crate::serverfns::audit::recent_audit_entries;
use crate::serverfns::auth::ChangePassword;
use crate::time_text::ago;
use connections::ConnectionsCard;
use key_moves::KeyMovesCard;
use leptos::prelude::*;
use time_zone::TimeZoneCard;

#[component]
pub fn SettingsPage() -> impl IntoView {
    // Each saved change of the connections is a new audit entry.
    let connections_saved = RwSignal::new(0);
    view! {
        <PageHeader title="Settings" summary="Where the console connects, the time zone it schedules in, and how it is protected." />
        <KeyMovesCard saved=connections_saved />
        <ConnectionsCard saved=connections_saved />
        <TimeZoneCard />
        <StoredKeysCard />
        <ChangePasswordCard />
        <AuditCard changed=connections_saved.read_only() />
    }
}

/// The agents' keys in the vault, each shown only as its fingerprint.
#[component]
fn StoredKeysCard() -> impl IntoView {
    let agents = page_data(|| (), |_| list_agents());
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
                                    <PlatformBadge platform=agent.platform />
                                    <span class="key-agent">{agent.shown_name().to_owned()}</span>
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
    let errors = FormErrors::of(change);
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
                    error=errors.field("current_password")
                />
                <Field
                    kind="password"
                    name="new_password"
                    label="New password"
                    autocomplete="new-password"
                    hint="At least 10 characters. Other browsers will be logged out."
                    error=errors.field("new_password")
                />
                <Field
                    kind="password"
                    name="confirm_password"
                    label="Repeat the new password"
                    autocomplete="new-password"
                    error=errors.field("confirm_password")
                />
                <FormError error=errors.form() />
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
fn AuditCard(changed: ReadSignal<u32>) -> impl IntoView {
    let entries = page_data(move || changed.get(), |_| recent_audit_entries());
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
