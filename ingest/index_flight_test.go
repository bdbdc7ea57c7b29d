package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// watchedIndex is the real index, watched: how many Puts run at once,
// and every id it was sent.
type watchedIndex struct {
	*index.Index
	running, most atomic.Int32
	biggest       atomic.Int32 // the most items one Put was sent
	ahead         atomic.Int32 // batches prepared while the one before was not yet put
	prepared      atomic.Int32
	bulk          atomic.Int32 // batches prepared as a bulk's (PrepareBulk)
	putDone       atomic.Int32
	slow          time.Duration // added to each put, to make room for preparing ahead
	mu            sync.Mutex
	sent          map[int64]bool
}

func (w *watchedIndex) Put(ctx context.Context, items []mediawatch.Item) error {
	return w.Prepare(items)(ctx)
}

// Prepare is the real index's, and its put watched like Put; a batch
// prepared before the one before it is put counts in ahead.
func (w *watchedIndex) Prepare(items []mediawatch.Item) func(context.Context) error {
	return w.prepare(w.Index.Prepare(items), items)
}

// PrepareBulk is the real index's, watched as Prepare and counted in bulk.
func (w *watchedIndex) PrepareBulk(items []mediawatch.Item) func(context.Context) error {
	w.bulk.Add(1)
	return w.prepare(w.Index.PrepareBulk(items), items)
}

func (w *watchedIndex) prepare(put func(context.Context) error, items []mediawatch.Item) func(context.Context) error {
	if w.prepared.Add(1)-w.putDone.Load() >= 2 { // the batch before is prepared, not yet put
		w.ahead.Add(1)
	}
	return func(ctx context.Context) error {
		defer w.putDone.Add(1)
		return w.watch(ctx, items, func(ctx context.Context) error {
			time.Sleep(w.slow)
			return put(ctx)
		})
	}
}

func (w *watchedIndex) watch(ctx context.Context, items []mediawatch.Item, put func(context.Context) error) error {
	n := w.running.Add(1)
	defer w.running.Add(-1)
	for m := w.most.Load(); n > m && !w.most.CompareAndSwap(m, n); m = w.most.Load() {
	}
	for m := w.biggest.Load(); int32(len(items)) > m && !w.biggest.CompareAndSwap(m, int32(len(items))); m = w.biggest.Load() {
	}
	w.mu.Lock()
	for _, it := range items {
		w.sent[it.ID] = true
	}
	w.mu.Unlock()
	return put(ctx)
}

// openStoreAndIndex opens a real store and index in a temporary
// directory, closed at the end of the test.
func openStoreAndIndex(t *testing.T) (*store.DB, *index.Index) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	x, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return db, x
}

