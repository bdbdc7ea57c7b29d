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

// impactCache is a least-recently-used map of impacts.
type impactCache struct {
	mu    sync.Mutex
	byKey map[impactKey]*list.Element
	lru   list.List // of *impactEntry, most recent first
	bytes int
}

type impactEntry struct {
	key impactKey
	imp []float32 // by local document number; 0 where the term is absent
}

func newImpactCache() *impactCache {
	return &impactCache{byKey: map[impactKey]*list.Element{}}
}

// get returns the impacts of term in field of seg, or nil.
func (c *impactCache) get(seg segment.Segment, field, term string) []float32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byKey[impactKey{seg, field, term}]
	if e == nil {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*impactEntry).imp
}

// put keeps imp (nil: nothing), evicting the least recently used entries
// over the budget.
func (c *impactCache) put(seg segment.Segment, field, term string, imp []float32) {
	if imp == nil || 4*len(imp) > impactBudget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := impactKey{seg, field, term}
	if c.byKey[k] != nil {
		return // kept meanwhile by another search
	}
	c.byKey[k] = c.lru.PushFront(&impactEntry{k, imp})
	c.bytes += 4 * len(imp)
	for c.bytes > impactBudget {
		c.remove(c.lru.Back())
	}
}

// remove drops one entry. The caller holds mu.
func (c *impactCache) remove(e *list.Element) {
	ie := e.Value.(*impactEntry)
	c.lru.Remove(e)
	delete(c.byKey, ie.key)
	c.bytes -= 4 * len(ie.imp)
}

// keepOnly drops the entries of segments live does not hold.
func (c *impactCache) keepOnly(live map[segment.Segment]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.byKey {
		if !live[k.seg] {
			c.remove(e)
		}
	}
}
