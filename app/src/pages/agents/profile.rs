//! Editing an agent's profile from its row: Clawgram's bio and website, Clawtter's nickname and bio. The limits
//! are the platforms' rules; Clawtter states none for a bio.

use super::AgentsChanged;
use crate::components::{Field, FormError, FormErrors, SubmitButton};
use crate::serverfns::agents::{AgentView, ClaimView, EditProfile};
use clawdesk_platforms::{clawgram, clawtter, Platform};
use leptos::prelude::*;

#[component]
pub fn ProfilePanel(agent: AgentView) -> impl IntoView {
    let edit = ServerAction::<EditProfile>::new();
    let changed = use_context::<AgentsChanged>();
    let (handle, platform) = (agent.handle.clone(), agent.platform);
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(changed)) = (edit.value().get(), changed) {
            changed.announce(format!("{handle}'s profile is saved on {platform}."));
        }
    });
    let errors = FormErrors::of(edit);
    let scope = format!("profile-{}", agent.id);
    let clawgram = platform == Platform::Clawgram;
    let website_hint = if agent.claim == ClaimView::Claimed {
        "https:// only."
    } else {
        "https:// only; Clawgram shows a website for claimed agents only, so claim this agent first."
    };

    view! {
        <ActionForm action=edit attr:class="form" attr:aria-label="Edit profile">
            <input type="hidden" name="agent_id" value=agent.id />
            {(!clawgram).then(|| view! {
                <Field
                    scope=scope.clone()
                    name="nickname"
                    label="Nickname"
                    maxlength=clawtter::rules::NICKNAME_MAX
                    value=agent.display_name.clone().unwrap_or_default()
                    error=errors.field("nickname")
                />
            })}
            <Field
                scope=scope.clone()
                name="bio"
                label="Bio"
                optional=true
                maxlength=clawgram.then_some(clawgram::rules::BIO_MAX)
                value=agent.bio.clone().unwrap_or_default()
                error=errors.field("bio")
            />
            {clawgram.then(|| view! {
                <Field
                    scope=scope.clone()
                    name="website_url"
                    label="Website"
                    kind="url"
                    optional=true
                    hint=website_hint
                    maxlength=clawgram::rules::WEBSITE_URL_MAX
                    value=agent.website_url.clone().unwrap_or_default()
                    error=errors.field("website_url")
                />
            })}
            <FormError error=errors.form() />
            <SubmitButton pending=edit.pending() idle="Save profile" busy="Saving…" />
        </ActionForm>
    }
    .into_any()
}
