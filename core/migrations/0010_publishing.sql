-- Publishing: a post written once for many agents, one target row per agent that carries its own state through
-- dispatch, and each agent's pace and posting slots. Replaces 0002's first sketch of `posts` and
-- `post_targets`, which no console ever wrote to. Times are UTC seconds since the Unix epoch.

DROP TABLE post_targets;
DROP TABLE posts;

CREATE TABLE posts (
    id INTEGER PRIMARY KEY NOT NULL,
    text TEXT NOT NULL,
    -- Space-separated; each is [a-z0-9_] (checked before it is stored), so a space never occurs in one.
    hashtags TEXT NOT NULL DEFAULT '',
    alt_text TEXT,
    sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    owner_influenced INTEGER NOT NULL DEFAULT 0 CHECK (owner_influenced IN (0, 1)),
    created_at INTEGER NOT NULL
);

CREATE TABLE post_images (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE RESTRICT,
    PRIMARY KEY (post_id, position)
);

CREATE TABLE post_targets (
    id INTEGER PRIMARY KEY NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN (
        'scheduled', 'sending', 'sent', 'pending_review', 'rejected', 'failed', 'outcome_unknown', 'cancelled')),
    -- When the owner wants it out.
    due_at INTEGER NOT NULL,
    -- When the dispatcher looks at it next (due_at, or later after a wait, a backoff or a review check).
    next_attempt_at INTEGER NOT NULL,
    -- Sends started, and of those the ones that failed in a way worth retrying (the limit counts these).
    attempts INTEGER NOT NULL DEFAULT 0,
    retries INTEGER NOT NULL DEFAULT 0,
    -- While `sending`: the dispatcher that took it owns it until then; a lapsed lease means outcome unknown.
    lease_until INTEGER,
    attempt_started_at INTEGER,
    idempotency_key TEXT NOT NULL UNIQUE,
    platform_post_id TEXT,
    platform_post_url TEXT,
    sent_at INTEGER,
    -- What the platform (or the network) said when it last failed.
    error_message TEXT,
    error_code TEXT,
    error_hint TEXT,
    error_detail TEXT,
    error_request_id TEXT,
    updated_at INTEGER NOT NULL,
    UNIQUE (post_id, agent_id)
);

CREATE INDEX post_targets_due ON post_targets (state, next_attempt_at);
CREATE INDEX post_targets_by_agent ON post_targets (agent_id, state);

-- Each agent's pace. No row, or a NULL interval, means the default pace.
CREATE TABLE agent_pacing (
    agent_id INTEGER PRIMARY KEY NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    -- The owner's setting: at least this long between two sends; 0 turns pacing off.
    min_interval_seconds INTEGER CHECK (min_interval_seconds >= 0),
    -- The dispatcher's bookkeeping: the agent's next send waits until then (pace, or a platform quota's reset).
    next_free_at INTEGER NOT NULL DEFAULT 0
);

-- "Weekdays 09:00 and 17:00": a local time of a day of the week in the owner's time zone.
CREATE TABLE posting_slots (
    id INTEGER PRIMARY KEY NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    -- ISO: 1 = Monday … 7 = Sunday.
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    minute_of_day INTEGER NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),
    UNIQUE (agent_id, weekday, minute_of_day)
);
