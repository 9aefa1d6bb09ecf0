//! The error every server function returns, in words the owner can act on.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, Encodes};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The console itself could not be reached or answered something unreadable.
    #[error("Clawdesk's server did not answer: {0}")]
    Unreachable(String),
    /// Something went wrong on the server that the owner cannot fix from this page.
    #[error("{0}")]
    Internal(String),
    /// No valid console session: the page should send the owner to the login page.
    #[error("Your console session has ended. Log in again to continue.")]
    LoginRequired,
    /// One input was refused; `field` is the form field's name, so the message can sit next to it.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// Too many failed logins from this client.
    #[error("{message}")]
    Throttled { message: String, wait_seconds: u64 },
    #[error("{0}")]
    NotFound(String),
    /// A platform refused or failed the request; `detail` keeps its code, hint and request id.
    #[error("{message}")]
    Platform { message: String, detail: Option<String> },
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid { field: field.to_owned(), message: message.into() }
    }

    /// The message to show next to `field`, if this error is about it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid { field: f, message } if f == field => Some(message.clone()),
            _ => None,
        }
    }

    /// What a platform said of its refusal: its code, hint and request id.
    pub fn platform_detail(&self) -> Option<&str> {
        match self {
            AppError::Platform { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unreachable(_) => 502,
            AppError::Internal(_) => 500,
            AppError::LoginRequired => 401,
            AppError::Invalid { .. } => 400,
            AppError::Throttled { .. } => 429,
            AppError::NotFound(_) => 404,
            AppError::Platform { .. } => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            // The request's arguments could not be read: missing, of the wrong type, or not a form at all.
            ServerFnErrorErr::Args(reason)
            | ServerFnErrorErr::MissingArg(reason)
            | ServerFnErrorErr::Deserialization(reason) => {
                AppError::invalid("", format!("The request was not understood: {reason}"))
            }
            other => AppError::Unreachable(other.to_string()),
        }
    }

    /// The one place a server function's error gets its status: the server writes every error it answers with
    /// here, whichever way it arose.
    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        self.respond_with_status();
        <JsonEncoding as Encodes<AppError>>::encode(self).unwrap_or_else(|error| {
            let unwritable = AppError::Internal(format!("the error could not be written: {error}"));
            <JsonEncoding as Encodes<AppError>>::encode(&unwritable).unwrap_or_default()
        })
    }
}

/// The domain's errors in the owner's words.
#[cfg(feature = "ssr")]
impl From<clawdesk_core::CoreError> for AppError {
    fn from(error: clawdesk_core::CoreError) -> Self {
        use clawdesk_core::CoreError;
        let text = capitalised(&error.to_string());
        match error {
            CoreError::WrongPassword => AppError::invalid("password", "That is not the console password."),
            CoreError::PasswordRejected(_) => AppError::invalid("new_password", format!("{text}.")),
            CoreError::AlreadySetUp => {
                AppError::invalid("new_password", "The console password is already set; log in instead.")
            }
            CoreError::PasswordNotSet => {
                AppError::invalid("password", "Set the console password on the first-run page first.")
            }
            CoreError::Throttled { wait } => {
                AppError::Throttled { message: format!("{text}."), wait_seconds: wait.as_secs().max(1) }
            }
            CoreError::Invalid { field, reason } => AppError::invalid(field, capitalised(&format!("{reason}."))),
            // Each target's violations are the page's to place; the form's message names them all.
            CoreError::PostRefused(_) => AppError::invalid("targets", format!("{text}.")),
            CoreError::NotFound { .. } => AppError::NotFound(format!("{text}.")),
            CoreError::KeyElsewhere { .. } => AppError::Platform { message: format!("{text}."), detail: None },
            CoreError::Platform(error) => AppError::Platform {
                message: format!("{}.", capitalised(error.to_string().trim_end_matches('.'))),
                detail: error.api().map(platform_detail),
            },
            _ => {
                tracing::error!(error = %text, "a server function failed");
                AppError::Internal(format!("{text}."))
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Sets this error's status on the response being answered (a server function's, or a page's).
    pub fn respond_with_status(&self) {
        if let (Some(response), Ok(status)) =
            (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(self.status()))
        {
            response.set_status(status);
        }
    }
}

/// The platform's own words kept for the detail line: code, hint and request id.
#[cfg(feature = "ssr")]
fn platform_detail(api: &clawdesk_core::ApiError) -> String {
    let parts = [
        api.code.as_ref().map(|code| format!("code {code}")),
        api.hint.clone(),
        api.request_id.as_ref().map(|id| format!("request {id}")),
        api.retry_after.map(|wait| format!("retry after {}", clawdesk_core::wait_text(wait))),
    ];
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    format!("{} {}: {}", api.platform, api.status, parts.join(" · "))
}

#[cfg(feature = "ssr")]
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
