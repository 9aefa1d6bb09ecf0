//! The frame around every page: the navigation, the header with the sandbox/production badge, and the
//! error boundary that turns a failed page into the error page.

use crate::components::ErrorPage;
use crate::page_data::page_data;
use crate::pages::NotificationsChanged;
use crate::serverfns::auth::LogOut;
use crate::serverfns::console::{console_mode, ModeView};
use crate::serverfns::notifications::unread_notifications;
use crate::serverfns::schedule::attention_count;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// The sections of the console, in navigation order.
const SECTIONS: [(&str, &str); 6] = [
    ("/agents", "Agents"),
    ("/compose", "Compose"),
    ("/schedule", "Schedule"),
    ("/feeds", "Feeds"),
    ("/notifications", "Notifications"),
    ("/settings", "Settings"),
];

/// How often the navigation's count of failures and unknown outcomes is read again: the dispatcher changes it
/// in the background.
const ATTENTION_REFRESH: std::time::Duration = std::time::Duration::from_secs(20);

/// Counts the changes to the schedule: the owner's actions bump it, and what shows the schedule (the queue, the
/// calendar, the navigation's count) reads it again. The queue also says when it saw posts move on their own
/// (the dispatcher's work), which the calendar and the navigation's count follow.
#[derive(Clone, Copy)]
pub struct ScheduleChanged {
    version: RwSignal<u32>,
    moved: RwSignal<u32>,
}

impl ScheduleChanged {
    pub fn bump(self) {
        self.version.update(|version| *version += 1);
    }

    pub fn version(self) -> u32 {
        self.version.get()
    }

    /// The queue, read again, differs from what it showed.
    pub fn queue_moved(self) {
        self.moved.update(|moved| *moved += 1);
    }

    /// Changes whenever the queue saw posts move on their own.
    pub fn moved(self) -> u32 {
        self.moved.get()
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let log_out = ServerAction::<LogOut>::new();
    let changed = NotificationsChanged(RwSignal::new(0));
    provide_context(changed);
    provide_context(ScheduleChanged { version: RwSignal::new(0), moved: RwSignal::new(0) });
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="app">
            <aside class="sidebar">
                <a class="brand" href="/">
                    <img src="/favicon.svg" alt="" width="28" height="28" />
                    <span>"Clawdesk"</span>
                </a>
                <nav aria-label="Sections">
                    <ul class="nav-list">
                        {SECTIONS
                            .into_iter()
                            .map(|(href, label)| view! {
                                <li class="nav-item">
                                    <A href=href attr:class="nav-link">{label}</A>
                                    {(href == "/schedule").then(|| view! { <AttentionBadge /> })}
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </aside>
            <div class="workspace">
                <header class="topbar">
                    <span class="topbar-title">"Owner console"</span>
                    <div class="topbar-actions">
                        <NotificationBell changed />
                        <ModeBadge />
                        <ActionForm action=log_out>
                            <button class="button" type="submit">"Log out"</button>
                        </ActionForm>
                    </div>
                </header>
                <main id="main" class="content" tabindex="-1">
                    <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>{children()}</ErrorBoundary>
                </main>
            </div>
        </div>
    }
}

/// The frame around the console's routes (the login and first-run pages have none).
#[component]
pub fn LayoutOutlet() -> impl IntoView {
    view! { <Layout><Outlet /></Layout> }
}

/// Failures and unknown outcomes, beside "Schedule" on every page; read again after the owner's actions and
/// every few seconds, since the dispatcher changes them in the background.
#[component]
fn AttentionBadge() -> impl IntoView {
    let changed = expect_context::<ScheduleChanged>();
    let ticks = crate::ticks::ticks(ATTENTION_REFRESH);
    let attention = page_data(move || (changed.version(), changed.moved(), ticks.get()), |_| attention_count());
    view! {
        <Transition fallback=|| ()>
            {move || attention.get().and_then(Result::ok).filter(|a| a.total() > 0).map(|attention| view! {
                <span class="nav-badge" title=format!("Needs you: {}", attention.text())>
                    {attention.total()}
                    <span class="visually-hidden">{format!(" posts need you: {}", attention.text())}</span>
                </span>
            })}
        </Transition>
    }
}

/// "Sandbox" or "Production", so that nobody mistakes the demo platforms for the real ones.
#[component]
fn ModeBadge() -> impl IntoView {
    let mode = page_data(|| (), |_| console_mode());
    view! {
        <Suspense fallback=|| view! { <span class="mode-badge">"…"</span> }>
            {move || {
                mode.get()
                    .map(|mode| match mode {
                        Ok(ModeView::Sandbox) => view! {
                            <span class="mode-badge mode-sandbox" title="Connected to the local sandbox platforms">
                                "Sandbox"
                            </span>
                        }
                        .into_any(),
                        Ok(ModeView::Production) => view! {
                            <span class="mode-badge mode-production" title="Connected to the real platforms">
                                "Production"
                            </span>
                        }
                        .into_any(),
                        Err(error) => view! {
                            <span class="mode-badge mode-unknown" title=error.to_string()>"Offline"</span>
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The bell: how many notifications are unread, counted again on every page and whenever the notifications change.
#[component]
fn NotificationBell(changed: NotificationsChanged) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let unread = page_data(move || (location.pathname.get(), changed.0.get()), |_| unread_notifications());
    view! {
        <a class="bell" href="/notifications">
            // Drawn, not an emoji: a machine without a colour emoji font shows a missing-glyph box.
            <svg class="bell-icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z M10 20a2 2 0 0 0 4 0" />
            </svg>
            <Suspense fallback=|| view! { <span class="visually-hidden">"Notifications"</span> }>
                {move || unread.get().map(|count| match count {
                    Ok(0) | Err(_) => view! { <span class="visually-hidden">"Notifications, none unread"</span> }.into_any(),
                    Ok(count) => view! {
                        <span class="bell-count" aria-label=format!("Notifications, {count} unread")>{count.to_string()}</span>
                    }.into_any(),
                })}
            </Suspense>
        </a>
    }
}
