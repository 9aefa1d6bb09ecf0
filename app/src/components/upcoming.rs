use leptos::prelude::*;

/// The honest empty state of a section whose feature is not built yet.
#[component]
pub fn Upcoming(what: &'static str) -> impl IntoView {
    view! {
        <section class="card empty-state">
            <div class="empty-icon" aria-hidden="true">"◌"</div>
            <p class="empty-title">"Not built yet"</p>
            <p class="empty-body">{what}</p>
        </section>
    }
}
