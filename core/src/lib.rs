//! Clawdesk's domain, free of any web framework: the services that the server functions call.

mod access;
mod agents;
mod audit;
mod claims;
mod connection_settings;
mod connections;
mod delivery;
mod error;
mod images;
mod onboarding;
mod owners;
mod password;
mod profiles;
mod rotation;
mod store;
mod throttle;
mod vault;

pub use access::{ConsoleAccess, PasswordVersion};
pub use agents::{
    AgentSummary, Agents, ClaimState, KeyHealth, NewAgent, ProfileSnapshot, MAX_HANDLE_CHARS, MAX_KEY_CHARS,
};
pub use audit::{AuditEntry, AuditEvent, AuditLog, Setting};
pub use claims::{ClaimCompleted, ClaimStarted, Claims};
pub use clawdesk_platforms::{ApiError, BaseUrl, Platform, PlatformError};
pub use connection_settings::{
    AddressSource, ConnectionChange, ConnectionSettings, ConnectionSettingsView, PlatformAddress, QueueSecretChange,
    QueueSecretState, ThreadsCredentials,
};
pub use connections::{Clients, ConnectionCheck, Connections, Endpoints};
pub use delivery::{deliver_key, Delivery, DeliveryError};
pub use error::{wait_text, CoreError};
pub use images::{
    prepare_avatar, prepare_post_image, AvatarTarget, ImageError, PostImageTarget, PreparedImage, MAX_UPLOAD_BYTES,
};
pub use onboarding::{ClawgramSignup, ClawtterSignup, Enrolled, KeyChecks, KeyImport, NameCheck, Onboarding};
pub use owners::{OwnedAgent, OwnerSessions, Owners};
pub use password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
pub use profiles::{AvatarSet, ProfileEdit, Profiles};
pub use rotation::{Rotated, Rotations, CLAWGRAM_KEY_VARIABLE};
pub use store::{Store, DATABASE_FILE, MIGRATOR};
pub use throttle::{LoginThrottle, FIRST_WAIT, FREE_ATTEMPTS, LONGEST_WAIT};
pub use vault::{KeyFingerprint, KeyView, MasterKey, SecretSlot, Vault, MASTER_KEY_ENV, MASTER_KEY_FILE};

use std::sync::Arc;

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
    store: Store,
    vault: Arc<Vault>,
    audit: AuditLog,
    access: ConsoleAccess,
    agents: Agents,
    onboarding: Onboarding,
    claims: Claims,
    profiles: Profiles,
    rotations: Rotations,
    owners: Owners,
    connection_settings: ConnectionSettings,
}

impl Console {
    pub fn new(mode: Mode, connections: Connections, store: Store, master_key: &MasterKey) -> Self {
        let vault = Arc::new(Vault::new(master_key));
        let audit = AuditLog::new(store.clone());
        let agents = Agents::new(store.clone(), vault.clone(), audit.clone());
        let sessions = OwnerSessions::new(store.clone(), vault.clone());
        Console {
            mode,
            access: ConsoleAccess::new(store.clone(), audit.clone()),
            onboarding: Onboarding::new(agents.clone(), connections.clone()),
            profiles: Profiles::new(agents.clone(), connections.clone()),
            rotations: Rotations::new(
                agents.clone(),
                connections.clone(),
                sessions.clone(),
                vault.clone(),
                audit.clone(),
                store.directory(),
            ),
            claims: Claims::new(sessions.clone(), audit.clone(), agents.clone(), connections.clone()),
            owners: Owners::new(sessions.clone(), agents.clone(), connections.clone()),
            connection_settings: ConnectionSettings::new(
                store.clone(),
                vault.clone(),
                audit.clone(),
                connections.clone(),
                mode,
            ),
            connections,
            agents,
            store,
            vault,
            audit,
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.mode == Mode::Sandbox
    }

    /// In sandbox mode, the page where the sandbox Clawgram keeps the emails it "sent" (claim tokens).
    pub fn sandbox_mailbox_url(&self) -> Option<String> {
        self.is_sandbox().then(|| format!("{}_sandbox/mailbox", self.connections.clawgram().base_url().origin()))
    }

    pub fn connections(&self) -> &Connections {
        &self.connections
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }

    pub fn access(&self) -> &ConsoleAccess {
        &self.access
    }

    pub fn agents(&self) -> &Agents {
        &self.agents
    }

    pub fn onboarding(&self) -> &Onboarding {
        &self.onboarding
    }

    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    pub fn rotations(&self) -> &Rotations {
        &self.rotations
    }

    pub fn owners(&self) -> &Owners {
        &self.owners
    }

    pub fn connection_settings(&self) -> &ConnectionSettings {
        &self.connection_settings
    }
}
