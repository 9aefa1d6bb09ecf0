//! Browsing Clawtter (`/feeds/clawtter?view=…`) as one of the owner's Clawtter agents (every read needs a key):
//! the public and following feeds, trending posts, search with topic suggestions, trending topics, and the
//! agent's own posts with their moderation status. The feeds are heavy reads: once the day's are spent, the page
//! says so and when they come back.

use super::{chosen_reader, link, FeedsTab, FeedsTabs, Paged, Parts, QueryForm, ReadError, ReaderPicker};
use crate::components::PageHeader;
use crate::error::AppError;
use crate::page_data::page_data;
use crate::pages::feeds::PostCard;
use crate::serverfns::browse::{clawtter_list, clawtter_topics, readers, ClawtterListView, ClawtterTopicsView};
use crate::serverfns::feeds::{feed_page, FeedFilterView, FeedPostView};
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

const PATH: &str = "/feeds/clawtter";
/// Posts added by each "Load more" (Clawtter's feeds have no cursor: each asks for a longer list).
const STEP: usize = 20;

const VIEWS: &[(&str, &str)] = &[
    ("public", "Public"),
    ("following", "Following"),
    ("trending", "Trending"),
    ("search", "Search"),
    ("own", "Own posts"),
];

#[derive(Clone, Serialize, Deserialize)]
enum Shown {
    Posts {
        posts: Vec<FeedPostView>,
        more: bool,
        heavy_reads_back: Option<String>,
    },
    /// The agent's own posts, from the review board's reads (with their moderation status).
    Own {
        posts: Vec<FeedPostView>,
        next_cursor: Option<String>,
    },
    Ask,
}

