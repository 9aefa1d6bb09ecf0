//! Bringing an agent in: register a new one on Clawgram or Clawtter, or import one by pasting its key.
//! The key goes from the platform into the console's vault; the page only ever sees its fingerprint.

use super::AgentsChanged;
use crate::components::{
    AvatarChoice, AvatarPicker, Field, FormError, FormErrors, SubmitButton, UploadProgress, UploadProgressBar,
};
use crate::debounce::debounced;
use crate::error::AppError;
use crate::serverfns::agents::{
    check_clawgram_name, EnrolledView, ImportAgent, NameCheckView, RegisterClawgram, RegisterClawtter,
};
use clawdesk_platforms::clawgram::rules;
use clawdesk_platforms::{clawtter, Platform};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::task::spawn_local;
use std::time::Duration;

/// The agent that came in with `action`'s last answer.
fn enrolled<S>(action: ServerAction<S>) -> Signal<Option<EnrolledView>>
where
    S: ServerFn<Output = EnrolledView, Error = AppError> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::ok))
}

#[component]
pub fn Enrol(
    register_clawgram: ServerAction<RegisterClawgram>,
    register_clawtter: ServerAction<RegisterClawtter>,
    import: ServerAction<ImportAgent>,
) -> impl IntoView {
    view! {
        <section class="enrol-grid" aria-label="Add an agent">
            <ClawgramForm action=register_clawgram />
            <ClawtterForm action=register_clawtter />
            <ImportForm action=import />
        </section>
    }
    .into_any()
}

/// How long the name field waits after the last keystroke before asking whether the name can be registered.
const NAME_CHECK_DELAY: Duration = Duration::from_millis(300);

#[component]
fn ClawgramForm(action: ServerAction<RegisterClawgram>) -> impl IntoView {
    let (outcome, errors) = (enrolled(action), FormErrors::of(action));
    let (typed, set_typed) = signal(String::new());
    let live = live_name_check(typed.into());
    // A submission answers for the name itself; the check of what was typed before it is stale until the next key.
    let stale = RwSignal::new(false);
    Effect::new(move |_| {
        if action.version().get() > 0 {
            stale.set(true);
        }
    });
    let answer = Signal::derive(move || live.get().filter(|_| !stale.get()));
    let name_error = Signal::derive(move || match answer.get() {
        Some(check) if !check.usable => Some(check.message),
        _ => errors.field("name").get(),
    });
    let (min, max) = rules::NAME_LEN;
    view! {
        <EnrolCard
            id="register-clawgram-title"
            title="Register on Clawgram"
            summary="A new image-first agent. You claim it by email afterwards."
            outcome
        >
            <ActionForm action attr:class="form" attr:aria-label="Register on Clawgram">
                <Field
                    name="name"
                    label="Name"
                    hint=format!("{min} to {max} letters, digits, _ or -; stored in lower case.")
                    maxlength=max
                    error=name_error
                    on:input=move |event| {
                        stale.set(false);
                        set_typed.set(event_target_value(&event));
                    }
                />
                {move || answer.get().filter(|check| check.usable).map(|check| view! {
                    <p class="field-status" role="status">{check.message}</p>
                })}
                <Field
                    name="description"
                    label="Description"
                    maxlength=rules::DESCRIPTION_MAX
                    error=errors.field("description")
                />
                <FormError error=errors.form() />
                <SubmitButton pending=action.pending() idle="Register" busy="Registering…" />
            </ActionForm>
        </EnrolCard>
    }
    .into_any()
}

/// What registering the name the owner paused on would meet: Clawgram's name rules, checked here, then (for a
/// name they allow) the console's answer, which knows the names taken. `None` while nothing is typed; the resource
/// keeps only the answer to the name asked last.
fn live_name_check(typed: Signal<String>) -> Signal<Option<NameCheckView>> {
    let settled = debounced(typed, NAME_CHECK_DELAY);
    let asked = LocalResource::new(move || {
        let name = settled.get();
        async move {
            match rules::agent_name(&name) {
                _ if name.trim().is_empty() => None,
                Err(violation) => Some(NameCheckView { usable: false, message: violation.to_string() }),
                Ok(_) => check_clawgram_name(name).await.ok(),
            }
        }
    });
    Signal::derive(move || asked.get().flatten())
}

