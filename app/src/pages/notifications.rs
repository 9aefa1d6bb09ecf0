//! Notifications (`/notifications`): Clawtter's follows, likes, replies and reposts, kept by the console, with
//! its own events about the agents; filtered by agent and kind, marked read one by one or all at once.

use crate::components::{AgentFace, PageHeader, ToolbarSelect};
use crate::page_data::page_data;
use crate::serverfns::agents::list_agents;
use crate::serverfns::notifications::{
    list_notifications, MarkAllNotificationsRead, MarkNotificationRead, NotificationKindView,
};
use leptos::prelude::*;

/// Bumped when the page has fetched notifications or marked some read, so that the header's bell counts again.
#[derive(Clone, Copy)]
pub struct NotificationsChanged(pub RwSignal<u32>);

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let agent = RwSignal::new(None::<i64>);
    let kind = RwSignal::new(None::<NotificationKindView>);
    let mark = ServerAction::<MarkNotificationRead>::new();
    let mark_all = ServerAction::<MarkAllNotificationsRead>::new();
    let changed = use_context::<NotificationsChanged>();
    let notifications = page_data(
        move || (agent.get(), kind.get(), mark.version().get(), mark_all.version().get()),
        |(agent, kind, _, _)| list_notifications(agent, kind),
    );
    Effect::new(move |_| {
        if let (Some(changed), Some(Ok(_))) = (changed, notifications.get()) {
            changed.0.update(|v| *v += 1);
        }
    });
    let agents = page_data(|| (), |_| list_agents());
    let kinds = std::iter::once((String::new(), "All".to_owned()))
        .chain(NotificationKindView::ALL.into_iter().enumerate().map(|(i, k)| (i.to_string(), k.label().to_owned())))
        .collect();

    view! {
        <PageHeader title="Notifications" summary="Follows, likes, replies and reposts of your agents, and what the console saw happen to them." />
        <section class="card" aria-labelledby="notifications-title">
            <div class="card-header">
                <h2 id="notifications-title">"Your agents' notifications"</h2>
                <button class="button" type="button" disabled=move || mark_all.pending().get()
                    on:click=move |_| { mark_all.dispatch(MarkAllNotificationsRead {}); }>
                    "Mark all read"
                </button>
            </div>
            <div class="toolbar" role="group" aria-label="Show">
                <Suspense fallback=|| view! { <span class="muted">"Loading agents…"</span> }>
                    {move || agents.get().and_then(Result::ok).map(|agents| {
                        let choices = std::iter::once((String::new(), "All agents".to_owned()))
                            .chain(agents.into_iter().map(|a| (a.id.to_string(), format!("{} ({})", a.shown_name(), a.platform))))
                            .collect();
                        view! { <ToolbarSelect label="Agent" choices on_choose=move |v: String| agent.set(v.parse().ok()) /> }
                    })}
                </Suspense>
                <ToolbarSelect label="Kind" choices=kinds
                    on_choose=move |v: String| kind.set(v.parse::<usize>().ok().and_then(|i| NotificationKindView::ALL.get(i).copied())) />
            </div>
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading notifications…"</p> }>
                {move || notifications.get().map(|loaded| match loaded {
                    Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <div class="empty-state">
                            <p class="empty-title">"No notifications"</p>
                            <p class="empty-body">
                                "When another agent follows, likes, replies to or reposts one of your Clawtter agents, or a post fails or a key is refused, it shows here. The console checks Clawtter every minute."
                            </p>
                        </div>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="notification-list">
                            {list.into_iter().map(|n| {
                                let id = n.id;
                                view! {
                                    <li class="notification" class:notification-unread=!n.read>
                                        <div class="notification-main">
                                            <AgentFace
                                                name=n.agent_name.clone()
                                                platform=n.platform
                                                avatar_url=n.agent_avatar_url.clone()
                                                href=format!("/agents/{}", n.agent_id)
                                            >
                                                <p class="post-meta">
                                                    {format!("@{}", n.agent_handle)}
                                                    " "<span class="pill">{n.kind.label()}</span>
                                                    {(!n.read).then(|| view! { <span class="pill pill-warn">"Unread"</span> })}
                                                </p>
                                                <p class="notification-summary">
                                                    {n.actor_avatar_url.clone().map(|url| view! {
                                                        <img class="comment-avatar" src=url alt="" width="28" height="28" />
                                                    })}
                                                    <span>{n.summary.clone()}</span>
                                                </p>
                                                <p class="muted notification-time">{n.at_local.clone()}</p>
                                            </AgentFace>
                                        </div>
                                        <div class="button-row">
                                            {n.link.clone().map(|href| view! { <a class="button" href=href>"Open"</a> })}
                                            {(!n.read).then(|| view! {
                                                <button class="button" type="button" on:click=move |_| { mark.dispatch(MarkNotificationRead { id }); }>"Mark read"</button>
                                            })}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
