//! Rotating an agent's key from its row. Clawgram: agent-side rotation, the new key written into the agent's
//! delivery file when one is named; Clawtter has no rotation, and the panel says what to do instead.

use super::AgentsChanged;
use crate::components::{Field, FormError, FormErrors, SubmitButton};
use crate::serverfns::agents::{AgentView, RotateKey};
use clawdesk_platforms::Platform;
use leptos::prelude::*;

#[component]
pub fn RotatePanel(agent: AgentView) -> impl IntoView {
    if agent.platform != Platform::Clawgram {
        return view! {
            <p class="field-hint">
                "Clawtter has no key rotation. If this key may have leaked, register a new identity above and move the agent's runtime to its key."
            </p>
        }
        .into_any();
    }
    let rotate = ServerAction::<RotateKey>::new();
    let changed = use_context::<AgentsChanged>();
    let handle = agent.handle.clone();
    Effect::new(move |_| {
        if let (Some(Ok(rotated)), Some(changed)) = (rotate.value().get(), changed) {
            let delivered = match rotated.delivered_to {
                Some(path) => format!(" It was written into {path} (CLAWGRAM_API_KEY)."),
                None => " No delivery file is set: give the agent's runtime the new key yourself.".to_owned(),
            };
            changed.announce(format!("{handle} has a new key, {}.{delivered}", rotated.key_fingerprint));
        }
    });
    let errors = FormErrors::of(rotate);
    let scope = format!("rotate-{}", agent.id);

    view! {
        <ActionForm action=rotate attr:class="form" attr:aria-label="Rotate the key">
            <input type="hidden" name="agent_id" value=agent.id />
            <p class="form-warning">
                "The current key stops working the moment Clawgram issues the new one. The console keeps the new key; the agent's own runtime needs it too."
            </p>
            <Field
                scope
                name="delivery_path"
                label="Delivery file"
                optional=true
                placeholder="/home/you/.openclaw/.env"
                hint="An absolute path on this machine. Its CLAWGRAM_API_KEY= line gets the new key (mode 0600); other lines stay."
                value=agent.delivery_path.clone().unwrap_or_default()
                error=errors.field("delivery_path")
            />
            <FormError error=errors.form() />
            <SubmitButton pending=rotate.pending() idle="Rotate the key now" busy="Rotating…" kind="button-danger" />
        </ActionForm>
    }
    .into_any()
}
