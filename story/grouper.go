package story

import (
	"container/heap"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Grouper picks the story of a new item among the candidates of the last
// Window, held in memory. The store hands it the recent candidates at start
// (Add) and ingest asks it for each new item (Find, then Add).
//
// It does not compare a new item with every candidate. The 64 bits of a
// fingerprint are cut into MaxDistance+1 bands; two fingerprints at most
// MaxDistance apart differ in at most MaxDistance bands, so at least one
// band is equal in both (the pigeonhole principle). Each band has a map
// from its value to the candidates that have it, and Find looks only at
// the candidates that share a band with the new item, plus those with its
// title key. For the second signal (within SketchDistance, sketches
// overlapping) it scans the fingerprints of every long candidate: one XOR
// and popcount each, from one slice, and a sketch comparison for the few
// within SketchDistance. That finds exactly what comparing with all would
// find.
//
// A Grouper is safe for concurrent use.
type Grouper struct {
	p      Params
	shifts []uint // first bit of each band
	masks  []uint64

	mu     sync.Mutex
	bands  []map[uint64][]slot // per band: band value → candidates
	long   []slot              // every candidate in the bands, for the second signal
	titles map[string][]*entry // title key → candidates
	items  map[int64]*entry    // item ID → its candidate
	byAge  ageHeap             // oldest Seen first, for eviction
}

// slot is a candidate in a band's map. It carries the fingerprint so that
// Find can pass over the many candidates that share a band but are too far
// without following a pointer to each.
type slot struct {
	fp uint64
	e  *entry
}

// entry is one candidate held by a Grouper.
type entry struct {
	c       Candidate
	indexed bool // in the band maps: long enough for its fingerprint to count
	longIdx int  // its index in Grouper.long, when indexed
	heapIdx int
}

// NewGrouper returns an empty Grouper for p, or an error wrapping
// mediawatch.ErrInvalid when p is out of range.
func NewGrouper(p Params) (*Grouper, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("new grouper: %w", err)
	}
	n := p.MaxDistance + 1
	g := &Grouper{
		p:      p,
		shifts: make([]uint, n),
		masks:  make([]uint64, n),
		bands:  make([]map[uint64][]slot, n),
		titles: map[string][]*entry{},
		items:  map[int64]*entry{},
	}
	off := 0
	for i := range n {
		width := 64 / n
		if i < 64%n {
			width++
		}
		g.shifts[i] = uint(off)
		g.masks[i] = 1<<uint(width) - 1
		g.bands[i] = map[uint64][]slot{}
		off += width
	}
	return g, nil
}

// Params returns the bounds the Grouper was made with.
func (g *Grouper) Params() Params { return g.p }

// Len returns the number of candidates held.
func (g *Grouper) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.items)
}

// Add holds c as a candidate for later items. A candidate with the same
// ItemID is replaced: an item's new version has a new fingerprint.
func (g *Grouper) Add(c Candidate) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if old := g.items[c.ItemID]; old != nil {
		g.remove(old)
	}
	e := &entry{c: c, indexed: c.Words >= g.p.MinWords}
	g.items[c.ItemID] = e
	if e.indexed {
		for i := range g.bands {
			k := g.band(i, c.Fingerprint)
			g.bands[i][k] = append(g.bands[i][k], slot{c.Fingerprint, e})
		}
		e.longIdx = len(g.long)
		g.long = append(g.long, slot{c.Fingerprint, e})
	}
	if c.TitleKey != "" {
		g.titles[c.TitleKey] = append(g.titles[c.TitleKey], e)
	}
	heap.Push(&g.byAge, e)
}

// Find returns the story of the candidate closest to c that Same accepts:
// the smallest fingerprint distance, a match on the title alone ranking
// after every fingerprint match; among equals the earliest seen, then the
// smallest story ID. A candidate of c's own item is not considered, nor
// one without a story. ok is false when no candidate qualifies.
func (g *Grouper) Find(c Candidate) (storyID int64, ok bool) {
	ids := g.Stories(c)
	if len(ids) == 0 {
		return 0, false
	}
	return ids[0], true
}

