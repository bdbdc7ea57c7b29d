package index

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"

	"mediawatch"
)

// Options tune an index. The zero value is the production setting.
type Options struct {
	// OneShard keeps every item in one bleve index instead of one per
	// month: for measurements and for small installations.
	OneShard bool

	// Watch are the office's watch terms (config `watch`): the pairs of
	// adjacent words in them are indexed as pair terms, so that a phrase
	// of them is one lookup (watchpairs.go). They are part of the layout.
	Watch []mediawatch.WatchTerm

	// SplitBatches builds a large batch as several segments at once, one
	// per core, for a bulk build that has the machine to itself (reindex;
	// an import asks for it batch by batch, PrepareBulk). Left off, a
	// batch is one segment built by the calling goroutine, which leaves
	// the other cores to the searches of serve, where a crawl's batches
	// are indexed. (Measured on batches spanning several months, whose
	// shards' segments were built at once anyway, splitting gained
	// nothing — bench/scale, 100,000 items over 12 months: 718 items per
	// CPU-second against 692 split; reindex 62 s against 58 s split — but
	// on one month's batches, as at a million, see PrepareBulk.)
	SplitBatches bool

	// impactsFrom is the smallest segment whose frequent terms' impacts
	// are kept (0: impactSegment; tests: 1, so that small indexes use
	// the cache too).
	impactsFrom uint64

	// tablesFrom is the smallest segment whose frequent words get position
	// tables (0: posTableFrom; tests: 1); noPositionTables gives none
	// (tests: the postings walk the tables replace).
	tablesFrom       uint64
	noPositionTables bool

	// noColumns leaves facet columns and sort keys undecoded (tests: the
	// doc-values and bleve paths that serve until they are).
	noColumns bool

	// pairs replaces the embedded pair list (tests: a list that covers
	// their corpus). Nil is the embedded list.
	pairs *pairSet
}

// Index is the search index: one bleve index per month behind our own
// narrow API. It is safe for concurrent use.
type Index struct {
	dir   string
	opts  Options
	pairs *pairSet // the word pairs indexed as one term (pairs.go)

	// swap is held shared by every exported operation and exclusively by
	// Replace, which swaps the shards under them (swap.go).
	swap    sync.RWMutex
	mu      sync.RWMutex
	shards  map[string]bleve.Index // by shard name
	closed  bool
	cold    coldShards   // compaction of the shards writes have left
	cols    *colCache    // facet columns of the shards' segments (columns.go)
	impacts *impactCache // decoded impacts of frequent terms (impacts.go)
	// positions are the position tables of words frequent in large
	// segments (positions.go); nil with Options.noPositionTables.
	positions *posCache

	bg   context.Context // the compaction's; cancelled by Close
	stop context.CancelFunc
	wg   sync.WaitGroup
}

// Open opens the index in dir, creating it if missing. An index built
// with another layout is refused with ErrOldLayout; one that cannot be
// read — files missing, a segment bleve fails or panics on — with
// ErrDamaged (damage.go), after every shard was read once.
func Open(dir string, opts Options) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	pairs := opts.pairs
	if pairs == nil {
		pairs = defaultPairs()
	}
	pairs = withWatch(pairs, opts.Watch)
	if err := checkLayout(dir, entries, layout(pairs)); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	x := &Index{dir: dir, opts: opts, pairs: pairs, shards: map[string]bleve.Index{}, cold: newColdShards(), cols: newColCache(), impacts: newImpactCache()}
	if !opts.noPositionTables {
		x.positions = newPosCache(opts.tablesFrom)
	}
	x.bg, x.stop = context.WithCancel(context.Background())
	for _, e := range entries {
		if !e.IsDir() || !shardName.MatchString(e.Name()) {
			continue
		}
		b, err := openShard(filepath.Join(dir, e.Name()))
		if err != nil {
			x.Close()
			return nil, fmt.Errorf("open index shard %s: %w", e.Name(), err)
		}
		b.SetName(e.Name())
		x.shards[e.Name()] = b
		x.cold.wrote(e.Name()) // unknown since when: compacted once writes leave it
	}
	if err := x.verify(context.Background()); err != nil {
		x.Close()
		return nil, fmt.Errorf("open index: %w", err)
	}
	x.warm(slices.Sorted(maps.Keys(x.shards))...)
	return x, nil
}

// runtimeConfig makes a batch return only once it is persisted. Reconcile
// re-sends items a crash lost, but not deletes — an item that moved to
// another month would be found twice — and unsafe batches measured no
// faster (3,474 vs 3,439 items/s at 60,000 items).
func runtimeConfig() map[string]any {
	return map[string]any{"unsafe_batch": false}
}

