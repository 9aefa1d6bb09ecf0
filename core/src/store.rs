//! The console's SQLite database in the data directory, upgraded by the migrations in `core/migrations/`.

use crate::{CoreError, Platform};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DATABASE_FILE: &str = "clawdesk.db";

/// Forward-only: a released migration is never edited, a change is a new file.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// A handle on the database; cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    directory: PathBuf,
}

impl Store {
    /// Opens (creating if needed) `clawdesk.db` in `data_dir` and brings its schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Store, CoreError> {
        let store = Store::open_unmigrated(&data_dir.join(DATABASE_FILE)).await?;
        MIGRATOR.run(&store.pool).await?;
        Ok(store)
    }

    /// Opens the database file without touching its schema; for running a chosen set of migrations.
    pub async fn open_unmigrated(file: &Path) -> Result<Store, CoreError> {
        let options = SqliteConnectOptions::new()
            .filename(file)
            .create_if_missing(true)
            // WAL lets the pages read while the scheduler writes; NORMAL is durable enough with WAL.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        let directory = file.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Store { pool, directory })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The data directory the database lives in.
    pub fn directory(&self) -> &Path {
        &self.directory
    }
}

/// Now, as stored: whole seconds since the Unix epoch, UTC.
pub(crate) fn now_seconds() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The platform stored under `slug`.
pub(crate) fn platform_from_slug(slug: &str) -> Result<Platform, CoreError> {
    Platform::from_slug(slug)
        .ok_or_else(|| CoreError::Internal(format!("the database names an unknown platform {slug:?}")))
}
