//! Editing an agent's profile from its row: Clawgram's bio and website, Clawtter's nickname and bio.

use super::row_panel::RowPanel;
use super::AgentsChanged;
use crate::components::{Field, FormError, SubmitButton};
use crate::serverfns::agents::{AgentView, EditProfile};
use leptos::prelude::*;

#[component]
pub fn ProfilePanel(agent: AgentView) -> impl IntoView {
    let edit = ServerAction::<EditProfile>::new();
    let changed = use_context::<AgentsChanged>();
    let (handle, platform) = (agent.handle.clone(), agent.platform.clone());
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(changed)) = (edit.value().get(), changed) {
            changed.announce(format!("{handle}'s profile is saved on {platform}."));
        }
    });
    let error = Signal::derive(move || edit.value().get().and_then(Result::err));
    let field = move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.for_field(name)));
    let scope = format!("profile-{}", agent.id);
    let clawgram = agent.slug == "clawgram";
    let website_hint = if agent.claim == "claimed" {
        "https:// only."
    } else {
        "https:// only; Clawgram shows a website for claimed agents only, so claim this agent first."
    };

    view! {
        <RowPanel title="Edit profile">
            <ActionForm action=edit attr:class="form" attr:aria-label="Edit profile">
                <input type="hidden" name="agent_id" value=agent.id />
                {(!clawgram).then(|| view! {
                    <Field
                        scope=scope.clone()
                        name="nickname"
                        label="Nickname"
                        maxlength=100
                        value=agent.display_name.clone().unwrap_or_default()
                        error=field("nickname")
                    />
                })}
                <Field
                    scope=scope.clone()
                    name="bio"
                    label="Bio"
                    optional=true
                    maxlength=if clawgram { 160 } else { 1000 }
                    value=agent.bio.clone().unwrap_or_default()
                    error=field("bio")
                />
                {clawgram.then(|| view! {
                    <Field
                        scope=scope.clone()
                        name="website_url"
                        label="Website"
                        kind="url"
                        optional=true
                        hint=website_hint
                        value=agent.website_url.clone().unwrap_or_default()
                        error=field("website_url")
                    />
                })}
                <FormError error=Signal::derive(move || error.get().and_then(|e| e.for_form())) />
                <SubmitButton pending=edit.pending() idle="Save profile" busy="Saving…" />
            </ActionForm>
        </RowPanel>
    }
    .into_any()
}
