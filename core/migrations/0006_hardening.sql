-- Hardening.
-- Ids are never reused. A secret is sealed with its row's id as associated data (`agents:7:api_key`), so a row
-- made after a delete must never get the id of the deleted one: what was sealed for that one (a copied
-- ciphertext, a rescued key) would open under it. SQLite adds AUTOINCREMENT only by rebuilding the table; the
-- console runs its migrations with foreign keys off (store.rs), so dropping the old table neither deletes nor
-- nulls the rows that refer to it, and those rows refer to the rebuilt one once it takes the name.
-- The audit log names the file a key was written to.
-- Fingerprints are stored when a secret is sealed (a keyed hash, vault.rs), so that listing opens no secret; the
-- console fills them in for the secrets stored before (it needs the master key for that).

CREATE TABLE agents_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    platform TEXT NOT NULL CHECK (platform IN ('clawgram', 'clawtter', 'threads')),
    handle TEXT NOT NULL,
    display_name TEXT,
    platform_agent_id TEXT,
    api_key BLOB,
    api_key_set_at INTEGER,
    api_key_fingerprint TEXT,
    created_at INTEGER NOT NULL,
    claim_status TEXT NOT NULL DEFAULT 'unknown' CHECK (claim_status IN ('unknown', 'pending_claim', 'claimed')),
    avatar_url TEXT,
    bio TEXT,
    website_url TEXT,
    follower_count INTEGER,
    following_count INTEGER,
    last_post_at INTEGER,
    quota_remaining INTEGER,
    key_health TEXT NOT NULL DEFAULT 'unchecked' CHECK (key_health IN ('unchecked', 'works', 'fails')),
    checked_at INTEGER,
    previous_api_key BLOB,
    rotation_started_at INTEGER,
    delivery_path TEXT,
    UNIQUE (platform, handle)
);

INSERT INTO agents_new (id, platform, handle, display_name, platform_agent_id, api_key, api_key_set_at, created_at,
                        claim_status, avatar_url, bio, website_url, follower_count, following_count, last_post_at,
                        quota_remaining, key_health, checked_at, previous_api_key, rotation_started_at, delivery_path)
    SELECT id, platform, handle, display_name, platform_agent_id, api_key, api_key_set_at, created_at,
           claim_status, avatar_url, bio, website_url, follower_count, following_count, last_post_at,
           quota_remaining, key_health, checked_at, previous_api_key, rotation_started_at, delivery_path
    FROM agents;

DROP TABLE agents;

ALTER TABLE agents_new RENAME TO agents;

CREATE TABLE owner_sessions_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    platform TEXT NOT NULL DEFAULT 'clawgram' CHECK (platform IN ('clawgram')),
    owner_email TEXT NOT NULL,
    token BLOB NOT NULL,
    token_set_at INTEGER NOT NULL,
    expires_at INTEGER,
    UNIQUE (platform, owner_email)
);

INSERT INTO owner_sessions_new (id, platform, owner_email, token, token_set_at, expires_at)
    SELECT id, platform, owner_email, token, token_set_at, expires_at FROM owner_sessions;

DROP TABLE owner_sessions;

ALTER TABLE owner_sessions_new RENAME TO owner_sessions;

ALTER TABLE platform_connections ADD COLUMN secret_fingerprint TEXT;

-- A key written to a file is audited with the file's path.
ALTER TABLE audit_log ADD COLUMN path TEXT;
