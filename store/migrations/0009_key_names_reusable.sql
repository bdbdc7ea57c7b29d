-- 0009_key_names_reusable: a key's name is unique among live keys only, so
-- that a revoked name can be given again and `keys rotate` can issue a new
-- key under the old one's name. SQLite cannot drop a column's UNIQUE, so
-- the table is rebuilt as 0003 made it, less that constraint, with the
-- same ids (nothing references them yet; the history names keys by name).
--
-- Why a name stays unambiguous in the history: at any instant at most one
-- live key carries a name (the partial index below), and a key's life is
-- [created_at, revoked_at). A story event's (who, at) therefore names
-- exactly one key: the one called who that was created at or before at
-- and not revoked by then — `keys list` shows both times.
CREATE TABLE api_keys_new (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT '',
    revoked_at   TEXT NOT NULL DEFAULT ''
);
INSERT INTO api_keys_new (id, name, role, hash, prefix, created_at, last_used_at, revoked_at)
    SELECT id, name, role, hash, prefix, created_at, last_used_at, revoked_at FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_new RENAME TO api_keys;
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at = '';
