// Package pgtest gives a test a PostgreSQL database of its own, in the
// cluster MEDIAWATCH_TEST_POSTGRES names (.ci/test starts a throwaway one),
// created with the C collation mediawatch needs and dropped when the test
// ends.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the cluster's URL.
const Env = "MEDIAWATCH_TEST_POSTGRES"

var made atomic.Int64

// Database returns the URL of a new database for t. Without a cluster it
// skips, saying so, or fails under CI=true, where .ci/test always starts
// one.
func Database(t testing.TB) string {
	t.Helper()
	if os.Getenv(Env) == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(Env + " is not set: .ci/test starts a PostgreSQL cluster for this test")
		}
		t.Skip("SKIPPED: needs PostgreSQL — set " + Env + " to a cluster's URL, or run .ci/test, which starts one")
	}
	return Required(t)
}

// Required is Database for a run that asked for PostgreSQL: without a
// cluster it fails, in or out of CI, rather than pass on something else.
func Required(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Fatal("this run asked for PostgreSQL and needs " + Env + ", the URL of a cluster (.ci/test starts one)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test cluster: %v", err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("mwtest_%d_%d", os.Getpid(), made.Add(1))
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
		t.Fatalf("%s: %v", Env, err)
	}
	u.Path = "/" + name
	return u.String()
}
