//! Each page is a lazy route: its view is compiled into its own part of the wasm (cargo-leptos `--split`),
//! which the browser loads when the page is first shown, so a first visit downloads the shell and that one
//! page, not every page. On the server the views render as before, whole, before any wasm arrives.

use crate::pages;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A lazy route for a page component without data of its own: the page reads its data itself.
macro_rules! lazy_page {
    ($($route:ident => $page:path),* $(,)?) => {$(
        #[doc = concat!("The lazily loaded `", stringify!($page), "`.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_route: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    LoginRoute => pages::LoginPage,
    SetupRoute => pages::SetupPage,
    AgentsRoute => pages::AgentsPage,
    AgentDetailRoute => pages::AgentDetailPage,
    ComposeRoute => pages::ComposePage,
    ScheduleRoute => pages::SchedulePage,
    PlatformPostRoute => pages::PlatformPostPage,
    FeedsRoute => pages::FeedsPage,
    PostRoute => pages::PostPage,
    ClawgramRoute => pages::ClawgramPage,
    ClawtterRoute => pages::ClawtterPage,
    ThreadsRoute => pages::ThreadsPage,
    NotificationsRoute => pages::NotificationsPage,
    SettingsRoute => pages::SettingsPage,
}
