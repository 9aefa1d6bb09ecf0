use crate::components::{AuthCard, Field, FormError, FormErrors};
use crate::serverfns::auth::LogIn;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<LogIn>::new();
    let errors = FormErrors::of(login);
    view! {
        <AuthCard title="Log in" summary="Enter the console password to manage your agents.">
            <ActionForm action=login attr:class="form">
                <Field
                    kind="password"
                    name="password"
                    label="Console password"
                    autocomplete="current-password"
                    autofocus=true
                    error=errors.field("password")
                />
                <FormError error=errors.form() />
                <button class="button button-primary" type="submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}
