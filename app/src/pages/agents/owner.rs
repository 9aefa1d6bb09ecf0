//! The Clawgram owner's card: sign in by email without an agent, see the owner's agents (marked when the
//! console holds them), and rotate their keys with the owner session — which also imports an agent whose key
//! the console does not have.

use super::claim::MailboxHint;
use super::AgentsChanged;
use crate::components::{Field, FormError, SubmitButton};
use crate::error::AppError;
use crate::serverfns::owners::{
    list_owned_agents, CompleteOwnerSignIn, OwnedAgentView, RotateOwnedAgent, StartOwnerSignIn,
};
use leptos::prelude::*;

#[component]
pub fn OwnerCard(mailbox: Signal<Option<String>>) -> impl IntoView {
    let start = ServerAction::<StartOwnerSignIn>::new();
    let complete = ServerAction::<CompleteOwnerSignIn>::new();
    let changed = use_context::<AgentsChanged>();
    let owned = Resource::new(
        move || (complete.version().get(), changed.map(|c| c.version()).unwrap_or_default()),
        |_| list_owned_agents(),
    );
    let start_error = Signal::derive(move || start.value().get().and_then(Result::err));
    let complete_error = Signal::derive(move || complete.value().get().and_then(Result::err));
    let message = |error: Signal<Option<AppError>>, field: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(field)))
    };

    view! {
        <section class="card" aria-labelledby="owner-title">
            <h2 id="owner-title">"Clawgram owner"</h2>
            <p class="card-summary muted">
                "Sign in as the owner to see every agent you own on Clawgram and rotate their keys with the owner session."
            </p>
            <div class="owner-grid">
                <ActionForm action=start attr:class="form" attr:aria-label="Send the sign-in email">
                    <Field scope="owner" name="email" label="Owner email" kind="email" autocomplete="email" error=message(start_error, "email") />
                    <FormError error=Signal::derive(move || start_error.get().and_then(|e| e.for_form())) />
                    <SubmitButton pending=start.pending() idle="Send the sign-in email" busy="Sending…" kind="" />
                    {move || start.value().get().and_then(Result::ok).map(|sent| view! {
                        <p class="form-success" role="status">
                            {format!("Clawgram sent a sign-in token to {}; it works for {} minutes.", sent.email, sent.expires_in_seconds / 60)}
                        </p>
                    })}
                    <MailboxHint mailbox />
                </ActionForm>
                <ActionForm action=complete attr:class="form" attr:aria-label="Sign in as the owner">
                    <Field scope="owner" name="token" label="Sign-in token or link" error=message(complete_error, "token") />
                    <FormError error=Signal::derive(move || complete_error.get().and_then(|e| e.for_form())) />
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
    let error = Signal::derive(move || rotate.value().get().and_then(Result::err).map(|e| e.to_string()));
    let initial = agent.name.chars().next().unwrap_or('?').to_uppercase().to_string();
    let form_label = format!("Owner-side rotation of {}", agent.name);
    let OwnedAgentView { owner_email, platform_agent_id, name: handle, avatar_url, claimed, .. } = agent;
    let owned_by = format!("owned by {owner_email}");
    // The form's children are a closure of their own.
    let form_name = handle.clone();
    view! {
        <li class="agent-row" data-owned=handle.clone()>
            {match avatar_url {
                Some(url) => view! { <img class="avatar" src=url alt="" width="44" height="44" /> }.into_any(),
                None => view! { <span class="avatar avatar-none" aria-hidden="true">{initial}</span> }.into_any(),
            }}
            <div class="agent-main">
                <p class="agent-name">{handle.clone()}</p>
                <p class="agent-handle muted">{owned_by}</p>
            </div>
            <div class="agent-status">
                <span class=if claimed { "pill pill-ok" } else { "pill pill-warn" }>
                    {if claimed { "Claimed" } else { "Waiting to be claimed" }}
                </span>
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
                    <FormError error />
                </ActionForm>
            </div>
        </li>
    }
    .into_any()
}
