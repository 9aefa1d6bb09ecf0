//! Clawdesk's domain, free of any web framework: the services that the server functions call.

mod access;
mod agents;
mod assistant;
mod audit;
mod claims;
mod connection_settings;
mod connections;
mod data_dir;
mod delivery;
mod error;
mod feeds;
mod image_proxy;
mod images;
mod keyed_hash;
mod media;
mod notifications;
mod onboarding;
mod owners;
mod password;
mod profiles;
mod publishing;
mod rotation;
mod scheduler;
mod store;
mod threads_queue;
mod throttle;
mod vault;
mod wall_clock;

pub use access::{ConsoleAccess, PasswordVersion, MIN_SETUP_TOKEN_CHARS, SETUP_TOKEN_ENV};
pub use agents::{
    AgentKey, AgentOrder, AgentPage, AgentQuery, AgentState, AgentSummary, Agents, ClaimState, KeyHealth,
    KeysElsewhere, NewAgent, ProfileSnapshot, MAX_AGENTS_PER_PAGE, MAX_HANDLE_CHARS, MAX_KEY_CHARS,
};
pub use assistant::Assistant;
pub use audit::{AgentAction, AuditEntry, AuditEvent, AuditLog, Setting};
pub use claims::{ClaimCompleted, ClaimStarted, Claims};
pub use clawdesk_platforms::{ApiError, BaseUrl, Platform, PlatformError};
pub use connection_settings::{
    AddressSource, ConnectionChange, ConnectionSettings, ConnectionSettingsView, PlatformAddress, QueueSecretChange,
    QueueSecretState, ThreadsCredentials, MIN_QUEUE_SECRET_CHARS,
};
pub use connections::{Clients, ConnectionCheck, Connections, Endpoints};
pub use data_dir::create_data_dir;
pub use delivery::{deliver_key, Delivery, DeliveryError, DeliveryFolders};
pub use error::{wait_text, CoreError};
pub use feeds::{
    AgentWrite, BrowsedPosts, ClawgramList, ClawtterList, ClawtterPosts, ClawtterTopics, CommentAction,
    DailyLeaderboard, FeedFilter, FeedPage, FeedPost, Feeds, HotReply, LeaderboardPlace, NewWrite, PostAction,
    PostKind, PostState, PostThread, SearchBucket, SearchResults, SourceProblem, ThreadComment, WriteKind, WriteState,
    BROWSE_PAGE_POSTS, CLAWTTER_FEED_MAX, MAX_PAGE_POSTS,
};
pub use image_proxy::{ImageProxy, ProxyRefusal, IMAGE_PROXY_PATH, PROXIED_IMAGE_MAX_BYTES};
pub use images::{
    prepare_avatar, prepare_avatar_off_the_workers, prepare_post_image, AvatarTarget, ImageError, PostImageTarget,
    PreparedImage, MAX_UPLOAD_BYTES,
};
pub use keyed_hash::{HashPurpose, KeyedHash};
pub use media::{LinkedImage, MediaItem, MediaLibrary, MEDIA_LINK_LIFETIME, MEDIA_LINK_PATH};
pub use notifications::{Notification, NotificationFilter, NotificationKind, Notifications, NOTIFICATIONS_EVERY};
pub use onboarding::{ClawgramSignup, ClawtterSignup, Enrolled, KeyChecks, KeyImport, NameCheck, Onboarding};
pub use owners::{OwnedAgent, OwnerSessions, Owners};
pub use password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
pub use profiles::{AvatarSet, ProfileEdit, Profiles};
pub use publishing::{
    to_local, to_utc, Attention, Calendar, CalendarDay, CalendarSpan, Draft, Fold, LocalTime, LocalTimeError,
    OwnerAction, PaceWarning, PlatformPost, PostingSlot, Publishing, TargetError, TargetFilter, TargetState,
    TargetView, TargetViolation, When, DEFAULT_MIN_INTERVAL, DEFAULT_TIME_ZONE,
};
pub use rotation::{Rotated, Rotations, CLAWGRAM_KEY_VARIABLE};
pub use scheduler::{Scheduler, SchedulerOptions};
pub use store::{Store, DATABASE_FILE, MIGRATOR};
pub use threads_queue::{QueueState, ThreadsQueue};
pub use throttle::{LoginThrottle, FIRST_WAIT, FREE_ATTEMPTS, LONGEST_WAIT};
pub use vault::{KeyFingerprint, KeyView, MasterKey, SecretSlot, Vault, MASTER_KEY_ENV, MASTER_KEY_FILE};
pub use wall_clock::in_zone;

use secrecy::SecretString;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Notify;

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
    media: MediaLibrary,
    publishing: Publishing,
    feeds: Feeds,
    notifications: Notifications,
    /// Wakes the dispatcher when publishing makes something due sooner.
    dispatch_wake: Arc<Notify>,
    session_ids: Arc<KeyedHash>,
    image_proxy: ImageProxy,
}

