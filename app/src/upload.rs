//! The browser's half of uploads (compiled for `hydrate` only): posting a form while reporting how much of it has
//! been sent (fetch cannot report upload progress, XMLHttpRequest can), and the avatar and media uploads on top
//! of it. The routes that answer them are the server's (`server/src/uploads.rs`).

use crate::components::UploadProgress;
use crate::error::AppError;
use crate::serverfns::avatars::{AvatarView, AVATAR_UPLOAD_PATH};
use crate::serverfns::compose::{MediaView, MEDIA_UPLOAD_PATH};
use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

/// Sends `file` from the browser to become the agent's avatar, reporting progress on the way.
pub async fn upload_avatar(
    agent_id: i64,
    file: web_sys::File,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<AvatarView, AppError> {
    upload(AVATAR_UPLOAD_PATH, &[("agent_id", &agent_id.to_string())], ("avatar", &file), on_progress).await
}

/// Sends `file` to the media library, reporting progress on the way.
pub async fn upload_media(
    file: web_sys::File,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<MediaView, AppError> {
    upload(MEDIA_UPLOAD_PATH, &[], ("image", &file), on_progress).await
}

/// Posts `fields` and the named file to the console's upload route at `path`; answers its JSON view.
async fn upload<T: serde::de::DeserializeOwned>(
    path: &str,
    fields: &[(&str, &str)],
    (file_field, file): (&str, &web_sys::File),
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<T, AppError> {
    let form = FormData::new().map_err(|_| unsendable())?;
    for (name, value) in fields {
        form.append_with_str(name, value).map_err(|_| unsendable())?;
    }
    form.append_with_blob_and_filename(file_field, file, &file.name()).map_err(|_| unsendable())?;
    let (status, body) = post_form(path, &form, move |sent| {
        on_progress(if sent < 1.0 {
            UploadProgress::Sending { percent: (sent * 100.0) as u8 }
        } else {
            UploadProgress::Processing
        })
    })
    .await?;
    let unreadable = || AppError::Unreachable(format!("the console answered the upload with status {status}"));
    if (200..300).contains(&status) {
        serde_json::from_slice(body.as_bytes()).map_err(|_| unreadable())
    } else {
        Err(serde_json::from_slice(body.as_bytes()).unwrap_or_else(|_| unreadable()))
    }
}

fn unsendable() -> AppError {
    AppError::Unreachable("the browser could not prepare the file for sending".into())
}

/// Posts `form` to the console's `path`; `on_sent` hears the share of the body sent so far (0.0 to 1.0).
/// Answers the response's status and body once it has arrived.
async fn post_form(path: &str, form: &FormData, on_sent: impl Fn(f64) + 'static) -> Result<(u16, String), AppError> {
    let request = XmlHttpRequest::new().map_err(browser_failure)?;
    request.open("POST", path).map_err(browser_failure)?;
    request.set_request_header("Accept", "application/json").map_err(browser_failure)?;
    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            on_sent(event.loaded() / event.total());
        }
    });
    request.upload().map_err(browser_failure)?.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    // `loadend` comes once, whether the request succeeded, failed or was aborted.
    let ended = Promise::new(&mut |resolve, _reject| request.set_onloadend(Some(&resolve)));
    request.send_with_opt_form_data(Some(form)).map_err(browser_failure)?;
    JsFuture::from(ended).await.map_err(browser_failure)?;
    // The progress handler must outlive the request; it may go now.
    drop(progress);
    match request.status().map_err(browser_failure)? {
        0 => Err(AppError::Unreachable("the connection was lost before the upload finished".into())),
        status => Ok((status, request.response_text().map_err(browser_failure)?.unwrap_or_default())),
    }
}

fn browser_failure(error: JsValue) -> AppError {
    AppError::Unreachable(format!("the browser could not send the file ({error:?})"))
}
