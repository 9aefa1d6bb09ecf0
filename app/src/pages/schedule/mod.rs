//! The Schedule page: every agent's copy of every post, in a queue with each one's state and actions, and in a
//! calendar of weeks or months in the owner's time zone. The filters and the calendar's place are in the
//! address (`?agent=…&platform=…&state=…&view=month&from=2026-03-01`), so they work before the page is
//! hydrated and can be linked to.

mod actions;
mod calendar;
mod filters;
mod post;
mod queue;

use crate::components::PageHeader;
use crate::layout::ScheduleChanged;
use crate::page_data::page_data;
use crate::serverfns::agents::list_agents;
use crate::serverfns::schedule::{schedule_calendar, schedule_queue, CalendarSpanView, TargetStateView};
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use std::time::Duration;

pub use post::PlatformPostPage;

/// How often the page reads the schedule again while it is open: the dispatcher moves posts along meanwhile.
const REFRESH: Duration = Duration::from_secs(5);

/// What the page shows, from its address.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScheduleQuery {
    agent_id: Option<i64>,
    platform: Option<Platform>,
    state: Option<TargetStateView>,
    span: Option<CalendarSpanView>,
    from: Option<String>,
}

impl ScheduleQuery {
    fn read(params: &ParamsMap) -> ScheduleQuery {
        ScheduleQuery {
            agent_id: params.get("agent").and_then(|id| id.parse().ok()),
            platform: params.get("platform").and_then(|slug| Platform::from_slug(&slug)),
            state: params.get("state").and_then(|slug| TargetStateView::from_slug(&slug)),
            span: params.get("view").and_then(|view| {
                [CalendarSpanView::Week, CalendarSpanView::Month].into_iter().find(|span| span.slug() == view)
            }),
            from: params.get("from").filter(|from| !from.is_empty()),
        }
    }

    fn span(&self) -> CalendarSpanView {
        self.span.unwrap_or(CalendarSpanView::Week)
    }

    /// The address of the page with these filters, showing the calendar's `span` from `from`.
    fn href(&self, span: CalendarSpanView, from: Option<&str>) -> String {
        let pairs = [
            self.agent_id.map(|id| ("agent", id.to_string())),
            self.platform.map(|p| ("platform", p.slug().to_owned())),
            self.state.map(|s| ("state", s.slug().to_owned())),
            Some(("view", span.slug().to_owned())),
            from.map(|from| ("from", from.to_owned())),
        ];
        let query: Vec<String> = pairs.into_iter().flatten().map(|(key, value)| format!("{key}={value}")).collect();
        format!("/schedule?{}", query.join("&"))
    }
}

#[component]
pub fn SchedulePage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| ScheduleQuery::read(&params.read()));
    let changed = expect_context::<ScheduleChanged>();
    let ticks = crate::ticks::ticks(REFRESH);
    let queue = page_data(
        move || (query.get(), changed.version(), ticks.get()),
        |(q, ..)| schedule_queue(q.agent_id, q.platform, q.state),
    );
    // The calendar is drawn again only when the queue saw something move, not at every reading: a redraw would
    // take the focus from an entry, or the entry from under a drag.
    let calendar = page_data(
        move || (query.get(), changed.version(), changed.moved()),
        |(q, ..)| schedule_calendar(q.span(), q.from.clone(), q.agent_id, q.platform, q.state),
    );
    let agents = page_data(|| (), |_| list_agents());
    view! {
        <PageHeader
            title="Schedule"
            summary="Every agent's copy of every post: when it goes out, where it stands, and what you can do about it."
        />
        <filters::Filters agents query />
        <queue::QueueCard queue />
        <calendar::CalendarCard calendar query />
    }
    .into_any()
}
