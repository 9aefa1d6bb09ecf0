//! The list of agents, a page at a time: recognised by face, with their claim, key and activity. Which agents,
//! in which order and which page live in the address (a plain GET form and links, so the list works before the
//! wasm arrives and a reload keeps it); after hydration a choice or a pause in typing navigates at once.

use super::row::AgentRow;
use crate::error::AppError;
use crate::page_data::PageData;
use crate::serverfns::agent_list::{AgentListQuery, AgentPageView, AgentSort, StatusFilter};
use crate::serverfns::agents::CheckAgents;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use std::time::Duration;

/// How long typing must pause before the search is run.
const SEARCH_PAUSE: Duration = Duration::from_millis(250);

#[component]
pub fn Roster(
    query: Memo<AgentListQuery>,
    agents: PageData<Result<AgentPageView, AppError>>,
    check: ServerAction<CheckAgents>,
    mailbox: Signal<Option<String>>,
    notice: ReadSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="roster-title">
            <div class="card-header">
                <h2 id="roster-title">"Your agents"</h2>
                <button
                    class="button"
                    on:click=move |_| { check.dispatch(CheckAgents {}); }
                    disabled=move || check.pending().get()
                >
                    {move || if check.pending().get() { "Checking keys…" } else { "Check keys" }}
                </button>
            </div>
            <ListControls query />
            {move || notice.get().map(|notice| view! { <p class="form-success" role="status">{notice}</p> })}
            {move || check.value().get().map(|outcome| match outcome {
                Ok(report) if report.problems.is_empty() => view! {
                    <p class="form-success" role="status">{format!("All {} keys work.", report.checked)}</p>
                }.into_any(),
                Ok(report) => view! {
                    <div class="form-error" role="alert">
                        <p>{format!("{} of {} keys need attention:", report.problems.len(), report.checked)}</p>
                        <ul>{report.problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
            // The rows shown stay until the next page has arrived, so a new order replaces them in one step.
            <Transition fallback=|| view! { <p class="muted">"Loading your agents…"</p> }>
                {move || agents.get().map(|loaded| loaded.map(|page| {
                    let query = query.get_untracked();
                    if page.total == 0 && !query.filters() {
                        view! {
                            <div class="empty-state">
                                <p class="empty-title">"No agents yet"</p>
                                <p class="empty-body">
                                    "Register a new agent or import one with its key below; its key is encrypted on this machine and never shown again."
                                </p>
                            </div>
                        }.into_any()
                    } else if page.total == 0 {
                        view! {
                            <p class="muted">"No agent matches these filters. " <a href="/agents">"Show every agent"</a></p>
                        }.into_any()
                    } else {
                        view! {
                            <ul class="agent-list">
                                {page.agents.clone().into_iter().map(|agent| view! { <AgentRow agent mailbox /> }).collect_view()}
                            </ul>
                            <Pager query page />
                        }.into_any()
                    }
                }))}
            </Transition>
        </section>
    }
    .into_any()
}

/// Platform, status, a name to search for and the order: a GET form to `/agents`.
#[component]
fn ListControls(query: Memo<AgentListQuery>) -> impl IntoView {
    let navigate = use_navigate();
    let show = move |key: &str, value: &str, replace: bool| {
        let next = query.get_untracked().with(key, value);
        navigate(&next.href(), NavigateOptions { replace, scroll: false, ..Default::default() });
    };
    let choose = {
        let show = show.clone();
        move |key: &'static str| {
            let show = show.clone();
            move |value: String| show(key, &value, false)
        }
    };
    // Each keystroke counts; only the search typed last, once typing pauses, is run.
    let typed = StoredValue::new(0_u32);
    let search = move |value: String| {
        let keystroke = typed.get_value().wrapping_add(1);
        typed.set_value(keystroke);
        let show = show.clone();
        set_timeout(
            move || {
                if typed.try_get_value() == Some(keystroke) {
                    show("q", &value, true);
                }
            },
            SEARCH_PAUSE,
        );
    };
    let platforms = std::iter::once(("", "All"))
        .chain(Platform::ALL.into_iter().filter(|p| *p != Platform::Threads).map(|p| (p.slug(), p.label())));
    view! {
        <Form method="GET" action="/agents">
            <div class="toolbar" role="group" aria-label="Show">
                <QuerySelect
                    label="Platform"
                    name="platform"
                    choices=platforms.collect()
                    chosen=Signal::derive(move || query.with(|q| q.platform.map_or("", Platform::slug)))
                    on_choose=choose("platform")
                />
                <QuerySelect
                    label="Status"
                    name="status"
                    choices=StatusFilter::ALL.map(|s| (s.slug(), s.label())).to_vec()
                    chosen=Signal::derive(move || query.with(|q| q.status.slug()))
                    on_choose=choose("status")
                />
                <QuerySelect
                    label="Sort by"
                    name="sort"
                    choices=AgentSort::ALL.map(|s| (s.slug(), s.label())).to_vec()
                    chosen=Signal::derive(move || query.with(|q| q.sort.slug()))
                    on_choose=choose("sort")
                />
                <div class="toolbar-item">
                    <label for="show-search">"Name"</label>
                    <input
                        class="field-input"
                        id="show-search"
                        type="search"
                        name="q"
                        placeholder="Search by name"
                        value=move || query.with(|q| q.search.clone())
                        on:input=move |ev| search(event_target_value(&ev))
                    />
                </div>
                <button class="button" type="submit">"Show"</button>
            </div>
        </Form>
    }
}

/// A labelled select whose value is a parameter of the page's address.
#[component]
fn QuerySelect(
    label: &'static str,
    name: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    chosen: Signal<&'static str>,
    on_choose: impl Fn(String) + 'static,
) -> impl IntoView {
    let id = format!("show-{name}");
    view! {
        <div class="toolbar-item">
            <label for=id.clone()>{label}</label>
            <select class="field-input" id=id name=name on:change=move |ev| on_choose(event_target_value(&ev))>
                {choices.into_iter().map(|(value, text)| view! {
                    <option value=value selected=move || chosen.get() == value>{text}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Where this page lies in the list, with links to the pages before and after it.
#[component]
fn Pager(query: AgentListQuery, page: AgentPageView) -> impl IntoView {
    let first = page.first();
    let last = first + page.agents.len() as u64 - 1;
    let agents = if page.total == 1 { "agent" } else { "agents" };
    view! {
        <nav class="pager" aria-label="Pages of agents">
            {(page.page > 1).then(|| view! {
                <a class="button" rel="prev" href=query.on_page(page.page - 1).href()>"← Previous"</a>
            })}
            <p class="muted">
                {format!("{first}–{last} of {} {agents} · page {} of {}", page.total, page.page, page.pages)}
            </p>
            {(page.page < page.pages).then(|| view! {
                <a class="button" rel="next" href=query.on_page(page.page + 1).href()>"Next →"</a>
            })}
        </nav>
    }
}
