use leptos::prelude::*;

/// A form's submit button: disabled while the form's request runs, saying what is happening meanwhile.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    idle: &'static str,
    busy: &'static str,
    /// `button-primary` unless said otherwise.
    #[prop(default = "button-primary")]
    kind: &'static str,
) -> impl IntoView {
    view! {
        <button class=format!("button {kind}") type="submit" disabled=move || pending.get()>
            {move || if pending.get() { busy } else { idle }}
        </button>
    }
}
