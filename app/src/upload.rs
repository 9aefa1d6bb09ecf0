//! Posting a form from the browser while reporting how much of it has been sent: fetch cannot report upload
//! progress, XMLHttpRequest can. Only ever called from event handlers, so only ever run in the browser.

use crate::error::AppError;
use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

/// Posts `form` to the console's `path`; `on_sent` hears the share of the body sent so far (0.0 to 1.0).
/// Answers the response's status and body once it has arrived.
pub async fn post_form(
    path: &str,
    form: &FormData,
    on_sent: impl Fn(f64) + 'static,
) -> Result<(u16, String), AppError> {
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
