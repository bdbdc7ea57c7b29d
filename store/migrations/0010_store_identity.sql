-- 0010_store_identity: a random identity given to the store once, when it
-- is created (or, for an older store, when this migration first runs). The
-- search index records the identity of the store it was built from and a
-- start refuses a store that is another one (a replaced or recreated
-- mediawatch.db beside an old index would answer searches with items the
-- store does not hold). A copy of the file (a backup) keeps the identity.
CREATE TABLE store_identity (
    id         TEXT NOT NULL PRIMARY KEY,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO store_identity (id, created_at)
VALUES (lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%S.000000000Z', 'now'));
