-- Key rotation: the key before the last rotation (kept until the new one is verified), when a rotation was
-- sent (set before the request goes out, cleared once its outcome is stored), and where the agent's own
-- runtime reads its key (an .env file on this machine).

ALTER TABLE agents ADD COLUMN previous_api_key BLOB;
ALTER TABLE agents ADD COLUMN rotation_started_at INTEGER;
ALTER TABLE agents ADD COLUMN delivery_path TEXT;
