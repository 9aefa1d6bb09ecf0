//! The database: migrations from an empty database and from the previous schema with data in it, and the
//! constraints later features rely on.

use clawdesk_core::{
    create_data_dir, Connections, Console, CoreError, Endpoints, MasterKey, Mode, Platform, SecretSlot, Store, Vault,
    DATABASE_FILE, MIGRATOR,
};
use secrecy::{ExposeSecret, SecretString};
use sqlx::migrate::Migrator;
use sqlx::Row;
use std::path::Path;

const TABLES: [&str; 16] = [
    "agent_pacing",
    "agent_writes",
    "agents",
    "audit_log",
    "console_settings",
    "deleted_posts",
    "media",
    "media_links",
    "notifications",
    "owner_sessions",
    "platform_connections",
    "post_image_urls",
    "post_images",
    "post_targets",
    "posting_slots",
    "posts",
];

async fn tables(store: &Store) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

/// A migrator with only the first `count` migrations: the schema an older console left behind.
async fn first_migrations(scratch: &Path, count: usize) -> Migrator {
    let mut files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    for file in &files[..count] {
        std::fs::copy(file, scratch.join(file.file_name().unwrap())).unwrap();
    }
    Migrator::new(scratch).await.unwrap()
}

/// Leaves in `dir` the database of an older console, which ran only the first `count` migrations, with `rows`
/// inserted; returns its tables.
async fn older_database(dir: &Path, count: usize, rows: &[&str]) -> Vec<String> {
    let scratch = tempfile::tempdir().unwrap();
    let old = Store::open_unmigrated(&dir.join(DATABASE_FILE)).await.unwrap();
    first_migrations(scratch.path(), count).await.run(old.pool()).await.unwrap();
    for row in rows {
        sqlx::query(row).execute(old.pool()).await.unwrap();
    }
    let tables = tables(&old).await;
    old.pool().close().await;
    tables
}

#[tokio::test]
async fn an_empty_data_directory_gets_every_table_in_wal_mode_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    assert!(dir.path().join(DATABASE_FILE).exists());
    assert_eq!(tables(&store).await, TABLES);

    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(store.pool()).await.unwrap();
    assert_eq!(journal, "wal");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(store.pool()).await.unwrap();
    assert_eq!(foreign_keys, 1);
    let applied: i64 =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations").fetch_one(store.pool()).await.unwrap();
    assert_eq!(applied, i64::try_from(MIGRATOR.iter().count()).unwrap());
}

#[tokio::test]
async fn opening_twice_applies_nothing_new_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    sqlx::query("INSERT INTO console_settings (key, value, updated_at) VALUES ('time_zone', 'Europe/Berlin', 0)")
        .execute(store.pool())
        .await
        .unwrap();
    drop(store);
    let store = Store::open(dir.path()).await.unwrap();
    let zone: String = sqlx::query_scalar("SELECT value FROM console_settings WHERE key = 'time_zone'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(zone, "Europe/Berlin");
}

#[tokio::test]
async fn the_previous_schema_with_data_is_upgraded_without_losing_it() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        "INSERT INTO agents (id, platform, handle, api_key, api_key_set_at, created_at) VALUES (1, 'clawgram', 'lobster', x'0102', 5, 5)",
        "INSERT INTO audit_log (at, kind, agent_id, platform) VALUES (5, 'key_imported', 1, 'clawgram')",
    ];
    let old_tables = older_database(dir.path(), 1, &rows).await;
    assert!(!old_tables.contains(&"posts".to_owned()), "the first migration has no posts yet");

    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(tables(&store).await, TABLES);
    let agent = sqlx::query("SELECT handle, api_key, claim_status FROM agents WHERE id = 1")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(agent.get::<String, _>("handle"), "lobster");
    assert_eq!(agent.get::<Vec<u8>, _>("api_key"), vec![1, 2]);
    assert_eq!(agent.get::<String, _>("claim_status"), "unknown");
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(store.pool()).await.unwrap();
    assert_eq!(audited, 1);

    // The new tables work with the old rows.
    sqlx::query("INSERT INTO posts (id, text, created_at) VALUES (1, 'hello', 6)").execute(store.pool()).await.unwrap();
    sqlx::query(
        "INSERT INTO post_targets (post_id, agent_id, due_at, next_attempt_at, idempotency_key, updated_at) \
         VALUES (1, 1, 7, 7, 'k-1', 6)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let state: String = sqlx::query_scalar("SELECT state FROM post_targets").fetch_one(store.pool()).await.unwrap();
    assert_eq!(state, "scheduled");
}

