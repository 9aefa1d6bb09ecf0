//! The Clawdesk server: configuration, router and start-up around the `app` crate's pages.

mod avatar_upload;
pub mod config;
mod media_links;
mod router;
mod security;
mod session_store;
mod sessions;
mod startup;
mod static_files;

pub use router::{router, Site};
pub use sessions::SESSION_COOKIE;
pub use startup::{run, StartError};
