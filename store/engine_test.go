package store

import (
	"os"
	"path/filepath"
	"testing"

	"mediawatch/internal/pgtest"
)

// The store's tests run on both engines. By default they open SQLite files;
// with MEDIAWATCH_TEST_STORE=postgres each test gets a database of its own
// in the PostgreSQL cluster MEDIAWATCH_TEST_POSTGRES names (.ci/test starts
// a throwaway one and runs this package's tests a second time so).

// onPostgres reports whether this run's stores are PostgreSQL databases.
func onPostgres() bool { return os.Getenv("MEDIAWATCH_TEST_STORE") == "postgres" }

// testStorePath is where a test's store lives: a file in dir, or a fresh
// PostgreSQL database dropped when the test ends.
func testStorePath(t testing.TB, dir string) string {
	t.Helper()
	if !onPostgres() {
		return filepath.Join(dir, "mediawatch.db")
	}
	return pgtest.Required(t)
}

// sqliteOnly skips a test on PostgreSQL, saying why: it is about the
// SQLite file itself (its pragmas, its write-ahead log, a copy of it).
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onPostgres() {
		t.Skipf("SQLite only: %s", why)
	}
}
