use crate::components::{AuthCard, Field, FormError};
use crate::serverfns::auth::LogIn;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<LogIn>::new();
    let error = move || login.value().get().and_then(Result::err);
    view! {
        <AuthCard title="Log in" summary="Enter the console password to manage your agents.">
            <ActionForm action=login attr:class="form">
                <Field
                    kind="password"
                    name="password"
                    label="Console password"
                    autocomplete="current-password"
                    autofocus=true
                    error=Signal::derive(move || error().and_then(|e| e.for_field("password")))
                />
                <FormError error=Signal::derive(move || error().and_then(|e| e.for_form())) />
                <button class="button button-primary" type="submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}
