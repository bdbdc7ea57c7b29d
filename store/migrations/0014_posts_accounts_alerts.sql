-- Issue 13: posts of social sources and the accounts behind them, the
-- health state the silence rule judges, and the alerts sent before the
-- morning report.

-- Accounts (the key opinion leaders): one row per platform and handle.
-- audience is followers or subscribers where public, 0 when unknown.
CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    handle     TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    audience   INTEGER NOT NULL DEFAULT 0,
    watched    INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    UNIQUE (platform, handle)
);

-- A post is an item with a platform other than 'news', an author account,
-- the platform's id for it, views, the account it was forwarded from and
-- the canonical URL of the first news link it shares.
ALTER TABLE items ADD COLUMN platform TEXT NOT NULL DEFAULT 'news';
ALTER TABLE items ADD COLUMN account_id INTEGER REFERENCES accounts (id);
ALTER TABLE items ADD COLUMN post_id TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN views INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN forwarded_from TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN shared_url TEXT NOT NULL DEFAULT '';
CREATE INDEX items_account_first_seen ON items (account_id, first_seen) WHERE account_id IS NOT NULL;
CREATE INDEX items_shared_url ON items (shared_url) WHERE shared_url != '';

-- The health state last judged and since when: a change is an alert.
ALTER TABLE source_health ADD COLUMN state TEXT NOT NULL DEFAULT '';
ALTER TABLE source_health ADD COLUMN state_since TEXT NOT NULL DEFAULT '';

-- Alerts, each once by its event id (key); mailed_at is when the batched
-- e-mail that listed it went out ('' while waiting for the next batch).
CREATE TABLE alerts (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    at        TEXT NOT NULL,
    body      TEXT NOT NULL,
    mailed_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_kind_at ON alerts (kind, at);
CREATE INDEX alerts_unmailed ON alerts (at) WHERE mailed_at = '';
