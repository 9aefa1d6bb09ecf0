use leptos::prelude::*;
use leptos_meta::Title;

/// The title of a page (also the document title) and one line saying what the page is for.
#[component]
pub fn PageHeader(title: &'static str, summary: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <header class="page-header">
            <h1>{title}</h1>
            <p class="page-summary">{summary}</p>
        </header>
    }
}
