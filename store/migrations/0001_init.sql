-- 0001_init: the first schema. Times are UTC text in a fixed-width layout
-- (2006-01-02T15:04:05.000000000Z) so that text order is time order; the zero
-- time is stored as ''.

CREATE TABLE sources (
    name             TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    url              TEXT NOT NULL,
    selector         TEXT NOT NULL DEFAULT '',
    interval_seconds REAL NOT NULL DEFAULT 0,
    weight           REAL NOT NULL DEFAULT 1,
    lang             TEXT NOT NULL DEFAULT '',
    keep             TEXT NOT NULL DEFAULT 'all',
    enabled          INTEGER NOT NULL DEFAULT 1,
    allow_private    INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE source_health (
    source               TEXT PRIMARY KEY,
    last_attempt         TEXT NOT NULL DEFAULT '',
    last_success         TEXT NOT NULL DEFAULT '',
    last_error           TEXT NOT NULL DEFAULT '',
    last_error_at        TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_attempt         TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE fetch_state (
    url           TEXT PRIMARY KEY,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    status        INTEGER NOT NULL DEFAULT 0,
    fetched_at    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE items (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    url           TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    published     TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT '',
    image         TEXT NOT NULL DEFAULT '',
    feed_only     INTEGER NOT NULL DEFAULT 0,
    content_hash  TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    first_seen    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX items_content_hash ON items (content_hash);
CREATE INDEX items_first_seen ON items (first_seen);
CREATE INDEX items_source_first_seen ON items (source, first_seen);

CREATE TABLE item_versions (
    item_id      INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '',
    feed_only    INTEGER NOT NULL DEFAULT 0,
    seen_at      TEXT NOT NULL,
    PRIMARY KEY (item_id, version)
);

CREATE TABLE crawl_log (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL,
    source  TEXT NOT NULL DEFAULT '',
    url     TEXT NOT NULL DEFAULT '',
    status  INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX crawl_log_time ON crawl_log (time);
CREATE INDEX crawl_log_source_time ON crawl_log (source, time);
