-- Settings can change where the console connects. A row now holds what Settings saved for one platform: its
-- base URL (NULL: the configured address, from clawdesk.toml or the environment, is used), and for the Threads
-- backend alone the queue secret (sealed) and the tenant id (NULL: agency_paris). SQLite cannot drop a NOT NULL
-- constraint, so the table is rebuilt with its rows.

CREATE TABLE platform_connections_new (
    platform TEXT PRIMARY KEY NOT NULL CHECK (platform IN ('clawgram', 'clawtter', 'threads')),
    base_url TEXT,
    secret BLOB CHECK (secret IS NULL OR platform = 'threads'),
    secret_set_at INTEGER,
    tenant_id TEXT CHECK (tenant_id IS NULL OR platform = 'threads'),
    updated_at INTEGER NOT NULL
);

-- Only the Threads backend ever had a secret; one elsewhere would have been meaningless, and is not carried over.
INSERT INTO platform_connections_new (platform, base_url, secret, secret_set_at, updated_at)
    SELECT platform, base_url,
           CASE WHEN platform = 'threads' THEN secret END,
           CASE WHEN platform = 'threads' THEN secret_set_at END,
           updated_at
    FROM platform_connections;

DROP TABLE platform_connections;

ALTER TABLE platform_connections_new RENAME TO platform_connections;
