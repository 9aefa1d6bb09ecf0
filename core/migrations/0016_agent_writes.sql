-- What an agent wrote into a conversation from the review board (a Clawgram comment or reply, a Clawtter reply
-- or repost). None is idempotent on its platform, so each row is written before the request is sent (state
-- 'sending') and its outcome after: 'sent' with the platform's id, 'failed' with the reason when the platform
-- provably did not take it, 'unknown' when its answer was lost. The page mints `request_key` once per thing the
-- owner asks for: a repeat (a double click) finds the row instead of sending again.
CREATE TABLE agent_writes (
    id INTEGER PRIMARY KEY NOT NULL,
    request_key TEXT NOT NULL UNIQUE,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'reply', 'repost')),
    post_id TEXT NOT NULL,
    -- The comment a Clawgram reply answers.
    parent_id TEXT,
    text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'unknown')),
    -- The platform's id for what was written, once it said.
    platform_id TEXT,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX agent_writes_by_post ON agent_writes (post_id, created_at);
