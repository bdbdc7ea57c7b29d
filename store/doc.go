// Package store is the system of record: one SQLite database (modernc.org/sqlite,
// WAL, foreign keys, busy timeout), or one PostgreSQL database shared by
// several nodes (postgres.go), with embedded numbered migrations holding
// sources, per-URL fetch state, source health, items and every version of
// their text, the flags rules raised on those versions, the stories items
// are grouped in and their review history, API keys, and the crawl log.
//
// Nobody outside this package writes SQL. It speaks in the root package's
// types and imports nothing else of mediawatch.
//
// Conventions:
//   - Both engines run the same SQL, written in forms valid in both; the
//     few that differ (JSON lists, SQLite's two-argument MAX and INDEXED
//     BY, date arithmetic) are chosen by db.pg, one fixed text per engine
//     (dialect.go). What is about the SQLite file — SnapshotTo, CheckCopy,
//     the checkpointer — is not done on PostgreSQL: the first two refuse
//     with ErrNotOnPostgres. The tests run on either (engine_test.go);
//     those about the SQLite file skip PostgreSQL.
//   - Migrations are migrations/NNNN_name.sql, applied in order, each in its
//     own transaction with its schema_migrations row. Open refuses a database
//     whose schema is newer than the binary (ErrSchemaTooNew). A migration is
//     never edited once released; a change is a new file.
//   - Times are stored as UTC text in a fixed-width layout
//     (2006-01-02T15:04:05.000000000Z), so text order is time order; the zero
//     time is stored as the empty string and reads back as the zero time.
//     An item's dates are kept whatever their year, as the source gave them:
//     an instant outside years 0–9999 in UTC (9999-12-31 west of UTC) is
//     written with a signed or five-digit year, which sorts at the far ends
//     and reads back. Times a person gives as query bounds or stamps outside
//     years 1–9999 are refused with mediawatch.ErrInvalid.
//   - All writes go through one connection whose transactions begin
//     IMMEDIATE, so writers in this process queue in Go and writers in other
//     processes wait on busy_timeout instead of deadlocking; reads use a
//     separate read-only pool that WAL lets run beside the writer.
//   - Every multi-row change (an item, its version and its flags; a source
//     sync) is one transaction, so a crash or a cancelled context leaves it
//     wholly done or not at all.
//   - Every version of an item has its row in item_versions, the current
//     one included, but the current version's title and text are written
//     once, on the item row: its version row leaves them empty until an
//     edit replaces it and moves them there (insertVersion). Reads of a
//     version take a current one's from the item (versionTitle,
//     versionText), which also reads a store from before, whose current
//     versions hold a copy.
//   - A flag is about one item version (a foreign key to item_versions), one
//     per (version, rule). An item's RuleIDs and Severity are not stored on
//     the item: every read derives them from the flags of its current
//     version (one extra query per read or per page), so they cannot drift.
//   - "An item's date", for ItemsSince and story candidates as for the
//     index, is when it was published if that is believable, else when it
//     was first seen (mediawatch.Item.EffectiveDate, written out in SQL).
//   - Each store has a random identity (store_identity, migration 0010),
//     made once at creation or at that migration, which the search index
//     records so that it is never read beside another store. A zero-byte
//     store file is refused (ErrEmptyFile): SQLite would take it for a new,
//     empty database, and a store emptied by a full disk or a bad copy would
//     start silently empty beside an index that still lists its items.
//   - The crawl log is bounded to its newest 100,000 lines.
//   - Every item belongs to one story, filed in the item's own transaction
//     (a new story unless the caller names one). Grouping itself is not
//     here: ingest decides, the store keeps each item's signature so that
//     grouping can be rebuilt. A flag's status is always its story's: the
//     transaction that changes a story's status moves its flags, and a new
//     flag takes its story's status. A story's review changes carry the
//     version they were made against and are refused (ErrStaleVersion)
//     when it is no longer current.
//   - Posts (migration 0014) are items with a platform other than news and
//     an author account (accounts: one row per platform and handle). Saving
//     a post upserts its account in the post's transaction; every item read
//     fills its post columns and Account (one query per read or page). A
//     shared link files a new item: a post sharing a stored article joins
//     its story, and an article shared by stored posts joins theirs when
//     grouping found none (posts.go).
//   - An API key's name is unique among live keys only: a revoked name may
//     be given again, and RotateKey revokes the old key at the instant it
//     creates the new one. So at any moment one key at most carries a
//     name, and a story event's (who, at) — history names keys by name —
//     points at exactly one key (migration 0009).
//   - Backups: SnapshotTo copies the database with VACUUM INTO on a
//     connection of its own, without migrating: one read transaction, so a
//     consistent moment beside writers, in this process or another.
//     CheckCopy checks and counts a copy without opening it as a store.
//   - Retention (retention.go): PlanPrune and PruneBatch share one
//     definition of what may go — items first seen and last changed before
//     the cutoff whose story is not protected (open in the queue, in
//     review, flagged or given a verdict since the cutoff). Versions and
//     flags go by the schema's cascades, emptied stories with their
//     history, in transactions of a size the caller bounds.
package store
