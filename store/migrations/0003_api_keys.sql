-- 0003_api_keys: API keys. Only the SHA-256 hash of a key is stored (hex);
-- prefix is the key's first 8 characters, shown in lists so that a person
-- can tell keys apart. Times follow 0001's layout; '' is "never".
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT '',
    revoked_at   TEXT NOT NULL DEFAULT ''
);
