//! Choosing an image for an avatar: a file picker that is also a drop zone, with a preview of the chosen file.
//! The server decides whether the file is an image the platform takes; the browser only refuses what is too
//! large to be worth sending. The picker is rendered by both halves, but files exist only in the browser: what
//! touches them is compiled for `hydrate` alone.

use super::{DropZone, UploadProgress};
use crate::error::AppError;
use crate::serverfns::avatars::{AvatarView, MAX_UPLOAD_BYTES};
use leptos::ev::DragEvent;
use leptos::html::Input;
use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use web_sys::{File, Url};

/// What the picker accepts; anything else dropped on it is still sent, and the server says why it is refused.
const ACCEPTED_TYPES: &str = "image/png,image/jpeg,image/webp,image/gif";

/// What the owner chose, as the page shows it. The file itself stays in the file input: browser objects cannot
/// live in the signals a server-rendered page shares with the server.
#[derive(Clone, Debug, PartialEq)]
struct Chosen {
    /// "holiday.png, 2.4 MB".
    description: String,
    /// A `blob:` address of the file itself, when the browser thinks it is an image.
    preview: Option<String>,
}

/// The image chosen for an avatar, shared by the picker and the form that sends it.
#[derive(Clone, Copy)]
pub struct AvatarChoice {
    input: NodeRef<Input>,
    chosen: RwSignal<Option<Chosen>>,
    /// Why the file last picked is not chosen: it is too large to send.
    too_large: RwSignal<Option<String>>,
    /// Counts the files picked, so that the server's refusal of an earlier one can be put away.
    picked: RwSignal<u32>,
}

impl AvatarChoice {
    pub fn new() -> AvatarChoice {
        AvatarChoice {
            input: NodeRef::new(),
            chosen: RwSignal::new(None),
            too_large: RwSignal::new(None),
            picked: RwSignal::new(0),
        }
    }

    /// Sends the chosen file to become `agent_id`'s avatar, keeping `progress` current; the choice is forgotten
    /// once the platform has the avatar. `None` when no file is chosen, which on the server is always.
    pub async fn upload(
        self,
        agent_id: i64,
        progress: RwSignal<Option<UploadProgress>>,
    ) -> Option<Result<AvatarView, AppError>> {
        #[cfg(feature = "hydrate")]
        {
            let file = self.file()?;
            progress.set(Some(UploadProgress::Sending { percent: 0 }));
            let outcome = crate::upload::upload_avatar(agent_id, file, move |now| progress.set(Some(now))).await;
            progress.set(None);
            if outcome.is_ok() {
                self.clear();
            }
            Some(outcome)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (agent_id, progress);
            None
        }
    }
}

/// What only the browser does: files, object URLs for their previews.
#[cfg(feature = "hydrate")]
impl AvatarChoice {
    /// The chosen file, if one was chosen and is small enough to send.
    fn file(&self) -> Option<File> {
        self.chosen.get_untracked()?;
        self.input.get_untracked()?.files()?.get(0)
    }

    /// Forgets the choice, after it was sent or when it cannot be.
    fn clear(&self) {
        self.forget_preview();
        self.chosen.set(None);
        if let Some(input) = self.input.get_untracked() {
            input.set_value("");
        }
    }

    /// Takes the file now in the input, unless it is too large to send.
    fn pick_from_input(&self) {
        if let Some(file) = self.input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0)) {
            self.pick(file);
        }
    }

    /// Takes a dropped file; it goes into the input, which holds the choice either way.
    fn pick_dropped(&self, event: &DragEvent) {
        let Some(files) = event.data_transfer().and_then(|data| data.files()) else { return };
        if let (Some(input), Some(file)) = (self.input.get_untracked(), files.get(0)) {
            input.set_files(Some(&files));
            self.pick(file);
        }
    }

    fn pick(&self, file: File) {
        self.picked.update(|picked| *picked += 1);
        if file.size() > MAX_UPLOAD_BYTES as f64 {
            self.clear();
            self.too_large.set(Some(format!(
                "{} is {}; the largest upload accepted is {}.",
                file.name(),
                size_text(file.size()),
                size_text(MAX_UPLOAD_BYTES as f64)
            )));
        } else {
            self.too_large.set(None);
            self.forget_preview();
            let preview =
                file.type_().starts_with("image/").then(|| Url::create_object_url_with_blob(&file).ok()).flatten();
            let description = format!("{}, {}", file.name(), size_text(file.size()));
            self.chosen.set(Some(Chosen { description, preview }));
        }
    }

    fn forget_preview(&self) {
        if let Some(preview) = self.chosen.get_untracked().and_then(|chosen| chosen.preview) {
            let _ = Url::revoke_object_url(&preview);
        }
    }
}

impl Default for AvatarChoice {
    fn default() -> Self {
        AvatarChoice::new()
    }
}

#[component]
pub fn AvatarPicker(
    /// The file input's id, unique on the page.
    id: String,
    choice: AvatarChoice,
    /// The server's refusal of the last file sent.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The avatar the agent has now, shown until another is chosen.
    #[prop(optional, into)]
    current: Option<String>,
) -> impl IntoView {
    // The server's refusal is about the file it was sent; choosing another puts it away until the next answer.
    let refusal_current = RwSignal::new(true);
    Effect::new(move |_| {
        error.track();
        refusal_current.set(true);
    });
    Effect::new(move |_| {
        if choice.picked.get() > 0 {
            refusal_current.set(false);
        }
    });
    let shown_error =
        Signal::derive(move || choice.too_large.get().or_else(|| error.get().filter(|_| refusal_current.get())));
    let preview = move || choice.chosen.get().and_then(|chosen| chosen.preview).or_else(|| current.clone());
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if shown_error.get().is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };

    view! {
        <DropZone on_drop=move |event: DragEvent| {
            #[cfg(feature = "hydrate")]
            choice.pick_dropped(&event);
            #[cfg(not(feature = "hydrate"))]
            let _ = event;
        }>
            {move || match preview() {
                Some(url) => view! { <img class="avatar-preview" src=url alt="The chosen avatar" /> }.into_any(),
                None => view! { <span class="avatar-preview avatar-none" aria-hidden="true">"?"</span> }.into_any(),
            }}
            <div class="avatar-picker-body">
                <label class="field-label" for=id.clone()>"Image"</label>
                <input
                    class="file-input"
                    type="file"
                    id=id
                    node_ref=choice.input
                    accept=ACCEPTED_TYPES
                    aria-describedby=described_by
                    aria-invalid=move || if shown_error.get().is_some() { "true" } else { "false" }
                    on:change=move |_| {
                        #[cfg(feature = "hydrate")]
                        choice.pick_from_input();
                    }
                />
                <p class="field-hint" id=hint_id>
                    {move || choice.chosen.get().map(|chosen| format!("Chosen: {}. ", chosen.description))}
                    {format!(
                        "Choose a file or drop one here: PNG, JPEG, WebP or GIF up to {}. \
                         It is resized and converted to what the platform takes.",
                        size_text(MAX_UPLOAD_BYTES as f64)
                    )}
                </p>
                {move || shown_error.get().map(|message| view! {
                    <p class="field-error" id=error_id.clone() role="alert">{message}</p>
                })}
            </div>
        </DropZone>
    }
    .into_any()
}

/// "2.4 MB", "25 MB", "312 KB".
pub fn size_text(bytes: f64) -> String {
    if bytes >= 1_000_000.0 {
        let megabytes = format!("{:.1}", bytes / 1_000_000.0);
        format!("{} MB", megabytes.trim_end_matches(".0"))
    } else {
        format!("{} KB", (bytes / 1000.0).ceil())
    }
}
