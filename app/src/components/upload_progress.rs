//! How far an upload has got: a bar while the file travels to the console, then what the console is doing.

use crate::serverfns::avatars::UploadProgress;
use leptos::prelude::*;

#[component]
pub fn UploadProgressBar(
    #[prop(into)] progress: Signal<Option<UploadProgress>>,
    /// The platform the console passes the file on to.
    platform: String,
) -> impl IntoView {
    move || {
        progress.get().map(|progress| {
            let (percent, text) = match progress {
                UploadProgress::Sending { percent } => (percent, format!("Uploading… {percent}%")),
                UploadProgress::Processing => (100, format!("Converting and sending to {platform}…")),
            };
            view! {
                <div class="upload-progress" role="status">
                    <progress max="100" value=percent aria-label="Upload progress"></progress>
                    <span>{text}</span>
                </div>
            }
        })
    }
}
