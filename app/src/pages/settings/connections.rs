//! Platform connections: each platform's address, the Threads backend's tenant id and queue secret, and a test
//! of each platform's health route. A saved change applies at once; the secret is only ever shown as set.
//! Changing an address needs the console password, which also lets that platform's keys follow it.

use crate::components::{Field, FormError, FormErrors, PlatformBadge, SubmitButton};
use crate::page_data::page_data;
use crate::serverfns::console::{
    connection_settings, CheckConnection, CheckConnections, ConnectionCheckView, ConnectionView, ConnectionsView,
    QueueSecretView, SaveConnections,
};
use crate::time_text::ago;
use clawdesk_platforms::{threads, Platform};
use leptos::prelude::*;

/// The last health check of each platform, newest kept.
type Checks = RwSignal<Vec<ConnectionCheckView>>;

fn record(checks: Checks, found: Vec<ConnectionCheckView>) {
    checks.update(|all| {
        all.retain(|check| found.iter().all(|new| new.platform != check.platform));
        all.extend(found);
    });
}

/// The form field of a platform's address, named as the server names it in its errors.
fn address_field(platform: Platform) -> (&'static str, &'static str) {
    match platform {
        Platform::Clawgram => ("clawgram_url", "Clawgram API address"),
        Platform::Clawtter => ("clawtter_url", "Clawtter API address"),
        Platform::Threads => ("threads_url", "Threads backend address"),
    }
}

