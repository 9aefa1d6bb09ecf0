//! The calendar: a week or a month in the owner's time zone, each day with its posts by local time. The server
//! lays the days out (a day runs from local midnight to the next, so the days the clocks change say they are 23
//! or 25 hours long); the page only draws them. A scheduled post dragged to another day moves there at the
//! same local time; with the keyboard, each post leads to its row in the queue and its Reschedule form.

use super::actions::refresh_on_success;
use super::ScheduleQuery;
use crate::components::FormError;
use crate::components::FormErrors;
use crate::error::AppError;
use crate::page_data::PageData;
use crate::serverfns::schedule::{CalendarDayView, CalendarSpanView, CalendarView, RescheduleTarget};
use leptos::ev::DragEvent;
use leptos::prelude::*;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// How much of a post's text a calendar entry shows.
const ENTRY_CHARS: usize = 40;

/// A post being dragged: its target and its local time of day.
type Dragged = RwSignal<Option<(i64, String)>>;

#[component]
pub fn CalendarCard(calendar: PageData<Result<CalendarView, AppError>>, query: Memo<ScheduleQuery>) -> impl IntoView {
    let move_to = ServerAction::<RescheduleTarget>::new();
    refresh_on_success(move_to);
    let errors = FormErrors::of(move_to).form_wide(&["target", "time_zone", "local", "fold"]);
    let dragged: Dragged = RwSignal::new(None);
    view! {
        <section class="card" aria-labelledby="calendar-title">
            <Transition fallback=|| view! { <p class="muted">"Loading the calendar…"</p> }>
                {move || calendar.get().map(|loaded| match loaded {
                    Err(error) => view! { <p class="status-error" role="alert">{error.to_string()}</p> }.into_any(),
                    Ok(calendar) => view! {
                        <CalendarHeader calendar=calendar.clone() query=query.get() />
                        <FormError error=errors.form() />
                        <CalendarGrid calendar dragged move_to />
                    }
                    .into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CalendarHeader(calendar: CalendarView, query: ScheduleQuery) -> impl IntoView {
    let span = calendar.span;
    let unit = match span {
        CalendarSpanView::Week => "week",
        CalendarSpanView::Month => "month",
    };
    let first = calendar.days.iter().find(|day| day.in_span).map(|day| day.date.clone());
    let switch = |to: CalendarSpanView| {
        view! {
            <a
                class="button"
                class:button-primary=span == to
                aria-current=(span == to).then_some("true")
                href=query.href(to, first.as_deref())
            >
                {to.label()}
            </a>
        }
    };
    view! {
        <div class="card-header">
            <h2 id="calendar-title">{calendar.title.clone()}</h2>
            <nav class="button-row" aria-label="Calendar">
                <a class="button" href=query.href(span, Some(&calendar.previous)) aria-label=format!("Previous {unit}")>"←"</a>
                <a class="button" href=query.href(span, None)>"Today"</a>
                <a class="button" href=query.href(span, Some(&calendar.next)) aria-label=format!("Next {unit}")>"→"</a>
                {switch(CalendarSpanView::Week)}
                {switch(CalendarSpanView::Month)}
            </nav>
        </div>
        <p class="card-summary muted">
            {format!(
                "In {}. Drag a scheduled post to another day to move it there at the same time, \
                 or open it to reschedule it in the queue.",
                calendar.zone
            )}
        </p>
    }
}

#[component]
fn CalendarGrid(calendar: CalendarView, dragged: Dragged, move_to: ServerAction<RescheduleTarget>) -> impl IntoView {
    let class = match calendar.span {
        CalendarSpanView::Week => "calendar calendar-week",
        CalendarSpanView::Month => "calendar calendar-month",
    };
    view! {
        <div class="calendar-weekdays" aria-hidden="true">
            {WEEKDAYS.into_iter().map(|day| view! { <span>{day}</span> }).collect_view()}
        </div>
        <ol class=class>
            {calendar.days.into_iter().enumerate().map(|(index, day)| view! {
                <CalendarDay day weekday=WEEKDAYS[index % 7] dragged move_to />
            }).collect_view()}
        </ol>
    }
}

#[component]
fn CalendarDay(
    day: CalendarDayView,
    weekday: &'static str,
    dragged: Dragged,
    move_to: ServerAction<RescheduleTarget>,
) -> impl IntoView {
    let over = RwSignal::new(false);
    let date = day.date.clone();
    let day_number = day.date.rsplit('-').next().unwrap_or_default().trim_start_matches('0').to_owned();
    let drop = move |event: DragEvent| {
        event.prevent_default();
        over.set(false);
        if let Some((target_id, time)) = dragged.get_untracked() {
            dragged.set(None);
            move_to.dispatch(RescheduleTarget { target_id, local: format!("{date}T{time}"), fold: None });
        }
    };
    let clock_change = (day.hours != 24).then(|| {
        view! {
            <span class="pill pill-warn" title="The clocks change on this day">{format!("{} h day", day.hours)}</span>
        }
    });
    view! {
        <li
            class="calendar-day"
            class:calendar-outside=!day.in_span
            class:calendar-today=day.today
            class:calendar-over=move || over.get()
            data-date=day.date.clone()
            on:dragover=move |event: DragEvent| {
                if dragged.get_untracked().is_some() {
                    event.prevent_default();
                    over.set(true);
                }
            }
            on:dragleave=move |_| over.set(false)
            on:drop=drop
        >
            <p class="calendar-date">
                <time datetime=day.date.clone()>
                    <span class="calendar-weekday">{weekday}" "</span>
                    {day_number}
                </time>
                {day.today.then(|| view! { <span class="visually-hidden">" (today)"</span> })}
                {clock_change}
            </p>
            <ul class="calendar-entries">
                {day.entries.into_iter().map(|entry| {
                    let excerpt: String = entry.text.chars().take(ENTRY_CHARS).collect();
                    let (target_id, time) = (entry.id, entry.due.time.clone());
                    let movable = entry.allowed.reschedule;
                    view! {
                        <li>
                            <a
                                class=format!("calendar-entry calendar-{}", entry.state.slug())
                                href=format!("#target-{}", entry.id)
                                draggable=if movable { "true" } else { "false" }
                                data-target=entry.id
                                title=format!("{} · {}", entry.state.label(), entry.due.utc_title())
                                on:dragstart=move |event: DragEvent| {
                                    if movable {
                                        dragged.set(Some((target_id, time.clone())));
                                        #[cfg(feature = "hydrate")]
                                        if let Some(data) = event.data_transfer() {
                                            let _ = data.set_data("text/plain", &target_id.to_string());
                                        }
                                    } else {
                                        event.prevent_default();
                                    }
                                }
                                on:dragend=move |_| dragged.set(None)
                            >
                                <span class="calendar-time">{entry.due.time.clone()}</span>
                                <span class=format!("calendar-platform platform-{}", entry.agent.platform.slug())>
                                    {format!("@{}", entry.agent.handle)}
                                </span>
                                <span class="calendar-text">{excerpt}</span>
                                <span class="visually-hidden">{format!(", {}", entry.state.label())}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </li>
    }
}
