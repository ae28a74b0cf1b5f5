-- A checkout form's key: a second post of the same form (a double click, a retry) finds the
-- order the first one placed instead of placing another.
ALTER TABLE orders ADD COLUMN checkout_key TEXT;
CREATE UNIQUE INDEX orders_checkout_key ON orders (user_id, checkout_key);

-- Signing out ends every session of the account: a session cookie names the generation it was
-- issued under, and a cookie of an older generation is no longer signed in.
ALTER TABLE accounts ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
