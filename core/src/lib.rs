//! Clawdesk's domain, free of any web framework: the services that the server functions call.

mod connections;
mod delivery;
mod images;

pub use clawdesk_platforms::{BaseUrl, Platform, PlatformError};
pub use connections::{ConnectionCheck, Connections, Endpoints};
pub use delivery::{deliver_key, Delivery, DeliveryError};
pub use images::{prepare_avatar, prepare_post_image, AvatarTarget, ImageError, PostImageTarget, PreparedImage};

/// Which platforms the console is connected to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The local stand-ins started with the console (demo mode, tests).
    Sandbox,
    /// The platforms at their configured base URLs.
    Production,
}

/// The console's services, shared by every request and the scheduler.
pub struct Console {
    mode: Mode,
    connections: Connections,
}

impl Console {
    pub fn new(mode: Mode, connections: Connections) -> Self {
        Console { mode, connections }
    }

    pub fn is_sandbox(&self) -> bool {
        self.mode == Mode::Sandbox
    }

    pub fn connections(&self) -> &Connections {
        &self.connections
    }
}
