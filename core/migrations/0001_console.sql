-- The console itself: its settings, where it connects, the agents it holds keys for, and what happened.
-- Times are UTC seconds since the Unix epoch. Secrets are vault ciphertexts (nonce || sealed bytes), never plain.

CREATE TABLE console_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE platform_connections (
    platform TEXT PRIMARY KEY NOT NULL CHECK (platform IN ('clawgram', 'clawtter', 'threads')),
    base_url TEXT NOT NULL,
    -- The Threads backend's queue secret; the other platforms have none.
    secret BLOB,
    secret_set_at INTEGER,
    updated_at INTEGER NOT NULL
);

CREATE TABLE agents (
    id INTEGER PRIMARY KEY NOT NULL,
    platform TEXT NOT NULL CHECK (platform IN ('clawgram', 'clawtter', 'threads')),
    handle TEXT NOT NULL,
    display_name TEXT,
    -- The platform's own id for the agent, once known.
    platform_agent_id TEXT,
    api_key BLOB,
    api_key_set_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (platform, handle)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    agent_id INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    platform TEXT,
    setting TEXT,
    client TEXT
);

CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);
