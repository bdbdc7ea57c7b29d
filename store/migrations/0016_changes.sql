-- 0016_changes: the change sequence, by which the nodes that share a store
-- keep their own search indexes up to date (store.Changes). Only a
-- PostgreSQL store has several nodes, so only there does the database fill
-- it (migrations/postgres/0016_changes.sql); a SQLite store keeps the table
-- empty, so that both schemas have the same tables.
CREATE TABLE changes (
    seq     INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL,
    node    TEXT NOT NULL DEFAULT ''
);
