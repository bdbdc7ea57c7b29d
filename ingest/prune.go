package ingest

import (
	"context"
	"fmt"
	"time"

	"mediawatch/store"
)

// PruneStore is what retention needs of the store; store.DB implements it.
type PruneStore interface {
	PlanPrune(ctx context.Context, cutoff time.Time) (store.PrunePlan, error)
	PruneBatch(ctx context.Context, cutoff time.Time, limit int,
		beforeCommit func(ctx context.Context, ids []int64) error) (store.Pruned, error)
}

// IndexDeleter removes items from the search index; index.Index
// implements it.
type IndexDeleter interface {
	Delete(ctx context.Context, ids []int64) error
}

var _ PruneStore = (*store.DB)(nil)

// PruneBatchSize bounds one prune transaction: the store's write lock is
// held while a batch is deleted from the store and the index, and crawls
// wait for it.
const PruneBatchSize = 1000

// pruneBatch is PruneBatchSize; the kill test makes batches small so that
// a kill lands inside one.
var pruneBatch = PruneBatchSize

// PruneResult is what a prune deleted.
type PruneResult struct {
	Items   int
	Flags   int
	Stories int
}

// Cutoff is the moment retention counts from: items first seen before
// now - period go. A period of 0 keeps everything (the zero time).
func Cutoff(now time.Time, period time.Duration) time.Time {
	if period <= 0 {
		return time.Time{}
	}
	return now.Add(-period)
}

// Prune deletes every item retention lets go at cutoff from the store and
// the index (see store.PruneBatch for what is kept), in batches of
// PruneBatchSize, each deleted from the index inside its store
// transaction. progress, if set, hears the running totals after each
// batch. A zero cutoff deletes nothing. It stops between batches when ctx
// ends, with what was done; running it again carries on.
func Prune(ctx context.Context, st PruneStore, idx IndexDeleter, cutoff time.Time, progress func(PruneResult)) (PruneResult, error) {
	var total PruneResult
	if cutoff.IsZero() {
		return total, nil
	}
	deindex := func(ctx context.Context, ids []int64) error {
		if err := idx.Delete(ctx, ids); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		// A batch, once begun, ends whole: interrupted between its index
		// delete and its commit, the store would roll back items the index
		// has already lost, and a running service would not find them
		// until its next start. A batch is bounded; ctx is heard between.
		b, err := st.PruneBatch(context.WithoutCancel(ctx), cutoff, pruneBatch, deindex)
		if err != nil {
			return total, err
		}
		if len(b.IDs) == 0 {
			return total, nil
		}
		total.Items += len(b.IDs)
		total.Flags += b.Flags
		total.Stories += b.Stories
		if progress != nil {
			progress(total)
		}
	}
}
