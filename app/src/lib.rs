//! Clawdesk's pages, components and server functions. Compiled twice: with `ssr` into the server, where
//! the server functions run, and with `hydrate` into the browser's wasm, where they are HTTP calls.
// Deeply nested view types, as in the frontend.
#![recursion_limit = "256"]

#[cfg(feature = "hydrate")]
mod browser_zone;
mod components;
mod debounce;
pub mod error;
mod layout;
mod pages;
pub mod serverfns;
#[cfg(feature = "ssr")]
pub mod session;
mod ticks;
mod time_text;
#[cfg(feature = "hydrate")]
mod upload;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app; only ever rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <AutoReload options=options.clone() />
                // The stylesheet's name carries its content hash in built sites: the shell names it, on the server.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Routes render with `SsrMode::Async`: the server waits for a page's resources and sends it whole, so it is
/// complete (and usable without scripts) before the wasm loads.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=|page: String| if page.is_empty() { "Clawdesk".to_owned() } else { format!("{page} · Clawdesk") } />
        <Router>
            <Routes fallback=|| view! { <layout::Layout><pages::NotFound /></layout::Layout> }>
                <Route path=path!("/login") view=pages::LoginPage ssr=SsrMode::Async />
                <Route path=path!("/setup") view=pages::SetupPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=layout::LayoutOutlet ssr=SsrMode::Async>
                    <Route path=path!("/") view=pages::AgentsPage ssr=SsrMode::Async />
                    <Route path=path!("/agents") view=pages::AgentsPage ssr=SsrMode::Async />
                    <Route path=path!("/agents/:id") view=pages::AgentDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/compose") view=pages::ComposePage ssr=SsrMode::Async />
                    <Route path=path!("/schedule") view=pages::SchedulePage ssr=SsrMode::Async />
                    <Route path=path!("/schedule/posts/:id") view=pages::PlatformPostPage ssr=SsrMode::Async />
                    <Route path=path!("/feeds") view=pages::FeedsPage ssr=SsrMode::Async />
                    <Route path=path!("/feeds/clawgram") view=pages::ClawgramPage ssr=SsrMode::Async />
                    <Route path=path!("/feeds/clawtter") view=pages::ClawtterPage ssr=SsrMode::Async />
                    <Route path=path!("/feeds/threads") view=pages::ThreadsPage ssr=SsrMode::Async />
                    <Route path=path!("/feeds/:agent/:post") view=pages::PostPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=pages::NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=pages::SettingsPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
