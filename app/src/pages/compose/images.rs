//! The post's images: files chosen or dropped are uploaded at once to the media library (with their progress),
//! converted there, and attached; earlier uploads are chosen again from the library's thumbnails.

use super::{Composer, FieldProblems};
use crate::components::{size_text, DropZone, UploadProgress, UploadProgressBar};
use crate::error::AppError;
use crate::serverfns::avatars::MAX_UPLOAD_BYTES;
use crate::serverfns::compose::{list_media, threads_images, MediaView};
use clawdesk_platforms::draft::DraftField;
use clawdesk_platforms::Platform;
use leptos::ev::DragEvent;
use leptos::html::Input;
use leptos::prelude::*;

/// What the picker offers; anything else dropped on it is still sent, and the server says why it is refused.
const ACCEPTED_TYPES: &str = "image/png,image/jpeg,image/webp,image/gif";

#[component]
pub(super) fn Images(composer: Composer) -> impl IntoView {
    // The library is read in the browser only, once the page is live: it sits in a closed disclosure, and a
    // server-rendered page must not wait on anything the owner has not asked for.
    let library_changed = RwSignal::new(0u32);
    let library = LocalResource::new(move || {
        library_changed.track();
        list_media()
    });
    let input = NodeRef::<Input>::new();
    let progress = RwSignal::new(None::<UploadProgress>);
    let refused = RwSignal::new(None::<String>);
    let problems = composer.problems_with(DraftField::Images);
    let attach = move |image: MediaView| {
        composer.images.update(|images| {
            if !images.iter().any(|attached| attached.id == image.id) {
                images.push(image);
            }
        })
    };
    // Files exist only in the browser: the server renders the picker and never sends.
    #[cfg(feature = "hydrate")]
    let send = move |files: web_sys::FileList| {
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|index| files.get(index)).collect();
        leptos::task::spawn_local(async move {
            refused.set(None);
            for file in files {
                if file.size() > MAX_UPLOAD_BYTES as f64 {
                    let limit = size_text(MAX_UPLOAD_BYTES as f64);
                    refused.set(Some(format!(
                        "{} is {}; the largest upload is {limit}.",
                        file.name(),
                        size_text(file.size())
                    )));
                    continue;
                }
                progress.set(Some(UploadProgress::Sending { percent: 0 }));
                let name = file.name();
                match crate::upload::upload_media(file, move |now| progress.set(Some(now))).await {
                    Ok(image) => attach(image),
                    Err(error) => refused.set(Some(format!("{name}: {error}"))),
                }
            }
            progress.set(None);
            library_changed.update(|version| *version += 1);
            if let Some(input) = input.get_untracked() {
                input.set_value("");
            }
        });
    };
    let shown_error = Signal::derive(move || refused.get().into_iter().chain(problems.get()).collect::<Vec<_>>());
    view! {
        <section class="card" aria-labelledby="compose-images-title">
            <h2 id="compose-images-title" class="card-header">"Images"</h2>
            <DropZone class="compose-drop" on_drop=move |event: DragEvent| {
                #[cfg(feature = "hydrate")]
                if let Some(files) = event.data_transfer().and_then(|data| data.files()) {
                    send(files);
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = event;
            }>
                <div class="avatar-picker-body">
                    <label class="field-label" for="compose-images">"Add images"</label>
                    <input
                        class="file-input"
                        type="file"
                        id="compose-images"
                        multiple=true
                        node_ref=input
                        accept=ACCEPTED_TYPES
                        aria-describedby="compose-images-hint compose-images-error"
                        aria-invalid=move || if shown_error.with(Vec::is_empty) { "false" } else { "true" }
                        on:change=move |_| {
                            #[cfg(feature = "hydrate")]
                            if let Some(files) = input.get_untracked().and_then(|input| input.files()) {
                                send(files);
                            }
                        }
                    />
                    <p class="field-hint" id="compose-images-hint">
                        {format!(
                            "Choose files or drop them here: PNG, JPEG, WebP or GIF up to {}. Each is uploaded to your \
                             library at once, converted, and attached. Clawgram needs 1 to 10; Clawtter takes up to 4.",
                            size_text(MAX_UPLOAD_BYTES as f64)
                        )}
                    </p>
                    <UploadProgressBar progress processing="Converting and storing in your library…".to_owned() />
                </div>
            </DropZone>
            <FieldProblems id="compose-images-error".to_owned() problems=shown_error />
            <ThreadsImagesNote composer />
            <Attached composer />
            <Library composer library attach />
            <ThreadsImages composer />
        </section>
    }
    .into_any()
}

