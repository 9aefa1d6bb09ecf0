//! What the post says: its text, and Clawgram's hashtags (as chips), alt text and flags. The limits in the hints
//! come from the platforms' rules; each target's violations are listed under the field they are about.

use super::{Composer, FieldProblems};
use crate::components::{FormError, FormErrors};
use crate::serverfns::compose::AskAssistant;
use clawdesk_platforms::draft::DraftField;
use clawdesk_platforms::{clawgram, clawtter, threads};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

#[component]
pub(super) fn DraftFields(composer: Composer) -> impl IntoView {
    let text_problems = composer.problems_with(DraftField::Text);
    let text_hint = format!(
        "Clawgram's caption takes up to {} characters, Clawtter up to {}, Threads up to {} as Threads counts them \
         (emoji count by their size) with at most {} links.",
        clawgram::rules::CAPTION_MAX,
        clawtter::rules::CONTENT_MAX,
        threads::rules::TEXT_MAX,
        threads::rules::LINKS_MAX,
    );
    let counts = move || {
        composer.text.with(|text| {
            format!(
                "{} characters · {} as Threads counts them",
                text.chars().count(),
                threads::rules::text_length(text)
            )
        })
    };
    view! {
        <section class="card" aria-labelledby="compose-text-title">
            <h2 id="compose-text-title" class="card-header">"Post"</h2>
            <div class="form">
                <div class="field">
                    <label class="field-label" for="compose-text">"Text"</label>
                    <textarea
                        class="field-input compose-text"
                        id="compose-text"
                        name="text"
                        rows="6"
                        prop:value=move || composer.text.get()
                        on:input=move |event| composer.text.set(event_target_value(&event))
                        aria-invalid=move || if text_problems.with(Vec::is_empty) { "false" } else { "true" }
                        aria-describedby="compose-text-hint compose-text-count compose-text-error"
                    ></textarea>
                    <p class="field-hint" id="compose-text-count" aria-live="polite">{counts}</p>
                    <p class="field-hint" id="compose-text-hint">{text_hint}</p>
                    <FieldProblems id="compose-text-error".to_owned() problems=text_problems />
                </div>
                <AssistantWriter composer />
                <Hashtags composer />
                <AltText composer />
                <fieldset class="fieldset compose-flags">
                    <legend class="fieldset-legend">"Clawgram flags"</legend>
                    <Flag flag=composer.sensitive label="Sensitive: shown behind a warning" />
                    <Flag flag=composer.owner_influenced label="Owner-influenced: you shaped what the agent posts" />
                </fieldset>
            </div>
        </section>
    }
    .into_any()
}

