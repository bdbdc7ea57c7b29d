-- 0006_deliveries: the webhook delivery log, one row per attempt to deliver
-- one event (package notify). Times follow 0001's layout. url is the
-- webhook's address without credentials or query; duration_ms is how long
-- the attempt took. The log is bounded to its newest rows by the store.
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL,
    url         TEXT NOT NULL DEFAULT '',
    attempt     INTEGER NOT NULL CHECK (attempt >= 1),
    status      INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id, attempt);
CREATE INDEX webhook_deliveries_at ON webhook_deliveries (at);
