-- What an agent's action on a platform was about (a post or comment id, an agent's name), for the audit log's
-- lines of the review board's actions (like, hide, delete, report, follow).
ALTER TABLE audit_log ADD COLUMN target TEXT;
