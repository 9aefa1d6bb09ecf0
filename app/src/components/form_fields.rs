//! Form pieces with their errors next to them: a labelled input and a form-wide message.

use leptos::prelude::*;

/// A labelled input; its error sits right under it and is announced, and tied to it for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    /// The input's `type`: text unless said otherwise.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// What the field holds when the page opens.
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] autofocus: bool,
    /// Fields are required unless they say they are optional.
    #[prop(optional)]
    optional: bool,
    /// Keeps the input's id unique when two forms on a page have a field of the same name.
    #[prop(optional, into)]
    scope: Option<String>,
) -> impl IntoView {
    let id = format!("{}-{name}", scope.as_deref().unwrap_or("field"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let ids = [hint.map(|_| hint_id.clone()), error.get().map(|_| error_id.clone())];
            ids.into_iter().flatten().collect::<Vec<_>>().join(" ")
        }
    };
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>
                {label}
                {optional.then(|| view! { <span class="field-optional">" (optional)"</span> })}
            </label>
            <input
                class="field-input"
                type=kind
                id=id
                name=name
                autocomplete=autocomplete
                placeholder=placeholder
                value=value
                maxlength=maxlength
                required=!optional
                autofocus=autofocus
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {move || error.get().map(|message| view! {
                <p class="field-error" id=error_id.clone() role="alert">{message}</p>
            })}
        </div>
    }
}

/// A message about the whole form (throttling, a server failure), shown above its buttons.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })
}
