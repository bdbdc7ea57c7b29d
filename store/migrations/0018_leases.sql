-- 0018_leases: how the nodes that share a store share the crawl. A node
-- crawls a source while it holds the source's lease (source_leases), which
-- it renews while it crawls and which another node may take once it has
-- expired; a host's next allowed request is in host_slots, so that the
-- host delay holds across nodes. Only a PostgreSQL store has several
-- nodes; a SQLite store keeps both tables empty, so that both schemas have
-- the same tables.
CREATE TABLE source_leases (
    source TEXT PRIMARY KEY,
    node   TEXT NOT NULL DEFAULT '',
    until  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE host_slots (
    host       TEXT PRIMARY KEY,
    node       TEXT NOT NULL DEFAULT '',
    held_until TEXT NOT NULL DEFAULT '',
    next_at    TEXT NOT NULL DEFAULT ''
);
