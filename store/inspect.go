package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
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
//
// path may be a postgres:// URL: the PostgreSQL store is then read in
// read-only transactions (which never wait on its writers' lock), and
// Known is the newest version of PostgreSQL's migrations.
func Inspect(ctx context.Context, path string) (Info, error) {
	name, dir := path, sqliteMigrations
	open := openInspectFile
	if IsPostgresURL(path) {
		name, dir = RedactURL(path), postgresMigrations
		open = openInspectPostgres
	}
	db, err := open(path)
	if err != nil {
		return Info{}, fmt.Errorf("inspect store %q: %w", name, err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*busyTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil { // cannot connect: not a damaged store
		return Info{}, fmt.Errorf("inspect store %q: %w", name, err)
	}
	ms, err := loadMigrations(dir)
	if err != nil {
		return Info{}, fmt.Errorf("load migrations: %w", err)
	}
	info := Info{Known: ms[len(ms)-1].version}
	if info.Schema, err = schemaVersion(ctx, db); err != nil {
		return info, fmt.Errorf("inspect store %q: not a mediawatch store, or damaged: %w", name, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(&info.Items); err != nil {
		return info, fmt.Errorf("inspect store %q: count items: %w", name, err)
	}
	// The key count is a hint for the first start; a schema that keeps keys
	// otherwise leaves it unknown rather than failing the inspection.
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_keys WHERE revoked_at = ''`).Scan(&info.Keys); err != nil {
		info.Keys = -1
	}
	return info, nil
}

// openInspectFile opens the SQLite file at path read-only, failing rather
// than creating it.
func openInspectFile(path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "query_only(1)")
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
	return sql.Open("sqlite", dsn)
}

// openInspectPostgres opens one read-only connection to the PostgreSQL
// store at pgURL; a database that does not exist is an error, not created.
func openInspectPostgres(pgURL string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(pgURL)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(1)
	return db, nil
}
