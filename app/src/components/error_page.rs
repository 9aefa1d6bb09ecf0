use leptos::prelude::*;

/// What a page shows instead of itself when something it needed failed, answered with that failure's own status
/// (a page of an agent that does not exist is a 404); a failure that is not the app's own is a 500.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        use crate::error::AppError;
        let error = errors
            .with_untracked(|errors| errors.iter().find_map(|(_, error)| error.downcast_ref::<AppError>().cloned()));
        error.unwrap_or_else(|| AppError::Internal(String::new())).respond_with_status();
    }
    view! {
        <section class="card error-page" role="alert">
            <h1>"Something went wrong"</h1>
            <p>"This page could not be shown. Nothing was changed; try again, or go back to the agents."</p>
            <ul class="error-list">
                {move || {
                    errors.get().into_iter().map(|(_, error)| view! { <li>{error.to_string()}</li> }).collect_view()
                }}
            </ul>
            <a class="button" href="/agents">"Back to agents"</a>
        </section>
    }
}
