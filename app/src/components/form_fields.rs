//! Form pieces with their errors next to them: a labelled input, a form-wide message, and the one way an
//! action's error is split between them.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

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
    /// What the field takes, under it; limits come from the platforms' rules.
    #[prop(optional, into)]
    hint: Option<String>,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// What the field holds when the page opens.
    #[prop(optional, into)]
    value: Option<String>,
    /// A number, or an `Option` where a platform states no limit.
    #[prop(into, default = None)]
    maxlength: Option<usize>,
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
        let (hint_id, error_id, has_hint) = (hint_id.clone(), error_id.clone(), hint.is_some());
        move || {
            let ids = [has_hint.then(|| hint_id.clone()), error.get().map(|_| error_id.clone())];
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

/// A message about the whole form (throttling, a server failure, a platform's refusal), shown above its buttons;
/// a platform's refusal keeps what the platform said of it (code, hint, request id).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let detail = error.platform_detail().map(|detail| format!(" ({detail})"));
            view! { <p class="form-error" role="alert">{error.to_string()}{detail}</p> }
        })
    }
}

/// An action's last error as its form shows it: the message about each field beside that field, the rest (and
/// any field the form shows no input for) above the buttons.
#[derive(Clone, Copy)]
pub struct FormErrors {
    error: Signal<Option<AppError>>,
    /// Fields without an input of their own (a select, a hidden field): their errors are the form's.
    form_wide: &'static [&'static str],
}

impl FormErrors {
    /// The errors of `action`'s last answer.
    pub fn of<S>(action: ServerAction<S>) -> FormErrors
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        FormErrors::new(Signal::derive(move || action.value().get().and_then(Result::err)))
    }

    pub fn new(error: Signal<Option<AppError>>) -> FormErrors {
        FormErrors { error, form_wide: &[] }
    }

    /// Shows the errors about `fields` for the whole form.
    pub fn form_wide(self, fields: &'static [&'static str]) -> FormErrors {
        FormErrors { form_wide: fields, ..self }
    }

    /// The message to show next to the input named `name`.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.error.get().and_then(|error| error.for_field(name)))
    }

    /// The error to show for the whole form.
    pub fn form(self) -> Signal<Option<AppError>> {
        Signal::derive(move || {
            self.error.get().filter(|error| match error {
                AppError::Invalid { field, .. } => field.is_empty() || self.form_wide.contains(&field.as_str()),
                _ => true,
            })
        })
    }
}
