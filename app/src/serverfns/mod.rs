//! Server functions, grouped by domain: the only way the browser reaches the server's data.
//! Each is a few lines: take the console from the context, call one `core` service, map the result to a view.

pub mod agent_actions;
pub mod agent_list;
pub mod agents;
pub mod audit;
pub mod auth;
pub mod avatars;
pub mod browse;
pub mod claims;
pub mod compose;
pub mod console;
pub mod feeds;
pub mod notifications;
pub mod owners;
#[cfg(feature = "ssr")]
mod request;
pub mod schedule;
pub mod writes;

#[cfg(feature = "ssr")]
use crate::error::AppError;
#[cfg(feature = "ssr")]
use std::sync::Arc;

/// The console's services, provided to every request by the server.
#[cfg(feature = "ssr")]
pub(crate) fn console() -> Result<Arc<clawdesk_core::Console>, AppError> {
    leptos::prelude::use_context::<Arc<clawdesk_core::Console>>()
        .ok_or_else(|| AppError::Internal("the console's services are missing from the request".into()))
}
