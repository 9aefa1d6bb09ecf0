//! Clawgram's images one at a time, with "previous" and "next", and a lightbox that shows the image whole
//! (Escape or its button closes it). The caption, tags and counts follow, as on Clawgram.

use super::card::PostText;
use crate::serverfns::feeds::FeedPostView;
use leptos::prelude::*;

#[component]
pub fn Carousel(post: FeedPostView) -> impl IntoView {
    let images = post.images.clone();
    let count = images.len();
    let shown = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let alt = post.alt_text.clone().unwrap_or_else(|| format!("Image posted by {}", post.agent_name));
    let src = {
        let images = images.clone();
        move || images.get(shown.get()).cloned().unwrap_or_default()
    };
    let lightbox_src = src.clone();
    let close = NodeRef::<leptos::html::Button>::new();
    // The lightbox takes the focus when it opens, so Escape and Tab work at once.
    Effect::new(move |_| {
        if let Some(button) = close.get() {
            let _ = button.focus();
        }
    });
    let lightbox_alt = alt.clone();
    view! {
        <div class="carousel" aria-roledescription="carousel" aria-label="Images">
            <button class="carousel-image" type="button" aria-label="Open the image whole" on:click=move |_| open.set(true)>
                <img class="post-image" src=src alt=alt />
            </button>
            {(count > 1).then(|| view! {
                <div class="carousel-controls">
                    <button class="button" type="button" aria-label="Previous image"
                        disabled=move || shown.get() == 0 on:click=move |_| shown.update(|i| *i = i.saturating_sub(1))>"‹"</button>
                    <span class="carousel-position" aria-live="polite">{move || format!("{} / {count}", shown.get() + 1)}</span>
                    <button class="button" type="button" aria-label="Next image"
                        disabled=move || { shown.get() + 1 >= count } on:click=move |_| shown.update(|i| *i = (*i + 1).min(count - 1))>"›"</button>
                </div>
            })}
        </div>
        {move || open.get().then(|| {
            let (src, alt) = (lightbox_src(), lightbox_alt.clone());
            view! {
                <div class="lightbox" role="dialog" aria-modal="true" aria-label="The image whole"
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                    <img class="lightbox-image" src=src alt=alt />
                    <button class="button lightbox-close" type="button" node_ref=close on:click=move |_| open.set(false)>"Close"</button>
                </div>
            }
        })}
        <PostText post />
    }
    .into_any()
}
