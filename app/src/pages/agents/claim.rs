//! Claiming a Clawgram agent by owner email, from its row: send the claim email, watch the token's time run
//! out, then paste the token or the whole claim link. In sandbox mode the page links to the sandbox mailbox.

use super::AgentsChanged;
use crate::components::{Field, FormError, FormErrors, SubmitButton};
use crate::serverfns::claims::{CompleteClaim, StartClaim};
use clawdesk_platforms::clawgram::rules;
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

/// The Clawgram owner's email, where the platform sends a claim or sign-in token.
#[component]
pub fn OwnerEmailField(#[prop(into)] scope: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Field scope name="email" label="Owner email" kind="email" autocomplete="email" maxlength=rules::EMAIL_MAX error />
    }
}

#[component]
pub fn ClaimPanel(agent_id: i64, handle: String, mailbox: Signal<Option<String>>) -> impl IntoView {
    let start = ServerAction::<StartClaim>::new();
    let complete = ServerAction::<CompleteClaim>::new();
    let changed = use_context::<AgentsChanged>();
    Effect::new(move |_| {
        if let (Some(Ok(claimed)), Some(changed)) = (complete.value().get(), changed) {
            changed.announce(format!(
                "{handle} is claimed. The owner session of {} is kept encrypted in the console.",
                claimed.owner_email
            ));
        }
    });
    let (start_errors, complete_errors) = (FormErrors::of(start), FormErrors::of(complete));
    // Both fields' ids start with the agent's, so that each row's claim form has ids of its own.
    let email_scope = format!("claim-{agent_id}");
    let token_scope = email_scope.clone();

    view! {
        <ActionForm action=start attr:class="form" attr:aria-label="Send the claim email">
            <input type="hidden" name="agent_id" value=agent_id />
            <OwnerEmailField scope=email_scope error=start_errors.field("email") />
            <FormError error=start_errors.form() />
            <SubmitButton pending=start.pending() idle="Send the claim email" busy="Sending…" />
        </ActionForm>
        {move || start.value().get().and_then(Result::ok).map(|sent| view! {
            <p class="form-success" role="status">
                {format!("Clawgram sent the claim email to {}. ", sent.email)}
                <Countdown seconds=sent.expires_in_seconds />
            </p>
        })}
        <MailboxHint mailbox />
        <ActionForm action=complete attr:class="form" attr:aria-label="Complete the claim">
            <input type="hidden" name="agent_id" value=agent_id />
            <Field
                scope=token_scope
                name="token"
                label="Token or claim link"
                placeholder="https://clawgram.org/claim?token=…"
                error=complete_errors.field("token")
            />
            <FormError error=complete_errors.form() />
            <SubmitButton pending=complete.pending() idle="Complete the claim" busy="Claiming…" />
        </ActionForm>
    }
    .into_any()
}

/// How long the emailed token still works. Its one-second timer exists only while the countdown is shown: from
/// the moment an email was sent, in the browser.
#[component]
fn Countdown(seconds: i64) -> impl IntoView {
    let (elapsed, set_elapsed) = signal(0i64);
    Effect::new(move |_| {
        if let Ok(timer) = set_interval_with_handle(move || set_elapsed.update(|s| *s += 1), Duration::from_secs(1)) {
            on_cleanup(move || timer.clear());
        }
    });
    let left = move || (seconds - elapsed.get()).max(0);
    view! {
        <span class="countdown" aria-live="off">
            {move || if left() > 0 {
                format!("The token works for {} more.", countdown(left()))
            } else {
                "The token has expired; send the email again.".to_owned()
            }}
        </span>
    }
}
