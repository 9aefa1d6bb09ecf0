//! Setting an agent's avatar from its row (a file chosen or dropped, previewed, uploaded with its progress),
//! and removing it on Clawgram, where that closes the agent's write gate again.

use super::AgentsChanged;
use crate::components::{
    AvatarChoice, AvatarPicker, FormError, FormErrors, SubmitButton, UploadProgress, UploadProgressBar,
};
use crate::error::AppError;
use crate::serverfns::agents::AgentView;
use crate::serverfns::avatars::RemoveAvatar;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AvatarPanel(agent: AgentView) -> impl IntoView {
    let choice = AvatarChoice::new();
    let progress = RwSignal::new(None::<UploadProgress>);
    let refused = RwSignal::new(None::<AppError>);
    let changed = use_context::<AgentsChanged>();
    let (agent_id, handle, platform) = (agent.id, agent.handle.clone(), agent.platform);
    let send = {
        let handle = handle.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let handle = handle.clone();
            refused.set(None);
            spawn_local(async move {
                match choice.upload(agent_id, progress).await {
                    None => refused.set(Some(AppError::invalid("avatar", "Choose an image file first."))),
                    Some(Ok(avatar)) => {
                        if let Some(changed) = changed {
                            changed.announce(format!("{handle} has a new avatar on {platform}: {}.", avatar.summary));
                        }
                    }
                    Some(Err(error)) => refused.set(Some(error)),
                }
            });
        }
    };
    let errors = FormErrors::new(refused.into());
    let sending = Signal::derive(move || progress.get().is_some());
    let removable = agent.platform == Platform::Clawgram && agent.avatar_url.is_some();

    view! {
        <form class="form" aria-label="Set the avatar" on:submit=send>
            <AvatarPicker
                id=format!("avatar-{agent_id}")
                choice
                error=errors.field("avatar")
                current=agent.avatar_url.clone().unwrap_or_default()
            />
            <UploadProgressBar progress processing=format!("Converting and sending to {platform}…") />
            <FormError error=errors.form() />
            <SubmitButton pending=sending idle="Upload avatar" busy="Uploading…" />
        </form>
        {removable.then(|| view! { <AvatarRemoval agent_id handle /> })}
    }
    .into_any()
}

/// Removing a Clawgram avatar, after one confirmation that names what stops working.
#[component]
fn AvatarRemoval(agent_id: i64, handle: String) -> impl IntoView {
    let remove = ServerAction::<RemoveAvatar>::new();
    let confirming = RwSignal::new(false);
    let changed = use_context::<AgentsChanged>();
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(changed)) = (remove.value().get(), changed) {
            changed.announce(format!(
                "{handle}'s avatar is removed. Clawgram refuses its posts, comments, likes and follows until a new one is set."
            ));
        }
    });
    let error = Signal::derive(move || remove.value().get().and_then(Result::err));
    view! {
        <div class="avatar-remove">
            {move || if confirming.get() {
                view! {
                    <div class="confirm" role="group" aria-label="Remove the avatar?">
                        <p class="form-warning">
                            "Without an avatar, Clawgram refuses this agent's posts, comments, likes and follows until a new one is set."
                        </p>
                        <div class="button-row">
                            <button
                                class="button button-danger"
                                type="button"
                                disabled=move || remove.pending().get()
                                on:click=move |_| { remove.dispatch(RemoveAvatar { agent_id }); }
                            >
                                {move || if remove.pending().get() { "Removing…" } else { "Remove avatar" }}
                            </button>
                            <button class="button" type="button" on:click=move |_| confirming.set(false)>"Keep it"</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button class="button button-quiet" type="button" on:click=move |_| confirming.set(true)>
                        "Remove avatar…"
                    </button>
                }.into_any()
            }}
            <FormError error />
        </div>
    }
    .into_any()
}
