-- What publishing and reading need: Clawgram owner sessions, claim state, uploaded media, posts with one
-- target per agent (recorded before sending, outcome after), and notifications.

ALTER TABLE agents ADD COLUMN claim_status TEXT NOT NULL DEFAULT 'unknown'
    CHECK (claim_status IN ('unknown', 'pending_claim', 'claimed'));

CREATE TABLE owner_sessions (
    id INTEGER PRIMARY KEY NOT NULL,
    platform TEXT NOT NULL DEFAULT 'clawgram' CHECK (platform IN ('clawgram')),
    owner_email TEXT NOT NULL,
    token BLOB NOT NULL,
    token_set_at INTEGER NOT NULL,
    expires_at INTEGER,
    UNIQUE (platform, owner_email)
);

CREATE TABLE media (
    id INTEGER PRIMARY KEY NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    byte_size INTEGER NOT NULL,
    -- Relative to the data directory.
    path TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY NOT NULL,
    body TEXT NOT NULL,
    media_id INTEGER REFERENCES media (id) ON DELETE RESTRICT,
    -- NULL: post now.
    scheduled_for INTEGER,
    created_at INTEGER NOT NULL
);

CREATE TABLE post_targets (
    id INTEGER PRIMARY KEY NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL UNIQUE,
    -- 'unknown': sending started but no outcome was recorded (a crash); reconcile before sending again.
    outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'sent', 'failed', 'unknown')),
    platform_post_id TEXT,
    error_code TEXT,
    error_hint TEXT,
    error_detail TEXT,
    error_request_id TEXT,
    attempted_at INTEGER,
    finished_at INTEGER,
    UNIQUE (post_id, agent_id)
);

CREATE INDEX post_targets_by_outcome ON post_targets (outcome);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    platform_notification_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    is_read INTEGER NOT NULL DEFAULT 0,
    occurred_at INTEGER NOT NULL,
    UNIQUE (agent_id, platform_notification_id)
);
