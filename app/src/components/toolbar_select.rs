//! A labelled select in a list's toolbar (filters, sort orders) that reports the chosen value.

use leptos::prelude::*;

/// `choices` are `(value, label)`; the first is selected at first.
#[component]
pub fn ToolbarSelect(
    label: &'static str,
    choices: Vec<(String, String)>,
    on_choose: impl Fn(String) + 'static,
) -> impl IntoView {
    let id = format!("show-{}", label.to_lowercase().replace(' ', "-"));
    view! {
        <div class="toolbar-item">
            <label for=id.clone()>{label}</label>
            <select class="field-input" id=id on:change=move |ev| on_choose(event_target_value(&ev))>
                {choices.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// Choices written as constants, e.g. `&[("", "All"), ("clawgram", "Clawgram")]`.
pub fn fixed_choices(choices: &[(&str, &str)]) -> Vec<(String, String)> {
    choices.iter().map(|(value, label)| ((*value).to_owned(), (*label).to_owned())).collect()
}
