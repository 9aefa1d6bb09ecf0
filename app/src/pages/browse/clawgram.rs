//! Browsing Clawgram (`/feeds/clawgram?view=…`): explore, an agent's following feed, a hashtag's feed, any
//! agent's profile and posts, search and the daily leaderboard, as an image-first grid of cards; a card's time
//! opens the post whole, read as the chosen agent.

use super::leaderboard::Leaderboard;
use super::search::SearchResults;
use super::{chosen_reader, FeedsTab, FeedsTabs, Paged, Parts, QueryForm, ReadError, ReaderPicker};
use crate::components::PageHeader;
use crate::error::AppError;
use crate::page_data::page_data;
use crate::pages::feeds::PostCard;
use crate::serverfns::browse::{
    clawgram_leaderboard, clawgram_list, clawgram_profile, clawgram_search, readers, BrowsedView, BucketView,
    ClawgramListView, ClawgramProfileView, LeaderboardView, ReaderView, SearchBucketView, SearchView,
};
use crate::serverfns::feeds::FeedPostView;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

const PATH: &str = "/feeds/clawgram";

/// The parts of Clawgram, as the `view` parameter names them.
const VIEWS: &[(&str, &str)] = &[
    ("explore", "Explore"),
    ("following", "Following"),
    ("tag", "Hashtag"),
    ("search", "Search"),
    ("leaderboard", "Leaderboard"),
];

/// What the page shows once read.
#[derive(Clone, Serialize, Deserialize)]
enum Shown {
    Posts(BrowsedView),
    Agent(ClawgramProfileView, BrowsedView),
    Search(SearchView),
    Leaderboard(LeaderboardView),
    /// A form waits for what to show (a hashtag, a search).
    Ask,
}

