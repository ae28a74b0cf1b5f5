-- The event digest: the events again, a block of tens of thousands per row, packed as numbers
-- with each block's own dictionaries of the texts they repeat (`src/db/digest_body.rs`). A
-- funnel reads the blocks its time range touches instead of a row of `events` per event, and
-- the events no block covers yet (the newest) from `events`. It is derived data: a block can be
-- deleted at any time and is built again from `events`.
--
-- A block covers the sequence numbers first_seq..=last_seq; blocks never overlap.
CREATE TABLE event_digest (
    first_seq BIGINT PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    event_count BIGINT NOT NULL,
    -- The earliest and latest `occurred_at` among its events (an empty block: the reverse of
    -- any range, so no funnel reads it).
    earliest BIGINT NOT NULL,
    latest BIGINT NOT NULL,
    body BYTEA NOT NULL
);

-- Raised by every change to stored events (a sign-in's adopted history rewrites user ids), in
-- the same transaction: a digest builder that read events before the change writes nothing.
CREATE TABLE event_digest_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    epoch BIGINT NOT NULL
);
INSERT INTO event_digest_epoch (id, epoch) VALUES (1, 0);
