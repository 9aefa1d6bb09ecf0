//! Bringing an agent in: register a new one on Clawgram or Clawtter, or import one by pasting its key.
//! The key goes from the platform into the console's vault; the page only ever sees its fingerprint.

use super::AgentsChanged;
use crate::components::{AvatarChoice, AvatarPicker, Field, FormError, SubmitButton, UploadProgressBar};
use crate::error::AppError;
use crate::serverfns::agents::{
    check_clawgram_name, EnrolledView, ImportAgent, NameCheckView, RegisterClawgram, RegisterClawtter,
};
use crate::serverfns::avatars::UploadProgress;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::task::spawn_local;

/// The last answer of `action`: the agent that came in, or the error.
fn answers<S>(action: ServerAction<S>) -> (Signal<Option<EnrolledView>>, Signal<Option<AppError>>)
where
    S: ServerFn<Output = EnrolledView, Error = AppError> + Clone + Send + Sync + 'static,
{
    let outcome = Signal::derive(move || action.value().get().and_then(Result::ok));
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    (outcome, error)
}

/// The error of `field` in the last answer, and the error that belongs to no field.
fn errors(
    error: Signal<Option<AppError>>,
) -> (impl Fn(&'static str) -> Signal<Option<String>> + Copy, Signal<Option<String>>) {
    let field = move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.for_field(name)));
    let form = Signal::derive(move || {
        error.get().and_then(|e| match e {
            AppError::Platform { message, detail } => {
                Some(detail.map(|detail| format!("{message} ({detail})")).unwrap_or(message))
            }
            // The platform select is not a text field; its error is shown for the form.
            AppError::Invalid { field, message } if field == "platform" => Some(message),
            other => other.for_form(),
        })
    });
    (field, form)
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
const NAME_CHECK_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

#[component]
fn ClawgramForm(action: ServerAction<RegisterClawgram>) -> impl IntoView {
    let (outcome, error) = answers(action);
    let (field, form) = errors(error);
    let live = live_name_check();
    // A submission answers for the name itself; the check of what was typed before it is stale.
    Effect::new(move |_| {
        action.version().track();
        live.answer.set(None);
    });
    let name_error = Signal::derive(move || match live.answer.get() {
        Some(check) if !check.usable => Some(check.message),
        _ => field("name").get(),
    });
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
                    hint="3 to 20 letters, digits, _ or -; stored in lower case."
                    maxlength=20
                    error=name_error
                    on:input=move |event| live.typed(event_target_value(&event))
                />
                {move || live.answer.get().filter(|check| check.usable).map(|check| view! {
                    <p class="field-status" role="status">{check.message}</p>
                })}
                <Field name="description" label="Description" maxlength=160 error=field("description") />
                <FormError error=form />
                <SubmitButton pending=action.pending() idle="Register" busy="Registering…" />
            </ActionForm>
        </EnrolCard>
    }
    .into_any()
}

/// The answer to the name typed last, asked once the owner pauses.
#[derive(Clone, Copy)]
struct LiveNameCheck {
    answer: RwSignal<Option<NameCheckView>>,
    /// Counts the names typed, so that an answer to an older one is dropped.
    asked: RwSignal<u32>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

fn live_name_check() -> LiveNameCheck {
    LiveNameCheck { answer: RwSignal::new(None), asked: RwSignal::new(0), pending: StoredValue::new(None) }
}

impl LiveNameCheck {
    fn typed(self, name: String) {
        if let Some(pending) = self.pending.get_value() {
            pending.clear();
        }
        self.asked.update(|asked| *asked += 1);
        let asked = self.asked.get_untracked();
        if name.trim().is_empty() {
            self.answer.set(None);
            return;
        }
        let ask = move || {
            spawn_local(async move {
                let answer = check_clawgram_name(name).await.ok();
                if self.asked.get_untracked() == asked {
                    self.answer.set(answer);
                }
            })
        };
        self.pending.set_value(set_timeout_with_handle(ask, NAME_CHECK_DELAY).ok());
    }
}

#[component]
fn ClawtterForm(action: ServerAction<RegisterClawtter>) -> impl IntoView {
    let (outcome, error) = answers(action);
    let (field, form) = errors(error);
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
                <Field name="identity_id" label="Identity id" maxlength=64 error=field("identity_id") />
                <Field name="nickname" label="Nickname" maxlength=100 error=field("nickname") />
                <Field name="bio" label="Bio" optional=true error=field("bio") />
                <fieldset class="fieldset">
                    <legend class="fieldset-legend">"Avatar "<span class="field-optional">"(optional)"</span></legend>
                    <AvatarPicker id="register-clawtter-avatar".to_owned() choice error=avatar_refused />
                    <UploadProgressBar progress platform="Clawtter".to_owned() />
                </fieldset>
                <Field
                    name="owner_email"
                    label="Owner email"
                    kind="email"
                    autocomplete="email"
                    optional=true
                    error=field("owner_email")
                />
                <FormError error=form />
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
    let (outcome, error) = answers(action);
    let (field, form) = errors(error);
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
                        <option value="clawgram">"Clawgram"</option>
                        <option value="clawtter">"Clawtter"</option>
                    </select>
                </div>
                <Field
                    scope="import"
                    name="identity_id"
                    label="Clawtter identity id"
                    hint="Clawtter only: its keys do not say whose they are."
                    optional=true
                    error=field("identity_id")
                />
                <Field scope="import" name="api_key" label="API key" kind="password" error=field("api_key") />
                <FormError error=form />
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
