package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrSchemaTooNew means the database was migrated by a newer mediawatch than
// this one: opening it could misread or damage data, so Open refuses.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary")

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migration is one numbered SQL file, e.g. migrations/0001_init.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// The two engines' migrations: SQLite's from 0001, PostgreSQL's from a
// baseline that creates the schema of SQLite's version of the same number
// at once. From the baseline on, every version has a file in both.
var (
	sqliteMigrations   = "migrations"
	postgresMigrations = "migrations/postgres"
)

// loadMigrations reads the embedded migrations of dir in version order.
// Their numbers must run on without gaps or repeats: from 1, or, for
// PostgreSQL, from its baseline.
func loadMigrations(dir string) ([]migration, error) {
	names, err := fs.Glob(migrationFS, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %q: name must start with a number and '_'", base)
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	first := 1
	if dir == postgresMigrations && len(ms) > 0 {
		first = ms[0].version
	}
	for i, m := range ms {
		if m.version != first+i {
			return nil, fmt.Errorf("migration %q: expected number %d", m.name, first+i)
		}
	}
	return ms, nil
}

// migrate brings a SQLite store up to date.
func migrate(ctx context.Context, w *sql.DB) error { return migrateWith(ctx, w, sqliteMigrations) }

// migrateWith applies every migration of dir the database lacks, each in
// its own transaction together with its schema_migrations row, so a crash
// leaves the schema at some whole version. A baseline (PostgreSQL's first
// file) applies only to a database without any version.
func migrateWith(ctx context.Context, w *sql.DB, dir string) error {
	ms, err := loadMigrations(dir)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	// In a transaction: on PostgreSQL it takes the write lock, so that
	// nodes starting together create the table once.
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	_, err = tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`)
	if err == nil {
		err = tx.Commit()
	} else {
		_ = tx.Rollback()
	}
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	known := 0
	if len(ms) > 0 {
		known = ms[len(ms)-1].version
	}
	for _, m := range ms {
		if err := applyMigration(ctx, w, m, known); err != nil {
			return err
		}
	}
	// A database already at the newest version still must not be newer.
	return checkNotNewer(ctx, w, known)
}

// applyMigration applies m unless another process already did; the version
// is checked inside the (IMMEDIATE, hence exclusive) transaction.
func applyMigration(ctx context.Context, w *sql.DB, m migration, known int) error {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if current > known {
		return tooNew(current, known)
	}
	if current >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, encodeTime(time.Now()))
	if err != nil {
		return fmt.Errorf("migration %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}

func checkNotNewer(ctx context.Context, w *sql.DB, known int) error {
	current, err := schemaVersion(ctx, w)
	if err != nil {
		return err
	}
	if current > known {
		return tooNew(current, known)
	}
	return nil
}

func tooNew(current, known int) error {
	return fmt.Errorf("%w: database is at schema version %d, this binary knows up to %d; upgrade mediawatch",
		ErrSchemaTooNew, current, known)
}

// querier is what *sql.DB and *sql.Tx share for reads.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
