package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"mediawatch/internal/pgtest"
)

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`UPDATE t SET a = ?1 WHERE b = ?2 OR c = ?1`, `UPDATE t SET a = $1 WHERE b = $2 OR c = $1`},
		{`SELECT '?', "x?" FROM t WHERE a = ?`, `SELECT '?', "x?" FROM t WHERE a = $1`},
		{"SELECT 1 -- what? no\nWHERE a = ?", "SELECT 1 -- what? no\nWHERE a = $1"},
		{`SELECT 'it''s ?' WHERE a = ?`, `SELECT 'it''s ?' WHERE a = $1`},
		{`SELECT 'unterminated ?`, `SELECT 'unterminated ?`},
		{`?`, `$1`},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestClaimSole: one process at a time ingests into a PostgreSQL store;
// the second is told who holds it, and may claim it once the first closes.
func TestClaimSole(t *testing.T) {
	url := pgtest.Database(t)
	ctx := context.Background()
	a, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ClaimSole(ctx, "mediawatch serve, PID 1 on node-a"); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.ClaimSole(ctx, "mediawatch serve, PID 2 on node-b")
	if !errors.Is(err, ErrStoreInUse) || !strings.Contains(err.Error(), "node-a") {
		t.Fatalf("second claim: %v, want ErrStoreInUse naming node-a", err)
	}
	if _, err := b.CountItems(ctx); err != nil { // reading is not refused
		t.Fatalf("read beside the holder: %v", err)
	}
	a.Close()
	if err := b.ClaimSole(ctx, "mediawatch serve, PID 2 on node-b"); err != nil {
		t.Fatalf("claim after the holder closed: %v", err)
	}
}

// TestPostgresRefusesOtherCollation: a database that sorts text by
// language rules would order times, names and cursors differently from
// SQLite, so Open refuses it and says how to create one that fits.
func TestPostgresRefusesOtherCollation(t *testing.T) {
	base := pgtest.Database(t) // a database to connect from
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("mwtest_icu_%d", os.Getpid())
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN'`); err != nil {
		t.Skipf("this PostgreSQL cannot create an ICU database: %v", err)
	}
	defer admin.Exec(ctx, `DROP DATABASE `+name+` WITH (FORCE)`)
	u, _ := url.Parse(base)
	u.Path = "/" + name
	db, err := Open(ctx, u.String())
	if err == nil {
		db.Close()
		t.Fatal("opened a database with an ICU collation")
	}
	if !errors.Is(err, ErrCollation) || !strings.Contains(err.Error(), "createdb --template=template0 --locale=C") {
		t.Fatalf("err = %v, want ErrCollation with the createdb command", err)
	}
}