#[tokio::test]
async fn a_console_from_before_publishing_keeps_its_media_and_gets_the_new_post_tables() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        "INSERT INTO media (id, sha256, content_type, width, height, byte_size, path, created_at) \
         VALUES (3, 'ab', 'image/png', 4, 4, 90, 'media/ab.png', 5)",
        "INSERT INTO agents (id, platform, handle, created_at) VALUES (1, 'clawtter', 'heron', 5)",
    ];
    older_database(dir.path(), 5, &rows).await;

    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(tables(&store).await, TABLES);
    let path: String = sqlx::query_scalar("SELECT path FROM media WHERE id = 3").fetch_one(store.pool()).await.unwrap();
    assert_eq!(path, "media/ab.png");
    let columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('post_targets')").fetch_all(store.pool()).await.unwrap();
    for column in ["state", "attempts", "lease_until", "next_attempt_at", "idempotency_key", "platform_post_url"] {
        assert!(columns.contains(&column.to_owned()), "post_targets lacks {column}");
    }
    assert!(!columns.contains(&"outcome".to_owned()), "the first sketch's column is gone");
}

#[tokio::test]
async fn the_schema_refuses_what_later_features_must_never_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let refused = |sql: &'static str| {
        let pool = store.pool().clone();
        async move { sqlx::query(sql).execute(&pool).await.is_err() }
    };
    sqlx::query("INSERT INTO agents (id, platform, handle, created_at) VALUES (1, 'clawgram', 'lobster', 0)")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("INSERT INTO posts (id, text, created_at) VALUES (1, 'hello', 0)").execute(store.pool()).await.unwrap();
    let target = |post: i64, agent: i64, key: &str| {
        format!(
            "INSERT INTO post_targets (post_id, agent_id, due_at, next_attempt_at, idempotency_key, updated_at) \
             VALUES ({post}, {agent}, 0, 0, '{key}', 0)"
        )
    };
    sqlx::query(&target(1, 1, "once")).execute(store.pool()).await.unwrap();

    assert!(refused("INSERT INTO agents (platform, handle, created_at) VALUES ('myspace', 'x', 0)").await);
    assert!(refused("INSERT INTO agents (platform, handle, created_at) VALUES ('clawgram', 'lobster', 0)").await);
    assert!(sqlx::query(&target(1, 99, "k")).execute(store.pool()).await.is_err(), "an unknown agent");
    assert!(sqlx::query(&target(1, 1, "again")).execute(store.pool()).await.is_err(), "one target per agent");
    sqlx::query("INSERT INTO posts (id, text, created_at) VALUES (2, 'x', 0)").execute(store.pool()).await.unwrap();
    assert!(sqlx::query(&target(2, 1, "once")).execute(store.pool()).await.is_err(), "idempotency keys are unique");
    assert!(refused("UPDATE post_targets SET state = 'maybe'").await);
    assert!(refused("INSERT INTO posting_slots (agent_id, weekday, minute_of_day) VALUES (1, 8, 540)").await);
}

