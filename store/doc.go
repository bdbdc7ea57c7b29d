// Package store is the system of record: one SQLite database (modernc.org/sqlite,
// WAL, foreign keys, busy timeout) with embedded numbered migrations holding
// sources, per-URL fetch state, source health, items and every version of
// their text, and the crawl log.
//
// Nobody outside this package writes SQL. It speaks in the root package's
// types and imports nothing else of mediawatch.
package store
