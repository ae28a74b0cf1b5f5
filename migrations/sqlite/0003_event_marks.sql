-- The simulator's mark becomes a column: a funnel over simulated events filters on it instead of
-- searching every event's JSON for it.
ALTER TABLE events ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
UPDATE events SET simulated = 1 WHERE properties LIKE '%"simulated":true%';

-- The shop looks its own events up by session (the presenter's view) and by user (a sign-in
-- takes over the anonymous visitor's events); simulated events are only ever read by time, by
-- funnels. Indexing just the shop's own keeps the simulator's writes to three B-trees instead
-- of five. Queries that want these indexes say `simulated = 0`.
-- Every SQLite index entry already ends with the rowid (`seq`), so (session_id) keeps the old
-- order; nothing orders a user's events by time.
DROP INDEX events_by_session;
CREATE INDEX events_by_session ON events (session_id) WHERE simulated = 0;
DROP INDEX events_by_user;
CREATE INDEX events_by_user ON events (user_id) WHERE simulated = 0;
