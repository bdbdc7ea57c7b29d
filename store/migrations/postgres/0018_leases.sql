-- 0018_leases: the crawl shared among nodes. source_leases: the node
-- crawling a source holds its lease until `until`, renewing it while it
-- crawls; a lease past its time (a dead node's) is taken by the next node
-- that finds the source due (store.LeaseSources, FOR UPDATE SKIP LOCKED).
-- host_slots: one request to a host at a time across nodes, the next no
-- sooner than next_at (store.TakeHost); a slot held past held_until (a
-- node that died mid-request) is free again.
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
