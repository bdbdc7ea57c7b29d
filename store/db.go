package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/jackc/pgx/v5"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"mediawatch"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is the system of record: a SQLite file, or a PostgreSQL database
// (postgres.go). On SQLite it holds two pools on one file: a
// single-connection writer, so that writers queue in Go instead of spinning
// on SQLITE_BUSY, and a read-only pool that WAL lets run beside the writer.
// A DB is safe for concurrent use.
type DB struct {
	pg       bool            // a PostgreSQL store (postgres.go); otherwise SQLite
	pgcfg    *pgx.ConnConfig // PostgreSQL: how to connect
	sole     *sql.Conn       // PostgreSQL: the connection holding ClaimSole's lock
	solePool *sql.DB         // and its pool
	node     string          // PostgreSQL: this DB's name in the change sequence

	w *sql.DB // one connection; every transaction starts with BEGIN IMMEDIATE
	r *sql.DB // query_only connections for reads outside a write transaction

	stmts stmtCache     // the writer's statements that saving an item runs, prepared once
	ckpt  *checkpointer // copies the write-ahead log back into the database (checkpoint.go)

	now func() time.Time // stamps sources.updated_at; a clock tests can pin

	// Crawl log bounds: the log keeps the newest logKeep rows, pruned on the
	// first append of a process and every pruneEvery appends after that.
	logKeep    int
	pruneEvery int64
	appends    atomic.Int64
}

// Crawl log bounds; see DB.AppendCrawlLog.
const (
	defaultLogKeep    = 100_000
	defaultPruneEvery = 1_000
)

// busyTimeout is how long a connection waits for another process's lock
// before failing with SQLITE_BUSY.
const busyTimeout = 5 * time.Second

// Open opens the SQLite database at path, creating it when missing, and
// brings its schema up to date with the embedded migrations. It refuses,
// with an error wrapping ErrSchemaTooNew, a database migrated by a newer
// binary, and with ErrEmptyFile a file of zero bytes (not a new store: a
// damaged one).
//
// path may instead be a postgres:// URL: the store is then that
// PostgreSQL database (postgres.go), migrated likewise.
func Open(ctx context.Context, path string) (*DB, error) {
	if IsPostgresURL(path) {
		return openPostgres(ctx, path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	if err := checkNotEmpty(abs); err != nil {
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	w, err := openPool(abs, false)
	if err != nil {
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer connects first: it is the one that turns WAL on.
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	r, err := openPool(abs, true)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	ck, err := openPool(abs, false)
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	return &DB{
		ckpt:       startCheckpointer(ck),
		w:          w,
		stmts:      stmtCache{db: w},
		r:          r,
		now:        time.Now,
		logKeep:    defaultLogKeep,
		pruneEvery: defaultPruneEvery,
	}, nil
}

// writerCacheKiB bounds the page cache of a connection that writes.
const writerCacheKiB = 128 << 10

// openPool opens a database/sql pool on the file at abs with the pragmas
// every connection needs. The pragmas go in the DSN, not in a later Exec, so
// that every connection the pool ever opens has them.
func openPool(abs string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", walAutoPages))
		// The writer's inserts land at random places of the indexes on
		// URLs and hashes, which outgrow SQLite's default 2 MB of cache
		// at a few hundred thousand items; each miss is a read. Up to
		// writerCacheKiB is kept (it fills only as pages are touched).
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
		// A batch's savepoints journal each page an item changes; in
		// memory rather than in a temporary file (bench/scale at a
		// million items: 2.4 of the store's 17 CPU-seconds a 100,000
		// items were those files' writes).
		q.Add("_pragma", "temp_store(MEMORY)")
		// Write transactions take the write lock at BEGIN, so two of them
		// never deadlock trying to upgrade a read lock.
		q.Set("_txlock", "immediate")
	}
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
	return sql.Open("sqlite", dsn)
}

// Close stops the checkpointer and closes the pools.
func (db *DB) Close() error {
	var sole error
	if db.sole != nil {
		sole = errors.Join(db.sole.Close(), db.solePool.Close())
	}
	return errors.Join(db.ckpt.stop(), db.stmts.close(), db.w.Close(), db.r.Close(), sole)
}

// write runs fn in one write transaction, committing when fn returns nil and
// rolling back otherwise (a cancelled ctx rolls back too).
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if b := batchIn(ctx, db); b != nil { // inside a WriteBatch (batch.go)
		if ok, err := b.write(ctx, fn); ok {
			return err
		}
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.ckpt.kick()
	return nil
}

// timeLayout is fixed-width so that text order is time order in SQL. It
// holds the years 0 to 9999 (in UTC); encodeTime writes the rare instant
// outside them — a date a parser read as 9999-12-31 in a zone west of UTC
// is in year 10000 in UTC — with the year as a signed number, which sorts
// at the far ends and round-trips, so that no date can make a row
// unwritable or unreadable.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// encodeTime renders t as UTC text; the zero time is the empty string.
// Go writes a year outside 0–9999 as "-0001" or "10000" and the rest of
// the layout as usual, which decodeTime reads back.
func encodeTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// decodeTime parses what encodeTime wrote; the empty string is the zero time.
func decodeTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err == nil {
		return t, nil
	}
	if t, ok := decodeFarTime(s); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("decode time %q: %w", s, err)
}

// decodeFarTime parses a time whose year is outside 0–9999: a signed or
// longer year, then the rest of timeLayout.
func decodeFarTime(s string) (time.Time, bool) {
	i := strings.IndexByte(s[min(1, len(s)):], '-') + 1 // the dash after the year
	if i < 1 {
		return time.Time{}, false
	}
	year, err := strconv.Atoi(s[:i])
	if err != nil {
		return time.Time{}, false
	}
	rest, err := time.Parse(timeLayout, "2000"+s[i:]) // a leap year: 29 February parses
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(year, rest.Month(), rest.Day(), rest.Hour(), rest.Minute(), rest.Second(), rest.Nanosecond(), time.UTC), true
}

// checkTimes refuses times outside years 1-9999 in the arguments of a
// query or a change a person asks for: such a bound or stamp is a typing
// error to answer with mediawatch.ErrInvalid. Items are not checked: a
// date from the web is kept as the source gave it (encodeTime holds any).
func checkTimes(ts ...time.Time) error {
	for _, t := range ts {
		if t.IsZero() {
			continue
		}
		if y := t.UTC().Year(); y < 1 || y > 9999 {
			return fmt.Errorf("%w: time %v outside years 1-9999", mediawatch.ErrInvalid, t)
		}
	}
	return nil
}

// timeDecoder decodes several time columns, keeping the first error, so a
// scan function reads as one list.
type timeDecoder struct{ err error }

func (d *timeDecoder) decode(s string) time.Time {
	t, err := decodeTime(s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return t
}

// notFound wraps mediawatch.ErrNotFound with what was looked for, and passes
// other errors through.
func notFound(err error, what string, key any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %v: %w", what, key, mediawatch.ErrNotFound)
	}
	return fmt.Errorf("%s %v: %w", what, key, err)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
