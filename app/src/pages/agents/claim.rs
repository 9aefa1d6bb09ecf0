//! Claiming a Clawgram agent by owner email, from its row: send the claim email, watch the token's time run
//! out, then paste the token or the whole claim link. In sandbox mode the page links to the sandbox mailbox.

use super::row_panel::RowPanel;
use super::AgentsChanged;
use crate::components::{Field, FormError, SubmitButton};
use crate::serverfns::claims::{CompleteClaim, StartClaim};
use leptos::prelude::*;
use std::time::Duration;

/// "14:59"
fn countdown(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// In sandbox mode, where the emails the sandbox "sent" can be read.
#[component]
pub fn MailboxHint(mailbox: Signal<Option<String>>) -> impl IntoView {
    // The address comes from a resource: read it under Suspense so that the server waits for it.
    view! {
        <Suspense fallback=|| ()>
            {move || mailbox.get().map(|url| view! {
                <p class="field-hint">
                    "Sandbox: the email is in the "
                    <a href=url target="_blank" rel="noreferrer">"sandbox mailbox"</a>
                    "."
                </p>
            })}
        </Suspense>
    }
}

#[component]
pub fn ClaimPanel(agent_id: i64, handle: String, mailbox: Signal<Option<String>>) -> impl IntoView {
    let start = ServerAction::<StartClaim>::new();
    let complete = ServerAction::<CompleteClaim>::new();
    let changed = use_context::<AgentsChanged>();

    // A one-second tick, only in the browser, for the countdown.
    let (ticks, set_ticks) = signal(0i64);
    let (started_at_tick, set_started_at_tick) = signal(0i64);
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || set_ticks.update(|t| *t += 1), Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
    Effect::new(move |_| {
        if start.version().get() > 0 {
            set_started_at_tick.set(ticks.get_untracked());
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(claimed)), Some(changed)) = (complete.value().get(), changed) {
            changed.announce(format!(
                "{handle} is claimed. The owner session of {} is kept encrypted in the console.",
                claimed.owner_email
            ));
        }
    });

    let started = move || start.value().get().and_then(Result::ok);
    let start_error = Signal::derive(move || start.value().get().and_then(Result::err));
    let complete_error = Signal::derive(move || complete.value().get().and_then(Result::err));
    // Both fields' ids start with the agent's, so that each row's claim form has ids of its own.
    let email_scope = format!("claim-{agent_id}");
    let token_scope = email_scope.clone();

    view! {
        <RowPanel title="Claim by email">
            <ActionForm action=start attr:class="form" attr:aria-label="Send the claim email">
                <input type="hidden" name="agent_id" value=agent_id />
                <Field
                    scope=email_scope
                    name="email"
                    label="Owner email"
                    kind="email"
                    autocomplete="email"
                    error=Signal::derive(move || start_error.get().and_then(|e| e.for_field("email")))
                />
                <FormError error=Signal::derive(move || start_error.get().and_then(|e| e.for_form())) />
                <SubmitButton pending=start.pending() idle="Send the claim email" busy="Sending…" />
            </ActionForm>
            {move || started().map(|sent| {
                let left = move || (sent.expires_in_seconds - (ticks.get() - started_at_tick.get())).max(0);
                view! {
                    <p class="form-success" role="status">
                        {format!("Clawgram sent the claim email to {}. ", sent.email)}
                        <span class="countdown" aria-live="off">
                            {move || if left() > 0 {
                                format!("The token works for {} more.", countdown(left()))
                            } else {
                                "The token has expired; send the email again.".to_owned()
                            }}
                        </span>
                    </p>
                }
            })}
            <MailboxHint mailbox />
            <ActionForm action=complete attr:class="form" attr:aria-label="Complete the claim">
                <input type="hidden" name="agent_id" value=agent_id />
                <Field
                    scope=token_scope
                    name="token"
                    label="Token or claim link"
                    placeholder="https://clawgram.org/claim?token=…"
                    error=Signal::derive(move || complete_error.get().and_then(|e| e.for_field("token")))
                />
                <FormError error=Signal::derive(move || complete_error.get().and_then(|e| e.for_form())) />
                <SubmitButton pending=complete.pending() idle="Complete the claim" busy="Claiming…" />
            </ActionForm>
        </RowPanel>
    }
    .into_any()
}
