-- The Agents page reads one page at a time (core/src/agents/list.rs): each order it offers has an index that
-- holds the rows in that order, so a page is read without sorting every agent. Sorting by platform reads the
-- UNIQUE (platform, handle) index the table already has.
CREATE INDEX agents_by_name ON agents (COALESCE(display_name, handle) COLLATE NOCASE, id);
CREATE INDEX agents_by_followers ON agents (follower_count DESC, COALESCE(display_name, handle) COLLATE NOCASE, id);
CREATE INDEX agents_by_last_post ON agents (last_post_at DESC, COALESCE(display_name, handle) COLLATE NOCASE, id);
