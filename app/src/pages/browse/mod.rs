//! Browsing each platform, beside the review board: Clawgram (`/feeds/clawgram`), Clawtter (`/feeds/clawtter`)
//! and the Threads backend's queue (`/feeds/threads`). What a page shows is in its query (`view`, `as`, `tag`,
//! `q`, `type`, `date`), so a reload keeps it and every form is a plain GET form that works before hydration.
//! "Load more" appends below what is shown, so the owner's place is kept.

mod clawgram;
mod clawtter;
mod leaderboard;
mod search;
mod threads;

pub use clawgram::ClawgramPage;
pub use clawtter::ClawtterPage;
pub use threads::ThreadsPage;

use crate::components::LoadMore;
use crate::error::AppError;
use crate::serverfns::browse::ReaderView;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use std::future::Future;

/// The Feeds area's parts, one tab each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedsTab {
    Review,
    Clawgram,
    Clawtter,
    Threads,
}

impl FeedsTab {
    const ALL: [FeedsTab; 4] = [FeedsTab::Review, FeedsTab::Clawgram, FeedsTab::Clawtter, FeedsTab::Threads];

    fn label(self) -> &'static str {
        match self {
            FeedsTab::Review => "Review",
            FeedsTab::Clawgram => "Clawgram",
            FeedsTab::Clawtter => "Clawtter",
            FeedsTab::Threads => "Threads",
        }
    }

    fn path(self) -> &'static str {
        match self {
            FeedsTab::Review => "/feeds",
            FeedsTab::Clawgram => "/feeds/clawgram",
            FeedsTab::Clawtter => "/feeds/clawtter",
            FeedsTab::Threads => "/feeds/threads",
        }
    }
}

/// The tabs "Review · Clawgram · Clawtter · Threads" at the top of every Feeds page.
#[component]
pub fn FeedsTabs(current: FeedsTab) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Feeds">
            {FeedsTab::ALL.into_iter().map(|tab| view! {
                <a class="tab" href=tab.path() aria-current=(tab == current).then_some("page")>{tab.label()}</a>
            }).collect_view()}
        </nav>
    }
    .into_any()
}

/// `path` with the current `query`, changed by `changes` (a `None` value removes the parameter).
pub(crate) fn link(path: &str, query: &ParamsMap, changes: &[(&'static str, Option<&str>)]) -> String {
    let mut query = query.clone();
    for (key, value) in changes {
        match value {
            Some(value) => query.replace(*key, (*value).to_owned()),
            None => {
                query.remove(key);
            }
        }
    }
    format!("{path}{}", query.to_query_string())
}

/// The agent a page reads as: the one named by `as`, else the first the owner can read with.
pub(crate) fn chosen_reader(query: &ParamsMap, readers: &[ReaderView]) -> Option<i64> {
    let named = query.get_str("as").and_then(|id| id.parse::<i64>().ok());
    named.filter(|id| readers.iter().any(|reader| reader.id == *id)).or_else(|| readers.first().map(|reader| reader.id))
}

/// The owner's agents a page can read as, each a link (avatar and name); the chosen one is marked.
#[component]
pub(crate) fn ReaderPicker(
    readers: Vec<ReaderView>,
    chosen: Option<i64>,
    path: &'static str,
    query: ParamsMap,
) -> impl IntoView {
    (!readers.is_empty()).then(|| {
        view! {
            <div class="reader-picker" role="group" aria-label="Read as">
                <span class="reader-label">"Read as"</span>
                {readers.into_iter().map(|reader| {
                    let href = link(path, &query, &[("as", Some(&reader.id.to_string()))]);
                    let initial = reader.name.chars().next().unwrap_or('?').to_uppercase().to_string();
                    view! {
                        <a class="reader" href=href aria-current=(chosen == Some(reader.id)).then_some("true")>
                            {match reader.avatar_url {
                                Some(url) => view! { <img class="avatar avatar-small" src=url alt="" /> }.into_any(),
                                None => view! { <span class="avatar avatar-small avatar-none" aria-hidden="true">{initial}</span> }.into_any(),
                            }}
                            {reader.name}
                        </a>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    })
}

/// A list shown page by page: `items` first, then each page `load` reads after the cursor `next`, appended
/// below. `render` draws one item; `empty` is said when there is none.
#[component]
pub(crate) fn Paged<T, L, Fut, R, V>(
    items: Vec<T>,
    next: Option<String>,
    load: L,
    render: R,
    #[prop(into)] class: String,
    #[prop(into)] label: String,
    empty: &'static str,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    L: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), AppError>> + Send + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    if items.is_empty() {
        return view! { <div class="empty-state"><p class="empty-title">{empty}</p></div> }.into_any();
    }
    let more = RwSignal::new(Vec::<T>::new());
    let next = RwSignal::new(next);
    let load_more = Action::new(move |cursor: &String| {
        let read = load(cursor.clone());
        async move {
            let (items, cursor) = read.await?;
            more.update(|more| more.extend(items));
            next.set(cursor);
            Ok::<_, AppError>(())
        }
    });
    let render_more = render.clone();
    view! {
        <ol class=class aria-label=label>
            {items.into_iter().map(render).collect_view()}
            {move || more.get().into_iter().map(render_more.clone()).collect_view()}
        </ol>
        <LoadMore cursor=next load=load_more />
    }
    .into_any()
}

/// A plain GET form for one query parameter (`name`) of a part of a platform, with `children` for more fields;
/// hidden fields keep the part shown and the agent read as. `error` is said next to the field.
#[component]
pub(crate) fn QueryForm(
    path: &'static str,
    view_name: &'static str,
    query: ParamsMap,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    error: Option<String>,
    submit: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let (input_id, error_id) = (format!("{name}-field"), format!("{name}-error"));
    view! {
        <form class="toolbar browse-form" method="get" action=path>
            <input type="hidden" name="view" value=view_name />
            {query.get("as").map(|reader| view! { <input type="hidden" name="as" value=reader /> })}
            <div class="toolbar-item">
                <label for=input_id.clone()>{label}</label>
                <input
                    id=input_id
                    class="field-input"
                    type=kind
                    name=name
                    value=query.get(name).unwrap_or_default()
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error_id.clone()
                />
                {error.map(|error| view! { <span id=error_id class="field-error" role="alert">{error}</span> })}
            </div>
            {children.map(|children| children())}
            <button class="button button-primary" type="submit">{submit}</button>
        </form>
    }
    .into_any()
}

/// A platform's parts (`views`: the `view` parameter and its label) as links that keep only the agent read as;
/// the part shown (`default` without a `view`) is marked.
#[component]
pub(crate) fn Parts(
    path: &'static str,
    label: &'static str,
    views: &'static [(&'static str, &'static str)],
    default: &'static str,
    query: ParamsMap,
) -> impl IntoView {
    let current = query.get("view").unwrap_or_else(|| default.to_owned());
    let mut kept = ParamsMap::new();
    if let Some(reader) = query.get("as") {
        kept.replace("as", reader);
    }
    view! {
        <nav class="subtabs" aria-label=label>
            {views.iter().map(|(view, name)| {
                let href = link(path, &kept, &[("view", Some(view))]);
                view! { <a class="subtab" href=href aria-current=(current == *view).then_some("page")>{*name}</a> }
            }).collect_view()}
        </nav>
    }
    .into_any()
}

/// What could not be read, where the list would be.
#[component]
pub(crate) fn ReadError(error: AppError) -> impl IntoView {
    view! { <p class="form-error" role="alert">{error.to_string()}</p> }
}
