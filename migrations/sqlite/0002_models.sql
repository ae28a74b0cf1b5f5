-- Trained recommendation models: the newest one for the current catalog is served.
CREATE TABLE models (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    catalog_fingerprint TEXT NOT NULL,
    interactions INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX models_by_catalog ON models (catalog_fingerprint, id);
