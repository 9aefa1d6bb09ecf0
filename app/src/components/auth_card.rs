use leptos::prelude::*;
use leptos_meta::Title;

/// The frame of the pages shown before login: the brand and one centred card, without the navigation.
#[component]
pub fn AuthCard(title: &'static str, summary: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=title />
        <main id="main" class="auth-page">
            <section class="card auth-card" aria-labelledby="auth-title">
                <div class="auth-brand">
                    <img src="/favicon.svg" alt="" width="36" height="36" />
                    <span>"Clawdesk"</span>
                </div>
                <h1 id="auth-title">{title}</h1>
                <p class="page-summary">{summary}</p>
                {children()}
            </section>
        </main>
    }
}
