package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"mediawatch"
	"mediawatch/store"
)

// ItemsReader reads many stored items by id in one call, with their
// RuleIDs and Severity; store.DB implements it.
type ItemsReader interface {
	ItemsByID(ctx context.Context, ids []int64) ([]mediawatch.Item, error)
}

// Indexer is what ingest needs of the search index; index.Index
// implements it. The index is derived from the store: anything it lacks
// can be sent again.
type Indexer interface {
	// Put indexes or re-indexes items in one batch. When it indexed all
	// but some, its error has a Skipped() map[int64]error method naming
	// those (index.SkippedError): they are sent again later, and never
	// stop the batch, the ingest or the start behind them.
	Put(ctx context.Context, items []mediawatch.Item) error
	// Versions returns the indexed version of each id present.
	Versions(ctx context.Context, ids []int64) (map[int64]int, error)
}

// ItemReader reads stored items back for indexing, with the RuleIDs and
// Severity of their current version; store.DB implements it.
// CurrentVersions walks every item's id and current version without its
// text, for Reconcile.
type ItemReader interface {
	ItemsReader
	CurrentVersions(ctx context.Context, afterID int64, limit int) ([]store.IDVersion, error)
}

// IndexBatch is how many items go to the index at once. Each batch is one
// new segment of its month's shard, and every segment is rewritten by the
// merges that follow, so larger batches cost the index less per item:
// measured with bench/scale at 100,000 items, 4,000 gave 692 items per
// CPU-second end to end against 573 with 1,000 (merges fell from 44 to
// 14 CPU-seconds); 10,000 was no faster and holds more in memory.
const IndexBatch = 4000

// indexQueue collects the ids of items stored since the last flush. The
// store commit comes first: a crash before the flush loses nothing, because
// Reconcile finds what the index lacks at the next start.
//
// A full batch is indexed in the background while the pipeline stores the
// next ones, so that the store's work and the index's overlap. One sender
// at a time indexes batches, in the order they were stored (an item's
// later version after its earlier one): it takes the next full batch
// itself when it is done with one. The pipeline does not wait for it
// unless it falls maxBehind items behind: while the index builds a
// segment, one core's work, the pipeline stores and prepares on the
// other (bench/scale: the writer waiting for the index's batch left a
// core idle for a fifth of the ingest).
type indexQueue struct {
	idx           Indexer
	rd            ItemReader
	batch, behind int // IndexBatch and maxBehind; smaller in tests

	mu    sync.Mutex
	ids   []int64
	retry map[int64]int // items the index left out: the flushes they failed
	// flight is closed when the sender in flight (a background one, or
	// Flush) stops; nil: none is. flightErr is the failures of the
	// background batches since the last queue or Flush reported them.
	// Ingest and Flush run on many goroutines (a crawl's fetchers).
	flight    chan struct{}
	flightErr error
	taken     *sync.Cond // on mu: a batch was taken off the queue, or the sender stopped
	// bulk counts the open Aheads (import): a sender started while one
	// is prepares the next batch while it indexes one, holding two batches'
	// analysed documents at once (bench/scale, 200,000 items: 1,265 →
	// 1,349 items/s, resident 3.0 → 5.2 GB), and builds each batch's
	// segments on every core (PrepareBulk). A crawl's ingest, in serve,
	// keeps to one batch and one core.
	bulk atomic.Int32
}

// maxBehind is how many stored items may wait for the index, a batch
// being indexed, before the pipeline waits for it.
const maxBehind = 3 * IndexBatch

// maxIndexTries is how many flushes try an item the index leaves out
// before it is left to the next start's Reconcile (which tries it again).
const maxIndexTries = 3

// skippedBy returns the items err says an Indexer left out while indexing
// the rest, or nil when err is something else.
func skippedBy(err error) map[int64]error {
	var s interface{ Skipped() map[int64]error }
	if errors.As(err, &s) {
		return s.Skipped()
	}
	return nil
}

// WithIndex makes the pipeline send every kept or updated item to idx, in
// batches of IndexBatch and on Flush.
func (p *Pipeline) WithIndex(idx Indexer, rd ItemReader) *Pipeline {
	q := &indexQueue{idx: idx, rd: rd, batch: IndexBatch, behind: maxBehind}
	q.taken = sync.NewCond(&q.mu)
	p.index = q
	return p
}

