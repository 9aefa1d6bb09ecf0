//! What the owner can do with one agent's copy of a post, as far as its state allows (the server says which):
//! edit the text, reschedule, retry a failure, cancel (asked once), and say what they saw on the platform for
//! an unknown outcome. Each is a form of its own, with its error beside it; a success reads the schedule again.

use crate::components::{Field, FormError, FormErrors, RowPanel, SubmitButton};
use crate::error::AppError;
use crate::layout::ScheduleChanged;
use crate::serverfns::schedule::{
    CancelTarget, EditTargetText, RescheduleTarget, ResolveTarget, RetryTarget, TargetEntryView,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Reads the schedule again (the queue, the calendar, the navigation's count) once `action` succeeds.
pub fn refresh_on_success<S>(action: ServerAction<S>)
where
    S: ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let changed = expect_context::<ScheduleChanged>();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            changed.bump();
        }
    });
}

#[component]
pub fn TargetActions(entry: TargetEntryView) -> impl IntoView {
    let allowed = entry.allowed;
    let platform = entry.agent.platform;
    let target_id = entry.id;
    view! {
        <div class="agent-actions target-actions">
            {allowed.edit.then(|| view! {
                <RowPanel title="Edit text" clone:entry><EditForm entry=entry.clone() /></RowPanel>
            })}
            {allowed.reschedule.then(|| view! {
                <RowPanel title="Reschedule" clone:entry><RescheduleForm entry=entry.clone() /></RowPanel>
            })}
            {allowed.retry.then(|| view! { <RetryForm target_id /> })}
            {allowed.cancel.then(|| view! {
                <RowPanel title="Cancel…" clone:entry><CancelForm entry=entry.clone() /></RowPanel>
            })}
            {(allowed.resolve_posted || allowed.resolve_not_posted).then(|| view! {
                <RowPanel title="Mark resolved">
                    <p class="field-hint">
                        {format!(
                            "Look at the agent's profile on {platform}, then say what you found. \
                             Nothing is sent again either way."
                        )}
                    </p>
                    <div class="button-row">
                        {allowed.resolve_posted.then(|| view! {
                            <ResolveForm target_id posted=true label=format!("It is on {platform}") />
                        })}
                        {allowed.resolve_not_posted.then(|| view! {
                            <ResolveForm target_id posted=false label="It is not there: withdraw it".to_owned() />
                        })}
                    </div>
                </RowPanel>
            })}
        </div>
    }
}

#[component]
fn EditForm(entry: TargetEntryView) -> impl IntoView {
    let edit = ServerAction::<EditTargetText>::new();
    refresh_on_success(edit);
    let errors = FormErrors::of(edit).form_wide(&["target"]);
    let id = format!("edit-{}-text", entry.id);
    let error_id = format!("{id}-error");
    let text_error = errors.field("text");
    view! {
        <ActionForm action=edit attr:class="form" attr:aria-label="Edit the post's text">
            <input type="hidden" name="target_id" value=entry.id />
            <div class="field">
                <label class="field-label" for=id.clone()>"Text"</label>
                <textarea
                    class="field-input field-textarea"
                    id=id.clone()
                    name="text"
                    rows="4"
                    aria-invalid=move || if text_error.get().is_some() { "true" } else { "false" }
                    aria-describedby=format!("{id}-hint {error_id}")
                >
                    {entry.text.clone()}
                </textarea>
                <p class="field-hint" id=format!("{id}-hint")>
                    "Changes the text for every agent this post goes to; each platform's rules are checked again."
                </p>
                {move || text_error.get().map(|message| view! {
                    <p class="field-error" id=error_id.clone() role="alert">{message}</p>
                })}
            </div>
            <FormError error=errors.form() />
            <SubmitButton pending=edit.pending() idle="Save text" busy="Saving…" />
        </ActionForm>
    }
    .into_any()
}

#[component]
fn RescheduleForm(entry: TargetEntryView) -> impl IntoView {
    let reschedule = ServerAction::<RescheduleTarget>::new();
    refresh_on_success(reschedule);
    let errors = FormErrors::of(reschedule).form_wide(&["target", "time_zone"]);
    let fold_error = errors.field("fold");
    view! {
        <ActionForm action=reschedule attr:class="form" attr:aria-label="Reschedule">
            <input type="hidden" name="target_id" value=entry.id />
            <Field
                scope=format!("reschedule-{}", entry.id)
                name="local"
                label="New date and time"
                kind="datetime-local"
                value=entry.due.input_value()
                hint="In your time zone. A time the clocks skip is refused; one they repeat asks which is meant."
                error=errors.field("local")
            />
            {move || fold_error.get().map(|message| view! {
                <fieldset class="fieldset">
                    <legend class="fieldset-legend">"This time happens twice"</legend>
                    <p class="field-error" role="alert">{message}</p>
                    <label class="field-check">
                        <input type="radio" name="fold" value="earlier" required />
                        "The first time (before the clocks go back)"
                    </label>
                    <label class="field-check">
                        <input type="radio" name="fold" value="later" />
                        "The second time (after the clocks go back)"
                    </label>
                </fieldset>
            })}
            <FormError error=errors.form() />
            <SubmitButton pending=reschedule.pending() idle="Reschedule" busy="Rescheduling…" />
        </ActionForm>
    }
    .into_any()
}

#[component]
fn RetryForm(target_id: i64) -> impl IntoView {
    let retry = ServerAction::<RetryTarget>::new();
    refresh_on_success(retry);
    let errors = FormErrors::of(retry).form_wide(&["target"]);
    view! {
        <ActionForm action=retry attr:class="inline-form" attr:aria-label="Retry">
            <input type="hidden" name="target_id" value=target_id />
            <SubmitButton pending=retry.pending() idle="Retry now" busy="Retrying…" kind="" />
            <FormError error=errors.form() />
        </ActionForm>
    }
}

#[component]
fn CancelForm(entry: TargetEntryView) -> impl IntoView {
    let cancel = ServerAction::<CancelTarget>::new();
    refresh_on_success(cancel);
    let errors = FormErrors::of(cancel).form_wide(&["target"]);
    view! {
        <ActionForm action=cancel attr:class="form confirm" attr:aria-label="Cancel">
            <input type="hidden" name="target_id" value=entry.id />
            <p>
                {format!(
                    "@{} will not post this on {}. The other agents' copies stay as they are.",
                    entry.agent.handle, entry.agent.platform
                )}
            </p>
            <FormError error=errors.form() />
            <SubmitButton pending=cancel.pending() idle="Cancel this post" busy="Cancelling…" kind="button-danger" />
        </ActionForm>
    }
    .into_any()
}

#[component]
fn ResolveForm(target_id: i64, posted: bool, label: String) -> impl IntoView {
    let resolve = ServerAction::<ResolveTarget>::new();
    refresh_on_success(resolve);
    let errors = FormErrors::of(resolve).form_wide(&["target"]);
    let form_label = label.clone();
    view! {
        <ActionForm action=resolve attr:class="inline-form" attr:aria-label=form_label>
            <input type="hidden" name="target_id" value=target_id />
            <input type="hidden" name="posted" value=posted.to_string() />
            <button class="button" type="submit" disabled=move || resolve.pending().get()>{label.clone()}</button>
            <FormError error=errors.form() />
        </ActionForm>
    }
}
