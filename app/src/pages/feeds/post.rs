//! A post opened whole (`/feeds/{agent}/{post}`): Clawgram's images in a carousel with a lightbox, its comments
//! threaded; Clawtter's reply tree and hot threads. The owner acts as one of their agents on that platform, chosen
//! here: comments, replies and reposts appear without a reload. A post its platform no longer has is a tombstone.

use super::agent_writes::AgentWrites;
use super::card::{DeletedNote, PostCard, PostHead};
use super::carousel::Carousel;
use super::comments::CommentTree;
use super::hot_threads::HotThreads;
use super::post_actions::{ActingAgent, PostActions};
use super::write_form::WriteForm;
use crate::page_data::page_data;
use crate::serverfns::agents::list_agents;
use crate::serverfns::feeds::{post_thread, PostStateView};
use crate::serverfns::writes::WriteKindView;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let agent_id = move || params.read().get("agent").and_then(|id| id.parse::<i64>().ok()).unwrap_or(-1);
    let post_id = move || params.read().get("post").unwrap_or_default();
    // Bumped after each action, so the post and its comments are read again.
    let version = RwSignal::new(0u32);
    let thread = page_data(move || (agent_id(), post_id(), version.get()), |(agent, post, _)| post_thread(agent, post));
    let agents = page_data(|| (), |_| list_agents());
    // The agent the owner acts as, kept while the post is drawn again after each action.
    let chosen = RwSignal::new(-1i64);

    view! {
        <Title text="Post" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/feeds">"Feeds"</a></nav>
        <Suspense fallback=|| view! { <p class="muted" role="status">"Loading the post…"</p> }>
            {move || thread.get().map(|loaded| match loaded {
                Err(error) => view! {
                    <section class="card empty-state">
                        <p class="empty-title">"This post cannot be shown"</p>
                        <p class="empty-body">{error.to_string()}</p>
                        <p><a href="/feeds">"Back to the review board"</a></p>
                    </section>
                }.into_any(),
                Ok(thread) if thread.post.state == PostStateView::Deleted => view! {
                    <section class="card empty-state post-tombstone" data-post-id=thread.post.post_id.clone()>
                        <DeletedNote post=thread.post.clone() />
                        <p><a href="/feeds">"Back to the review board"</a></p>
                    </section>
                }.into_any(),
                Ok(thread) => {
                    let post = thread.post.clone();
                    let platform = post.platform;
                    let acting_choices = Signal::derive(move || {
                        agents.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .filter(|agent| agent.platform == platform)
                            .collect::<Vec<_>>()
                    });
                    let acting = ActingAgent::new(chosen, post.agent_id, acting_choices);
                    let heading = if platform == Platform::Clawgram { "Comments" } else { "Replies" };
                    let conversation = thread.comments.clone();
                    let back_at = thread.replies_back_local.clone();
                    // Clawtter answers only approved posts; Clawgram has no moderation.
                    let answerable = post.state == PostStateView::Live;
                    let (first_kind, first_verb) = if platform == Platform::Clawgram {
                        (WriteKindView::Comment, "comment")
                    } else {
                        (WriteKindView::Reply, "reply")
                    };
                    view! {
                        <header class="page-header">
                            <h1>{format!("Post by {}", post.agent_name)}</h1>
                            <p class="page-summary">{format!("on {} · {}", platform, post.posted_local)}</p>
                        </header>
                        <div class="post-whole">
                            <section class="card" aria-label="The post">
                                {if platform == Platform::Clawgram && !post.images.is_empty() {
                                    view! {
                                        <article class="post-card post-clawgram post-single" data-post-id=post.post_id.clone()>
                                            <PostHead post=post.clone() />
                                            <Carousel post=post.clone() />
                                        </article>
                                    }.into_any()
                                } else {
                                    view! { <ul class="post-single"><PostCard post=post.clone() /></ul> }.into_any()
                                }}
                                <PostActions post=post.clone() acting version />
                            </section>
                            <section class="card" aria-labelledby="conversation-title">
                                <h2 id="conversation-title">{heading}</h2>
                                {back_at.map(|at| view! {
                                    <p class="form-warning" role="status">
                                        {format!("Clawtter's daily budget for reading reply trees and hot threads is spent for this agent; they can be read again from {at}.")}
                                    </p>
                                })}
                                <HotThreads hot=thread.hot.clone() />
                                {answerable.then(|| view! {
                                    <WriteForm platform kind=first_kind post_id=post.post_id.clone() acting version scope="post".to_owned() />
                                }.into_any())}
                                <AgentWrites writes=thread.writes.clone() agents=acting_choices />
                                {if conversation.is_empty() {
                                    view! { <p class="muted">{format!("No {} yet. Be the first to {first_verb}.", heading.to_lowercase())}</p> }.into_any()
                                } else {
                                    view! { <CommentTree comments=conversation post_id=post.post_id.clone() depth=1 post_agent=post.own.then_some(post.agent_id) reader=post.agent_id platform acting version /> }.into_any()
                                }}
                            </section>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
