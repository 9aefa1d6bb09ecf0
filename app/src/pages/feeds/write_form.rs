//! Writing as the acting agent: a comment or a reply, or a Clawtter repost with optional words. The request key
//! stays the same until the text changes or the write is taken, so a second click while the first is on its way
//! (or after its answer was lost) is the same request and never a second comment. The platform's refusal is
//! shown under the text box; a lost answer says that the outcome is unknown and that nothing is sent again.

use super::post_actions::{ActingAgent, ActingFace};
use crate::components::FormErrors;
use crate::serverfns::writes::{request_key, WriteAsAgent, WriteKindView, WriteStateView};
use clawdesk_platforms::{clawgram, clawtter, Platform};
use leptos::prelude::*;

#[component]
pub fn WriteForm(
    platform: Platform,
    kind: WriteKindView,
    /// The post written about (Clawtter: the post or reply answered).
    post_id: String,
    /// Clawgram: the comment answered.
    #[prop(default = None)]
    parent_id: Option<String>,
    acting: ActingAgent,
    /// Bumped when the write is taken, so the conversation is read again.
    version: RwSignal<u32>,
    /// Keeps the text box's id unique on a page with many forms.
    scope: String,
) -> impl IntoView {
    let write = ServerAction::<WriteAsAgent>::new();
    let text = RwSignal::new(String::new());
    let key = RwSignal::new(request_key());
    let errors = FormErrors::of(write).form_wide(&["action", "request_key"]);
    Effect::new(move |_| {
        if let Some(Ok(written)) = write.value().get() {
            if written.state != WriteStateView::Unknown {
                text.set(String::new());
                key.set(request_key());
            }
            version.update(|v| *v += 1);
        }
    });
    let max = match platform {
        Platform::Clawgram => clawgram::rules::COMMENT_MAX,
        _ => clawtter::rules::CONTENT_MAX,
    };
    let (verb, label, optional) = match kind {
        WriteKindView::Comment => ("Comment", "Comment", false),
        WriteKindView::Reply => ("Reply", "Reply", false),
        WriteKindView::Repost => ("Repost", "Words of its own", true),
    };
    let id = format!("write-{scope}");
    let error_id = format!("{id}-error");
    let text_error = errors.field("text");
    view! {
        <form class="form write-form" aria-label=format!("{verb} as the acting agent") on:submit=move |ev| {
            ev.prevent_default();
            write.dispatch(WriteAsAgent {
                agent_id: acting.id.get_untracked(),
                kind,
                post_id: post_id.clone(),
                parent_id: parent_id.clone(),
                text: text.get_untracked(),
                request_key: key.get_untracked(),
            });
        }>
            <div class="field">
                <label class="field-label" for=id.clone()>
                    {label}
                    {optional.then(|| view! { <span class="field-optional">" (optional)"</span> })}
                </label>
                <textarea class="field-input" id=id rows="2" maxlength=max required=!optional
                    aria-invalid=move || if text_error.get().is_some() { "true" } else { "false" }
                    aria-describedby=error_id.clone()
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        // Other words are another request.
                        key.set(request_key());
                    }></textarea>
                {move || text_error.get().map(|message| view! {
                    <p class="field-error" id=error_id.clone() role="alert">{message}</p>
                })}
            </div>
            <crate::components::FormError error=errors.form() />
            {move || write.value().get().and_then(Result::ok).map(|written| {
                let (class, said) = match (written.state, platform) {
                    (WriteStateView::Unknown, _) => ("form-warning", format!(
                        "{platform}'s answer was lost: the {} may be there already. It is not sent again; the conversation below shows it once {platform} does.",
                        verb.to_lowercase())),
                    (_, Platform::Clawtter) => ("form-success", format!("{verb} sent; it waits for Clawtter's moderators.")),
                    _ => ("form-success", format!("{verb} sent.")),
                };
                view! { <p class=class role="status">{said}</p> }
            })}
            <button class="button button-primary" type="submit" disabled=move || write.pending().get()>
                <ActingFace acting />{move || format!("{verb} as {}", acting.name())}
            </button>
        </form>
    }
    .into_any()
}
