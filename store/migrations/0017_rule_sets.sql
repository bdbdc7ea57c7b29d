-- 0017_rule_sets: the rule sets nodes that share a store publish, so that a
-- rule edited on one reaches every other (package rules' files, as JSON
-- {path: content}). Only a PostgreSQL store has several nodes; a SQLite
-- store keeps the table empty, so that both schemas have the same tables.
CREATE TABLE rule_sets (
    id           INTEGER PRIMARY KEY,
    version      TEXT NOT NULL,
    files        TEXT NOT NULL,
    published_at TEXT NOT NULL,
    node         TEXT NOT NULL DEFAULT ''
);