#[component]
pub fn ClawtterPage() -> impl IntoView {
    let query = use_query_map();
    let loaded = page_data(
        move || query.get(),
        |query| async move {
            let readers = readers(Platform::Clawtter).await?;
            let Some(chosen) = chosen_reader(&query, &readers) else { return Ok((readers, None)) };
            let q = query.get("q").unwrap_or_default();
            let shown = read(&query, chosen).await;
            let topics = clawtter_topics(chosen, q).await;
            Ok::<_, AppError>((readers, Some((chosen, shown, topics))))
        },
    );
    view! {
        <PageHeader title="Feeds" summary="Review what your agents post, and browse each platform." />
        <FeedsTabs current=FeedsTab::Clawtter />
        <section class="card" aria-labelledby="browse-title">
            <div class="card-header"><h2 id="browse-title">"Clawtter"</h2></div>
            {move || view! { <Parts path=PATH label="Clawtter" views=VIEWS default="public" query=query.get() /> }}
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading Clawtter…"</p> }>
                {move || loaded.get().map(|loaded| match loaded {
                    Err(error) => view! { <ReadError error /> }.into_any(),
                    Ok((_, None)) => view! {
                        <div class="empty-state">
                            <p class="empty-title">"No Clawtter agent to read with"</p>
                            <p class="empty-body">
                                "Every Clawtter read needs an agent's key. Add a Clawtter agent on the "
                                <a href="/agents">"Agents"</a>" page."
                            </p>
                        </div>
                    }.into_any(),
                    Ok((readers, Some((chosen, shown, topics)))) => {
                        let query = query.get_untracked();
                        view! {
                            <ReaderPicker readers chosen=Some(chosen) path=PATH query=query.clone() />
                            <div class="browse-columns">
                                <div class="browse-main"><Body query=query.clone() chosen shown /></div>
                                <Topics query topics />
                            </div>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

async fn read(query: &ParamsMap, chosen: i64) -> Result<Shown, AppError> {
    let list = match query.get_str("view").unwrap_or("public") {
        "own" => {
            let filter = FeedFilterView { agent_id: Some(chosen), ..FeedFilterView::default() };
            let page = feed_page(filter, None).await?;
            return Ok(Shown::Own { posts: page.posts, next_cursor: page.next_cursor });
        }
        "search" => match query.get_str("q").map(str::trim).filter(|q| !q.is_empty()) {
            Some(q) => ClawtterListView::Search(q.to_owned()),
            None => return Ok(Shown::Ask),
        },
        other => list_named(other),
    };
    let found = clawtter_list(chosen, list, STEP).await?;
    Ok(Shown::Posts { posts: found.posts, more: found.more, heavy_reads_back: found.heavy_reads_back_local })
}

fn list_named(view_name: &str) -> ClawtterListView {
    match view_name {
        "following" => ClawtterListView::Following,
        "trending" => ClawtterListView::Trending,
        _ => ClawtterListView::Public,
    }
}

#[component]
fn Body(query: ParamsMap, chosen: i64, shown: Result<Shown, AppError>) -> impl IntoView {
    let view_name = query.get("view").unwrap_or_else(|| "public".to_owned());
    let q_error = shown.as_ref().err().and_then(|error| error.for_field("q"));
    let form = (view_name == "search").then(|| view! { <SearchForm query=query.clone() error=q_error.clone() /> });
    let body = match shown {
        Err(_) if q_error.is_some() => ().into_any(),
        Err(error) => view! { <ReadError error /> }.into_any(),
        Ok(Shown::Ask) => view! { <p class="muted">"Type what to search for, or choose a topic."</p> }.into_any(),
        Ok(Shown::Posts { heavy_reads_back: Some(back), .. }) => view! {
            <p class="form-warning" role="status">
                {format!("Clawtter's heavy reads for this agent are spent for today; its feeds come back at {back}.")}
            </p>
        }
        .into_any(),
        Ok(Shown::Posts { posts, more, heavy_reads_back: None }) => {
            let list = match view_name.as_str() {
                "search" => ClawtterListView::Search(query.get("q").unwrap_or_default()),
                other => list_named(other),
            };
            let load = move |next: String| {
                let list = list.clone();
                async move {
                    let limit: usize = next.parse().unwrap_or(STEP);
                    let found = clawtter_list(chosen, list, limit).await?;
                    // The longer list starts with what is shown: only the posts after it are added.
                    let added = found.posts.into_iter().skip(limit - STEP).collect();
                    Ok((added, found.more.then(|| (limit + STEP).to_string())))
                }
            };
            view! {
                <Paged
                    items=posts
                    next=more.then(|| (2 * STEP).to_string())
                    load
                    render=|post: FeedPostView| view! { <PostCard post /> }
                    class="post-timeline"
                    label="Posts"
                    empty="No posts here yet."
                />
            }
            .into_any()
        }
        Ok(Shown::Own { posts, next_cursor }) => {
            let load = move |cursor: String| async move {
                let filter = FeedFilterView { agent_id: Some(chosen), ..FeedFilterView::default() };
                let page = feed_page(filter, Some(cursor)).await?;
                Ok((page.posts, page.next_cursor))
            };
            view! {
                <Paged
                    items=posts
                    next=next_cursor
                    load
                    render=|post: FeedPostView| view! { <PostCard post /> }
                    class="post-timeline"
                    label="Own posts"
                    empty="This agent has not posted yet."
                />
            }
            .into_any()
        }
    };
    view! { {form} {body} }.into_any()
}

#[component]
fn SearchForm(query: ParamsMap, error: Option<String>) -> impl IntoView {
    view! { <QueryForm path=PATH view_name="search" query name="q" label="Search Clawtter" kind="search" error submit="Search" /> }
}

/// Trending topics and suggestions for what was searched, each opening a search for it.
#[component]
fn Topics(query: ParamsMap, topics: Result<ClawtterTopicsView, AppError>) -> impl IntoView {
    let topic_link = move |name: &str| link(PATH, &query, &[("view", Some("search")), ("q", Some(name))]);
    view! {
        <aside class="browse-aside" aria-label="Topics">
            {match topics {
                Err(error) => view! { <ReadError error /> }.into_any(),
                Ok(topics) => view! {
                    <h3>"Trending topics"</h3>
                    {if topics.trending.is_empty() {
                        view! { <p class="muted">"Nothing is trending yet."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="match-list" aria-label="Trending topics">
                                {topics.trending.into_iter().map(|topic| view! {
                                    <li class="match">
                                        <a href=topic_link(&topic.name)>{format!("#{}", topic.name)}</a>
                                        <span class="muted">{format!("{} posts", topic.post_count)}</span>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    <h3>"Suggested topics"</h3>
                    <ul class="topic-chips" aria-label="Suggested topics">
                        {topics.suggested.into_iter().map(|name| view! {
                            <li><a class="post-tag" href=topic_link(&name)>{format!("#{name}")}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </aside>
    }
    .into_any()
}
