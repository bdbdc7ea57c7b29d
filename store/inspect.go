package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
)

// Info is what Inspect learns of a store file without changing it.
type Info struct {
	Schema int // the schema version the file is at
	Known  int // the newest version this binary's migrations reach
	Items  int // stored items
	Keys   int // API keys not revoked; -1 when they could not be counted
}

// Inspect opens the store at path read-only, without creating it, without
// migrating it and without waiting on a running service's write lock, and
// reports its schema version and a few counts. It is for `mediawatch
// doctor`, which must not change what it checks.
func Inspect(ctx context.Context, path string) (Info, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Info{}, fmt.Errorf("inspect store %q: %w", path, err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "query_only(1)")
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return Info{}, fmt.Errorf("inspect store %q: %w", path, err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*busyTimeout)
	defer cancel()
	ms, err := loadMigrations()
	if err != nil {
		return Info{}, fmt.Errorf("load migrations: %w", err)
	}
	info := Info{Known: len(ms)}
	if info.Schema, err = schemaVersion(ctx, db); err != nil {
		return info, fmt.Errorf("inspect store %q: not a mediawatch store, or damaged: %w", path, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(&info.Items); err != nil {
		return info, fmt.Errorf("inspect store %q: count items: %w", path, err)
	}
	// The key count is a hint for the first start; a schema that keeps keys
	// otherwise leaves it unknown rather than failing the inspection.
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_keys WHERE revoked_at = ''`).Scan(&info.Keys); err != nil {
		info.Keys = -1
	}
	return info, nil
}
