package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// txn is what the helpers of the write path need of a transaction: a
// *sql.Tx, or a cachedTx that runs them with statements prepared once.
type txn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// maxCachedStmts bounds the statements a stmtCache keeps: the write path
// has a few dozen fixed ones; a statement past the bound (none today) is
// prepared per use, as without a cache.
const maxCachedStmts = 128

// stmtCache keeps the writer's statements prepared. Saving an item runs
// some ten statements, and preparing each anew cost a third of the
// store's CPU time per item (issue 14's profile); the writer pool has one
// connection, on which each statement stays prepared for the life of the
// DB. A statement cannot be prepared on that connection while a
// transaction holds it (database/sql would wait for a free connection
// forever), so one met in a transaction runs unprepared there and is
// prepared after the commit (prepareMissed), for the next. Only fixed
// query texts come here: one built with a variable number of parameters
// would fill it.
type stmtCache struct {
	db     *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	missed map[string]bool // met in a transaction, to prepare after it
	closed bool
}

// get returns the prepared statement for query, or nil when it is not
// prepared yet (it then will be by the next prepareMissed, unless the
// cache is full).
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s
	}
	if len(c.m)+len(c.missed) < maxCachedStmts {
		if c.missed == nil {
			c.missed = map[string]bool{}
		}
		c.missed[query] = true
	}
	return nil
}

// prepareMissed prepares the statements get missed, with no transaction
// open on the writer. One that fails to prepare is left out: the query
// then runs unprepared, and meets its error there.
func (c *stmtCache) prepareMissed(ctx context.Context) {
	c.mu.Lock()
	missed := c.missed
	c.missed = nil
	c.mu.Unlock()
	// Not under mu: preparing waits for the writer's connection, which a
	// transaction on another goroutine may hold while it calls get.
	for q := range missed {
		s, err := c.db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, dup := c.m[q]; dup || c.closed {
			s.Close()
		} else {
			if c.m == nil {
				c.m = map[string]*sql.Stmt{}
			}
			c.m[q] = s
		}
		c.mu.Unlock()
	}
}

// close closes the statements kept.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, s := range c.m {
		errs = append(errs, s.Close())
	}
	c.m, c.closed = nil, true
	return errors.Join(errs...)
}

// cachedTx is a write transaction whose statements come from a stmtCache
// (tx.StmtContext reuses a statement already prepared on the transaction's
// connection).
type cachedTx struct {
	tx *sql.Tx
	c  *stmtCache
}

// ExecContext runs query in the transaction.
func (t cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.c.get(query); s != nil {
		return t.tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryRowContext runs query in the transaction for one row.
func (t cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.c.get(query); s != nil {
		return t.tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// QueryContext runs query in the transaction.
func (t cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.c.get(query); s != nil {
		return t.tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

// PrepareContext returns query's statement for the transaction; closing
// it leaves the cached one prepared.
func (t cachedTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	if s := t.c.get(query); s != nil {
		return t.tx.StmtContext(ctx, s), nil
	}
	return t.tx.PrepareContext(ctx, query)
}