// Close stops compaction and closes every shard. The index is unusable
// afterwards.
func (x *Index) Close() error {
	x.mu.Lock()
	if x.closed {
		x.mu.Unlock()
		return nil
	}
	x.closed = true
	x.stop()
	x.mu.Unlock()
	x.wg.Wait()
	x.mu.Lock()
	defer x.mu.Unlock()
	errs := []error{x.cold.err}
	for _, b := range x.shards {
		errs = append(errs, b.Close())
	}
	x.shards = nil
	return errors.Join(errs...)
}

// Put indexes items, replacing what the index holds for their ids, in one
// batch per shard touched. An item whose date moved to another month is
// removed from its old shard. An item that cannot be indexed is left out
// and the others indexed: the error is then a *SkippedError naming it.
func (x *Index) Put(ctx context.Context, items []mediawatch.Item) error {
	return x.Prepare(items)(ctx)
}

// Prepare does the first half of Put(items) and returns the second: it
// builds the items' documents and analyses their words — near a third of
// a batch's work (a profile of bench/scale), spread over every core — and
// put finds where they are indexed now and builds the new segments. A
// caller with batches in a row prepares the next while put builds this
// one's segments, one core's work (ingest's index queue); put must follow
// the puts prepared before it, and it is what reads the index, so Prepare
// may run before those.
func (x *Index) Prepare(items []mediawatch.Item) (put func(ctx context.Context) error) {
	return x.prepare(items, x.opts.SplitBatches)
}

// PrepareBulk is Prepare for a bulk of batches in a row (an import): its
// put builds each shard's documents as several segments at once, one per
// core, as Options.SplitBatches does. With a bulk's batches, one month's
// shard each, the segment build of one 4,000-item batch was the single
// core's work the pipeline waited on, and a smaller segment costs less to
// build per document (its dictionary is smaller): bench/scale, 100,000
// items in one month, two rounds alternating, 1,172 / 1,465 items/s
// (696 / 842 per CPU-second) one segment a batch, 1,749 / 1,980 (914 /
// 1,035) split.
func (x *Index) PrepareBulk(items []mediawatch.Item) (put func(ctx context.Context) error) {
	return x.prepare(items, true)
}

// prepare is Prepare, splitting batches when split is set.
func (x *Index) prepare(items []mediawatch.Item, split bool) (put func(ctx context.Context) error) {
	var skipped SkippedError                // items that cannot be indexed: left out, never the batch
	last := make(map[int64]int, len(items)) // an id sent twice: the later wins
	for i := range items {
		last[items[i].ID] = i
	}
	docs := make([]*document.Document, len(items)) // nil: not indexed
	for i := range items {
		if last[items[i].ID] != i {
			continue
		}
		doc, err := safeBuildDoc(&items[i], x.pairs)
		if err != nil {
			skipped.add(items[i].ID, err) // its older version, if any, stays where it is
			continue
		}
		docs[i] = doc
	}
	for i, err := range analyseAll(docs) {
		skipped.add(items[i].ID, err)
		docs[i] = nil
	}
	return func(ctx context.Context) error {
		return x.put(ctx, items, docs, &skipped, split)
	}
}

// put indexes the documents Prepare built for items (nil where an item is
// left out, noted in skipped).
func (x *Index) put(ctx context.Context, items []mediawatch.Item, docs []*document.Document, skipped *SkippedError, split bool) error {
	x.swap.RLock()
	defer x.swap.RUnlock()
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	where, err := x.locate(ctx, ids)
	if err != nil {
		return fmt.Errorf("index put: %w", err)
	}
	ops := map[string]*shardOps{}
	opsOf := func(name string) *shardOps {
		if ops[name] == nil {
			ops[name] = &shardOps{}
		}
		return ops[name]
	}
	for i := range items {
		it := &items[i]
		if docs[i] == nil {
			continue
		}
		name := x.shardOf(it)
		if old, ok := where[it.ID]; ok && old.shard != name {
			o := opsOf(old.shard)
			o.deletes = append(o.deletes, docID(it.ID))
		}
		o := opsOf(name)
		o.docs = append(o.docs, docs[i])
	}
	if err := x.run(ctx, ops, skipped, split); err != nil {
		return err
	}
	return skipped.err()
}

// Delete removes items from the index; ids it does not hold are ignored.
func (x *Index) Delete(ctx context.Context, ids []int64) error {
	x.swap.RLock()
	defer x.swap.RUnlock()
	where, err := x.locate(ctx, ids)
	if err != nil {
		return fmt.Errorf("index delete: %w", err)
	}
	ops := map[string]*shardOps{}
	for id, loc := range where {
		if ops[loc.shard] == nil {
			ops[loc.shard] = &shardOps{}
		}
		ops[loc.shard].deletes = append(ops[loc.shard].deletes, docID(id))
	}
	var skipped SkippedError
	if err := x.run(ctx, ops, &skipped, x.opts.SplitBatches); err != nil {
		return err
	}
	return skipped.err()
}

