package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestIdentity: a new store gets a random identity that stays across
// opens; another store has another.
func TestIdentity(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	id, err := db.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("identity %q, want 32 hex digits", id)
	}
	db.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if id2, _ := again.Identity(ctx); id2 != id {
		t.Errorf("identity changed across opens: %q then %q", id, id2)
	}
	other, _ := openTest(t)
	if id3, _ := other.Identity(ctx); id3 == id {
		t.Errorf("two stores share identity %q", id)
	}
}

// TestIdentityForOlderStore: a store made before identities existed (at
// schema 7) gets one when it is migrated.
func TestIdentityForOlderStore(t *testing.T) {
	sqliteOnly(t, "rolls the SQLite schema back to version 9; PostgreSQL's baseline has the identity")
	ctx := context.Background()
	db, path := openTest(t)
	if _, err := db.w.ExecContext(ctx, `DROP TABLE store_identity;
		DROP TABLE users; DROP TABLE sessions; DROP TABLE signin_failures; DROP TABLE audit;
		DROP TABLE saved_searches; ALTER TABLE sources DROP COLUMN display_name;
		DROP INDEX items_account_first_seen; DROP INDEX items_shared_url;
		ALTER TABLE items DROP COLUMN platform; ALTER TABLE items DROP COLUMN account_id;
		ALTER TABLE items DROP COLUMN post_id; ALTER TABLE items DROP COLUMN views;
		ALTER TABLE items DROP COLUMN forwarded_from; ALTER TABLE items DROP COLUMN shared_url;
		DROP TABLE accounts; DROP TABLE alerts;
		ALTER TABLE source_health DROP COLUMN state; ALTER TABLE source_health DROP COLUMN state_since;
		ALTER TABLE items DROP COLUMN pinned; DROP TABLE changes; DROP TABLE rule_sets;
		DROP TABLE source_leases; DROP TABLE host_slots;
		CREATE INDEX items_content_hash ON items (content_hash);
		DELETE FROM schema_migrations WHERE version >= 10`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if id, err := again.Identity(ctx); err != nil || id == "" {
		t.Errorf("identity %q, %v after migrating an older store", id, err)
	}
}

// TestOpenRefusesEmptyFile: a zero-byte store file is a damaged store, not
// a new one; a missing file is a new one.
func TestOpenRefusesEmptyFile(t *testing.T) {
	sqliteOnly(t, "a zero-byte SQLite file")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "mediawatch.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(ctx, path); !errors.Is(err, ErrEmptyFile) {
		if db != nil {
			db.Close()
		}
		t.Fatalf("err = %v, want ErrEmptyFile", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Errorf("the refused file was written: %d bytes", fi.Size())
	}
	os.Remove(path)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("a missing file is a new store: %v", err)
	}
	db.Close()
}
