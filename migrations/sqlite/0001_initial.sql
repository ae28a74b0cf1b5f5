-- Key/value facts about this database: the catalog it was seeded from, the generated session key.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    has_gender_affinity INTEGER NOT NULL
);

-- `position` keeps the catalog file's order: the "natural order" of category pages.
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    style TEXT NOT NULL,
    description TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    gender_affinity TEXT,
    current_stock INTEGER NOT NULL,
    featured INTEGER NOT NULL,
    promoted INTEGER NOT NULL,
    where_visible TEXT NOT NULL
);

CREATE TABLE shoppers (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    username TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    age INTEGER NOT NULL,
    gender TEXT,
    persona TEXT NOT NULL,
    discount_persona TEXT NOT NULL,
    default_address TEXT
);

-- An account claims the provisional user id its browser had before signing up, so the events
-- and cart of that anonymous shopper carry over without being rewritten.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE cart_lines (
    user_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, product_id)
);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    total_cents INTEGER NOT NULL,
    ship_name TEXT NOT NULL,
    ship_email TEXT NOT NULL,
    ship_address1 TEXT NOT NULL,
    ship_address2 TEXT NOT NULL,
    ship_city TEXT NOT NULL,
    ship_state TEXT NOT NULL,
    ship_zipcode TEXT NOT NULL,
    ship_country TEXT NOT NULL
);
CREATE INDEX orders_by_user ON orders (user_id, created_at);

-- Lines keep the name and price paid, so an order reads the same after the catalog changes.
CREATE TABLE order_lines (
    order_id TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- `event_id` is unique so that a batch written twice (a retry, or two instances) lands once.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    user_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    item_id TEXT,
    occurred_at INTEGER NOT NULL,
    properties TEXT NOT NULL
);
CREATE INDEX events_by_time ON events (occurred_at);
CREATE INDEX events_by_session ON events (session_id, seq);
CREATE INDEX events_by_user ON events (user_id, occurred_at);
