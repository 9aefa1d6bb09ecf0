//! The one error of the console's domain. Each variant says what went wrong in words the owner can act on;
//! none carries a secret.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("the console's database failed: {0}")]
    Store(#[from] sqlx::Error),
    #[error("the console's database could not be upgraded: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("CLAWDESK_MASTER_KEY is not a valid key: {reason}")]
    MasterKeyInvalid { reason: String },
    #[error("cannot use the key file {path}: {reason}")]
    KeyFile { path: PathBuf, reason: String },
    #[error("cannot use the data directory {path}: {reason} (set CLAWDESK_DATA_DIR to a folder you own)")]
    DataDir { path: PathBuf, reason: String },
    /// The data directory and its files hold the keys: they must be the owner's alone.
    #[error("{path} can be read by other users (mode {mode:03o}); run `chmod {fix:o} {path}` and start again")]
    Exposed { path: PathBuf, mode: u32, fix: u32 },
    #[error("the stored secret {slot} could not be decrypted: the master key is not the one it was sealed with, or the data was changed")]
    Undecryptable { slot: String },
    #[error("the console password is not set yet; set it on the first-run page")]
    PasswordNotSet,
    #[error("the console password is already set; log in instead")]
    AlreadySetUp,
    #[error("wrong password")]
    WrongPassword,
    #[error("{0}")]
    PasswordRejected(String),
    #[error("too many failed attempts; wait {} before trying again", wait_text(*wait))]
    Throttled { wait: Duration },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    /// A post that breaks a platform rule for one or more of its targets; each is named.
    #[error("the post breaks {} rule(s) of its targets: {}", .0.len(), .0.iter().map(|v| format!("{} ({}): {}", v.handle, v.platform, v.message)).collect::<Vec<_>>().join("; "))]
    PostRefused(Vec<crate::publishing::TargetViolation>),
    /// A key bound to one origin, asked for a call to another: nothing was sent.
    #[error("the {platform} key was not sent to {current}: it belongs to {bound}; confirm the move with the console password in Settings")]
    KeyElsewhere { platform: clawdesk_platforms::Platform, bound: String, current: String },
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },
    /// A platform's answer that no form field explains; every detail it gave is kept.
    #[error("{0}")]
    Platform(#[from] clawdesk_platforms::PlatformError),
    #[error("the console could not finish the task: {0}")]
    Internal(String),
}

impl CoreError {
    /// `field` refused for `reason`, a rule's message; its final full stop is the app's to add.
    pub(crate) fn invalid(field: &'static str, reason: impl std::fmt::Display) -> CoreError {
        CoreError::Invalid { field, reason: reason.to_string().trim_end_matches('.').to_owned() }
    }
}

/// "45 seconds", "2 minutes": what the owner reads in a throttling message.
pub fn wait_text(wait: Duration) -> String {
    let seconds = wait.as_secs().max(1);
    match seconds {
        1 => "1 second".to_owned(),
        2..=119 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}
