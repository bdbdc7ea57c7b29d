package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
)

// TestWriteBatch: saves in a batch are stored together at its end; a write
// that fails inside is undone alone, the others kept; a batch whose fn
// fails stores nothing; and a context kept past its batch writes alone.
func TestWriteBatch(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	count := func() int {
		t.Helper()
		n, err := db.CountItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var kept context.Context
	err := db.WriteBatch(ctx, func(bctx context.Context) error {
		kept = bctx
		if _, err := db.SaveItem(bctx, testItem("https://baosonla.vn/a", "lũ quét ở Mường La")); err != nil {
			return err
		}
		if n := count(); n != 0 {
			t.Errorf("a reader sees %d items before the batch commits, want 0", n)
		}
		// A write that fails in SQL, half done: its savepoint undoes it.
		werr := db.write(bctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(bctx, `UPDATE items SET title = 'changed'`); err != nil {
				return err
			}
			_, err := tx.ExecContext(bctx, `INSERT INTO no_such_table VALUES (1)`)
			return err
		})
		if werr == nil {
			t.Error("a write into a missing table returned nil")
		}
		if _, err := db.SaveItem(bctx, testItem("https://baosonla.vn/b", "sạt lở ở Sơn La")); err != nil {
			return fmt.Errorf("a save after a failed write in the batch: %w", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d items after the batch, want 2", n)
	}
	items, err := db.Items(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Title == "changed" {
			t.Errorf("item %d kept the failed write's change", it.ID)
		}
	}

	err = failAfterSave(ctx, db, "https://baosonla.vn/c", "mưa đá ở Mộc Châu")
	if !errors.Is(err, errStop) {
		t.Fatalf("WriteBatch returned %v, want fn's error", err)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d items after a batch that failed, want 2: its save is undone", n)
	}

	// The first batch's context, kept: its writes are its own now.
	if _, err := db.SaveItem(kept, testItem("https://baosonla.vn/d", "cháy rừng ở Sông Mã")); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 3 {
		t.Fatalf("%d items after a save through an ended batch's context, want 3", n)
	}
}

// errStop is what failAfterSave's batch, and others, fail with.
var errStop = errors.New("stop")

// failAfterSave runs a batch on ctx that saves an item of url and text,
// then fails; it returns the batch's error.
func failAfterSave(ctx context.Context, db *DB, url, text string) error {
	return db.WriteBatch(ctx, func(bctx context.Context) error {
		if _, err := db.SaveItem(bctx, testItem(url, text)); err != nil {
			return err
		}
		return errStop
	})
}

// TestWriteBatchNested: a WriteBatch inside another joins it; one on the
// context of a batch that has ended is a batch of its own.
func TestWriteBatchNested(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	err := db.WriteBatch(ctx, func(outer context.Context) error {
		if err := db.WriteBatch(outer, func(inner context.Context) error {
			_, err := db.SaveItem(inner, testItem("https://baosonla.vn/a", "lũ quét ở Mường La"))
			return err
		}); err != nil {
			return err
		}
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Fatalf("WriteBatch returned %v", err)
	}
	if n, err := db.CountItems(ctx); err != nil || n != 0 {
		t.Fatalf("%d items (%v) after the outer batch failed, want 0", n, err)
	}

	// A context kept past its batch starts a batch of its own: a failing
	// one stores nothing.
	var kept context.Context
	if err := db.WriteBatch(ctx, func(bctx context.Context) error { kept = bctx; return nil }); err != nil {
		t.Fatal(err)
	}
	err = failAfterSave(kept, db, "https://baosonla.vn/b", "sạt lở ở Sơn La")
	if !errors.Is(err, errStop) {
		t.Fatalf("WriteBatch on a kept context returned %v", err)
	}
	if n, err := db.CountItems(ctx); err != nil || n != 0 {
		t.Fatalf("%d items (%v) after a failed batch on a kept context, want 0", n, err)
	}
}