/// Clawgram's hashtags as chips: typed, then added with Enter, a space or a comma; each removable.
#[component]
fn Hashtags(composer: Composer) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let problems = composer.problems_with(DraftField::Hashtags);
    let add = move || {
        let tag = typed.get_untracked().trim().trim_start_matches('#').to_owned();
        if !tag.is_empty() && !composer.hashtags.with_untracked(|tags| tags.contains(&tag)) {
            composer.hashtags.update(|tags| tags.push(tag));
        }
        typed.set(String::new());
    };
    let on_key = move |event: KeyboardEvent| {
        if matches!(event.key().as_str(), "Enter" | " " | ",") {
            event.prevent_default();
            add();
        } else if event.key() == "Backspace" && typed.with_untracked(String::is_empty) {
            composer.hashtags.update(|tags| {
                tags.pop();
            });
        }
    };
    let hint = format!(
        "Clawgram only. Up to {} hashtags of a–z, 0–9 and _, without the #. Press Enter, space or comma to add one.",
        clawgram::rules::HASHTAGS_MAX
    );
    view! {
        <div class="field">
            <label class="field-label" for="compose-hashtag">"Hashtags"<span class="field-optional">" (optional)"</span></label>
            <div class="chip-input">
                <ul class="chips" aria-label="Hashtags added">
                    {move || composer.hashtags.get().into_iter().map(|tag| {
                        let removed = tag.clone();
                        view! {
                            <li class="chip">
                                {format!("#{tag}")}
                                <button
                                    class="chip-remove"
                                    type="button"
                                    aria-label=format!("Remove hashtag {tag}")
                                    on:click=move |_| composer.hashtags.update(|tags| tags.retain(|t| *t != removed))
                                >"×"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <input
                    class="field-input chip-entry"
                    id="compose-hashtag"
                    type="text"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |event| typed.set(event_target_value(&event))
                    on:keydown=on_key
                    on:blur=move |_| add()
                    aria-invalid=move || if problems.with(Vec::is_empty) { "false" } else { "true" }
                    aria-describedby="compose-hashtag-hint compose-hashtag-error"
                />
            </div>
            <p class="field-hint" id="compose-hashtag-hint">{hint}</p>
            <FieldProblems id="compose-hashtag-error".to_owned() problems />
        </div>
    }
    .into_any()
}

#[component]
fn AltText(composer: Composer) -> impl IntoView {
    let problems = composer.problems_with(DraftField::AltText);
    view! {
        <div class="field">
            <label class="field-label" for="compose-alt">"Alt text"<span class="field-optional">" (optional)"</span></label>
            <input
                class="field-input"
                id="compose-alt"
                type="text"
                name="alt_text"
                autocomplete="off"
                maxlength=clawgram::rules::ALT_TEXT_MAX
                prop:value=move || composer.alt_text.get()
                on:input=move |event| composer.alt_text.set(event_target_value(&event))
                aria-invalid=move || if problems.with(Vec::is_empty) { "false" } else { "true" }
                aria-describedby="compose-alt-hint compose-alt-error"
            />
            <p class="field-hint" id="compose-alt-hint">"Describes the images for people who cannot see them (Clawgram)."</p>
            <FieldProblems id="compose-alt-error".to_owned() problems />
        </div>
    }
    .into_any()
}

#[component]
fn Flag(flag: RwSignal<bool>, label: &'static str) -> impl IntoView {
    view! {
        <label class="field-check">
            <input
                type="checkbox"
                prop:checked=move || flag.get()
                on:change=move |event| flag.set(event_target_checked(&event))
            />
            {label}
        </label>
    }
}

/// "Write with the assistant": a prompt through the Threads backend's assistant; its reply can become the text.
#[component]
fn AssistantWriter(composer: Composer) -> impl IntoView {
    let ask = ServerAction::<AskAssistant>::new();
    let prompt = RwSignal::new(String::new());
    let errors = FormErrors::of(ask);
    let answer = move || ask.value().get().and_then(Result::ok);
    let send = move || {
        ask.dispatch(AskAssistant { prompt: prompt.get_untracked() });
    };
    let problem = errors.field("prompt");
    // Not a <form> of its own: it sits inside the composer's form, and HTML has no nested forms.
    view! {
        <details class="compose-assistant">
            <summary>"Write with the assistant"</summary>
            <div class="form" role="group" aria-label="Ask the assistant">
                <div class="field">
                    <label class="field-label" for="compose-assistant-prompt">"Prompt"</label>
                    <input
                        class="field-input"
                        id="compose-assistant-prompt"
                        type="text"
                        autocomplete="off"
                        prop:value=move || prompt.get()
                        on:input=move |event| prompt.set(event_target_value(&event))
                        on:keydown=move |event: KeyboardEvent| if event.key() == "Enter" {
                            event.prevent_default();
                            send();
                        }
                        aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                        aria-describedby="compose-assistant-hint"
                    />
                    <p class="field-hint" id="compose-assistant-hint">
                        "Sent to your Threads backend's assistant, which may also queue a post of its own on Threads."
                    </p>
                    {move || problem.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                </div>
                <FormError error=errors.form() />
                <div class="button-row">
                    <button class="button" type="button" disabled=move || ask.pending().get() on:click=move |_| send()>
                        {move || if ask.pending().get() { "Asking…" } else { "Ask the assistant" }}
                    </button>
                </div>
            </div>
            {move || answer().map(|answer| {
                let reply = answer.reply.clone().unwrap_or_default();
                let jobs = if answer.queued_jobs.is_empty() {
                    "It queued no post.".to_owned()
                } else {
                    format!("It queued job {} on the Threads backend.", answer.queued_jobs.join(", "))
                };
                view! {
                    <div class="compose-assistant-reply" role="status" aria-label="The assistant's reply">
                        <p class="preview-text">{reply.clone()}</p>
                        <p class="field-hint">{jobs}</p>
                        <button class="button" type="button" on:click=move |_| composer.text.set(reply.clone())>
                            "Use as the text"
                        </button>
                    </div>
                }
            })}
        </details>
    }
    .into_any()
}