impl Console {
    pub fn new(mode: Mode, connections: Connections, store: Store, master_key: &MasterKey) -> Self {
        let vault = Arc::new(Vault::new(master_key));
        let audit = AuditLog::new(store.clone());
        let agents = Agents::new(store.clone(), vault.clone(), audit.clone(), connections.clone());
        let sessions = OwnerSessions::new(store.clone(), vault.clone());
        let media = MediaLibrary::new(store.clone());
        let dispatch_wake = Arc::new(Notify::new());
        Console {
            publishing: Publishing::new(
                store.clone(),
                agents.clone(),
                connections.clone(),
                media.clone(),
                dispatch_wake.clone(),
            ),
            feeds: Feeds::new(store.clone(), agents.clone(), connections.clone(), audit.clone()),
            notifications: Notifications::new(store.clone(), agents.clone()),
            media,
            dispatch_wake,
            mode,
            access: ConsoleAccess::new(store.clone(), audit.clone()),
            onboarding: Onboarding::new(agents.clone(), connections.clone()),
            profiles: Profiles::new(agents.clone()),
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
            session_ids: Arc::new(master_key.keyed_hash(HashPurpose::SessionIds)),
            image_proxy: ImageProxy::new(master_key.keyed_hash(HashPurpose::ImageProxy), connections.clone()),
            connections,
            agents,
            store,
            vault,
            audit,
        }
    }

    /// Lets rotations write agents' key files inside `folders` (the configuration's `delivery_dirs`) alone.
    pub fn with_delivery_folders(mut self, folders: &[PathBuf]) -> Console {
        self.rotations.allow_delivery_into(folders, self.store.directory());
        self
    }

    /// Checks that the master key opens what is stored, and brings what older versions stored up to date; run at
    /// start-up, before serving. Returns how many keys got the fingerprint that is now stored with them.
    pub async fn upgrade_stored_secrets(&self) -> Result<usize, CoreError> {
        self.agents.check_master_key().await?;
        self.agents.bind_keys_at_start(self.is_sandbox()).await?;
        self.connection_settings.bind_queue_secret(self.is_sandbox()).await?;
        self.connection_settings.fill_in_fingerprint().await?;
        self.agents.fill_in_fingerprints().await
    }

    /// What `confirm_key_move` would move: the agent keys, and the Threads queue secret, that are bound to another
    /// origin than their platform's address now. Settings offers the move for each.
    pub async fn keys_elsewhere(&self) -> Result<Vec<KeysElsewhere>, CoreError> {
        let mut elsewhere = self.agents.keys_elsewhere().await?;
        if let Some(bound) = self.connection_settings.queue_secret_elsewhere().await? {
            let threads_keys =
                elsewhere.iter_mut().find(|entry| entry.platform == Platform::Threads && entry.bound == bound);
            match threads_keys {
                Some(entry) => entry.queue_secret = true,
                None => {
                    let current = self.connections.origin(Platform::Threads);
                    elsewhere.push(KeysElsewhere {
                        platform: Platform::Threads,
                        bound,
                        current,
                        keys: 0,
                        queue_secret: true,
                    })
                }
            }
        }
        Ok(elsewhere)
    }

    /// Lets `platform`'s keys (and, for Threads, the queue secret) go to the origin it is reached at now, once
    /// the console password is given again; audited. Returns how many agent keys moved.
    pub async fn confirm_key_move(
        &self,
        platform: Platform,
        password: &SecretString,
        client: IpAddr,
    ) -> Result<u64, CoreError> {
        self.access.confirm_password(password, client).await?;
        self.move_keys(platform, client).await
    }

    /// Saves the Settings form. Changing a platform address needs the console password again (a stolen session
    /// must not point keys elsewhere); the same password confirms that the moved platforms' keys follow.
    pub async fn save_connections(
        &self,
        change: ConnectionChange,
        password: &SecretString,
        client: IpAddr,
    ) -> Result<Vec<Setting>, CoreError> {
        let in_use = self.connections.endpoints();
        // An address that cannot be used is refused by `save`, next to its field, before anything changes.
        let moves = Platform::ALL.into_iter().any(|platform| {
            BaseUrl::parse(platform, change.endpoints.get(platform))
                .is_ok_and(|url| url.as_str() != in_use.get(platform))
        });
        if moves {
            self.access.confirm_password(password, client).await?;
        }
        let changed = self.connection_settings.save(change, Some(client)).await?;
        for &setting in &changed {
            if let Setting::PlatformUrl(platform) = setting {
                self.move_keys(platform, client).await?;
            }
        }
        Ok(changed)
    }

    async fn move_keys(&self, platform: Platform, client: IpAddr) -> Result<u64, CoreError> {
        if platform == Platform::Threads {
            self.connection_settings.move_queue_secret().await?;
        }
        self.agents.move_keys(platform, Some(client)).await
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

    pub fn media(&self) -> &MediaLibrary {
        &self.media
    }

    pub fn publishing(&self) -> &Publishing {
        &self.publishing
    }

    pub fn feeds(&self) -> &Feeds {
        &self.feeds
    }

    pub fn notifications(&self) -> &Notifications {
        &self.notifications
    }

    /// The Threads backend's assistant, for the composer's "Write with the assistant".
    pub fn threads_queue(&self) -> ThreadsQueue {
        ThreadsQueue::new(self.connections.clone(), self.connection_settings.clone())
    }

    pub fn assistant(&self) -> Assistant {
        Assistant::new(self.connections.clone(), self.connection_settings.clone())
    }

    /// The dispatcher over this console's store and connections; `start` it once per process.
    pub fn scheduler(&self, options: SchedulerOptions) -> Scheduler {
        Scheduler::new(
            self.store.clone(),
            self.agents.clone(),
            self.connections.clone(),
            self.connection_settings.clone(),
            self.media.clone(),
            self.dispatch_wake.clone(),
            options,
        )
    }

    /// The keyed hash the browser's session ids are stored under, so that the database alone opens no session.
    /// Where the pages show platform images from hosts their policy does not name.
    pub fn image_proxy(&self) -> &ImageProxy {
        &self.image_proxy
    }

    pub fn session_ids(&self) -> Arc<KeyedHash> {
        self.session_ids.clone()
    }
}
