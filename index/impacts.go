package index

import (
	"container/list"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The impact cache: the √tf × norm of every posting of a term frequent in
// a large segment, decoded once and kept, so that ranking the hundreds of
// thousands of items that hold the words an office searches every day
// (the province's name, its districts) reads one float a match instead of
// decoding frequencies and norms again (two thirds of such a search's
// CPU). Segments never change, so an entry is never stale; it goes when
// its segment is merged away (sweepColumns) or, least recently used, when
// the cache is over its budget.

// impactBudget bounds the cache's memory: 4 bytes per document of each
// segment kept, so 256 MiB hold about 64 terms over a million items.
const impactBudget = 256 << 20

// impactSegment is the smallest segment whose terms are kept: an old
// month's, not the fresh ones merges soon replace.
const impactSegment = 4096

// worthKeeping reports whether a term with count postings in a segment of
// size documents is worth an entry: frequent (one document in 32), in a
// segment large enough.
func (x *Index) worthKeeping(count, size uint64) bool {
	from := x.opts.impactsFrom
	if from == 0 {
		from = impactSegment
	}
	return size >= from && count*32 >= size
}

// impactKey names a term of a field in a segment.
type impactKey struct {
	seg         segment.Segment
	field, term string
}

// segCache is a least-recently-used map of what is decoded from one term
// of a field in a segment — impacts, position tables — within a budget
// of bytes. Segments never change, so an entry is never stale.
type segCache[V any] struct {
	budget int
	size   func(V) int // an entry's bytes

	mu    sync.Mutex
	byKey map[impactKey]*list.Element
	lru   list.List // of *segEntry[V], most recent first
	bytes int
}

type segEntry[V any] struct {
	key impactKey
	v   V
	n   int // bytes
}

func newSegCache[V any](budget int, size func(V) int) *segCache[V] {
	return &segCache[V]{budget: budget, size: size, byKey: map[impactKey]*list.Element{}}
}

// get returns what is kept for term in field of seg.
func (c *segCache[V]) get(seg segment.Segment, field, term string) (v V, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byKey[impactKey{seg, field, term}]
	if e == nil {
		return v, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*segEntry[V]).v, true
}

// put keeps v, evicting the least recently used entries over the budget;
// an entry larger than the whole budget is not kept.
func (c *segCache[V]) put(seg segment.Segment, field, term string, v V) {
	n := c.size(v)
	if n > c.budget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := impactKey{seg, field, term}
	if c.byKey[k] != nil {
		return // kept meanwhile by another search
	}
	c.byKey[k] = c.lru.PushFront(&segEntry[V]{k, v, n})
	c.bytes += n
	for c.bytes > c.budget {
		c.remove(c.lru.Back())
	}
}

// remove drops one entry. The caller holds mu.
func (c *segCache[V]) remove(e *list.Element) {
	se := e.Value.(*segEntry[V])
	c.lru.Remove(e)
	delete(c.byKey, se.key)
	c.bytes -= se.n
}

// keepOnly drops the entries of segments live does not hold.
func (c *segCache[V]) keepOnly(live map[segment.Segment]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.byKey {
		if !live[k.seg] {
			c.remove(e)
		}
	}
}

// impactCache keeps impacts by local document number, 0 where the term is
// absent.
type impactCache = segCache[[]float32]

func newImpactCache() *impactCache {
	return newSegCache(impactBudget, func(imp []float32) int { return 4 * len(imp) })
}
