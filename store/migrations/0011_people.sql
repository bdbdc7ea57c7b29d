-- 0011_people: people who sign in to the web pages, their sessions, failed
-- sign-ins (for the throttle) and the audit log. Times follow 0001's
-- layout; '' is "never".
--
-- name_key is the name in NFC, lower-cased by Go (SQLite's NOCASE folds
-- ASCII only), so that "Lan" and "lan", or "Đức" and "đức", are one
-- person. name keeps the spelling the admin typed.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    lang          TEXT NOT NULL DEFAULT 'vi',
    time_zone     TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_sign_in  TEXT NOT NULL DEFAULT '',
    disabled_at   TEXT NOT NULL DEFAULT ''
);

-- Only the SHA-256 of a session's token is stored: a copy of the database
-- gives no usable cookie.
CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- name is the name_key form of what was typed, known or not.
CREATE TABLE signin_failures (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    address TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX signin_failures_at ON signin_failures (at);

-- The audit log is append-only: no Go method changes or deletes a row, and
-- these triggers refuse it to anything else that tries.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor      TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
