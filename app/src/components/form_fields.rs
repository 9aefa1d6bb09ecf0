//! Form pieces with their errors next to them: a labelled password field and a form-wide message.

use leptos::prelude::*;

/// A labelled password input; its error sits right under it and is announced, and tied to it for screen readers.
#[component]
pub fn PasswordField(
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
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
            <label class="field-label" for=id.clone()>{label}</label>
            <input
                class="field-input"
                type="password"
                id=id
                name=name
                autocomplete=autocomplete
                required
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
