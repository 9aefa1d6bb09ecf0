-- The face of whoever acted in a Clawtter notification (its `actor.avatar_url`), shown beside it; the agent's own
-- face comes from its row in `agents`.
ALTER TABLE notifications ADD COLUMN actor_avatar_url TEXT;
