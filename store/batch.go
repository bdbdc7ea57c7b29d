package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// Group commit. Each write — an item saved, its story merged — is one
// transaction of its own, and a commit writes every page the write dirtied
// to the write-ahead log: an item touches the same few index pages as the
// item before it, so storing items one transaction each wrote some twenty
// pages of log an item (bench/scale: 15,000–40,000 pages a second, which
// the checkpoints then copied back). WriteBatch lets a caller that stores
// many items in a row — the pipeline's Ahead, which import uses — put
// them in one transaction, each write in a savepoint of its own, so that
// one write's failure undoes that write only, as it would alone.

// WriteBatch runs fn with a context in which every write of db made with
// that context joins one transaction (one write at a time, whichever
// goroutine makes it), committed when fn returns nil and rolled back
// otherwise (nothing fn wrote is then stored, though each write returned
// nil). A write that fails inside is undone alone and returns its error as
// it would outside a batch; fn decides whether to go on. Inside an open
// batch, WriteBatch joins it.
//
// What a batch has written is visible to its own writes, not to reads
// (those go to other connections) nor to other processes until the commit;
// other writers of db wait for it, so keep a batch short: WriteBatch is for
// a burst of saves, not for work between them. Inside it, write only
// through the batch's context: on SQLite the batch holds the writer's one
// connection, which a write with another context would wait for forever.
func (db *DB) WriteBatch(ctx context.Context, fn func(ctx context.Context) error) error {
	if batchIn(ctx, db) != nil { // already in one: join it
		return fn(ctx)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	b := &batch{db: db, tx: tx}
	ferr := fn(context.WithValue(ctx, batchKey{}, b))
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tx = nil // writes after this one, through a context kept, write alone
	if ferr == nil {
		ferr = b.broken
	}
	if ferr != nil {
		_ = tx.Rollback()
		return ferr
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	db.ckpt.kick()
	db.stmts.prepareMissed(ctx)
	return nil
}

// batch is an open WriteBatch of db.
type batch struct {
	db *DB
	mu sync.Mutex // one write at a time: a context can reach other goroutines
	tx *sql.Tx    // nil once committed or rolled back
	// broken is why a write could not be undone or kept apart: the
	// transaction is then rolled back whole, whatever fn returns.
	broken error
}

type batchKey struct{}

// batchIn returns the open batch of db that ctx carries, or nil: a
// context kept past its batch writes, and starts batches, on its own.
func batchIn(ctx context.Context, db *DB) *batch {
	b, _ := ctx.Value(batchKey{}).(*batch)
	if b == nil || b.db != db {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tx == nil {
		return nil
	}
	return b
}

// write runs fn inside the batch, in a savepoint that is released when fn
// returns nil and rolled back otherwise. ok is false when the batch has
// ended since batchIn found it open: the caller then writes on its own.
func (b *batch) write(ctx context.Context, fn func(tx *sql.Tx) error) (ok bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tx == nil {
		return false, nil
	}
	if b.broken != nil {
		return true, b.broken
	}
	if _, err := b.tx.ExecContext(ctx, `SAVEPOINT write`); err != nil {
		b.broken = fmt.Errorf("write batch: %w", err)
		return true, err
	}
	if err := fn(b.tx); err != nil {
		undo := context.WithoutCancel(ctx)
		_, rerr := b.tx.ExecContext(undo, `ROLLBACK TO write`)
		if rerr == nil {
			_, rerr = b.tx.ExecContext(undo, `RELEASE write`)
		}
		if rerr != nil {
			b.broken = fmt.Errorf("write batch: undoing a failed write: %w", rerr)
		}
		return true, err
	}
	if _, err := b.tx.ExecContext(ctx, `RELEASE write`); err != nil {
		b.broken = fmt.Errorf("write batch: %w", err)
		return true, err
	}
	return true, nil
}
