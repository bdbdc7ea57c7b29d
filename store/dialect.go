package store

import "errors"

// The store's SQL is written once wherever a form valid in both engines
// reads naturally: SUM over a CASE rather than over a comparison
// (PostgreSQL's comparisons are booleans, not SQLite's 0 and 1), a CASE
// for the larger of two values, a name for every subquery in FROM, ON
// CONFLICT rather than INSERT OR IGNORE. What cannot be written once is
// chosen here by db.pg. Each choice is one fixed text per engine, so that
// the writer's statement cache (stmts.go) keeps one statement per text.

// ErrNotOnPostgres means an operation on the SQLite file itself — a
// snapshot with VACUUM INTO, a check of a copied file — was asked of a
// PostgreSQL store.
var ErrNotOnPostgres = errors.New("not for a PostgreSQL store: back it up with pg_dump; PostgreSQL checks its own integrity")

// intList is a subquery selecting the integers of the JSON array that the
// parameter p ("?", or a numbered "?2") holds, for `id IN (…)`. The
// argument is the same JSON text on both engines.
func (db *DB) intList(p string) string {
	if db.pg {
		return `SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(` + p + ` AS json))`
	}
	return `SELECT value FROM json_each(` + p + `)`
}

// textList is intList for a JSON array of strings.
func (db *DB) textList(p string) string {
	if db.pg {
		return `SELECT value FROM json_array_elements_text(CAST(` + p + ` AS json))`
	}
	return `SELECT value FROM json_each(` + p + `)`
}

// greatest is the larger of the expressions a and b — SQLite's
// two-argument MAX, PostgreSQL's GREATEST — where a CASE would need a
// parameter twice. (Both are NULL-free here: SQLite's MAX would be NULL
// with a NULL, PostgreSQL's GREATEST would ignore it.)
func (db *DB) greatest(a, b string) string {
	if db.pg {
		return `GREATEST(` + a + `, ` + b + `)`
	}
	return `MAX(` + a + `, ` + b + `)`
}

// indexedBy is SQLite's hint to read a table through index, for a query
// whose plan SQLite gets wrong without it (the query says why). PostgreSQL
// has no hints: its planner chooses from the table's statistics.
func (db *DB) indexedBy(index string) string {
	if db.pg {
		return ""
	}
	return ` INDEXED BY ` + index
}

// forUpdate locks the rows a query in a write transaction reads until the
// transaction ends (PostgreSQL's FOR UPDATE). SQLite needs nothing: its
// one writer holds the whole database.
func (db *DB) forUpdate() string {
	if db.pg {
		return ` FOR UPDATE`
	}
	return ""
}

// skipLocked is forUpdate for table's rows that passes over the rows
// another transaction holds instead of waiting for them: the queue
// reader's FOR UPDATE SKIP LOCKED.
func (db *DB) skipLocked(table string) string {
	if db.pg {
		return ` FOR UPDATE OF ` + table + ` SKIP LOCKED`
	}
	return ""
}