#[component]
pub fn ClawgramPage() -> impl IntoView {
    let query = use_query_map();
    let loaded = page_data(
        move || query.get(),
        |query| async move {
            let readers = readers(Platform::Clawgram).await?;
            let chosen = chosen_reader(&query, &readers);
            let shown = read(&query, chosen).await;
            Ok::<_, AppError>((readers, chosen, shown))
        },
    );
    view! {
        <PageHeader title="Feeds" summary="Review what your agents post, and browse each platform." />
        <FeedsTabs current=FeedsTab::Clawgram />
        <section class="card" aria-labelledby="browse-title">
            <div class="card-header"><h2 id="browse-title">"Clawgram"</h2></div>
            {move || view! { <Parts path=PATH label="Clawgram" views=VIEWS default="explore" query=query.get() /> }}
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading Clawgram…"</p> }>
                {move || loaded.get().map(|loaded| match loaded {
                    Err(error) => view! { <ReadError error /> }.into_any(),
                    Ok((readers, chosen, shown)) => {
                        let query = query.get_untracked();
                        view! {
                            <ReaderPicker readers=readers.clone() chosen path=PATH query=query.clone() />
                            <Body query readers chosen shown />
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Reads what `query` asks for, as `chosen`.
async fn read(query: &ParamsMap, chosen: Option<i64>) -> Result<Shown, AppError> {
    let text = |key: &str| query.get_str(key).map(str::trim).filter(|value| !value.is_empty()).map(str::to_owned);
    Ok(match query.get_str("view").unwrap_or("explore") {
        "following" => Shown::Posts(clawgram_list(chosen, ClawgramListView::Following, None).await?),
        "tag" => match text("tag") {
            Some(tag) => Shown::Posts(clawgram_list(chosen, ClawgramListView::Hashtag(tag), None).await?),
            None => Shown::Ask,
        },
        "agent" => match text("name") {
            Some(name) => {
                let profile = clawgram_profile(name.clone()).await?;
                Shown::Agent(profile, clawgram_list(chosen, ClawgramListView::Agent(name), None).await?)
            }
            None => Shown::Ask,
        },
        "search" => match text("q") {
            Some(q) => {
                let bucket = query.get_str("type").and_then(SearchBucketView::from_slug);
                Shown::Search(clawgram_search(chosen, q, bucket, None).await?)
            }
            None => Shown::Ask,
        },
        "leaderboard" => Shown::Leaderboard(clawgram_leaderboard(chosen, text("date")).await?),
        _ => Shown::Posts(clawgram_list(chosen, ClawgramListView::Explore, None).await?),
    })
}

#[component]
fn Body(
    query: ParamsMap,
    readers: Vec<ReaderView>,
    chosen: Option<i64>,
    shown: Result<Shown, AppError>,
) -> impl IntoView {
    let view_name = query.get("view").unwrap_or_else(|| "explore".to_owned());
    let field_error = |field: &str| shown.as_ref().err().and_then(|error| error.for_field(field));
    let form = match view_name.as_str() {
        "tag" => Some(view! { <TagForm query=query.clone() error=field_error("tag") /> }.into_any()),
        "search" => Some(view! { <SearchForm query=query.clone() error=field_error("q") /> }.into_any()),
        "leaderboard" => Some(view! { <DateForm query=query.clone() error=field_error("date") /> }.into_any()),
        _ => None,
    };
    let body = match shown {
        Err(error)
            if error.for_field("tag").is_some()
                || error.for_field("q").is_some()
                || error.for_field("date").is_some() =>
        {
            ().into_any()
        }
        Err(error) => view! { <ReadError error /> }.into_any(),
        Ok(Shown::Ask) => view! { <p class="muted">{ask(&view_name)}</p> }.into_any(),
        Ok(Shown::Posts(page)) => {
            let source = PostSource::List(list_of(&query));
            let empty = if view_name == "following" && readers.is_empty() {
                "Add a Clawgram agent to read what it follows."
            } else {
                "No posts here yet."
            };
            view! { <PostGrid page chosen source empty /> }.into_any()
        }
        Ok(Shown::Agent(profile, page)) => {
            let source = PostSource::List(ClawgramListView::Agent(profile.name.clone()));
            view! {
                <Profile profile />
                <PostGrid page chosen source empty="This agent has not posted yet." />
            }
            .into_any()
        }
        Ok(Shown::Search(found)) => view! { <SearchResults query=query.clone() chosen found /> }.into_any(),
        Ok(Shown::Leaderboard(board)) => view! { <Leaderboard board /> }.into_any(),
    };
    view! { {form} {body} }.into_any()
}

fn ask(view_name: &str) -> &'static str {
    match view_name {
        "tag" => "Type a hashtag to see its posts.",
        "agent" => "Open an agent from a card or a search to see its profile.",
        _ => "Type what to search for: agents, hashtags or posts.",
    }
}

/// The list a page of posts came from, to read its next page.
fn list_of(query: &ParamsMap) -> ClawgramListView {
    match query.get_str("view") {
        Some("following") => ClawgramListView::Following,
        Some("tag") => ClawgramListView::Hashtag(query.get("tag").unwrap_or_default()),
        _ => ClawgramListView::Explore,
    }
}

/// Where a grid's next page comes from.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum PostSource {
    List(ClawgramListView),
    /// The posts bucket of a search for these words.
    Search(String),
}

/// Posts as an image-first grid, with "Load more".
#[component]
pub(super) fn PostGrid(
    page: BrowsedView,
    chosen: Option<i64>,
    source: PostSource,
    empty: &'static str,
) -> impl IntoView {
    let load = move |cursor: String| {
        let source = source.clone();
        async move {
            let page = match source {
                PostSource::List(list) => clawgram_list(chosen, list, Some(cursor)).await?,
                PostSource::Search(q) => {
                    let found = clawgram_search(chosen, q, Some(SearchBucketView::Posts), Some(cursor)).await?;
                    let posts = found.posts.unwrap_or(BucketView { items: Vec::new(), next_cursor: None });
                    BrowsedView { posts: posts.items, next_cursor: posts.next_cursor }
                }
            };
            Ok((page.posts, page.next_cursor))
        }
    };
    view! {
        <Paged
            items=page.posts
            next=page.next_cursor
            load
            render=|post: FeedPostView| view! { <PostCard post /> }
            class="post-timeline post-grid"
            label="Posts"
            empty
        />
    }
}

#[component]
fn Profile(profile: ClawgramProfileView) -> impl IntoView {
    let initial = profile.name.chars().next().unwrap_or('?').to_uppercase().to_string();
    view! {
        <header class="profile-head">
            {match profile.avatar_url {
                Some(url) => view! { <img class="avatar avatar-large" src=url alt="" /> }.into_any(),
                None => view! { <span class="avatar avatar-large avatar-none" aria-hidden="true">{initial}</span> }.into_any(),
            }}
            <div>
                <h3 class="profile-name">
                    {format!("@{}", profile.name)}
                    {profile.claimed.then(|| view! { " " <span class="pill pill-ok">"Claimed"</span> })}
                </h3>
                {profile.bio.map(|bio| view! { <p class="profile-bio">{bio}</p> })}
                <p class="muted">{format!("{} followers · {} following", profile.follower_count, profile.following_count)}</p>
            </div>
        </header>
    }
    .into_any()
}

#[component]
fn TagForm(query: ParamsMap, error: Option<String>) -> impl IntoView {
    view! { <QueryForm path=PATH view_name="tag" query name="tag" label="Hashtag" error submit="Show" /> }
}

#[component]
fn SearchForm(query: ParamsMap, error: Option<String>) -> impl IntoView {
    let kind = query.get("type").unwrap_or_default();
    view! {
        <QueryForm path=PATH view_name="search" query name="q" label="Search Clawgram" kind="search" error submit="Search">
            <div class="toolbar-item">
                <label for="type-field">"In"</label>
                <select id="type-field" class="field-input" name="type">
                    <option value="" selected=kind.is_empty()>"All"</option>
                    {SearchBucketView::ALL.into_iter().map(|bucket| view! {
                        <option value=bucket.slug() selected=kind == bucket.slug()>{bucket.label()}</option>
                    }).collect_view()}
                </select>
            </div>
        </QueryForm>
    }
}

#[component]
fn DateForm(query: ParamsMap, error: Option<String>) -> impl IntoView {
    view! {
        <QueryForm path=PATH view_name="leaderboard" query name="date" label="Day (UTC)" kind="date" error submit="Show" />
    }
}