// TestBatchesInFlightOneAtATime ingests from four goroutines, as a crawl's
// fetchers do, past several full batches: the batches go to the index in
// the background one at a time, and after Flush every stored item is
// indexed and searchable.
func TestBatchesInFlightOneAtATime(t *testing.T) {
	ctx := context.Background()
	db, x := openStoreAndIndex(t)
	idx := &watchedIndex{Index: x, sent: map[int64]bool{}}
	watch, err := textnorm.NewWatchlist(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := New(db, watch, nil, nil).WithIndex(idx, db)
	src := mediawatch.Source{Name: "baosonla", Keep: mediawatch.KeepAll}
	const goroutines, each = 4, IndexBatch * 3 / 4 // 3,000 items: three full batches and a rest
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				a := mediawatch.Article{URL: fmt.Sprintf("https://baosonla.vn/%d/%d", g, i),
					Title: fmt.Sprintf("Tin %d-%d", g, i), Text: fmt.Sprintf("Sơn La, bài số %d của luồng %d.", i, g),
					Published: time.Date(2026, 3, 1+i%28, 8, 0, 0, 0, time.UTC)}
				if _, err := p.Ingest(ctx, src, a); err != nil {
					t.Errorf("ingest %d/%d: %v", g, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if most := idx.most.Load(); most != 1 {
		t.Errorf("%d batches went to the index at once, want one at a time", most)
	}
	if a := idx.ahead.Load(); a != 0 {
		t.Errorf("%d batches were prepared while another was indexed: a crawl's ingest holds one at a time", a)
	}
	if b := idx.bulk.Load(); b != 0 {
		t.Errorf("%d batches were built on every core: a crawl's ingest leaves the other cores to searches", b)
	}
	n, err := db.CountItems(ctx)
	if err != nil || n != goroutines*each {
		t.Fatalf("stored %d (%v), want %d", n, err, goroutines*each)
	}
	if len(idx.sent) != n {
		t.Errorf("%d of %d stored items were sent to the index", len(idx.sent), n)
	}
	if got, err := x.Count(); err != nil || got != uint64(n) {
		t.Errorf("the index holds %d items (%v) after Flush, want %d", got, err, n)
	}
}

// gatedIndex holds every Put until its gate opens, and says when one has
// begun.
type gatedIndex struct {
	*watchedIndex
	gate  chan struct{}
	begun chan struct{} // receives once per Put
}

func (g *gatedIndex) Put(ctx context.Context, items []mediawatch.Item) error {
	return g.Prepare(items)(ctx)
}

func (g *gatedIndex) Prepare(items []mediawatch.Item) func(context.Context) error {
	put := g.watchedIndex.Prepare(items)
	return func(ctx context.Context) error {
		g.begun <- struct{}{}
		<-g.gate
		return put(ctx)
	}
}

// TestStoringGoesOnWhileTheIndexBuilds: while the index holds a batch, the
// pipeline goes on storing up to its bound behind the index, then waits;
// once the index goes on, the batches queued meanwhile follow, in order,
// one at a time and none larger than a batch, and Flush leaves every item
// indexed.
func TestStoringGoesOnWhileTheIndexBuilds(t *testing.T) {
	ctx := context.Background()
	db, x := openStoreAndIndex(t)
	idx := &gatedIndex{watchedIndex: &watchedIndex{Index: x, sent: map[int64]bool{}},
		gate: make(chan struct{}), begun: make(chan struct{}, 100)}
	p := New(db, nil, nil, nil).WithIndex(idx, db)
	const batch, behind = 20, 60
	p.index.batch, p.index.behind = batch, behind
	src := mediawatch.Source{Name: "baosonla", Keep: mediawatch.KeepAll}
	ingest := func(i int) {
		a := mediawatch.Article{URL: fmt.Sprintf("https://baosonla.vn/%d", i), Title: fmt.Sprintf("Tin %d", i),
			Text: fmt.Sprintf("Sơn La, bài số %d.", i)}
		if _, err := p.Ingest(ctx, src, a); err != nil {
			t.Errorf("ingest %d: %v", i, err)
		}
	}
	for i := range batch { // the first batch goes, and is held
		ingest(i)
	}
	<-idx.begun
	// Stored while the index holds the first batch: up to behind more
	// without waiting (this goroutine would hang here otherwise).
	for i := batch; i < batch+behind-1; i++ {
		ingest(i)
	}
	// One more reaches the bound: that ingest waits for the index.
	stored := make(chan struct{})
	go func() { ingest(batch + behind - 1); close(stored) }()
	select {
	case <-stored:
		t.Fatalf("an ingest %d items behind the index did not wait for it", behind)
	case <-time.After(200 * time.Millisecond):
	}
	close(idx.gate)
	<-stored
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if most := idx.most.Load(); most != 1 {
		t.Errorf("%d batches went to the index at once, want one at a time", most)
	}
	if b := idx.biggest.Load(); b > batch {
		t.Errorf("a batch of %d items went to the index, want at most %d", b, batch)
	}
	n := batch + behind
	if got, err := x.Count(); err != nil || got != uint64(n) || len(idx.sent) != n {
		t.Errorf("the index holds %d items (%v), %d were sent, after Flush; want %d", got, err, len(idx.sent), n)
	}
}

// TestImportPreparesTheNextBatchAhead: while an Ahead (import) is open,
// the next batch is read and prepared while one is indexed; the batches
// still reach the index one at a time, in order, and all are indexed.
func TestImportPreparesTheNextBatchAhead(t *testing.T) {
	ctx := context.Background()
	db, x := openStoreAndIndex(t)
	idx := &watchedIndex{Index: x, sent: map[int64]bool{}, slow: 50 * time.Millisecond}
	p := New(db, nil, nil, nil).WithIndex(idx, db)
	p.index.batch, p.index.behind = 10, 1000
	src := mediawatch.Source{Name: "baosonla", Keep: mediawatch.KeepAll}
	q := p.Ahead(ctx)
	const n = 100
	for i := range n {
		a := mediawatch.Article{URL: fmt.Sprintf("https://baosonla.vn/%d", i), Title: fmt.Sprintf("Tin %d", i),
			Text: fmt.Sprintf("Sơn La, bài số %d.", i)}
		if err := q.Add(src, a, func(_ mediawatch.IngestResult, err error) error { return err }); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if idx.ahead.Load() == 0 {
		t.Error("no batch was prepared while another was indexed")
	}
	if idx.bulk.Load() == 0 {
		t.Error("no batch of the import was built as a bulk's (PrepareBulk)")
	}
	if most := idx.most.Load(); most != 1 {
		t.Errorf("%d batches went to the index at once, want one at a time", most)
	}
	if got, err := x.Count(); err != nil || got != n || len(idx.sent) != n {
		t.Errorf("the index holds %d items (%v), %d were sent; want %d", got, err, len(idx.sent), n)
	}
}
