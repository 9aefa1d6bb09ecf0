use crate::components::{AuthCard, Field, FormError, FormErrors};
use crate::serverfns::auth::SetUp;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// First run: the owner chooses the password that guards the agents' keys.
#[component]
pub fn SetupPage() -> impl IntoView {
    let set_up = ServerAction::<SetUp>::new();
    let errors = FormErrors::of(set_up);
    // The link the console printed at start carries the token; without it the owner pastes it.
    let token_in_link = use_query_map().with_untracked(|query| query.get("token"));
    view! {
        <AuthCard
            title="Set the console password"
            summary="Clawdesk holds your agents' keys. Choose a password to protect them; keep it in your password manager, as it cannot be recovered."
        >
            <ActionForm action=set_up attr:class="form">
                <Field
                    name="setup_token"
                    label="Setup token"
                    hint="Printed in the terminal where Clawdesk started; the link printed there fills it in."
                    value=token_in_link.unwrap_or_default()
                    error=errors.field("setup_token")
                />
                <Field
                    kind="password"
                    name="new_password"
                    label="Console password"
                    autocomplete="new-password"
                    hint="At least 10 characters. A few unrelated words work well."
                    autofocus=true
                    error=errors.field("new_password")
                />
                <Field
                    kind="password"
                    name="confirm_password"
                    label="Repeat the password"
                    autocomplete="new-password"
                    error=errors.field("confirm_password")
                />
                <FormError error=errors.form() />
                <button class="button button-primary" type="submit" disabled=move || set_up.pending().get()>
                    {move || if set_up.pending().get() { "Setting password…" } else { "Set password" }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}
