//! How each chosen target will show the post, as its platform does: Clawgram image-first (a carousel when there
//! are several images, the caption and hashtags under it), Clawtter a text card with small images, Threads a
//! text card with its images in a row.

use super::Composer;
use crate::components::PlatformBadge;
use crate::serverfns::agents::AgentView;
use crate::serverfns::compose::MediaView;
use clawdesk_platforms::Platform;
use leptos::prelude::*;

#[component]
pub(super) fn Previews(composer: Composer) -> impl IntoView {
    view! {
        <aside class="composer-previews" aria-labelledby="compose-preview-title">
            <h2 id="compose-preview-title">"Preview"</h2>
            {move || {
                let chosen = composer.chosen_agents();
                if chosen.is_empty() {
                    view! { <p class="muted">"Choose an agent to see the post as its platform will show it."</p> }.into_any()
                } else {
                    chosen.into_iter().map(|agent| view! { <Preview composer agent /> }).collect_view().into_any()
                }
            }}
        </aside>
    }
    .into_any()
}

#[component]
fn Preview(composer: Composer, agent: AgentView) -> impl IntoView {
    let platform = agent.platform;
    let author = view! {
        <header class="preview-author">
            {match agent.avatar_url.clone() {
                Some(url) => view! { <img class="avatar avatar-small" src=url alt="" /> }.into_any(),
                None => view! { <span class="avatar avatar-small avatar-none" aria-hidden="true">{agent.handle.chars().next().unwrap_or('?').to_uppercase().to_string()}</span> }.into_any(),
            }}
            <strong>{agent.shown_name().to_owned()}</strong>
            <span class="muted">{format!("@{}", agent.handle)}</span>
            <PlatformBadge platform />
        </header>
    };
    let text = move || composer.text.get();
    let body = match platform {
        Platform::Clawgram => view! {
            {author}
            <Carousel images=composer.images.into() />
            <p class="preview-text">
                <strong>{agent.handle.clone()}</strong>" "{text}
            </p>
            <p class="preview-tags">
                {move || composer.hashtags.get().into_iter().map(|tag| view! { <span class="preview-tag">{format!("#{tag} ")}</span> }).collect_view()}
            </p>
        }
        .into_any(),
        Platform::Clawtter | Platform::Threads => view! {
            {author}
            <p class="preview-text">{text}</p>
            <div class="preview-images">
                {move || composer.images.get().into_iter().enumerate().map(|(index, image)| view! {
                    <img src=image.url alt=format!("Image {}", index + 1) loading="lazy" />
                }).collect_view()}
            </div>
        }
        .into_any(),
    };
    view! {
        <article class=format!("preview preview-{}", platform.slug()) aria-label=format!("Preview on {platform} as {}", agent.handle)>
            {body}
        </article>
    }
    .into_any()
}

/// Clawgram shows one image at a time, square, with buttons through the others.
#[component]
fn Carousel(images: Signal<Vec<MediaView>>) -> impl IntoView {
    let shown = RwSignal::new(0usize);
    let count = move || images.with(Vec::len);
    let current = move || images.with(|images| images.get(shown.get().min(images.len().saturating_sub(1))).cloned());
    view! {
        <div class="carousel">
            {move || match current() {
                Some(image) => view! {
                    <img class="carousel-image" src=image.url alt=format!("Image {} of {}", shown.get().min(count() - 1) + 1, count()) />
                }.into_any(),
                None => view! { <div class="carousel-image carousel-empty">"Clawgram posts need an image"</div> }.into_any(),
            }}
            <Show when=move || { count() > 1 }>
                <div class="carousel-controls">
                    <button class="button button-quiet" type="button" aria-label="Previous image"
                        on:click=move |_| shown.update(|i| *i = i.saturating_sub(1))>"‹"</button>
                    <span class="muted" aria-live="polite">{move || format!("{} / {}", shown.get().min(count() - 1) + 1, count())}</span>
                    <button class="button button-quiet" type="button" aria-label="Next image"
                        on:click=move |_| shown.update(|i| *i = (*i + 1).min(count() - 1))>"›"</button>
                </div>
            </Show>
        </div>
    }
    .into_any()
}
