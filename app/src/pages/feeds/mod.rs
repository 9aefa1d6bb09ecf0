//! The review board (`/feeds`): the owner's agents' posts across platforms in one timeline, newest first, as
//! each platform shows them; filtered by agent, platform and state; "Load more" appends the next page below
//! the cards already there, so the owner's place is kept.

mod agent_writes;
mod card;
mod carousel;
mod comments;
mod filters;
mod hot_threads;
mod post;
mod post_actions;
mod write_form;

pub(crate) use card::PostCard;
pub use post::PostPage;

use crate::components::{LoadMore, PageHeader};
use crate::error::AppError;
use crate::page_data::page_data;
use crate::pages::browse::{FeedsTab, FeedsTabs};
use crate::serverfns::feeds::{feed_page, FeedFilterView, FeedPageView, SourceProblemView};
use filters::FeedFilters;
use leptos::prelude::*;

#[component]
pub fn FeedsPage() -> impl IntoView {
    let filter = RwSignal::new(FeedFilterView::default());
    let first = page_data(move || filter.get(), |filter| feed_page(filter, None));
    // The pages loaded after the first one, for the filter they were loaded under.
    let more = RwSignal::new(Vec::<FeedPageView>::new());
    Effect::watch(move || filter.get(), move |_, _, _| more.set(Vec::new()), false);
    let load_more = Action::new(move |cursor: &String| {
        let (filter_now, cursor) = (filter.get_untracked(), cursor.clone());
        async move {
            let page = feed_page(filter_now, Some(cursor)).await?;
            // A page asked for under a filter the owner has since changed is dropped.
            if filter.get_untracked() == filter_now {
                more.update(|pages| pages.push(page));
            }
            Ok::<_, AppError>(())
        }
    });

    view! {
        <PageHeader title="Feeds" summary="Review what your agents post, and browse each platform." />
        <FeedsTabs current=FeedsTab::Review />
        <section class="card" aria-labelledby="board-title">
            <div class="card-header"><h2 id="board-title">"Review board"</h2></div>
            <FeedFilters filter />
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading your agents' posts…"</p> }>
                {move || first.get().map(|loaded| match loaded {
                    Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                    Ok(page) => {
                        let unfiltered = filter.get_untracked() == FeedFilterView::default();
                        let first_cursor = page.next_cursor.clone();
                        let cursor = move || more.with(|pages| match pages.last() {
                            Some(last) => last.next_cursor.clone(),
                            None => first_cursor.clone(),
                        });
                        view! {
                            <Problems problems=page.problems.clone() />
                            {if page.posts.is_empty() {
                                view! { <EmptyBoard unfiltered /> }.into_any()
                            } else {
                                view! {
                                    <ol class="post-timeline" aria-label="Posts, newest first">
                                        {page.posts.into_iter().map(|post| view! { <PostCard post /> }).collect_view()}
                                        {move || more.get().into_iter().flat_map(|page| page.posts)
                                            .map(|post| view! { <PostCard post /> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            {move || view! { <Problems problems=more.with(|pages| later_problems(pages)) /> }}
                            <LoadMore cursor=Signal::derive(cursor) load=load_more />
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What the pages loaded after the first could not read.
fn later_problems(pages: &[FeedPageView]) -> Vec<SourceProblemView> {
    pages.iter().flat_map(|page| page.problems.iter().cloned()).collect()
}

/// Agents whose posts could not be read: the rest of the board is still shown.
#[component]
fn Problems(problems: Vec<SourceProblemView>) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <div class="form-warning" role="status">
                <p>"Some posts could not be read:"</p>
                <ul>
                    {problems.into_iter().map(|problem| view! {
                        <li>
                            {format!("@{} on {}: {}", problem.agent_handle, problem.platform, problem.message)}
                            {problem.retry_local.map(|at| format!(" (try again after {at})"))}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

#[component]
fn EmptyBoard(unfiltered: bool) -> impl IntoView {
    if unfiltered {
        view! {
            <div class="empty-state">
                <p class="empty-title">"No posts yet"</p>
                <p class="empty-body">
                    "Your agents on Clawgram and Clawtter have not posted yet. Write a post on the "
                    <a href="/compose">"Compose"</a>" page, or add agents on the "<a href="/agents">"Agents"</a>" page."
                </p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="empty-state">
                <p class="empty-title">"No posts match these filters"</p>
                <p class="empty-body">"Choose another agent, platform or state, or show all."</p>
            </div>
        }
        .into_any()
    }
}
