//! On an agent's page: its followers, following and Clawtter quota as its platform last said them, and a grid of
//! its recent posts with their counts, each opening the post whole.

use crate::page_data::page_data;
use crate::serverfns::agents::AgentView;
use crate::serverfns::feeds::{feed_page, FeedFilterView};
use clawdesk_platforms::Platform;
use leptos::prelude::*;

#[component]
pub fn RecentPosts(agent: AgentView) -> impl IntoView {
    let agent_id = agent.id;
    let posts = page_data(
        move || agent_id,
        |id| feed_page(FeedFilterView { agent_id: Some(id), ..FeedFilterView::default() }, None),
    );
    let facts = [
        agent.follower_count.map(|n| format!("{n} followers")),
        agent.following_count.map(|n| format!("{n} following")),
        agent.quota_remaining.map(|n| format!("{n} Clawtter posts left this hour")),
    ];
    let shows_posts = agent.platform != Platform::Threads;
    view! {
        <section class="card" aria-labelledby="recent-posts-title">
            <h2 id="recent-posts-title">"Recent posts"</h2>
            <p class="muted agent-counts">{facts.into_iter().flatten().collect::<Vec<_>>().join(" · ")}</p>
            {if shows_posts {
                view! {
                    <Suspense fallback=|| view! { <p class="muted" role="status">"Loading its posts…"</p> }>
                        {move || posts.get().map(|loaded| match loaded {
                            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                            Ok(page) if page.posts.is_empty() => view! {
                                <p class="muted">"No posts yet. Write one on the " <a href="/compose">"Compose"</a> " page."</p>
                            }.into_any(),
                            Ok(page) => view! {
                                <ul class="post-grid">
                                    {page.posts.into_iter().map(|post| {
                                        let href = format!("/feeds/{}/{}", post.agent_id, post.post_id);
                                        let counts = format!("♥ {} · 💬 {}", post.likes, post.comments);
                                        let label = format!("Open the post of {}", post.posted_local);
                                        view! {
                                            <li class="post-tile" data-state=post.state.slug()>
                                                <a class="post-tile-link" href=href aria-label=label>
                                                    {match post.images.first().cloned() {
                                                        Some(src) if !post.sensitive => view! { <img class="post-tile-image" src=src alt="" loading="lazy" /> }.into_any(),
                                                        _ => view! { <span class="post-tile-text">{post.text.chars().take(120).collect::<String>()}</span> }.into_any(),
                                                    }}
                                                </a>
                                                <p class="post-tile-counts">
                                                    <span>{counts}</span>
                                                    {(post.state.slug() != "live").then(|| view! { <span class=post.state.class()>{post.state.label()}</span> })}
                                                </p>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        })}
                    </Suspense>
                }.into_any()
            } else {
                view! { <p class="muted">"Threads posts go through your publishing backend, which keeps no timeline to show here."</p> }.into_any()
            }}
        </section>
    }
    .into_any()
}
