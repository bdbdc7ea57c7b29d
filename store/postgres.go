package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A store can live in PostgreSQL instead of the SQLite file: Open takes a
// postgres:// URL. The store's SQL is written once, with SQLite's "?" and
// "?N" placeholders; a connection to PostgreSQL rewrites them to "$N"
// (rebind), converts Go bools to the 0/1 integers both schemas keep, and
// every write transaction first takes one advisory lock, so that writers
// follow each other as SQLite's one writer does — on every node that
// shares the database. The few statements that differ between the two
// engines are chosen by db.pg (dialect.go).

// ErrCollation means a PostgreSQL database does not compare text byte by
// byte, as SQLite does: times, names and cursors would sort differently.
var ErrCollation = errors.New(`PostgreSQL database's collation is not "C"`)

// writeLockKey is the advisory lock every write transaction takes.
const writeLockKey = 0x6d7720_7772 // "mw wr"

// IsPostgresURL reports whether s names a PostgreSQL store rather than a
// SQLite file.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openPostgres opens the PostgreSQL store at url and migrates it.
func openPostgres(ctx context.Context, url string) (*DB, error) {
	redacted := RedactURL(url)
	fail := func(err error) (*DB, error) { return nil, fmt.Errorf("open store %s: %w", redacted, err) }
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fail(err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second // a store that does not answer says so, instead of waiting
	}
	node := newNodeName()
	wcfg := cfg.Copy()
	if wcfg.RuntimeParams == nil {
		wcfg.RuntimeParams = map[string]string{}
	}
	wcfg.RuntimeParams["mediawatch.node"] = node // the change sequence's node of this DB's writes
	w := sql.OpenDB(&pgConnector{inner: stdlib.GetConnector(*wcfg), lockWrites: true})
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	if err := checkCollation(ctx, w); err != nil {
		w.Close()
		return fail(err)
	}
	if err := migrateWith(ctx, w, postgresMigrations); err != nil {
		w.Close()
		return fail(err)
	}
	rcfg := cfg.Copy()
	if rcfg.RuntimeParams == nil {
		rcfg.RuntimeParams = map[string]string{}
	}
	rcfg.RuntimeParams["default_transaction_read_only"] = "on"
	r := sql.OpenDB(&pgConnector{inner: stdlib.GetConnector(*rcfg)})
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(5 * time.Minute)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return fail(err)
	}
	return &DB{
		pg:         true,
		pgcfg:      cfg,
		node:       node,
		w:          w,
		stmts:      stmtCache{db: w},
		r:          r,
		now:        time.Now,
		logKeep:    defaultLogKeep,
		pruneEvery: defaultPruneEvery,
	}, nil
}

// newNodeName names one opened DB in the change sequence: random, so
// that two processes on one machine differ.
func newNodeName() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// checkCollation refuses a database that does not sort text as bytes:
// libc's C locale (C.UTF-8 orders by code point, which is byte order in
// UTF-8), not ICU's, whose locales sort by language rules.
func checkCollation(ctx context.Context, w *sql.DB) error {
	var collate, provider string
	err := w.QueryRowContext(ctx, `SELECT datcollate, datlocprovider::text FROM pg_database WHERE datname = current_database()`).
		Scan(&collate, &provider)
	if err != nil {
		return err
	}
	switch collate {
	case "C", "POSIX", "C.UTF-8", "C.utf8":
		if provider == "c" {
			return nil
		}
	}
	return fmt.Errorf("%w (it is %q, provider %q): create it with createdb --template=template0 --locale=C --encoding=UTF8",
		ErrCollation, collate, provider)
}

// RedactURL is a PostgreSQL URL without its password, for messages.
func RedactURL(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "postgres://…"
	}
	if strings.HasPrefix(cfg.Host, "/") { // a Unix socket's directory
		return fmt.Sprintf("postgres://%s@/%s?host=%s", cfg.User, cfg.Database, cfg.Host)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// pgConnector opens pgx connections that speak the store's SQL.
type pgConnector struct {
	inner      driver.Connector
	lockWrites bool // every transaction takes the write lock first
}

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: conn, lockWrites: c.lockWrites}, nil
}

func (c *pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is a pgx connection that rebinds the store's placeholders.
type pgConn struct {
	driver.Conn
	lockWrites bool
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, rebind(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, rebind(query), args)
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil || !c.lockWrites {
		return tx, err
	}
	if _, err := c.Conn.(driver.ExecerContext).ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`,
		[]driver.NamedValue{{Ordinal: 1, Value: int64(writeLockKey)}}); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return tx, nil
}

func (c *pgConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *pgConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *pgConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// CheckNamedValue passes every value to pgx, a bool as the 0 or 1 the
// schema keeps (SQLite's driver does the same).
func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = int64(0)
		if b {
			nv.Value = int64(1)
		}
		return nil
	}
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// rebind rewrites SQLite's placeholders to PostgreSQL's: "?N" to "$N" and
// each bare "?" to the next "$N". Placeholders inside quotes and comments
// are left alone.
func rebind(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(q[i+1 : j])
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ErrStoreInUse means another mediawatch process that writes items holds
// the PostgreSQL store (ClaimSole).
var ErrStoreInUse = errors.New("another mediawatch node is using this PostgreSQL store")

// soleLockKey is the advisory lock of the one process that runs a
// PostgreSQL store's once-only jobs.
const soleLockKey = 0x6d7720_6e6f // "mw no"

// ClaimSole makes db's process the one that runs the jobs that must run
// once per store (the daily report, retention, the checks), until Close:
// a second one, on this machine or another, gets ErrStoreInUse naming the
// holder (who, as each gives it). A serve that does not hold it still
// crawls its share (LeaseSources) and serves, and tries again (cmd's
// follow.go); a crawl or import process that does not hold it is refused.
// The lock is PostgreSQL's: a node that dies (kill -9, a lost machine)
// drops it with its connection. On SQLite it does nothing: the data
// directory's lock covers the file.
func (db *DB) ClaimSole(ctx context.Context, who string) error {
	if !db.pg {
		return nil
	}
	cfg := db.pgcfg.Copy()
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = who
	pool := sql.OpenDB(&pgConnector{inner: stdlib.GetConnector(*cfg)})
	pool.SetMaxOpenConns(1)
	conn, err := pool.Conn(ctx)
	if err != nil {
		pool.Close()
		return fmt.Errorf("claim store: %w", err)
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, int64(soleLockKey)).Scan(&ok); err != nil {
		conn.Close()
		pool.Close()
		return fmt.Errorf("claim store: %w", err)
	}
	if !ok {
		var holder string
		err := conn.QueryRowContext(ctx, `SELECT a.application_name || COALESCE(' from ' || host(a.client_addr), '')
			FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ?`,
			int64(soleLockKey>>32), int64(soleLockKey&0xffffffff)).Scan(&holder)
		if err != nil {
			holder = "?"
		}
		conn.Close()
		pool.Close()
		return fmt.Errorf("%w (%s)", ErrStoreInUse, holder)
	}
	db.sole, db.solePool = conn, pool
	return nil
}
