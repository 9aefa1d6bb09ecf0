use leptos::prelude::*;

/// What a page shows instead of itself when something it needed failed.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
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
