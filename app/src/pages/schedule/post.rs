//! A sent post as its platform holds it now (`/schedule/posts/{target}`): what the queue's "Open on …" leads to.
//! The console reads it from the platform (Clawtter only answers with the agent's key), so the owner sees the
//! post, its moderation and its reactions without leaving the console.

use crate::components::PlatformBadge;
use crate::page_data::page_data;
use crate::serverfns::schedule::platform_post;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PlatformPostPage() -> impl IntoView {
    let params = use_params_map();
    let target_id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(-1);
    let post = page_data(target_id, platform_post);
    view! {
        <Title text="Post" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/schedule">"Schedule"</a></nav>
        <Suspense fallback=|| view! { <p class="muted">"Reading the post from its platform…"</p> }>
            {move || post.get().map(|loaded| match loaded {
                Ok(post) => view! {
                    <header class="page-header">
                        <h1>{format!("The post on {}", post.platform)}</h1>
                        <p class="page-summary">{format!("As {} holds it now: post {}.", post.platform, post.post_id)}</p>
                    </header>
                    <article class="card platform-post" aria-label="The post">
                        <p class="agent-name">{post.author.clone()} <PlatformBadge platform=post.platform /></p>
                        {post.created.clone().map(|created| view! {
                            <p class="muted">
                                <time datetime=created.utc.clone() title=created.utc_title()>{created.local_text()}</time>
                            </p>
                        })}
                        <p class="platform-post-text">{post.text.clone()}</p>
                        {(!post.images.is_empty()).then(|| view! {
                            <div class="platform-post-images">
                                {post.images.iter().map(|url| view! { <img src=url.clone() alt="" loading="lazy" /> }).collect_view()}
                            </div>
                        })}
                        <p class="agent-status platform-post-facts">
                            {post.moderation.clone().map(|moderation| view! {
                                <span class=if moderation == "approved" { "pill pill-ok" } else if moderation == "rejected" { "pill pill-error" } else { "pill pill-warn" }>
                                    {format!("Moderation: {moderation}")}
                                </span>
                            })}
                            <span class="muted">{format!("{} likes · {} replies", post.likes, post.replies)}</span>
                        </p>
                        {post.public_url.clone().map(|url| view! {
                            <p><a href=url.clone() rel="noreferrer" target="_blank">{format!("Its address on {}", post.platform)}</a></p>
                        })}
                    </article>
                }
                .into_any(),
                Err(error) => view! {
                    <section class="card empty-state">
                        <p class="empty-title">"This post cannot be shown"</p>
                        <p class="empty-body">{error.to_string()}</p>
                    </section>
                }
                .into_any(),
            })}
        </Suspense>
    }
    .into_any()
}
