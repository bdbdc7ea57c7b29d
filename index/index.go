package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"mediawatch"
)

// Options tune an index. The zero value is the production setting.
type Options struct {
	// OneShard keeps every item in one bleve index instead of one per
	// month: for measurements and for small installations.
	OneShard bool
}

// Index is the search index: one bleve index per month behind our own
// narrow API. It is safe for concurrent use.
type Index struct {
	dir  string
	opts Options

	mu     sync.RWMutex
	shards map[string]bleve.Index // by shard name
	closed bool
}

// Shard names besides "YYYY-MM".
const (
	shardUndated = "undated" // items with neither a publication nor a first-seen date
	shardAll     = "all"     // Options.OneShard
)

var shardName = regexp.MustCompile(`^(\d{4}-\d{2}|undated|all)$`)

// Open opens the index in dir, creating it if missing.
func Open(dir string, opts Options) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	x := &Index{dir: dir, opts: opts, shards: map[string]bleve.Index{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() || !shardName.MatchString(e.Name()) {
			continue
		}
		b, err := bleve.OpenUsing(filepath.Join(dir, e.Name()), runtimeConfig())
		if err != nil {
			x.Close()
			return nil, fmt.Errorf("open index shard %s: %w", e.Name(), err)
		}
		b.SetName(e.Name())
		x.shards[e.Name()] = b
	}
	return x, nil
}

// runtimeConfig makes a batch return only once it is persisted. Reconcile
// re-sends items a crash lost, but not deletes — an item that moved to
// another month would be found twice — and unsafe batches measured no
// faster here (621 vs 544 items/s at 20,000 items).
func runtimeConfig() map[string]any {
	return map[string]any{"unsafe_batch": false}
}

// Close closes every shard. The index is unusable afterwards.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	var errs []error
	for _, b := range x.shards {
		errs = append(errs, b.Close())
	}
	x.shards, x.closed = nil, true
	return errors.Join(errs...)
}

// shardOf names the shard an item belongs in.
func (x *Index) shardOf(it *mediawatch.Item) string {
	if x.opts.OneShard {
		return shardAll
	}
	t := effectiveDate(it)
	if t.IsZero() {
		return shardUndated
	}
	return t.UTC().Format("2006-01")
}

// shard returns the named shard, creating it if create is set.
func (x *Index) shard(name string, create bool) (bleve.Index, error) {
	x.mu.RLock()
	b, ok := x.shards[name]
	closed := x.closed
	x.mu.RUnlock()
	switch {
	case closed:
		return nil, errors.New("index is closed")
	case ok || !create:
		return b, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if b, ok := x.shards[name]; ok {
		return b, nil
	}
	b, err := bleve.NewUsing(filepath.Join(x.dir, name), newMapping(), scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		return nil, fmt.Errorf("create index shard %s: %w", name, err)
	}
	b.SetName(name)
	x.shards[name] = b
	return b, nil
}

// all returns every shard, in name order.
func (x *Index) all() ([]bleve.Index, error) {
	return x.shardsWhere(func(string) bool { return true })
}

// shardsWhere returns the shards whose names keep accepts, in name order.
func (x *Index) shardsWhere(keep func(name string) bool) ([]bleve.Index, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, errors.New("index is closed")
	}
	var names []string
	for n := range x.shards {
		if keep(n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	out := make([]bleve.Index, len(names))
	for i, n := range names {
		out[i] = x.shards[n]
	}
	return out, nil
}

// Put indexes items, replacing what the index holds for their ids, in one
// batch per shard touched. An item whose date moved to another month is
// removed from its old shard.
func (x *Index) Put(ctx context.Context, items []mediawatch.Item) error {
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
	last := make(map[int64]int, len(items)) // an id sent twice: the later wins
	for i := range items {
		last[items[i].ID] = i
	}
	for i := range items {
		it := &items[i]
		if last[it.ID] != i {
			continue
		}
		name := x.shardOf(it)
		if old, ok := where[it.ID]; ok && old.shard != name {
			o := opsOf(old.shard)
			o.deletes = append(o.deletes, docID(it.ID))
		}
		doc, err := buildDoc(it)
		if err != nil {
			return fmt.Errorf("index put item %d: %w", it.ID, err)
		}
		o := opsOf(name)
		o.docs = append(o.docs, doc)
	}
	return x.run(ctx, ops)
}

// Delete removes items from the index; ids it does not hold are ignored.
func (x *Index) Delete(ctx context.Context, ids []int64) error {
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
	return x.run(ctx, ops)
}

// shardOps is what one Put or Delete does to one shard.
type shardOps struct {
	docs    []*document.Document
	deletes []string
}

// run applies the operations: each shard's in one or more batches, all at
// once. Scorch builds a batch's segment in the calling goroutine, one
// core's work, so a shard's documents are split over up to GOMAXPROCS
// batches (of at least minSplit documents) sent concurrently; each batch
// is still persisted before run returns. The ids of one Put are distinct
// and a shard's deletes are ids indexed elsewhere, so the split batches
// never touch the same document.
func (x *Index) run(ctx context.Context, ops map[string]*shardOps) error {
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
		parts := min(runtime.GOMAXPROCS(0), len(o.docs)/minSplit)
		if parts < 1 {
			parts = 1
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
	do := func(i int) {
		j := jobs[i]
		bt := j.b.NewBatch()
		for _, id := range j.deletes {
			bt.Delete(id)
		}
		for _, d := range j.docs {
			if err := bt.IndexAdvanced(d); err != nil {
				errs[i] = fmt.Errorf("index shard %s: %w", j.name, err)
				return
			}
		}
		if err := j.b.Batch(bt); err != nil {
			errs[i] = fmt.Errorf("index shard %s: %w", j.name, err)
		}
	}
	if len(jobs) == 1 {
		do(0)
		return errs[0]
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() { defer wg.Done(); do(i); <-sem }()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// minSplit is the fewest documents worth a batch of their own.
const minSplit = 200

// location is where an id is indexed and at which version.
type location struct {
	shard   string
	version int
}

// locate finds the shard and version of each id the index holds.
func (x *Index) locate(ctx context.Context, ids []int64) (map[int64]location, error) {
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
	res, err := bleve.NewIndexAlias(shards...).SearchInContext(ctx, req)
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
	shards, err := x.all()
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, b := range shards {
		c, err := b.DocCount()
		if err != nil {
			return 0, fmt.Errorf("index count: %w", err)
		}
		n += c
	}
	return n, nil
}

// shardsFor returns the shards a date range can reach: every month that
// overlaps [from, to] (either may be zero: unbounded), and the undated
// shard only when the range is unbounded on both sides.
func (x *Index) shardsFor(from, to time.Time) ([]bleve.Index, error) {
	lo, hi := "", "9999-99"
	if !from.IsZero() {
		lo = from.UTC().Format("2006-01")
	}
	if !to.IsZero() {
		hi = to.UTC().Format("2006-01")
	}
	return x.shardsWhere(func(n string) bool {
		return n == shardAll ||
			n == shardUndated && from.IsZero() && to.IsZero() ||
			n != shardUndated && n >= lo && n <= hi
	})
}
