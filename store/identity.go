package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrEmptyFile means the store's file exists but holds nothing (zero bytes,
// and no write-ahead log beside it that SQLite would recover from). SQLite
// would take it for a new, empty database, so a store truncated by a full
// disk, a bad copy or an editor would start silently empty beside an index
// that still lists its items, and new items would reuse their ids. Open
// refuses it instead: the file must be restored from a backup, or removed
// to start a new store on purpose.
var ErrEmptyFile = errors.New("store file is empty")

// checkNotEmpty refuses the file at abs if it exists with zero bytes and no
// write-ahead log. A missing file is a new store.
func checkNotEmpty(abs string) error {
	fi, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Size() > 0 || fi.IsDir() {
		return nil
	}
	if wal, err := os.Stat(abs + "-wal"); err == nil && wal.Size() > 0 {
		return nil
	}
	return fmt.Errorf("%w: %s has 0 bytes", ErrEmptyFile, abs)
}

// Identity returns the store's identity: a random id given to it once, at
// creation or at the migration that introduced it (0010_store_identity).
// The search index records it (index.Index.BindStore), so that an index
// is never read beside another store than the one it was built from. A
// copy of the file keeps it.
func (db *DB) Identity(ctx context.Context) (string, error) {
	var id string
	if err := db.r.QueryRowContext(ctx, `SELECT id FROM store_identity LIMIT 1`).Scan(&id); err != nil {
		return "", fmt.Errorf("store identity: %w", err)
	}
	return id, nil
}

// SyncPoint names the state of the store's searchable content: its
// identity, its item count, its newest item version and its newest flag.
// Storing an item, a version or a flag, or deleting items, changes it;
// reading, reviewing a story or grouping does not. The data directory
// writes it beside the index at a clean stop, so that a start that finds
// it unchanged knows the index is in step with the store without reading
// every item (issue 14: a million items took the start-up's reconcile
// past a minute). Cheap: a count and two index lookups.
//
// On PostgreSQL, item_versions has no rowid to name the newest version
// by, and nothing else grows with every version stored: the sync point
// counts the versions instead (a second count), and names the newest item
// by its id, which an identity never gives twice — so that deleting an
// item and storing another, or a version of another, still changes it.
func (db *DB) SyncPoint(ctx context.Context) (string, error) {
	id, err := db.Identity(ctx)
	if err != nil {
		return "", err
	}
	if db.pg {
		var items, newest, versions, flag int64
		err = db.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM items), (SELECT COALESCE(MAX(id), 0) FROM items),
			(SELECT COUNT(*) FROM item_versions), (SELECT COALESCE(MAX(id), 0) FROM flags)`).
			Scan(&items, &newest, &versions, &flag)
		if err != nil {
			return "", fmt.Errorf("store sync point: %w", err)
		}
		return fmt.Sprintf("store=%s items=%d newest=%d versions=%d flag=%d", id, items, newest, versions, flag), nil
	}
	var items, version, flag int64
	err = db.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM items),
		(SELECT COALESCE(MAX(rowid), 0) FROM item_versions), (SELECT COALESCE(MAX(id), 0) FROM flags)`).
		Scan(&items, &version, &flag)
	if err != nil {
		return "", fmt.Errorf("store sync point: %w", err)
	}
	return fmt.Sprintf("store=%s items=%d version=%d flag=%d", id, items, version, flag), nil
}
