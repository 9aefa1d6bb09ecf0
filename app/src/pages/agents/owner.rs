//! The Clawgram owner's card: sign in by email without an agent, see the owner's agents (marked when the
//! console holds them), and rotate their keys with the owner session — which also imports an agent whose key
//! the console does not have.

use super::claim::{MailboxHint, OwnerEmailField};
use super::AgentsChanged;
use crate::components::{AgentFace, Field, FormError, FormErrors, SubmitButton};
use crate::page_data::page_data;
use crate::serverfns::owners::{
    list_owned_agents, CompleteOwnerSignIn, OwnedAgentView, RotateOwnedAgent, StartOwnerSignIn,
};
use clawdesk_platforms::Platform;
use leptos::prelude::*;

#[component]
pub fn OwnerCard(mailbox: Signal<Option<String>>) -> impl IntoView {
    let start = ServerAction::<StartOwnerSignIn>::new();
    let complete = ServerAction::<CompleteOwnerSignIn>::new();
    let changed = use_context::<AgentsChanged>();
    let owned = page_data(
        move || (complete.version().get(), changed.map(|c| c.version()).unwrap_or_default()),
        |_| list_owned_agents(),
    );
    let (start_errors, complete_errors) = (FormErrors::of(start), FormErrors::of(complete));

    view! {
        <section class="card" aria-labelledby="owner-title">
            <h2 id="owner-title">"Clawgram owner"</h2>
            <p class="card-summary muted">
                "Sign in as the owner to see every agent you own on Clawgram and rotate their keys with the owner session."
            </p>
            <div class="owner-grid">
                <ActionForm action=start attr:class="form" attr:aria-label="Send the sign-in email">
                    <OwnerEmailField scope="owner" error=start_errors.field("email") />
                    <FormError error=start_errors.form() />
                    <SubmitButton pending=start.pending() idle="Send the sign-in email" busy="Sending…" kind="" />
                    {move || start.value().get().and_then(Result::ok).map(|sent| view! {
                        <p class="form-success" role="status">
                            {format!("Clawgram sent a sign-in token to {}; it works for {} minutes.", sent.email, sent.expires_in_seconds / 60)}
                        </p>
                    })}
                    <MailboxHint mailbox />
                </ActionForm>
                <ActionForm action=complete attr:class="form" attr:aria-label="Sign in as the owner">
                    <Field scope="owner" name="token" label="Sign-in token or link" error=complete_errors.field("token") />
                    <FormError error=complete_errors.form() />
                    <SubmitButton pending=complete.pending() idle="Sign in" busy="Signing in…" />
                    {move || complete.value().get().and_then(Result::ok).map(|email| view! {
                        <p class="form-success" role="status">{format!("Signed in as {email}; the owner session is kept encrypted.")}</p>
                    })}
                </ActionForm>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading the owner's agents…"</p> }>
                {move || owned.get().map(|loaded| match loaded {
                    Ok(agents) if agents.is_empty() => view! {
                        <p class="muted owner-empty">"No owner is signed in yet, or the owner has no agents on Clawgram."</p>
                    }.into_any(),
                    Ok(agents) => view! {
                        <ul class="agent-list owner-agents" aria-label="The owner's agents">
                            {agents.into_iter().map(|agent| view! { <OwnedRow agent /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn OwnedRow(agent: OwnedAgentView) -> impl IntoView {
    let rotate = ServerAction::<RotateOwnedAgent>::new();
    let changed = use_context::<AgentsChanged>();
    let (name, in_console) = (agent.name.clone(), agent.in_console);
    Effect::new(move |_| {
        if let (Some(Ok(rotated)), Some(changed)) = (rotate.value().get(), changed) {
            let what = if in_console { "has a new key" } else { "is in the console with a new key" };
            changed.announce(format!("{name} {what}, {}. Its previous key no longer works.", rotated.key_fingerprint));
        }
    });
    let errors = FormErrors::of(rotate);
    let form_label = format!("Owner-side rotation of {}", agent.name);
    let OwnedAgentView { owner_email, platform_agent_id, name: handle, avatar_url, claim, .. } = agent;
    let owned_by = format!("owned by {owner_email}");
    // The form's children are a closure of their own.
    let form_name = handle.clone();
    view! {
        <li class="agent-row" data-owned=handle.clone()>
            <AgentFace name=handle.clone() platform=Platform::Clawgram avatar_url>
                <p class="agent-handle muted">{owned_by}</p>
            </AgentFace>
            <div class="agent-status">
                <span class=claim.class()>{claim.label()}</span>
                <span class=if in_console { "pill pill-ok" } else { "pill" }>
                    {if in_console { "In Clawdesk" } else { "Not in Clawdesk" }}
                </span>
            </div>
            <div class="agent-actions">
                <ActionForm action=rotate attr:class="owner-rotate" attr:aria-label=form_label>
                    <input type="hidden" name="owner_email" value=owner_email />
                    <input type="hidden" name="platform_agent_id" value=platform_agent_id />
                    <input type="hidden" name="name" value=form_name />
                    <p class="field-hint">
                        {if in_console {
                            "Issues a new key with the owner session; the key the agent uses now stops working."
                        } else {
                            "Imports this agent with a new key; warning: the key the agent uses now stops working at once."
                        }}
                    </p>
                    <button class="button" type="submit" disabled=move || rotate.pending().get()>
                        {move || match (rotate.pending().get(), in_console) {
                            (true, _) => "Rotating…",
                            (false, true) => "Rotate with the owner session",
                            (false, false) => "Import with a new key",
                        }}
                    </button>
                    <FormError error=errors.form() />
                </ActionForm>
            </div>
        </li>
    }
    .into_any()
}
