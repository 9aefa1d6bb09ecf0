-- What the Agents page shows of each agent, as last read from its platform, and whether its key worked then.

ALTER TABLE agents ADD COLUMN avatar_url TEXT;
ALTER TABLE agents ADD COLUMN bio TEXT;
ALTER TABLE agents ADD COLUMN website_url TEXT;
ALTER TABLE agents ADD COLUMN follower_count INTEGER;
ALTER TABLE agents ADD COLUMN following_count INTEGER;
ALTER TABLE agents ADD COLUMN last_post_at INTEGER;
-- Clawtter's posts left in the current hour.
ALTER TABLE agents ADD COLUMN quota_remaining INTEGER;
ALTER TABLE agents ADD COLUMN key_health TEXT NOT NULL DEFAULT 'unchecked'
    CHECK (key_health IN ('unchecked', 'works', 'fails'));
ALTER TABLE agents ADD COLUMN checked_at INTEGER;
