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
mod page_data;
mod pages;
mod routes;
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
use leptos_router::{path, Lazy, SsrMode};

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
                <Route path=path!("/login") view={Lazy::<routes::LoginRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/setup") view={Lazy::<routes::SetupRoute>::new()} ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=layout::LayoutOutlet ssr=SsrMode::Async>
                    <Route path=path!("/") view={Lazy::<routes::AgentsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/agents") view={Lazy::<routes::AgentsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/agents/:id") view={Lazy::<routes::AgentDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/compose") view={Lazy::<routes::ComposeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/schedule") view={Lazy::<routes::ScheduleRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/schedule/posts/:id") view={Lazy::<routes::PlatformPostRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feeds") view={Lazy::<routes::FeedsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feeds/clawgram") view={Lazy::<routes::ClawgramRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feeds/clawtter") view={Lazy::<routes::ClawtterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feeds/threads") view={Lazy::<routes::ThreadsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feeds/:agent/:post") view={Lazy::<routes::PostRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view={Lazy::<routes::NotificationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/settings") view={Lazy::<routes::SettingsRoute>::new()} ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