// shardOps is what one Put or Delete does to one shard.
type shardOps struct {
	docs    []*document.Document
	deletes []string
}

// run applies the operations: each shard's in one or more batches, all at
// once. Scorch builds a batch's segment in the calling goroutine, one
// core's work, so with split (Options.SplitBatches, PrepareBulk) a shard's
// documents are split over up to GOMAXPROCS batches (of at least minSplit
// documents) sent concurrently; each batch is still persisted before run
// returns. The ids of one Put are distinct
// and a shard's deletes are ids indexed elsewhere, so the split batches
// never touch the same document. A batch bleve refuses is sent again one
// document at a time (runAlone), so that one bad document is left out
// (noted in skipped) rather than its whole batch.
func (x *Index) run(ctx context.Context, ops map[string]*shardOps, skipped *SkippedError, split bool) error {
	type job struct {
		b       bleve.Index
		name    string
		docs    []*document.Document
		deletes []string
	}
	var jobs []job
	for name, o := range ops {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := x.shard(name, true)
		if err != nil {
			return err
		}
		parts := 1
		if split {
			parts = max(1, min(runtime.GOMAXPROCS(0), len(o.docs)/minSplit))
		}
		for i := range parts {
			j := job{b: b, name: name, docs: o.docs[i*len(o.docs)/parts : (i+1)*len(o.docs)/parts]}
			if i == 0 {
				j.deletes = o.deletes
			}
			jobs = append(jobs, j)
		}
	}
	errs := make([]error, len(jobs))
	skips := make([]SkippedError, len(jobs))
	do := func(i int) {
		j := jobs[i]
		if err := sendBatch(j.b, j.deletes, j.docs); err == nil || ctx.Err() != nil {
			errs[i] = wrapShard(j.name, err)
			return
		}
		errs[i] = wrapShard(j.name, runAlone(ctx, j.b, j.deletes, j.docs, &skips[i]))
	}
	if len(jobs) == 1 {
		do(0)
	} else {
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for i := range jobs {
			wg.Add(1)
			sem <- struct{}{}
			go func() { defer wg.Done(); do(i); <-sem }()
		}
		wg.Wait()
	}
	names := make([]string, 0, len(ops))
	for name := range ops {
		names = append(names, name)
	}
	x.wrote(names)
	for i := range skips {
		skipped.merge(&skips[i])
	}
	return errors.Join(errs...)
}

// minSplit is the fewest documents worth a batch of their own.
const minSplit = 200

// location is where an id is indexed and at which version.
type location struct {
	shard   string
	version int
}

// locate finds the shard and version of each id the index holds. A panic
// inside bleve (a segment damaged since Open) is an ErrDamaged error.
func (x *Index) locate(ctx context.Context, ids []int64) (_ map[int64]location, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damaged("locate", fmt.Sprintf("panic: %v", r))
		}
	}()
	out := make(map[int64]location, len(ids))
	shards, err := x.all()
	if err != nil || len(shards) == 0 || len(ids) == 0 {
		return out, err
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = docID(id)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(keys), len(keys)*len(shards), 0, false)
	req.Fields = []string{fVersion}
	req.Score = "none"
	indexes := make([]bleve.Index, len(shards))
	for i, s := range shards {
		indexes[i] = s.index
	}
	res, err := bleve.NewIndexAlias(indexes...).SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			continue
		}
		v, _ := h.Fields[fVersion].(string)
		n, _ := strconv.Atoi(v)
		out[id] = location{shard: h.Index, version: n}
	}
	return out, nil
}

// Versions returns the indexed version of each id the index holds, so that
// reconcile can re-send items it lacks or holds at an older version.
func (x *Index) Versions(ctx context.Context, ids []int64) (map[int64]int, error) {
	x.swap.RLock()
	defer x.swap.RUnlock()
	where, err := x.locate(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("index versions: %w", err)
	}
	out := make(map[int64]int, len(where))
	for id, loc := range where {
		out[id] = loc.version
	}
	return out, nil
}

// Count returns the number of items indexed.
func (x *Index) Count() (uint64, error) {
	x.swap.RLock()
	defer x.swap.RUnlock()
	shards, err := x.all()
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, s := range shards {
		c, err := s.index.DocCount()
		if err != nil {
			return 0, fmt.Errorf("index count: %w", err)
		}
		n += c
	}
	return n, nil
}