/// For a Threads target whose backend is not on this machine (it cannot reach the console's image links): the
/// public image URLs the owner pastes, one per line.
#[component]
fn ThreadsImages(composer: Composer) -> impl IntoView {
    let for_threads = move || {
        !composer.reaches_console.get()
            && composer.chosen_agents().iter().any(|agent| agent.platform == Platform::Threads)
    };
    let problems = composer.problems_with(DraftField::ImageUrls);
    let typed = move |event| {
        let typed = event_target_value(&event);
        composer
            .image_urls
            .set(typed.lines().map(str::trim).filter(|url| !url.is_empty()).map(str::to_owned).collect());
    };
    view! {
        <Show when=for_threads>
            <div class="field">
                <label class="field-label" for="compose-image-urls">"Image URLs for Threads"</label>
                <textarea
                    class="field-input field-textarea"
                    id="compose-image-urls"
                    rows="3"
                    aria-describedby="compose-image-urls-hint compose-image-urls-error"
                    prop:value=move || composer.image_urls.get().join("\n")
                    on:change=typed
                ></textarea>
                <p class="field-hint" id="compose-image-urls-hint">
                    "Public image URLs (JPEG or PNG) the Threads backend can fetch, one per line."
                </p>
                <FieldProblems id="compose-image-urls-error".to_owned() problems />
            </div>
        </Show>
    }
}

/// The attached images, in the order they are posted.
#[component]
fn Attached(composer: Composer) -> impl IntoView {
    view! {
        <Show
            when=move || !composer.images.with(Vec::is_empty)
            fallback=|| view! { <p class="muted">"No images attached."</p> }
        >
            <ol class="media-grid" aria-label="Attached images">
                {move || composer.images.get().into_iter().enumerate().map(|(index, image)| {
                    let id = image.id;
                    view! {
                        <li class="media-tile">
                            <img src=image.url.clone() alt=format!("Attached image {}", index + 1) loading="lazy" />
                            <span class="media-caption">{image.summary()}</span>
                            <button
                                class="button button-quiet"
                                type="button"
                                aria-label=format!("Remove image {}", index + 1)
                                on:click=move |_| composer.images.update(|images| images.retain(|i| i.id != id))
                            >"Remove"</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </Show>
    }
    .into_any()
}

/// Earlier uploads, as thumbnails that attach or detach an image.
#[component]
fn Library(
    composer: Composer,
    library: LocalResource<Result<Vec<MediaView>, AppError>>,
    attach: impl Fn(MediaView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <details class="media-library">
            <summary>"Choose from your library"</summary>
                {move || live.get().then(|| match library.get() {
                    None => view! { <p class="muted">"Loading your library…"</p> }.into_any(),
                    Some(loaded) => match loaded {
                    Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! {
                        <p class="empty-body">"Your library is empty. Images you upload here are kept for later posts."</p>
                    }.into_any(),
                    Ok(items) => view! {
                        <ul class="media-grid" aria-label="Library">
                            {items.into_iter().map(|image| {
                                let id = image.id;
                                let attached = move || composer.images.with(|images| images.iter().any(|i| i.id == id));
                                let summary = image.summary();
                                let chosen = image.clone();
                                view! {
                                    <li class="media-tile">
                                        <button
                                            class="media-pick"
                                            type="button"
                                            aria-pressed=move || if attached() { "true" } else { "false" }
                                            aria-label=format!("Image {id}, {summary}")
                                            on:click=move |_| if attached() {
                                                composer.images.update(|images| images.retain(|i| i.id != id));
                                            } else {
                                                attach(chosen.clone());
                                            }
                                        >
                                            <img src=image.url.clone() alt="" loading="lazy" />
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    },
                })}
        </details>
    }
    .into_any()
}

/// Which way a Threads target's images travel, said once a Threads agent is chosen and images are attached.
#[component]
fn ThreadsImagesNote(composer: Composer) -> impl IntoView {
    let case = LocalResource::new(threads_images);
    let wanted = move || {
        !composer.images.with(Vec::is_empty)
            && composer.chosen_agents().iter().any(|agent| agent.platform == Platform::Threads)
    };
    move || {
        wanted().then(|| case.get().and_then(Result::ok)).flatten().map(|case| {
            let text = if case.on_this_machine {
                format!(
                    "Threads: the backend at {} runs on this machine and fetches each image from the console at a \
                     private link that works for 7 days.",
                    case.backend
                )
            } else {
                format!(
                    "Threads: the backend at {} is not on this machine and cannot fetch the console's images: \
                     paste public image URLs for it below.",
                    case.backend
                )
            };
            view! { <p class="field-hint compose-threads-images" role="note">{text}</p> }
        })
    }
}
