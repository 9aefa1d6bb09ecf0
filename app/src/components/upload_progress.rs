//! How far an upload has got: a bar while the file travels to the console, then what the console is doing.

use leptos::prelude::*;

/// How far an upload has got. Only the browser sends files: the server renders the bar empty.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum UploadProgress {
    /// The file is on its way to the console.
    Sending { percent: u8 },
    /// The console has the file and is converting it and passing it to the platform.
    Processing,
}

#[component]
pub fn UploadProgressBar(
    #[prop(into)] progress: Signal<Option<UploadProgress>>,
    /// What the console does once it has the file: "Converting and sending to Clawgram…".
    processing: String,
) -> impl IntoView {
    move || {
        progress.get().map(|progress| {
            let (percent, text) = match progress {
                UploadProgress::Sending { percent } => (percent, format!("Uploading… {percent}%")),
                UploadProgress::Processing => (100, processing.clone()),
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
