package index

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"

	"mediawatch"
)

// SkippedError is what Put returns when it indexed every item but some:
// those it could not index, by id, with why. The index is derived, so a
// caller logs them, counts them and sends them again later; it must not
// stop for them, or one item a library cannot take would stop every batch
// behind it (and, through reconcile, every start).
type SkippedError struct {
	Items map[int64]error
}

// Skipped returns the items left out, by id. ingest finds it through an
// interface, so that it need not import this package.
func (e *SkippedError) Skipped() map[int64]error { return e.Items }

// Error names how many items were left out and the first few.
func (e *SkippedError) Error() string {
	ids := make([]int64, 0, len(e.Items))
	for id := range e.Items {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "index: %d items left out", len(ids))
	for i, id := range ids[:min(len(ids), 3)] {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%sitem %d: %v", sep, id, e.Items[id])
	}
	return b.String()
}

// add notes that item id was left out.
func (e *SkippedError) add(id int64, err error) {
	if e.Items == nil {
		e.Items = map[int64]error{}
	}
	e.Items[id] = err
}

// merge adds o's items to e.
func (e *SkippedError) merge(o *SkippedError) {
	for id, err := range o.Items {
		e.add(id, err)
	}
}

// err is e as an error, or nil when nothing was left out.
func (e *SkippedError) err() error {
	if len(e.Items) == 0 {
		return nil
	}
	return e
}

// safeBuildDoc is buildDoc, with a panic in bleve's field constructors
// turned into the item's error.
func safeBuildDoc(it *mediawatch.Item, pairs *pairSet) (d *document.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("build document: panic: %v", r)
		}
	}()
	return buildDoc(it, pairs)
}

// sendBatch applies deletes and docs to b in one persisted batch. A panic
// inside bleve (a bad document, a damaged segment) is returned as an error.
func sendBatch(b bleve.Index, deletes []string, docs []*document.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("batch: panic: %v", r)
		}
	}()
	bt := b.NewBatch()
	for _, id := range deletes {
		bt.Delete(id)
	}
	for _, d := range docs {
		if err := bt.IndexAdvanced(d); err != nil {
			return err
		}
	}
	return b.Batch(bt)
}

// runAlone sends a refused batch again: the deletes together, then each
// document in a batch of its own. A document refused alone is noted in
// skipped; only a failure that is not one document's (the deletes, a
// cancelled ctx) is returned.
func runAlone(ctx context.Context, b bleve.Index, deletes []string, docs []*document.Document, skipped *SkippedError) error {
	if len(deletes) > 0 {
		if err := sendBatch(b, deletes, nil); err != nil {
			return err
		}
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := sendBatch(b, nil, []*document.Document{d}); err != nil {
			id, perr := strconv.ParseInt(d.ID(), 10, 64)
			if perr != nil {
				return err
			}
			skipped.add(id, err)
		}
	}
	return nil
}

// wrapShard names the shard in err; nil stays nil.
func wrapShard(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("index shard %s: %w", name, err)
}

// analyseAll analyses the words fields of docs (nil ones passed over) on
// every core, as bleve's batch would one by one; it returns the failure of
// each document whose analysis panicked, by index in docs. The fields
// analyse once (sync.Once), so the batch's own analysis then finds them
// done.
func analyseAll(docs []*document.Document) map[int]error {
	var mu sync.Mutex
	var failed map[int]error
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(docs), 1)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(docs); i = int(next.Add(1) - 1) {
				if docs[i] == nil {
					continue
				}
				if err := analyseDoc(docs[i]); err != nil {
					mu.Lock()
					if failed == nil {
						failed = map[int]error{}
					}
					failed[i] = err
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return failed
}

// analyseDoc analyses d's words fields, a panic an error.
func analyseDoc(d *document.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("analyse document: panic: %v", r)
		}
	}()
	for _, f := range d.Fields {
		if w, ok := f.(*wordsField); ok {
			w.Analyze()
		}
	}
	return nil
}