#[tokio::test]
async fn the_schema_before_the_tenant_id_keeps_its_connections_and_may_now_leave_an_address_unset() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        "INSERT INTO platform_connections (platform, base_url, secret, secret_set_at, updated_at) \
         VALUES ('threads', 'http://127.0.0.1:8000', x'0a0b', 7, 7), ('clawgram', 'https://c.example/api/v1', x'01', 7, 7)",
    ];
    older_database(dir.path(), 4, &rows).await;

    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(tables(&store).await, TABLES);
    let threads = sqlx::query(
        "SELECT base_url, secret, secret_set_at, tenant_id FROM platform_connections WHERE platform = 'threads'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(threads.get::<String, _>("base_url"), "http://127.0.0.1:8000");
    assert_eq!(threads.get::<Vec<u8>, _>("secret"), vec![10, 11]);
    assert_eq!(threads.get::<i64, _>("secret_set_at"), 7);
    assert_eq!(threads.get::<Option<String>, _>("tenant_id"), None);
    let clawgram_secret: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT secret FROM platform_connections WHERE platform = 'clawgram'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(clawgram_secret, None, "only the Threads backend has a secret");

    sqlx::query("INSERT INTO platform_connections (platform, updated_at) VALUES ('clawtter', 8)")
        .execute(store.pool())
        .await
        .unwrap();
    for sql in [
        "UPDATE platform_connections SET tenant_id = 'agency_paris' WHERE platform = 'clawgram'",
        "UPDATE platform_connections SET secret = x'01' WHERE platform = 'clawtter'",
        "INSERT INTO platform_connections (platform, updated_at) VALUES ('myspace', 8)",
    ] {
        assert!(sqlx::query(sql).execute(store.pool()).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn the_schema_before_hardening_keeps_every_row_and_its_references_and_never_reuses_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let master_key = MasterKey::parse(&"5a".repeat(32)).unwrap();
    let key = SecretString::from("claw_test_b2xkZXIgY29uc29sZSBrZXkgZm9yIGxvYnN0ZXI");
    let sealed = hex::encode(Vault::new(&master_key).seal(&SecretSlot::agent_api_key(1), &key).unwrap());
    let rows = [
        format!(
            "INSERT INTO agents (id, platform, handle, api_key, api_key_set_at, created_at, delivery_path) \
             VALUES (1, 'clawgram', 'lobster', x'{sealed}', 5, 5, '/agents/lobster/.env'), \
                    (2, 'clawtter', 'crab', NULL, NULL, 6, NULL)"
        ),
        "INSERT INTO audit_log (at, kind, agent_id, platform) VALUES (5, 'key_imported', 1, 'clawgram')".to_owned(),
        "INSERT INTO notifications (agent_id, platform_notification_id, kind, summary, occurred_at) \
         VALUES (2, 'n-1', 'follow', 'x followed you', 7)"
            .to_owned(),
        "INSERT INTO owner_sessions (id, owner_email, token, token_set_at) VALUES (1, 'me@example.com', x'01', 5)"
            .to_owned(),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    older_database(dir.path(), 5, &rows).await;

    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(tables(&store).await, TABLES);
    let count = |sql: &'static str| {
        let pool = store.pool().clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };
    // (0002's posts and post_targets, never written by any console, are replaced by 0010's.)
    assert_eq!(count("SELECT count(*) FROM notifications WHERE agent_id = 2").await, 1, "nothing cascaded");
    assert_eq!(count("SELECT count(*) FROM audit_log WHERE agent_id = 1").await, 1, "nothing was set to NULL");
    assert_eq!(count("SELECT count(*) FROM owner_sessions WHERE id = 1").await, 1);
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(store.pool()).await.unwrap();
    assert_eq!(foreign_keys, 1, "foreign keys are back on after the upgrade");

    // The key sealed by the older console still opens, and gets its fingerprint stored.
    let console = Console::new(Mode::Sandbox, Connections::new(&Endpoints::default()).unwrap(), store, &master_key);
    assert_eq!(console.upgrade_stored_secrets().await.unwrap(), 1);
    let lobster = console.agents().get(1).await.unwrap();
    assert_eq!(lobster.key.unwrap().fingerprint, console.vault().fingerprint(&key));
    assert_eq!(lobster.delivery_path.as_deref(), Some("/agents/lobster/.env"));
    assert_eq!(console.agents().api_key(1).await.unwrap().key.expose_secret(), key.expose_secret());
    assert_eq!(console.upgrade_stored_secrets().await.unwrap(), 0, "done once");

    // A deleted agent's id is not given to the next one, so what was sealed for it opens under no other row.
    let third = console.agents().reserve(Platform::Clawgram, "shrimp", None).await.unwrap();
    assert_eq!(third, 3);
    console.agents().forget(third).await.unwrap();
    assert_eq!(console.agents().reserve(Platform::Clawgram, "prawn", None).await.unwrap(), 4);
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[tokio::test]
async fn the_data_directory_the_database_and_its_journal_are_the_owner_s_alone() {
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("data");
    create_data_dir(&data).unwrap();
    assert_eq!(mode(&data), 0o700);
    let store = Store::open(&data).await.unwrap();
    sqlx::query("INSERT INTO console_settings (key, value, updated_at) VALUES ('time_zone', 'UTC', 0)")
        .execute(store.pool())
        .await
        .unwrap();
    for file in [DATABASE_FILE, "clawdesk.db-wal", "clawdesk.db-shm"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
}

#[tokio::test]
async fn a_data_directory_or_database_others_can_read_is_refused_with_the_chmod_that_fixes_it() {
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("data");
    create_data_dir(&data).unwrap();
    Store::open(&data).await.unwrap().pool().close().await;

    set_mode(&data, 0o755);
    let error = create_data_dir(&data).unwrap_err();
    assert!(matches!(error, CoreError::Exposed { mode: 0o755, fix: 0o700, .. }), "{error}");
    assert!(error.to_string().contains(&format!("run `chmod 700 {}`", data.display())), "{error}");

    set_mode(&data, 0o700);
    let database = data.join(DATABASE_FILE);
    set_mode(&database, 0o644);
    let error = Store::open(&data).await.unwrap_err();
    assert!(error.to_string().contains(&format!("run `chmod 600 {}`", database.display())), "{error}");
    set_mode(&database, 0o600);
    Store::open(&data).await.unwrap();
}
