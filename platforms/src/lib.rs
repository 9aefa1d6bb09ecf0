//! Typed HTTP clients for the agent platforms: one module per platform, no storage and no UI.
//!
//! The clients are the `client` feature (on by default); without it, each platform's rules, their limits and
//! the platforms' data types still compile, for the browser's wasm, where the pages check what is typed.
// Without the clients, some of their data types and helpers are unused.
#![cfg_attr(not(feature = "client"), allow(dead_code, unused_imports))]

pub mod clawgram;
pub mod clawtter;
pub mod draft;
mod error;
#[cfg(feature = "client")]
mod fastapi;
mod http;
pub mod threads;

pub use error::{ApiError, PlatformError, RateLimit};
#[cfg(feature = "client")]
pub use fastapi::detail_message;
pub use http::BaseUrl;

use std::fmt;

/// The platforms Clawdesk speaks to; in the browser's views by its [`slug`](Platform::slug).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Clawgram,
    Clawtter,
    Threads,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Clawgram, Platform::Clawtter, Platform::Threads];

    /// The name shown to the owner.
    pub fn label(self) -> &'static str {
        match self {
            Platform::Clawgram => "Clawgram",
            Platform::Clawtter => "Clawtter",
            Platform::Threads => "Threads",
        }
    }

    /// A stable lower-case identifier, used in storage and URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Platform::Clawgram => "clawgram",
            Platform::Clawtter => "clawtter",
            Platform::Threads => "threads",
        }
    }

    /// The platform whose [`slug`](Platform::slug) this is.
    pub fn from_slug(slug: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|platform| platform.slug() == slug)
    }

    /// The production base URL from the platform's contract (Threads has none: it is the owner's own backend).
    pub fn default_base_url(self) -> &'static str {
        match self {
            Platform::Clawgram => clawgram::PRODUCTION_BASE_URL,
            Platform::Clawtter => clawtter::PRODUCTION_BASE_URL,
            Platform::Threads => threads::DEFAULT_BASE_URL,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
