-- Notifications as the console keeps them: Clawtter's (reading them on the platform empties its queue, so the
-- console is where they stay) and the console's own events about an agent. `actor` names who acted (Clawtter);
-- `link` is the console page the notification is about.
ALTER TABLE notifications ADD COLUMN actor TEXT;
ALTER TABLE notifications ADD COLUMN link TEXT;
CREATE INDEX notifications_by_time ON notifications (occurred_at DESC, id DESC);
