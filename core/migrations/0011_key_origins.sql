-- A key goes only where it came from.
-- Each agent key, and the Threads queue secret, is bound to the origin (scheme://host:port) of the platform address
-- it was registered or imported with; the console sends it to no other origin until the owner confirms the move
-- with the console password. Rows stored before this migration are bound at start-up, in Rust, to the origin then
-- in use (the configured or saved address: SQL does not know it).
-- The audit log names the origin a key was refused for or moved to.

ALTER TABLE agents ADD COLUMN key_origin TEXT;
ALTER TABLE platform_connections ADD COLUMN secret_origin TEXT;
ALTER TABLE audit_log ADD COLUMN origin TEXT;
