-- Experiments between recommendation strategies on one shelf. The definition (variations, plan,
-- interleaving method, bandit floor) is one JSON document; what the shop filters on has columns.
CREATE TABLE experiments (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    shelf TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    salt TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    stopped_at BIGINT
);
-- One running experiment per shelf, whichever instance or command starts it.
CREATE UNIQUE INDEX experiments_one_running_per_shelf ON experiments (shelf) WHERE status = 'running';

-- A bandit's allocation, one row per period: the first instance to compute a period writes it
-- and every instance serves it, so several instances split traffic alike. The rows are also the
-- allocation's history on the results page.
CREATE TABLE experiment_allocations (
    experiment_id BIGINT NOT NULL REFERENCES experiments (id),
    period BIGINT NOT NULL,
    computed_at BIGINT NOT NULL,
    shares TEXT NOT NULL,
    PRIMARY KEY (experiment_id, period)
);
