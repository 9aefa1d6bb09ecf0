//! Keys kept from a moved address. When a platform is reached at another origin than its keys came from (an
//! address changed in the configuration or the environment, say), the console sends them nowhere until the owner
//! lets them follow, with the console password. Shown only while some keys wait.

use crate::components::{Field, FormError, FormErrors, PlatformBadge, SubmitButton};
use crate::page_data::page_data;
use crate::serverfns::console::{keys_elsewhere, KeysElsewhereView, MoveKeys};
use leptos::prelude::*;

/// `saved` counts the changes of the connections; a move counts as one too, so the other cards reload.
#[component]
pub fn KeyMovesCard(saved: RwSignal<u32>) -> impl IntoView {
    let waiting = page_data(move || saved.get(), |_| keys_elsewhere());
    view! {
        <Suspense fallback=|| ()>
            {move || waiting.get().map(|loaded| match loaded {
                Ok(waiting) if waiting.is_empty() => ().into_any(),
                Ok(waiting) => view! {
                    <section class="card card-warning" aria-labelledby="key-moves-title">
                        <div class="card-header">
                            <h2 id="key-moves-title">"Keys kept from a new address"</h2>
                        </div>
                        <p class="card-summary">
                            "These came from another address than the one their platform is reached at now, so the \
                             console sends them nowhere. If the new address is yours, let them go there."
                        </p>
                        <ul class="key-move-list">
                            {waiting.into_iter().map(|waiting| view! { <KeyMove waiting saved /> }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
                Err(error) => view! { <p class="status-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// What waits, in the owner's words: "2 agent keys and the queue secret".
fn what_waits(waiting: &KeysElsewhereView) -> String {
    let keys = match waiting.keys {
        0 => None,
        1 => Some("1 agent key".to_owned()),
        n => Some(format!("{n} agent keys")),
    };
    let secret = waiting.queue_secret.then(|| "the queue secret".to_owned());
    [keys, secret].into_iter().flatten().collect::<Vec<_>>().join(" and ")
}

#[component]
fn KeyMove(waiting: KeysElsewhereView, saved: RwSignal<u32>) -> impl IntoView {
    let confirm = ServerAction::<MoveKeys>::new();
    let errors = FormErrors::of(confirm);
    Effect::new(move |_| {
        if let Some(Ok(_)) = confirm.value().get() {
            saved.update(|count| *count += 1);
        }
    });
    let platform = waiting.platform;
    let scope = format!("move-{}", platform.slug());
    view! {
        <li class="key-move" data-platform=platform.slug()>
            <PlatformBadge platform />
            <p class="key-move-text">
                {what_waits(&waiting)} " of " {platform.to_string()} " came from " <code>{waiting.bound.clone()}</code>
                "; " {platform.to_string()} " is reached at " <code>{waiting.current.clone()}</code> " now."
            </p>
            <ActionForm action=confirm attr:class="form form-inline" attr:aria-label=format!("Move the {platform} keys")>
                <input type="hidden" name="platform" value=platform.slug() />
                <Field
                    kind="password"
                    name="password"
                    label="Console password"
                    autocomplete="current-password"
                    scope
                    error=errors.field("password")
                />
                <FormError error=errors.form() />
                <SubmitButton
                    pending=confirm.pending()
                    idle="Let them go there"
                    busy="Moving…"
                />
            </ActionForm>
        </li>
    }
    .into_any()
}
