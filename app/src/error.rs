//! The error every server function returns, in words the owner can act on.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The console itself could not be reached or answered something unreadable.
    #[error("Clawdesk's server did not answer: {0}")]
    Unreachable(String),
    /// Something went wrong on the server that the owner cannot fix from this page.
    #[error("{0}")]
    Internal(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        AppError::Unreachable(error.to_string())
    }
}
