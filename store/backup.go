package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Snapshot is what a copy of the store holds: the schema version it was
// migrated to and how many items, flags and stories it keeps. A backup's
// manifest carries it, and a restore checks the copy against it.
type Snapshot struct {
	Identity string `json:"identity,omitempty"` // the store's identity; empty before migration 0010
	Schema   int    `json:"schema"`
	Items    int    `json:"items"`
	Flags    int    `json:"flags"`
	Stories  int    `json:"stories"`
}

// SnapshotTo writes a consistent copy of the SQLite store at src to dst
// (which must not exist) with VACUUM INTO, and returns what the copy holds.
//
// It opens its own connection and neither migrates nor writes src, so it
// runs beside a service that is writing: in WAL mode VACUUM INTO reads one
// snapshot of the database in a read transaction while writers go on, and
// the copy is a compact database with no WAL of its own. A cancelled ctx
// interrupts the copy; dst is then removed. The copy is checked with
// quick_check before it is counted.
//
// A PostgreSQL store (src a postgres:// URL) is refused with
// ErrNotOnPostgres: pg_dump is its snapshot.
func SnapshotTo(ctx context.Context, src, dst string) (Snapshot, error) {
	if IsPostgresURL(src) {
		return Snapshot{}, fmt.Errorf("snapshot: %w", ErrNotOnPostgres)
	}
	if _, err := os.Stat(src); err != nil {
		return Snapshot{}, fmt.Errorf("snapshot: %w", err)
	}
	if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
		return Snapshot{}, fmt.Errorf("snapshot: %s already exists", dst)
	}
	s, err := vacuumInto(ctx, src, dst)
	if err != nil {
		os.Remove(dst)
		return Snapshot{}, fmt.Errorf("snapshot: %w", err)
	}
	return s, nil
}

func vacuumInto(ctx context.Context, src, dst string) (Snapshot, error) {
	// Not query_only: SQLite counts VACUUM INTO as a write, though it only
	// reads src.
	db, err := openPlain(src, false)
	if err != nil {
		return Snapshot{}, err
	}
	defer db.Close()
	abs, err := filepath.Abs(dst)
	if err != nil {
		return Snapshot{}, err
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		return Snapshot{}, fmt.Errorf("vacuum into %s: %w", dst, err)
	}
	return CheckCopy(ctx, dst)
}

// CheckCopy checks the integrity of the store file at path (quick_check)
// and counts what it holds, without migrating or writing it. Restore
// calls it on the file taken out of an archive before anything else
// opens it. A postgres:// URL is refused with ErrNotOnPostgres.
func CheckCopy(ctx context.Context, path string) (Snapshot, error) {
	if IsPostgresURL(path) {
		return Snapshot{}, fmt.Errorf("check store: %w", ErrNotOnPostgres)
	}
	if _, err := os.Stat(path); err != nil { // opening would create it
		return Snapshot{}, fmt.Errorf("check store: %w", err)
	}
	db, err := openPlain(path, true)
	if err != nil {
		return Snapshot{}, err
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil {
		return Snapshot{}, fmt.Errorf("check %s: %w", path, err)
	}
	if check != "ok" {
		return Snapshot{}, fmt.Errorf("check %s: %s", path, check)
	}
	var s Snapshot
	if s.Schema, err = schemaVersion(ctx, db); err != nil {
		return Snapshot{}, err
	}
	err = db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM flags),
		(SELECT COUNT(*) FROM stories)`).Scan(&s.Items, &s.Flags, &s.Stories)
	if err != nil {
		return Snapshot{}, fmt.Errorf("count %s: %w", path, err)
	}
	// A copy made before migration 0010 has no identity; that is no damage.
	_ = db.QueryRowContext(ctx, `SELECT id FROM store_identity LIMIT 1`).Scan(&s.Identity)
	return s, nil
}

// openPlain opens one connection on the database at path without the
// store's migrations; readOnly makes it query_only.
func openPlain(path string, readOnly bool) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	db, err := openPool(abs, readOnly)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// KnownSchema is the newest schema version this binary migrates to: a
// copy at a higher one was made by a newer mediawatch and is refused.
func KnownSchema() (int, error) {
	ms, err := loadMigrations(sqliteMigrations)
	return len(ms), err
}
