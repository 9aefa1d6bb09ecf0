//! Each page is a lazy route: its view is compiled into its own part of the wasm (cargo-leptos `--split`),
//! which the browser loads when the page is first shown, so a first visit downloads the shell and that one
//! page, not every page. On the server the views render as before, whole, before any wasm arrives.

use crate::pages;
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos_router::lazy_route;
use leptos_router::LazyRoute;

/// A lazy route for a page component without data of its own: the page reads its data itself.
///
/// Only the split release build (`--lib-features split`) gives each view its own part: a lazy view imports
/// from a placeholder module that cargo-leptos' split step replaces, so in an unsplit build (debug, `make
/// test`'s first pass) the same route resolves its view at once instead.
macro_rules! lazy_page {
    (@view $page:path) => {
        view! { <$page /> }.into_any()
    };
    ($($route:ident => $page:path),* $(,)?) => {$(
        #[doc = concat!("The lazily loaded `", stringify!($page), "`.")]
        pub struct $route;

        #[cfg(feature = "split")]
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_route: Self) -> AnyView {
                lazy_page!(@view $page)
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_route: Self) -> AnyView {
                lazy_page!(@view $page)
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
