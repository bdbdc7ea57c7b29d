package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestSnapshotWhileWriting copies the store while another goroutine keeps
// saving items: the copy is sound, counts what it holds, and holds a
// prefix of the items (ids 1..n) — one consistent moment.
func TestSnapshotWhileWriting(t *testing.T) {
	sqliteOnly(t, "VACUUM INTO copies the SQLite file")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, path := openTest(t)
	for i := range 200 {
		if _, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint("text ", i))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 200; ctx.Err() == nil; i++ {
			if _, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint("text ", i))); err != nil && ctx.Err() == nil {
				t.Errorf("save: %v", err)
				return
			}
		}
	})
	dst := filepath.Join(t.TempDir(), "copy.db")
	snap, err := SnapshotTo(ctx, path, dst)
	cancel()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if snap.Items < 200 || snap.Stories != snap.Items || snap.Schema < 7 {
		t.Fatalf("snapshot = %+v", snap)
	}
	cp, err := Open(context.Background(), dst)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	checkConsistency(t, cp)
	var maxID int
	if err := cp.r.QueryRow(`SELECT MAX(id) FROM items`).Scan(&maxID); err != nil || maxID != snap.Items {
		t.Errorf("copy holds %d items up to id %d (%v): not a prefix", snap.Items, maxID, err)
	}
	if _, err := SnapshotTo(context.Background(), path, dst); err == nil {
		t.Error("a snapshot over an existing file should be refused")
	}
}

func TestSnapshotCancelledLeavesNoFile(t *testing.T) {
	sqliteOnly(t, "VACUUM INTO copies the SQLite file")
	_, path := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dst := filepath.Join(t.TempDir(), "copy.db")
	if _, err := SnapshotTo(ctx, path, dst); err == nil {
		t.Fatal("a cancelled snapshot should fail")
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("a cancelled snapshot left %s (%v)", dst, err)
	}
}

func TestInspectRefusesDamage(t *testing.T) {
	sqliteOnly(t, "checks copies of the SQLite file")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a database at all, not even close............................................................................"), 0o600)
	if _, err := CheckCopy(context.Background(), bad); err == nil {
		t.Error("Inspect accepted a file that is not a database")
	}
	if _, err := CheckCopy(context.Background(), filepath.Join(dir, "missing.db")); err == nil {
		t.Error("Inspect accepted a missing file")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !os.IsNotExist(err) {
		t.Error("Inspect created the missing file")
	}
}

// TestSnapshotRefusesPostgres: a snapshot and a check of a copy are of the
// SQLite file; asked of a PostgreSQL store they refuse, writing nothing.
func TestSnapshotRefusesPostgres(t *testing.T) {
	ctx := context.Background()
	const store = "postgres://mediawatch@localhost/mediawatch" // never connected to
	dst := filepath.Join(t.TempDir(), "copy.db")
	if _, err := SnapshotTo(ctx, store, dst); !errors.Is(err, ErrNotOnPostgres) {
		t.Errorf("SnapshotTo of a PostgreSQL store: err = %v, want ErrNotOnPostgres", err)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("a refused snapshot left %s (%v)", dst, err)
	}
	if _, err := CheckCopy(ctx, store); !errors.Is(err, ErrNotOnPostgres) {
		t.Errorf("CheckCopy of a PostgreSQL store: err = %v, want ErrNotOnPostgres", err)
	}
}