// queue notes a stored item and, with a full batch and no sender in
// flight, starts one in the background (see indexQueue). The error is
// that of background batches sent before.
func (p *Pipeline) queue(ctx context.Context, res mediawatch.IngestResult) error {
	if p.index == nil || (res.Outcome != mediawatch.OutcomeKept && res.Outcome != mediawatch.OutcomeUpdated) {
		return nil
	}
	q := p.index
	q.mu.Lock()
	q.ids = append(q.ids, res.ItemID)
	for q.flight != nil && len(q.ids) >= q.behind {
		q.taken.Wait()
	}
	if len(q.ids) >= q.batch && q.flight == nil {
		// The batch outlives the call that filled it: it is not cancelled
		// with that call's context (a crawl's, a request's), and Flush
		// waits for it.
		q.startLocked(context.WithoutCancel(ctx), p.log)
	}
	err := q.flightErr
	q.flightErr = nil
	q.mu.Unlock()
	return err
}

// startLocked takes the queue as a batch and indexes it in the
// background, then each full batch queued meanwhile. The caller holds
// q.mu and has seen no sender in flight.
func (q *indexQueue) startLocked(ctx context.Context, log *slog.Logger) {
	done := make(chan struct{})
	q.flight = done
	ids := q.takeLocked()
	// A sender started during an import prepares ahead until it stops,
	// the import's last batches included.
	bulk := q.bulk.Load() > 0
	go func() {
		cur := q.load(ctx, ids, bulk)
		for {
			// The next full batch is read and prepared while this one is
			// indexed: its documents' analysis fills the cores the
			// segment builds leave idle.
			var next chan loaded
			q.mu.Lock()
			if len(q.ids) >= q.batch && bulk {
				nids := q.takeLocked()
				next = make(chan loaded, 1)
				go func() { next <- q.load(ctx, nids, bulk) }()
			}
			q.mu.Unlock()
			err := q.apply(ctx, cur, log)
			q.mu.Lock()
			q.flightErr = errors.Join(q.flightErr, err)
			switch {
			case next != nil:
				q.mu.Unlock()
				cur = <-next
			case len(q.ids) < q.batch:
				q.flight = nil
				q.taken.Broadcast()
				q.mu.Unlock()
				close(done)
				return
			default:
				nids := q.takeLocked()
				q.mu.Unlock()
				cur = q.load(ctx, nids, bulk)
			}
		}
	}()
}

// takeLocked takes the next batch off the queue — its oldest q.batch ids,
// so that a batch never holds more items in memory than that, however far
// behind the index is — with the items the index left out of earlier
// flushes, and wakes the writers waiting for room. The caller holds q.mu.
func (q *indexQueue) takeLocked() []int64 {
	n := min(len(q.ids), q.batch)
	ids := slices.Clone(q.ids[:n])
	q.ids = slices.Delete(q.ids, 0, n)
	q.taken.Broadcast()
	for id := range q.retry {
		ids = append(ids, id)
	}
	return ids
}

// Flush sends the items stored since the last flush to the index, after
// the batches in flight, and returns once all are indexed, with the
// failures of background batches not reported yet. Callers flush at the
// end of a crawl or import and on a timer while serving. It is itself
// the sender in flight while it sends, so that a batch filled meanwhile
// on another goroutine waits for it.
func (p *Pipeline) Flush(ctx context.Context) error {
	if p.index == nil {
		return nil
	}
	q := p.index
	q.mu.Lock()
	for q.flight != nil {
		f := q.flight
		q.mu.Unlock()
		<-f
		q.mu.Lock()
	}
	done := make(chan struct{})
	q.flight = done
	err := q.flightErr
	q.flightErr = nil
	// What was queued when Flush began; what other goroutines queue
	// while it sends is left to the next batch or flush.
	for left := max(len(q.ids), 1); left > 0; left -= q.batch {
		ids := q.takeLocked()
		q.mu.Unlock()
		err = errors.Join(err, q.send(ctx, ids, p.log))
		q.mu.Lock()
		if ctx.Err() != nil {
			break
		}
	}
	q.flight = nil
	q.taken.Broadcast()
	if len(q.ids) >= q.batch { // filled while Flush sent
		q.startLocked(context.WithoutCancel(ctx), p.log)
	}
	q.mu.Unlock()
	close(done)
	return err
}

// send reads the items ids names from the store and indexes them.
func (q *indexQueue) send(ctx context.Context, ids []int64, log *slog.Logger) error {
	return q.apply(ctx, q.load(ctx, ids, false), log)
}

// loaded is a batch read from the store, its documents prepared when the
// index can (preparer), ready for apply.
type loaded struct {
	ids []int64
	n   int                             // items read
	put func(ctx context.Context) error // nil: nothing to index
	err error                           // reading failed
}

