-- The shelf a view came from (`feature`) is what funnels filter and group by most, and finding
-- it in each row's JSON was a third of a funnel's read: it gets a column of its own, the
-- property's JSON text as `properties -> '$.feature'` gives it (NULL when the event has none),
-- written with every event from now on and filled here for the events already stored.
ALTER TABLE events ADD COLUMN feature TEXT;
UPDATE events SET feature = properties -> '$.feature' WHERE properties LIKE '%"feature"%';
