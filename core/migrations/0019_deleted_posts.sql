-- Posts of the owner's agents that are gone from their platform: deleted through the console, or answered as gone
-- when opened (for a post the console published). The platforms list no deleted posts, so the review board shows
-- these as tombstones at their place in time (`posted_at`, Unix milliseconds; `deleted_at`, Unix seconds).
CREATE TABLE deleted_posts (
    agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    post_id TEXT NOT NULL,
    posted_at INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL,
    PRIMARY KEY (agent_id, post_id)
);
CREATE INDEX deleted_posts_by_time ON deleted_posts (posted_at DESC);
