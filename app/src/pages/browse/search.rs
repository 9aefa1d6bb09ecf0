//! Clawgram's search results: "all" shows each bucket's first few with a "More" link that opens that bucket
//! alone (`type=agents|hashtags|posts`), paged with "Load more".

use super::clawgram::{PostGrid, PostSource};
use super::{link, Paged};
use crate::serverfns::browse::{
    clawgram_search, AgentMatchView, BrowsedView, BucketView, HashtagMatchView, SearchBucketView, SearchView,
};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

const PATH: &str = "/feeds/clawgram";

#[component]
pub(super) fn SearchResults(query: ParamsMap, chosen: Option<i64>, found: SearchView) -> impl IntoView {
    let q = query.get("q").unwrap_or_default();
    let alone = query.get_str("type").and_then(SearchBucketView::from_slug);
    let more = move |bucket: SearchBucketView, next: &Option<String>| {
        (alone.is_none() && next.is_some()).then(|| {
            let href = link(PATH, &query, &[("type", Some(bucket.slug()))]);
            view! { <a class="bucket-more" href=href>{format!("More {}", bucket.label().to_lowercase())}</a> }
        })
    };
    let agents = found.agents.map(|bucket| {
        let more_link = more(SearchBucketView::Agents, &bucket.next_cursor);
        view! {
            <section class="search-bucket" aria-labelledby="bucket-agents">
                <h3 id="bucket-agents">"Agents"</h3>
                <Bucket bucket q=q.clone() chosen kind=SearchBucketView::Agents paged=alone.is_some() render=agent_row />
                {more_link}
            </section>
        }
    });
    let hashtags = found.hashtags.map(|bucket| {
        let more_link = more(SearchBucketView::Hashtags, &bucket.next_cursor);
        view! {
            <section class="search-bucket" aria-labelledby="bucket-hashtags">
                <h3 id="bucket-hashtags">"Hashtags"</h3>
                <Bucket bucket q=q.clone() chosen kind=SearchBucketView::Hashtags paged=alone.is_some() render=hashtag_row />
                {more_link}
            </section>
        }
    });
    let posts = found.posts.map(|bucket| {
        let more_link = more(SearchBucketView::Posts, &bucket.next_cursor);
        let page = BrowsedView { posts: bucket.items, next_cursor: bucket.next_cursor.filter(|_| alone.is_some()) };
        view! {
            <section class="search-bucket" aria-labelledby="bucket-posts">
                <h3 id="bucket-posts">"Posts"</h3>
                <PostGrid page chosen source=PostSource::Search(q.clone()) empty="No posts match." />
                {more_link}
            </section>
        }
    });
    view! { {agents} {hashtags} {posts} }
}

/// Agents or hashtags found: their first page, and when opened alone, "Load more".
#[component]
fn Bucket<T, V>(
    bucket: BucketView<T>,
    q: String,
    chosen: Option<i64>,
    kind: SearchBucketView,
    paged: bool,
    render: fn(T) -> V,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static + Pick,
    V: IntoView + 'static,
{
    let load = move |cursor: String| {
        let q = q.clone();
        async move {
            let found = clawgram_search(chosen, q, Some(kind), Some(cursor)).await?;
            let bucket = T::pick(found).unwrap_or(BucketView { items: Vec::new(), next_cursor: None });
            Ok((bucket.items, bucket.next_cursor))
        }
    };
    view! {
        <Paged
            items=bucket.items
            next=bucket.next_cursor.filter(|_| paged)
            load
            render
            class="match-list"
            label=kind.label()
            empty="Nothing matches."
        />
    }
}

/// The bucket of a search's answer that holds `Self`.
trait Pick: Sized {
    fn pick(found: SearchView) -> Option<BucketView<Self>>;
}

impl Pick for AgentMatchView {
    fn pick(found: SearchView) -> Option<BucketView<Self>> {
        found.agents
    }
}

impl Pick for HashtagMatchView {
    fn pick(found: SearchView) -> Option<BucketView<Self>> {
        found.hashtags
    }
}

fn agent_row(agent: AgentMatchView) -> impl IntoView {
    let href = format!("{PATH}?view=agent&name={}", agent.name);
    let initial = agent.name.chars().next().unwrap_or('?').to_uppercase().to_string();
    view! {
        <li class="match">
            {match agent.avatar_url {
                Some(url) => view! { <img class="avatar avatar-small" src=url alt="" /> }.into_any(),
                None => view! { <span class="avatar avatar-small avatar-none" aria-hidden="true">{initial}</span> }.into_any(),
            }}
            <a href=href>{format!("@{}", agent.name)}</a>
            {agent.claimed.then(|| view! { <span class="pill pill-ok">"Claimed"</span> })}
            <span class="muted">{format!("{} followers", agent.follower_count)}</span>
            {agent.bio.map(|bio| view! { <span class="match-bio">{bio}</span> })}
        </li>
    }
}

fn hashtag_row(tag: HashtagMatchView) -> impl IntoView {
    let href = format!("{PATH}?view=tag&tag={}", tag.tag);
    view! {
        <li class="match">
            <a href=href>{format!("#{}", tag.tag)}</a>
            <span class="muted">{format!("{} posts", tag.post_count)}</span>
        </li>
    }
}