// preparer is an Indexer that does the first part of a Put ahead of the
// rest (index.Index.Prepare): documents built and analysed, while the
// batch before is indexed. PrepareBulk is Prepare for an import's
// batches: its put builds a batch's segments on every core.
type preparer interface {
	Prepare(items []mediawatch.Item) (put func(ctx context.Context) error)
	PrepareBulk(items []mediawatch.Item) (put func(ctx context.Context) error)
}

// load reads the items ids names and prepares their indexing, as a bulk's
// (PrepareBulk) if bulk is set.
func (q *indexQueue) load(ctx context.Context, ids []int64, bulk bool) loaded {
	if len(ids) == 0 {
		return loaded{}
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids))) // an item kept and edited in one batch
	items, err := q.rd.ItemsByID(ctx, ids)
	if err != nil {
		return loaded{err: fmt.Errorf("index: read %d items: %w", len(ids), err)}
	}
	if len(items) != len(ids) {
		return loaded{err: fmt.Errorf("index: %d of %d stored items are missing from the store", len(ids)-len(items), len(ids))}
	}
	l := loaded{ids: ids, n: len(items)}
	switch p, ok := q.idx.(preparer); {
	case ok && bulk:
		l.put = p.PrepareBulk(items)
	case ok:
		l.put = p.Prepare(items)
	default:
		l.put = func(ctx context.Context) error { return q.idx.Put(ctx, items) }
	}
	return l
}

// apply indexes a loaded batch and notes the items the index left out.
func (q *indexQueue) apply(ctx context.Context, l loaded, log *slog.Logger) error {
	if l.err != nil || l.put == nil {
		return l.err
	}
	err := l.put(ctx)
	skipped := skippedBy(err)
	if err != nil && skipped == nil {
		return fmt.Errorf("index %d items: %w", l.n, err)
	}
	q.noteSkipped(l.ids, skipped, log)
	return nil
}

// noteSkipped keeps the items the index left out of a flush of ids for
// the next flush, up to maxIndexTries flushes each, and forgets the rest.
func (q *indexQueue) noteSkipped(ids []int64, skipped map[int64]error, log *slog.Logger) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, id := range ids {
		if _, ok := skipped[id]; !ok {
			delete(q.retry, id)
		}
	}
	for id, err := range skipped {
		if q.retry == nil {
			q.retry = map[int64]int{}
		}
		q.retry[id]++
		if q.retry[id] >= maxIndexTries {
			delete(q.retry, id)
			log.Warn("item still not indexed: left for the next start's reconcile", "item_id", id,
				"tries", maxIndexTries, "error", err)
		}
	}
}

// Reconcile indexes every stored item the index lacks or holds at an older
// version, in id order, and returns how many it indexed. Items the index
// leaves out (Indexer.Put) are passed over, not an error: they are still
// missing at the next Reconcile, which tries them again. progress, if set,
// hears the number of stored items examined so far. It is how the index is
// rebuilt (reindex) and how a crash between a store commit and the index is
// repaired at start.
func Reconcile(ctx context.Context, rd ItemReader, idx Indexer, progress func(examined int)) (int, error) {
	sent, examined := 0, 0
	for after := int64(0); ; {
		page, err := rd.CurrentVersions(ctx, after, IndexBatch)
		if err != nil {
			return sent, err
		}
		if len(page) == 0 {
			return sent, nil
		}
		ids := make([]int64, len(page))
		for i, it := range page {
			ids[i] = it.ID
		}
		have, err := idx.Versions(ctx, ids)
		if err != nil {
			return sent, fmt.Errorf("reconcile: %w", err)
		}
		var staleIDs []int64
		for _, it := range page {
			if v, ok := have[it.ID]; !ok || v < it.Version {
				staleIDs = append(staleIDs, it.ID)
			}
		}
		if len(staleIDs) > 0 {
			// Only what the index lacks is read in full. An item deleted
			// since the walk read its id is simply not there.
			stale, err := rd.ItemsByID(ctx, staleIDs)
			if err != nil {
				return sent, fmt.Errorf("reconcile: read %d items: %w", len(staleIDs), err)
			}
			err = idx.Put(ctx, stale)
			skipped := skippedBy(err) // tried again at the next reconcile
			if err != nil && skipped == nil {
				return sent, fmt.Errorf("reconcile: %w", err)
			}
			sent += len(stale) - len(skipped)
		}
		examined += len(page)
		if progress != nil {
			progress(examined)
		}
		after = page[len(page)-1].ID
	}
}
