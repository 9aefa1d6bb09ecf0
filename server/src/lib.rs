//! The Clawdesk server: configuration, router and start-up around the `app` crate's pages.

pub mod config;
mod router;
mod startup;

pub use router::router;
pub use startup::{run, StartError};
