package store

import (
	"context"
	"database/sql"
	"time"
)

// In WAL mode with synchronous=NORMAL a commit appends to the write-ahead
// log without an fsync; the fsyncs come when the log is copied back into
// the database, at a checkpoint. SQLite runs one by default inside the
// commit that takes the log past 1,000 pages, so the writer — the ingest
// pipeline's one goroutine — stopped for two fsyncs every hundred-odd
// items (bench/scale, 60,000 items: with synchronous OFF, as a measure of
// that stall, ingest ran 17% faster). The writer's own checkpoint now
// fires only past walAutoPages, as a safety net, and a goroutine with its
// own connection checkpoints shortly after writes, PASSIVE: it never
// blocks the writer or the readers, and a frame it cannot copy yet (a
// reader still needs the older page) waits for the next round.
const (
	// walAutoPages is the writer's automatic checkpoint threshold
	// (4 KiB pages: 40 MB of log).
	walAutoPages = 10000

	// checkpointDelay gathers a burst of commits into one checkpoint.
	checkpointDelay = time.Second
)

// checkpointer runs PASSIVE checkpoints on its own connection after
// writes (kick).
type checkpointer struct {
	db     *sql.DB
	kicks  chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// startCheckpointer starts checkpointing the database behind db, which it
// owns from now on (closed by stop).
func startCheckpointer(db *sql.DB) *checkpointer {
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{db: db, kicks: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	go c.run(ctx)
	return c
}

// kick notes a commit; it never waits.
func (c *checkpointer) kick() {
	if c == nil { // PostgreSQL checkpoints on its own
		return
	}
	select {
	case c.kicks <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run(ctx context.Context) {
	defer close(c.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kicks:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(checkpointDelay):
		}
		// A failure (another process checkpointing, a closing store) is
		// retried after the next write; the safety net covers the rest.
		_, _ = c.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	}
}

// stop ends the goroutine, interrupting a checkpoint in progress, and
// closes its connection.
func (c *checkpointer) stop() error {
	if c == nil {
		return nil
	}
	c.cancel()
	<-c.done
	return c.db.Close()
}
