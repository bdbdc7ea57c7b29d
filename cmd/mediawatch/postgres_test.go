package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mediawatch/config"
)

var pgDatabases atomic.Int64

// postgresDB creates a database for t in the test cluster
// (MEDIAWATCH_TEST_POSTGRES, which .ci/test starts) and returns its URL;
// without a cluster it skips, loudly, or fails under CI=true.
func postgresDB(t *testing.T) string {
	t.Helper()
	base := os.Getenv("MEDIAWATCH_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("MEDIAWATCH_TEST_POSTGRES is not set: .ci/test starts a PostgreSQL cluster for this test")
		}
		t.Skip("SKIPPED: needs PostgreSQL — set MEDIAWATCH_TEST_POSTGRES to a cluster's URL, or run .ci/test, which starts one")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("mwcmd_%d_%d", os.Getpid(), pgDatabases.Add(1))
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if admin, err := pgx.Connect(ctx, base); err == nil {
			admin.Exec(ctx, `DROP DATABASE `+name+` WITH (FORCE)`)
			admin.Close(ctx)
		}
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String()
}

// TestStoreCopyThenServeFromPostgres moves a data directory's store into
// PostgreSQL with `store copy`, then opens the service on it: the index
// stays bound (same identity), searches find what they found, new items
// are stored in PostgreSQL, and a second process on another data
// directory is refused while the first holds the store.
func TestStoreCopyThenServeFromPostgres(t *testing.T) {
	pg := postgresDB(t)
	dir := t.TempDir()
	ctx := context.Background()
	a := testApp(t, dir, func(*config.Config) {})
	if err := ingestN(ctx, a, 0, 40); err != nil {
		t.Fatal(err)
	}
	before := hits(t, a.idx, "Mường La")
	a.Close()

	t.Setenv("MEDIAWATCH_UI_LANG", "en")
	out, errOut, code := runCLI(t, "store", "copy", "--data", dir, "--to", pg)
	if code != 0 || !strings.Contains(out, "both stores agree") || !strings.Contains(out, "items") {
		t.Fatalf("store copy: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	_, errOut, code = runCLI(t, "store", "copy", "--data", dir, "--to", pg)
	if code == 0 || !strings.Contains(errOut, "already a verified copy") {
		t.Fatalf("second copy: exit %d, stderr %s; want it refused", code, errOut)
	}

	b := testApp(t, dir, func(c *config.Config) { c.Store.URL = pg })
	if got := hits(t, b.idx, "Mường La"); len(got) != len(before) || len(got) != 40 {
		t.Fatalf("after the move: %d hits, want the %d of before", len(got), len(before))
	}
	if err := ingestN(ctx, b, 40, 5); err != nil {
		t.Fatal(err)
	}
	if n, err := b.db.CountItems(ctx); err != nil || n != 45 {
		t.Fatalf("PostgreSQL store holds %d items (%v), want 45", n, err)
	}

	cfg, err := testGlobals(ctx, nil).loadConfig(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store.URL = pg
	_, err = openApp(ctx, cfg, b.log)
	if err == nil || !strings.Contains(err.Error(), "another mediawatch process is ingesting") {
		t.Fatalf("a second node on the same store: %v, want it refused", err)
	}
}
