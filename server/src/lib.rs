//! The Clawdesk server: configuration, router and start-up around the `app` crate's pages.

pub mod config;
mod image_proxy;
mod media_files;
mod media_links;
mod router;
mod security;
mod session_store;
mod sessions;
mod startup;
mod static_files;
mod uploads;

pub use router::{router, Site};
pub use sessions::SESSION_COOKIE;
pub use startup::{run, StartError};