/// `saved` counts the saves that changed something, for the cards that show their traces.
#[component]
pub fn ConnectionsCard(saved: RwSignal<u32>) -> impl IntoView {
    let save = ServerAction::<SaveConnections>::new();
    let check_all = ServerAction::<CheckConnections>::new();
    let checks: Checks = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        // Reloaded after a save only: after a refusal the form keeps what the owner typed.
        if let Some(Ok(_)) = save.value().get() {
            saved.update(|count| *count += 1);
            checks.set(Vec::new());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(found)) = check_all.value().get() {
            record(checks, found);
        }
    });
    let settings = page_data(move || saved.get(), |_| connection_settings());

    view! {
        <section class="card" aria-labelledby="connections-title">
            <div class="card-header">
                <h2 id="connections-title">"Platform connections"</h2>
                <button
                    class="button button-primary"
                    type="button"
                    on:click=move |_| {
                        check_all.dispatch(CheckConnections {});
                    }
                    disabled=move || check_all.pending().get()
                >
                    {move || if check_all.pending().get() { "Testing…" } else { "Test connections" }}
                </button>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading connections…"</p> }>
                {move || settings.get().map(|loaded| loaded.map(|connections| view! {
                    <ConnectionsForm connections save checks />
                }))}
            </Transition>
            {move || check_all.value().get().and_then(Result::err).map(|error| view! {
                <p class="status-error" role="alert">{error.to_string()}</p>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn ConnectionsForm(connections: ConnectionsView, save: ServerAction<SaveConnections>, checks: Checks) -> impl IntoView {
    let errors = FormErrors::of(save);
    let precedence = if connections.sandbox {
        "Sandbox mode: these are the sandbox platforms' addresses, new at every start. An address changed here \
         applies at once, until the console stops; it is not saved. The Threads tenant id and queue secret are saved."
    } else {
        "An address saved here applies at once and takes precedence over clawdesk.toml and the environment, which \
         give the first values. Enter the configured address again to go back to it."
    };
    let (placeholder, secret_status) = match &connections.queue_secret {
        QueueSecretView::Saved { fingerprint, set_age_seconds } => (
            "Stored; leave empty to keep it",
            format!("A queue secret is stored ({fingerprint}, set {}).", ago(*set_age_seconds)),
        ),
        QueueSecretView::SandboxDefault => (
            "The sandbox backend's secret is used",
            "No queue secret is saved: the sandbox backend's own is used.".to_owned(),
        ),
        QueueSecretView::Missing => {
            ("Not set", "No queue secret is stored: publishing to Threads needs the one your backend expects.".into())
        }
    };
    let secret_stored = matches!(connections.queue_secret, QueueSecretView::Saved { .. });
    let ConnectionsView { platforms, tenant_id, .. } = connections;
    // The password is asked for only once an address is typed differently (or the server asked for it).
    let addresses: Vec<(&'static str, String)> = platforms
        .iter()
        .map(|connection| (address_field(connection.platform).0, connection.base_url.clone()))
        .collect();
    let changed_addresses = RwSignal::new(Vec::<&'static str>::new());
    let on_input = move |event: leptos::ev::Event| {
        let input = event_target::<leptos::web_sys::HtmlInputElement>(&event);
        let name = input.name();
        if let Some((field, saved)) = addresses.iter().find(|(field, _)| *field == name) {
            let differs = input.value().trim() != saved.as_str();
            changed_addresses.update(|changed| {
                changed.retain(|other| other != field);
                if differs {
                    changed.push(field);
                }
            });
        }
    };
    let password_error = errors.field("password");
    let password_hidden = move || changed_addresses.with(Vec::is_empty) && password_error.get().is_none();

    view! {
        <p class="card-summary muted">{precedence}</p>
        <ActionForm action=save attr:class="form" attr:aria-label="Platform connections">
            // On the list, not the form: a handler given to a component is lost when the form is built again after a
            // save in the release build (its views are type-erased), and the address fields' input bubbles to here.
            <ul class="connection-list" on:input=on_input>
                {platforms.into_iter().map(|connection| view! {
                    <ConnectionRow connection errors checks />
                }).collect_view()}
            </ul>
            <div class="field-reveal" hidden=password_hidden>
                <Field
                    kind="password"
                    name="password"
                    label="Console password"
                    autocomplete="current-password"
                    optional=true
                    hint="An address changes: type the console password again. The agents' keys then go to the new address."
                    error=password_error
                />
            </div>
            <fieldset class="fieldset">
                <legend class="fieldset-legend">"Threads backend"</legend>
                <Field
                    name="tenant_id"
                    label="Tenant id"
                    hint=format!("The tenant your backend publishes for: {} unless you changed it.", threads::DEFAULT_TENANT_ID)
                    maxlength=threads::rules::TENANT_ID_MAX
                    value=tenant_id.clone()
                    error=errors.field("tenant_id")
                />
                <Field
                    kind="password"
                    name="queue_secret"
                    label="Queue secret"
                    autocomplete="new-password"
                    optional=true
                    placeholder
                    hint="Sent only to your backend, as X-Queue-Secret, and never shown again. Leave empty to keep the stored one."
                    maxlength=threads::rules::QUEUE_SECRET_MAX
                    error=errors.field("queue_secret")
                />
                <p class="secret-status" role="status">{secret_status.clone()}</p>
                {secret_stored.then(|| view! {
                    <label class="field-check">
                        <input type="checkbox" name="forget_queue_secret" value="on" />
                        "Forget the stored queue secret"
                    </label>
                })}
            </fieldset>
            <FormError error=errors.form() />
            {move || save.value().get().and_then(Result::ok).map(|changed| view! {
                <p class="form-success" role="status">
                    {if changed.is_empty() {
                        "Nothing to change: these are the settings in use.".to_owned()
                    } else {
                        format!("Changed: {}.", changed.join(", "))
                    }}
                </p>
            })}
            <SubmitButton pending=save.pending() idle="Save connections" busy="Saving…" />
        </ActionForm>
    }
    .into_any()
}

/// One platform: its address field, where the address comes from, and its own test.
#[component]
fn ConnectionRow(connection: ConnectionView, errors: FormErrors, checks: Checks) -> impl IntoView {
    let (name, label) = address_field(connection.platform);
    let check = ServerAction::<CheckConnection>::new();
    let failed_call = {
        let connection = connection.clone();
        move |error: String| ConnectionCheckView {
            platform: connection.platform,
            base_url: connection.base_url.clone(),
            latency_ms: None,
            error: Some(error),
        }
    };
    Effect::new(move |_| match check.value().get() {
        Some(Ok(found)) => record(checks, vec![found]),
        // The call itself failed (the session ended): say so where its result would be.
        Some(Err(error)) => record(checks, vec![failed_call(error.to_string())]),
        None => {}
    });
    let platform = connection.platform;
    let outcome = move || checks.get().into_iter().find(|check| check.platform == platform);
    let test = move |_| {
        check.dispatch(CheckConnection { platform });
    };
    view! {
        <li class="connection" data-platform=platform.slug()>
            <PlatformBadge platform />
            <div class="connection-address">
                <Field name label kind="url" value=connection.base_url.clone() error=errors.field(name) />
                <p class="field-hint">{connection.source.clone()}</p>
            </div>
            <div class="connection-test">
                <button
                    class="button"
                    type="button"
                    aria-label=format!("Test {}", connection.platform)
                    on:click=test
                    disabled=move || check.pending().get()
                >
                    {move || if check.pending().get() { "Testing…" } else { "Test" }}
                </button>
                <span class="connection-status" aria-live="polite">
                    {move || outcome().map(|c| match (c.latency_ms, c.error) {
                        (Some(ms), _) => view! { <span class="status-ok">{format!("✓ Answered in {ms} ms")}</span> }.into_any(),
                        (None, error) => view! { <span class="status-error">{format!("✕ {}", error.unwrap_or_default())}</span> }.into_any(),
                    })}
                </span>
            </div>
        </li>
    }
    .into_any()
}
