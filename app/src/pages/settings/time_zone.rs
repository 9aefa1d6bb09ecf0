//! The owner's IANA time zone: in it the schedule shows times, typed times are read, and posting slots fall.
//! Until one is saved the field holds the browser's zone (saving it makes it the console's); each name typed is
//! checked by the server with the function it saves with, and answered with the time there now.

use crate::components::{FormError, FormErrors, SubmitButton};
use crate::debounce::debounced;
use crate::layout::ScheduleChanged;
use crate::page_data::page_data;
use crate::serverfns::schedule::{check_time_zone, time_zone_setting, SaveTimeZone, TimeZoneView};
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn TimeZoneCard() -> impl IntoView {
    let save = ServerAction::<SaveTimeZone>::new();
    let setting = page_data(move || save.version().get(), |_| time_zone_setting());
    let changed = expect_context::<ScheduleChanged>();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            changed.bump();
        }
    });
    view! {
        <section class="card" id="time-zone" aria-labelledby="time-zone-title">
            <div class="card-header">
                <h2 id="time-zone-title">"Time zone"</h2>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading the time zone…"</p> }>
                {move || setting.get().map(|loaded| loaded.map(|setting| view! { <TimeZoneForm setting save /> }))}
            </Suspense>
        </section>
    }
}

#[component]
fn TimeZoneForm(setting: TimeZoneView, save: ServerAction<SaveTimeZone>) -> impl IntoView {
    let errors = FormErrors::of(save);
    let saved = setting.saved.clone();
    let typed = RwSignal::new(saved.clone().unwrap_or_default());
    let known = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            known.set(crate::browser_zone::names());
            if typed.get_untracked().is_empty() {
                if let Some(own) = crate::browser_zone::own() {
                    typed.set(own);
                }
            }
        }
    });
    let settled = debounced(Signal::from(typed), Duration::from_millis(300));
    let check = page_data(
        move || settled.get(),
        |zone: String| async move {
            if zone.trim().is_empty() {
                None
            } else {
                Some(check_time_zone(zone).await)
            }
        },
    );
    let server_error = errors.field("time_zone");
    let shown_error = Signal::derive(move || {
        server_error.get().or_else(|| check.get().flatten().and_then(|checked| checked.err()).map(|e| e.to_string()))
    });
    let status = move || check.get().flatten().and_then(Result::ok);
    let summary = match &saved {
        Some(zone) => format!("Saved: {zone}. The schedule shows times in it, and reads the times you type in it."),
        None => format!(
            "None saved yet, so the console uses {}. Your browser's zone is filled in below: save it to use it.",
            setting.in_use
        ),
    };
    view! {
        <p class="card-summary muted">{summary}</p>
        <ActionForm action=save attr:class="form form-narrow" attr:aria-label="Time zone">
            <div class="field">
                <label class="field-label" for="time-zone-name">"IANA time zone"</label>
                <input
                    class="field-input"
                    id="time-zone-name"
                    name="time_zone"
                    list="time-zone-names"
                    autocomplete="off"
                    required
                    prop:value=move || typed.get()
                    value=saved.clone().unwrap_or_default()
                    on:input=move |event| typed.set(event_target_value(&event))
                    aria-invalid=move || if shown_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="time-zone-name-hint time-zone-name-status"
                />
                <datalist id="time-zone-names">
                    {move || known.get().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                </datalist>
                <p class="field-hint" id="time-zone-name-hint">
                    "A name such as Europe/Paris or America/New_York. Posting slots keep their local time when the clocks change."
                </p>
                <div id="time-zone-name-status" aria-live="polite">
                    {move || match shown_error.get() {
                        Some(message) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
                        None => status().map(|text| view! { <p class="field-status">{text}</p> }).into_any(),
                    }}
                </div>
            </div>
            <FormError error=errors.form() />
            {move || save.value().get().and_then(Result::ok).map(|zone| view! {
                <p class="form-success" role="status">{format!("Saved: times are now in {zone}.")}</p>
            })}
            <SubmitButton pending=save.pending() idle="Save time zone" busy="Saving…" />
        </ActionForm>
    }
    .into_any()
}
