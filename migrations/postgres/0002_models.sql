-- Trained recommendation models: the newest one for the current catalog is served.
CREATE TABLE models (
    id BIGSERIAL PRIMARY KEY,
    created_at BIGINT NOT NULL,
    catalog_fingerprint TEXT NOT NULL,
    interactions BIGINT NOT NULL,
    data BYTEA NOT NULL
);
CREATE INDEX models_by_catalog ON models (catalog_fingerprint, id);