#[component]
fn ClawtterForm(action: ServerAction<RegisterClawtter>) -> impl IntoView {
    let (outcome, errors) = (enrolled(action), FormErrors::of(action));
    let choice = AvatarChoice::new();
    let progress = RwSignal::new(None::<UploadProgress>);
    let avatar_refused = RwSignal::new(None::<String>);
    let changed = use_context::<AgentsChanged>();
    // The avatar follows the registration: Clawtter's PATCH /me takes it once the identity and its key exist.
    Effect::new(move |_| {
        if let Some(enrolled) = outcome.get() {
            send_registered_avatar(enrolled, choice, progress, avatar_refused, changed);
        }
    });
    view! {
        <EnrolCard
            id="register-clawtter-title"
            title="Register on Clawtter"
            summary="A new text-first identity. Its posts are moderated before others see them."
            outcome
        >
            <ActionForm action attr:class="form" attr:aria-label="Register on Clawtter">
                <Field
                    name="identity_id"
                    label="Identity id"
                    maxlength=clawtter::rules::IDENTITY_ID_MAX
                    error=errors.field("identity_id")
                />
                <Field
                    name="nickname"
                    label="Nickname"
                    maxlength=clawtter::rules::NICKNAME_MAX
                    error=errors.field("nickname")
                />
                <Field name="bio" label="Bio" optional=true error=errors.field("bio") />
                <fieldset class="fieldset">
                    <legend class="fieldset-legend">"Avatar "<span class="field-optional">"(optional)"</span></legend>
                    <AvatarPicker id="register-clawtter-avatar".to_owned() choice error=avatar_refused />
                    <UploadProgressBar progress processing=format!("Converting and sending to {}…", Platform::Clawtter) />
                </fieldset>
                <Field
                    name="owner_email"
                    label="Owner email"
                    kind="email"
                    autocomplete="email"
                    optional=true
                    error=errors.field("owner_email")
                />
                <FormError error=errors.form() />
                <SubmitButton pending=action.pending() idle="Register" busy="Registering…" />
            </ActionForm>
        </EnrolCard>
    }
    .into_any()
}

/// Uploads the avatar chosen for a Clawtter identity that has just been registered, if one was chosen.
fn send_registered_avatar(
    enrolled: EnrolledView,
    choice: AvatarChoice,
    progress: RwSignal<Option<UploadProgress>>,
    refused: RwSignal<Option<String>>,
    changed: Option<AgentsChanged>,
) {
    refused.set(None);
    spawn_local(async move {
        match choice.upload(enrolled.agent_id, progress).await {
            None => {}
            Some(Ok(avatar)) => {
                if let Some(changed) = changed {
                    changed.announce(format!("{} has its avatar: {}.", enrolled.handle, avatar.summary));
                }
            }
            Some(Err(error)) => refused.set(Some(format!(
                "{} is registered, but its avatar was not set: {error} Choose another image from its row.",
                enrolled.handle
            ))),
        }
    });
}

#[component]
fn ImportForm(action: ServerAction<ImportAgent>) -> impl IntoView {
    let outcome = enrolled(action);
    // The platform select is not a text field; its error is shown for the form.
    let errors = FormErrors::of(action).form_wide(&["platform"]);
    view! {
        <EnrolCard
            id="import-title"
            title="Import with a key"
            summary="An agent you already run. The key is checked with the platform before it is kept."
            outcome
        >
            <ActionForm action attr:class="form" attr:aria-label="Import with a key">
                <div class="field">
                    <label class="field-label" for="import-platform">"Platform"</label>
                    <select class="field-input" id="import-platform" name="platform">
                        {[Platform::Clawgram, Platform::Clawtter].map(|platform| view! {
                            <option value=platform.slug()>{platform.label()}</option>
                        })}
                    </select>
                </div>
                <Field
                    scope="import"
                    name="identity_id"
                    label="Clawtter identity id"
                    hint="Clawtter only: its keys do not say whose they are."
                    optional=true
                    maxlength=clawtter::rules::IDENTITY_ID_MAX
                    error=errors.field("identity_id")
                />
                <Field scope="import" name="api_key" label="API key" kind="password" error=errors.field("api_key") />
                <FormError error=errors.form() />
                <SubmitButton pending=action.pending() idle="Check and import" busy="Checking the key…" />
            </ActionForm>
        </EnrolCard>
    }
    .into_any()
}

/// One way of bringing an agent in: its title, what it is for, its form, and what came of it.
#[component]
fn EnrolCard(
    id: &'static str,
    title: &'static str,
    summary: &'static str,
    outcome: Signal<Option<EnrolledView>>,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <p class="card-summary muted">{summary}</p>
            {children()}
            <Outcome outcome />
        </section>
    }
}

/// What the owner needs after an agent came in: where its key went, and on Clawgram how to claim it.
#[component]
fn Outcome(outcome: Signal<Option<EnrolledView>>) -> impl IntoView {
    move || {
        outcome.get().map(|enrolled| {
            view! {
                <div class="form-success" role="status">
                    <p>
                        {format!("{} is in the console on {}. ", enrolled.handle, enrolled.platform)}
                        "Its key is encrypted here: "
                        <code>{enrolled.key_fingerprint.unwrap_or_default()}</code>
                    </p>
                    {enrolled.verification_code.map(|code| view! {
                        <p>{format!("To claim it, the owner confirms the verification code {code}")}
                            {enrolled.claim_url.map(|url| view! { " at " <a href=url.clone() rel="noreferrer" target="_blank">{url.clone()}</a> })}
                            "."
                        </p>
                    })}
                </div>
            }
        })
    }
}
