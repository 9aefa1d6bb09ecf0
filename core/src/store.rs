//! The console's SQLite database in the data directory, upgraded by the migrations in `core/migrations/`.

use crate::data_dir::{create_private_file, refuse_exposed, PRIVATE_FILE};
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
    /// Opens (creating if needed, mode 0600) `clawdesk.db` in `data_dir` and brings its schema up to date.
    /// Refuses a database that other users can read (start-up checks the directory: `create_data_dir`).
    pub async fn open(data_dir: &Path) -> Result<Store, CoreError> {
        let file = data_dir.join(DATABASE_FILE);
        for suffix in ["", "-wal", "-shm"] {
            refuse_exposed(Path::new(&format!("{}{suffix}", file.display())), PRIVATE_FILE)?;
        }
        let store = Store::open_unmigrated(&file).await?;
        store.migrate(&MIGRATOR).await?;
        Ok(store)
    }

    /// Runs `migrator` with foreign keys off, as SQLite's way of changing a table asks (a rebuilt table is
    /// dropped and replaced, and the rows that refer to it must stay as they are), then checks every reference.
    pub async fn migrate(&self, migrator: &Migrator) -> Result<(), CoreError> {
        let mut connection = self.pool.acquire().await?;
        sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *connection).await?;
        let migrated = migrator.run(&mut *connection).await;
        let broken: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check").fetch_all(&mut *connection).await?;
        sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *connection).await?;
        migrated?;
        if let Some((table,)) = broken.first() {
            return Err(CoreError::Internal(format!("after the upgrade, {table} refers to rows that do not exist")));
        }
        Ok(())
    }

    /// Opens the database file without touching its schema; for running a chosen set of migrations.
    pub async fn open_unmigrated(file: &Path) -> Result<Store, CoreError> {
        // SQLite gives its -wal and -shm files the database file's mode: created 0600, they are 0600 too.
        create_private_file(file).map_err(|e| CoreError::DataDir { path: file.to_owned(), reason: e.to_string() })?;
        let options = SqliteConnectOptions::new()
            .filename(file)
            .create_if_missing(true)
            // WAL lets the pages read while the scheduler writes; NORMAL is durable enough with WAL.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // Each of the pool's connections keeps its own page cache (2 MiB by default); the operating system's
            // file cache already holds the pages, so a smaller one keeps the console's memory down.
            .pragma("cache_size", "-512");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A file on this machine does not drop connections; the ping sqlx sends before lending one is another
            // round trip to the connection's thread on every query.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
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
