package store

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
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
	return pgTestDatabase(t)
}

// sqliteOnly skips a test on PostgreSQL, saying why: it is about the
// SQLite file itself (its pragmas, its write-ahead log, a copy of it).
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onPostgres() {
		t.Skipf("SQLite only: %s", why)
	}
}

var pgDatabases atomic.Int64

// pgTestDatabase creates a database for t in the test cluster and returns
// its URL. It fails the test when the cluster is not named: a run asked
// for PostgreSQL and must not pass on SQLite instead.
func pgTestDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv("MEDIAWATCH_TEST_POSTGRES")
	if base == "" {
		t.Fatal("MEDIAWATCH_TEST_STORE=postgres needs MEDIAWATCH_TEST_POSTGRES, the URL of a cluster (.ci/test starts one)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test cluster: %v", err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("mwtest_%d_%d", os.Getpid(), pgDatabases.Add(1))
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop test database: %v", err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("MEDIAWATCH_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
