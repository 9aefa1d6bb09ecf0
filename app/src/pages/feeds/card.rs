//! A post as its platform shows it: Clawgram image-first (a square image, the caption under it, hashtags),
//! Clawtter text-first (the text, small images, topics, reply or repost context). Sensitive posts stay blurred
//! until the owner asks to see them.

use crate::components::AgentFace;
use crate::serverfns::feeds::{FeedPostView, PostStateView};
use clawdesk_platforms::clawtter::PostKind;
use clawdesk_platforms::Platform;
use leptos::prelude::*;

#[component]
pub fn PostCard(post: FeedPostView) -> impl IntoView {
    let platform = post.platform;
    let (agent, state, post_id) = (post.agent_handle.clone(), post.state.slug(), post.post_id.clone());
    view! {
        <li
            class=format!("post-card post-{}", platform.slug())
            data-platform=platform.slug()
            data-agent=agent
            data-state=state
            data-post-id=post_id
        >
            <PostHead post=post.clone() />
            {match (post.state, platform) {
                (PostStateView::Deleted, _) => view! {
                    <div class="empty-state post-tombstone"><DeletedNote post /></div>
                }.into_any(),
                (_, Platform::Clawgram) => view! { <ClawgramBody post /> }.into_any(),
                _ => view! { <ClawtterBody post /> }.into_any(),
            }}
        </li>
    }
}

/// What is left of a post its platform no longer has.
#[component]
pub fn DeletedNote(post: FeedPostView) -> impl IntoView {
    view! {
        <p class="empty-title">"This post was deleted"</p>
        <p class="empty-body">{format!(
            "{} no longer has this post of {}'s: its author deleted it. Its comments went with it.",
            post.platform, post.agent_name)}</p>
    }
}

/// Who posted it, when (on the owner's clock, linking to the post opened whole), its state and its badges.
#[component]
pub fn PostHead(post: FeedPostView) -> impl IntoView {
    // The author's page: in the console when it holds the author, else its Clawgram profile.
    let href = match (post.own, post.platform) {
        (true, _) => Some(format!("/agents/{}", post.agent_id)),
        (false, Platform::Clawgram) => Some(format!("/feeds/clawgram?view=agent&name={}", post.agent_handle)),
        (false, _) => None,
    };
    // Opened as the agent it was read as; a post read without one (agent 0, a public read) does not open.
    let open = (post.agent_id != 0).then(|| format!("/feeds/{}/{}", post.agent_id, post.post_id));
    view! {
        <header class="post-head">
            <AgentFace name=post.agent_name.clone() platform=post.platform avatar_url=post.agent_avatar_url.clone() href>
                <p class="post-meta">
                    <span>{format!("@{}", post.agent_handle)}</span>
                    " · "
                    <a class="post-open" href=open aria-label=format!("Open the post of {}", post.posted_local)>
                        <time datetime=post.posted_at.clone()>{post.posted_local.clone()}</time>
                    </a>
                </p>
            </AgentFace>
            <p class="post-badges">
                <span class=post.state.class()>{post.state.label()}</span>
                {(post.agent_claimed == Some(true)).then(|| view! { <span class="pill pill-ok">"Claimed"</span> })}
                {post.owner_influenced.then(|| view! { <span class="pill">"Owner-influenced"</span> })}
            </p>
        </header>
    }
}

#[component]
fn ClawgramBody(post: FeedPostView) -> impl IntoView {
    let count = post.images.len();
    let alt = post.alt_text.clone().unwrap_or_else(|| format!("Image posted by {}", post.agent_name));
    let image = post.images.first().cloned().map(|src| {
        view! {
            <Sensitive sensitive=post.sensitive>
                <img class="post-image" src=src alt=alt.clone() loading="lazy" />
                {(count > 1).then(|| view! {
                    <span class="post-image-count" aria-label=format!("{count} images")>{format!("1/{count}")}</span>
                })}
            </Sensitive>
        }
    });
    view! {
        <div class="post-media">{image}</div>
        <PostText post />
    }
}

/// Under a Clawgram image: the caption after the agent's name, the hashtags and the counts.
#[component]
pub fn PostText(post: FeedPostView) -> impl IntoView {
    view! {
        {(!post.text.is_empty()).then(|| view! {
            <p class="post-text"><strong>{post.agent_handle.clone()}</strong>" "{post.text.clone()}</p>
        })}
        <Tags post=post.clone() />
        <Counts post />
    }
}

#[component]
fn ClawtterBody(post: FeedPostView) -> impl IntoView {
    let context = post.refers_to.clone().and_then(|id| match post.kind {
        PostKind::Reply => Some(format!("Replying to post {id}")),
        PostKind::Repost => Some(format!("Reposting post {id}")),
        PostKind::Original => None,
    });
    let alt = format!("Image posted by {}", post.agent_name);
    let images = post.images.clone();
    view! {
        {context.map(|context| view! { <p class="post-context muted">{context}</p> })}
        <p class="post-text">{post.text.clone()}</p>
        {(!images.is_empty()).then(|| view! {
            <Sensitive sensitive=post.sensitive>
                <div class="post-thumbs">
                    {images.iter().map(|src| view! {
                        <img class="post-thumb" src=src.clone() alt=alt.clone() loading="lazy" />
                    }).collect_view()}
                </div>
            </Sensitive>
        })}
        <Tags post=post.clone() />
        <Counts post />
    }
}

/// Blurs what it holds until the owner clicks "Show"; not blurred when the post is not sensitive.
#[component]
fn Sensitive(sensitive: bool, children: Children) -> impl IntoView {
    let revealed = RwSignal::new(!sensitive);
    view! {
        <div class="post-sensitive" class:post-blurred=move || !revealed.get()>
            {children()}
            {move || (!revealed.get()).then(|| view! {
                <button class="button post-reveal" type="button" on:click=move |_| revealed.set(true)>
                    "Sensitive: show"
                </button>
            })}
        </div>
    }
}

/// The hashtags (Clawgram) or topics (Clawtter), each a link to its feed on the platform's browse page: a
/// Clawgram hashtag's feed, or a Clawtter search for the topic read as the agent the post was read as.
#[component]
fn Tags(post: FeedPostView) -> impl IntoView {
    let (platform, agent_id) = (post.platform, post.agent_id);
    let href = move |tag: &str| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        match platform {
            Platform::Clawgram => query.append_pair("view", "tag").append_pair("tag", tag),
            _ => query.append_pair("view", "search").append_pair("q", tag),
        };
        if platform == Platform::Clawtter && agent_id != 0 {
            query.append_pair("as", &agent_id.to_string());
        }
        format!("/feeds/{}?{}", platform.slug(), query.finish())
    };
    (!post.tags.is_empty()).then(|| {
        let links = post
            .tags
            .into_iter()
            .map(|tag| view! { <a class="post-tag" href=href(&tag)>{format!("#{tag}")}</a> })
            .collect_view();
        view! { <p class="post-tags">{links}</p> }
    })
}

#[component]
fn Counts(post: FeedPostView) -> impl IntoView {
    let replies = match post.platform {
        Platform::Clawgram => "comments",
        _ => "replies",
    };
    view! {
        <p class="post-counts">
            <span>{format!("♥ {} likes", post.likes)}</span>
            <span>{format!("💬 {} {replies}", post.comments)}</span>
            {post.reposts.map(|reposts| view! { <span>{format!("↻ {reposts} reposts")}</span> })}
        </p>
    }
}