// Stories returns every story c is one story with — the stories of all
// the candidates Same accepts — the one Find answers first, the others in
// the order of their closest candidate. More than one means that c bridges
// stories that its copies had left apart (a rewrite close to two copies
// that are not close to each other): they are one story, and the caller
// merges them (then Relabel).
func (g *Grouper) Stories(c Candidate) []int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	type match struct {
		rank int
		c    Candidate
	}
	// A candidate sharing several bands, or a band and the title, is
	// considered more than once; only its story counts, once.
	var ms []match
	consider := func(e *entry) {
		if e.c.ItemID == c.ItemID || e.c.StoryID == 0 {
			return
		}
		if r, same := g.p.rank(c, e.c); same {
			ms = append(ms, match{r, e.c})
		}
	}
	if c.Words >= g.p.MinWords {
		for i, m := range g.bands {
			for _, s := range m[g.band(i, c.Fingerprint)] {
				// One too far for the fingerprint rule can still match
				// on its title; it is in the title map for that.
				if Distance(s.fp, c.Fingerprint) <= g.p.MaxDistance {
					consider(s.e)
				}
			}
		}
		if g.p.SketchDistance > g.p.MaxDistance && len(c.Sketch) > 0 {
			for _, s := range g.long {
				if d := Distance(s.fp, c.Fingerprint); d > g.p.MaxDistance && d <= g.p.SketchDistance {
					consider(s.e)
				}
			}
		}
	}
	if c.TitleKey != "" {
		for _, e := range g.titles[c.TitleKey] {
			consider(e)
		}
	}
	slices.SortFunc(ms, func(a, b match) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if earlier(a.c, b.c) {
			return -1
		}
		if earlier(b.c, a.c) {
			return 1
		}
		return 0
	})
	var ids []int64
	for _, m := range ms {
		if !slices.Contains(ids, m.c.StoryID) {
			ids = append(ids, m.c.StoryID)
		}
	}
	return ids
}

// Relabel files every candidate of the stories from under into: what the
// store did when it merged them.
func (g *Grouper) Relabel(into int64, from ...int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, e := range g.items {
		if e.c.StoryID != into && slices.Contains(from, e.c.StoryID) {
			e.c.StoryID = into
		}
	}
}

// Forget drops the candidate of item itemID, if held: the item is gone
// from the store.
func (g *Grouper) Forget(itemID int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if e := g.items[itemID]; e != nil {
		g.remove(e)
	}
}

// earlier orders tied candidates: earlier seen first, then smaller story.
func earlier(a, b Candidate) bool {
	if !a.Seen.Equal(b.Seen) {
		return a.Seen.Before(b.Seen)
	}
	return a.StoryID < b.StoryID
}

// Evict drops the candidates seen more than Window before now and returns
// how many it dropped. Ingest calls it with its injected clock.
func (g *Grouper) Evict(now time.Time) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	limit := now.Add(-g.p.Window)
	n := 0
	for len(g.byAge) > 0 && g.byAge[0].c.Seen.Before(limit) {
		g.remove(g.byAge[0])
		n++
	}
	return n
}

// band returns the value of band i of fp.
func (g *Grouper) band(i int, fp uint64) uint64 {
	return fp >> g.shifts[i] & g.masks[i]
}

// remove takes e out of every index. The caller holds g.mu.
func (g *Grouper) remove(e *entry) {
	delete(g.items, e.c.ItemID)
	if e.indexed {
		for i, m := range g.bands {
			k := g.band(i, e.c.Fingerprint)
			if rest := withoutSlot(m[k], e); len(rest) > 0 {
				m[k] = rest
			} else {
				delete(m, k)
			}
		}
		last := len(g.long) - 1
		moved := g.long[last]
		g.long[e.longIdx] = moved
		moved.e.longIdx = e.longIdx
		g.long[last] = slot{}
		g.long = g.long[:last]
	}
	if e.c.TitleKey != "" {
		if rest := without(g.titles[e.c.TitleKey], e); len(rest) > 0 {
			g.titles[e.c.TitleKey] = rest
		} else {
			delete(g.titles, e.c.TitleKey)
		}
	}
	heap.Remove(&g.byAge, e.heapIdx)
}

// without removes e from s in place, not keeping order.
func without(s []*entry, e *entry) []*entry {
	for i, x := range s {
		if x == e {
			last := len(s) - 1
			s[i] = s[last]
			s[last] = nil
			return s[:last]
		}
	}
	return s
}

// withoutSlot removes e's slot from s in place, not keeping order.
func withoutSlot(s []slot, e *entry) []slot {
	for i, x := range s {
		if x.e == e {
			last := len(s) - 1
			s[i] = s[last]
			s[last] = slot{}
			return s[:last]
		}
	}
	return s
}

// ageHeap is a min-heap of entries by Seen.
type ageHeap []*entry

func (h ageHeap) Len() int           { return len(h) }
func (h ageHeap) Less(i, j int) bool { return h[i].c.Seen.Before(h[j].c.Seen) }
func (h ageHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx, h[j].heapIdx = i, j
}

// Push implements heap.Interface.
func (h *ageHeap) Push(x any) {
	e := x.(*entry)
	e.heapIdx = len(*h)
	*h = append(*h, e)
}

// Pop implements heap.Interface.
func (h *ageHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
