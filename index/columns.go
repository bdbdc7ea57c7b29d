package index

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Facet columns: the facet values and sort key of every document of a
// segment, decoded once into flat arrays by the segment's local document
// number.
//
// Facets and the per-day chart count every match of a search, not only a
// page. Read through bleve's doc values, each match costs a visit of its
// chunk, decompressed (snappy) when the match is the first of its chunk:
// 62% of the CPU of a million-item search with facets, and some 12 ms even
// for a few thousand matches spread over every chunk of every month. A
// scorch segment never changes once written (merges write new ones), so
// its values can be decoded once and kept: 34 bytes a document (34 MB at
// a million items), after which a match costs two array reads and two
// increments. The sort keys serve the date orders' pages and relevance's
// ties (setsearch.go, setscore.go). Counts stay exact: the columns are the
// doc values, and a segment without columns yet is counted through the
// doc values as before.
//
// Columns are built in the background, one shard at a time, by a goroutine
// that holds its own reader of the shard (so that no segment it reads is
// closed under it): at Open, after a compaction, and whenever a search
// meets a segment without them. Entries of segments that merges have
// replaced are dropped at the next build.

// noCombo and noHour mark a document without facet values (deleted, or
// indexed without them).
const (
	noCombo = ^uint16(0)
	noHour  = int32(-1 << 31)
)

// segCols are one segment's facet values, by local document number.
type segCols struct {
	combo  []uint16   // index in combos of the document's source, language and platform terms
	hour   []int32    // hours since the epoch of its date (hourOf), noHour if none
	combos [][]string // the facet terms of each combination
	lo, hi int32      // the range of the hours present; lo > hi if none

	// The sort key (sortKey) of each document: its date's seconds and
	// nanoseconds and its item id.
	sec  []int64
	nsec []int32
	id   []int64
	ord  []uint64 // padded(id): the order of ids as strings (setscore.go)
}

// key returns the sort key of local document n as sortKey writes it.
func (c *segCols) key(n uint32) string {
	return sortKey(time.Unix(c.sec[n], int64(c.nsec[n])), c.id[n])
}

// before reports whether local document a of c sorts before b of d in the
// oldest-first order of sort keys.
func (c *segCols) before(a uint32, d *segCols, b uint32) bool {
	if c.sec[a] != d.sec[b] {
		return c.sec[a] < d.sec[b]
	}
	if c.nsec[a] != d.nsec[b] {
		return c.nsec[a] < d.nsec[b]
	}
	return c.id[a] < d.id[b]
}

// colCache holds the columns of every segment of every shard.
type colCache struct {
	mu       sync.Mutex
	segs     map[segment.Segment]*segCols
	building map[string]bool // shards whose build is queued or running
}

func newColCache() *colCache {
	return &colCache{segs: map[segment.Segment]*segCols{}, building: map[string]bool{}}
}

// lookup returns the columns of each segment of r (nil where there are
// none yet) and whether any is missing.
func (c *colCache) lookup(r *scorch.IndexSnapshot) ([]*segCols, bool) {
	segs := r.Segments()
	out := make([]*segCols, len(segs))
	missing := false
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, s := range segs {
		out[i] = c.segs[s.Segment()]
		missing = missing || out[i] == nil
	}
	return out, missing
}

// warm builds, in the background, the columns the named shards' segments
// lack. A shard already queued is not queued twice.
func (x *Index) warm(names ...string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed || x.opts.noColumns {
		return
	}
	var todo []string
	x.cols.mu.Lock()
	for _, n := range names {
		if !x.cols.building[n] {
			x.cols.building[n] = true
			todo = append(todo, n)
		}
	}
	x.cols.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	x.wg.Add(1)
	go func() {
		defer x.wg.Done()
		for _, n := range todo {
			x.buildColumns(n)
			x.cols.mu.Lock()
			delete(x.cols.building, n)
			x.cols.mu.Unlock()
		}
		x.sweepColumns()
	}()
}

// columnsOf returns the columns of every segment of r, by position and by
// segment, decoding now, in r, those not decoded yet: a search that needs
// them does not wait for the background, and gives the same answer
// whenever it runs.
func (x *Index) columnsOf(ctx context.Context, name string, r *scorch.IndexSnapshot) ([]*segCols, map[segment.Segment]*segCols, error) {
	cols, missing := x.cols.lookup(r)
	if missing {
		defer x.warm(name) // which drops the columns of the segments these replaced
	}
	byPtr := make(map[segment.Segment]*segCols, len(cols))
	var offset uint64
	for i, s := range r.Segments() {
		if missing && cols[i] == nil {
			c, err := decodeColumns(ctx, r, offset, s)
			if err != nil {
				return nil, nil, err
			}
			x.cols.mu.Lock()
			if have := x.cols.segs[s.Segment()]; have != nil {
				c = have // decoded meanwhile by another search or the background
			} else {
				x.cols.segs[s.Segment()] = c
			}
			x.cols.mu.Unlock()
			cols[i] = c
		}
		byPtr[s.Segment()] = cols[i]
		offset += s.Segment().Count()
	}
	return cols, byPtr, nil
}

// buildColumnsNow decodes every shard's columns before it returns
// (tests).
func (x *Index) buildColumnsNow() {
	shards, _ := x.all()
	for _, s := range shards {
		x.buildColumns(s.name)
	}
}

// buildColumns builds the missing columns of one shard's current
// segments. Errors are not kept: a segment without columns is counted
// through its doc values, exactly, only slower.
func (x *Index) buildColumns(name string) {
	// Replace must not close the shard under the reader; it waits for this
	// goroutine with the gate held, so a build it is waiting for gives up.
	if !x.swap.TryRLock() {
		return
	}
	defer x.swap.RUnlock()
	b, err := x.shard(name, false)
	if err != nil || b == nil || x.bg.Err() != nil {
		return
	}
	r, err := snapshotOf(b)
	if err != nil {
		return
	}
	defer r.Close()
	var offset uint64
	for _, s := range r.Segments() {
		seg := s.Segment()
		x.cols.mu.Lock()
		have := x.cols.segs[seg] != nil
		x.cols.mu.Unlock()
		if !have {
			cols, err := decodeColumns(x.bg, r, offset, s)
			if err != nil {
				return
			}
			x.cols.mu.Lock()
			x.cols.segs[seg] = cols
			x.cols.mu.Unlock()
		}
		offset += seg.Count()
	}
}

// sweepColumns drops the columns of segments no shard holds any more.
func (x *Index) sweepColumns() {
	if !x.swap.TryRLock() { // as in buildColumns
		return
	}
	defer x.swap.RUnlock()
	shards, err := x.all()
	if err != nil {
		return
	}
	live := map[segment.Segment]bool{}
	for _, s := range shards {
		r, err := snapshotOf(s.index)
		if err != nil {
			return // keep everything rather than drop a live segment's
		}
		for _, ss := range r.Segments() {
			live[ss.Segment()] = true
		}
		r.Close()
	}
	x.impacts.keepOnly(live)
	if x.positions != nil {
		x.positions.keepOnly(live)
	}
	x.cols.mu.Lock()
	defer x.cols.mu.Unlock()
	for seg := range x.cols.segs {
		if !live[seg] {
			delete(x.cols.segs, seg)
		}
	}
}

// Why a shard's or a segment's columns are not built; its matches are then
// counted through doc values.
var (
	errNotScorch     = errors.New("not a scorch index")
	errTooManyCombos = errors.New("too many combinations of facet values for a column")
	errNoKey         = errors.New("a document without a sort key")
)

// snapshotOf returns a reader of b's current snapshot; the caller closes it.
func snapshotOf(b bleve.Index) (*scorch.IndexSnapshot, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, errNotScorch
	}
	return snap, nil
}

// segEnds returns, for each segment of r, the global number one past its
// last document: a snapshot numbers its documents segment after segment.
func segEnds(r *scorch.IndexSnapshot) []uint64 {
	segs := r.Segments()
	ends := make([]uint64, len(segs))
	var end uint64
	for i, ss := range segs {
		end += ss.Segment().Count()
		ends[i] = end
	}
	return ends
}

// segmentOf returns the segment holding global document n, by ends
// (segEnds), and the global number of its first document; seg is
// len(ends) when n is past the snapshot.
func segmentOf(ends []uint64, n uint64) (seg int, start uint64) {
	seg = sort.Search(len(ends), func(i int) bool { return ends[i] > n })
	if seg > 0 {
		start = ends[seg-1]
	}
	return seg, start
}

// asSnapshot returns r as a scorch snapshot.
func asSnapshot(r bindex.IndexReader) (*scorch.IndexSnapshot, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errNotScorch
	}
	return snap, nil
}

// decodeColumns reads the facet doc values of every live document of the
// segment s, whose first document is offset in r.
func decodeColumns(ctx context.Context, r *scorch.IndexSnapshot, offset uint64, s *scorch.SegmentSnapshot) (_ *segCols, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = damaged("facet columns", p)
		}
	}()
	n := s.Segment().Count()
	dv, err := r.DocValueReader([]string{fFacet, fKey})
	if err != nil {
		return nil, err
	}
	c := &segCols{combo: make([]uint16, n), hour: make([]int32, n), lo: 1<<31 - 1, hi: -1 << 31,
		sec: make([]int64, n), nsec: make([]int32, n), id: make([]int64, n), ord: make([]uint64, n)}
	index := map[string]uint16{}
	deleted := s.Deleted()
	var slots [3][]byte // source, language and platform terms
	var key []byte
	hour := noHour
	var sec, id int64
	var nsec int32
	var keyed bool
	visit := func(field string, term []byte) {
		if field == fKey {
			sec, nsec, id, keyed = parseKey(term)
			return
		}
		if h, ok := hourOf(term); ok {
			hour = int32(max(min(h, 1<<31-1), -1<<31+1))
			return
		}
		switch {
		case hasPrefix(term, facetSource):
			slots[0] = append(slots[0][:0], term...)
		case hasPrefix(term, facetLang):
			slots[1] = append(slots[1][:0], term...)
		case hasPrefix(term, facetPlatform):
			slots[2] = append(slots[2][:0], term...)
		}
	}
	docNum := make(bindex.IndexInternalID, 8)
	for local := range n {
		if local%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.combo[local], c.hour[local] = noCombo, noHour
		if deleted != nil && deleted.Contains(uint32(local)) {
			continue
		}
		slots[0], slots[1], slots[2], hour, keyed = slots[0][:0], slots[1][:0], slots[2][:0], noHour, false
		if err := dv.VisitDocValues(bindex.NewIndexInternalID(docNum, offset+local), visit); err != nil {
			return nil, err
		}
		if !keyed {
			return nil, errNoKey // every document has one (buildDoc); this segment is read through bleve
		}
		c.sec[local], c.nsec[local], c.id[local] = sec, nsec, id
		c.ord[local], _ = padded(id)
		key = append(append(append(append(append(key[:0], slots[0]...), 0), slots[1]...), 0), slots[2]...)
		k, ok := index[string(key)]
		if !ok {
			if len(c.combos) == int(noCombo) {
				return nil, errTooManyCombos // counted through doc values instead
			}
			k = uint16(len(c.combos))
			index[string(key)] = k
			var terms []string
			for _, t := range slots {
				if len(t) > 0 {
					terms = append(terms, string(t))
				}
			}
			c.combos = append(c.combos, terms)
		}
		c.combo[local], c.hour[local] = k, hour
		if hour != noHour {
			c.lo, c.hi = min(c.lo, hour), max(c.hi, hour)
		}
	}
	return c, nil
}

// parseKey reads a sort key (sortKey) without allocating.
func parseKey(b []byte) (sec int64, nsec int32, id int64, ok bool) {
	if len(b) != 40 {
		return 0, 0, 0, false
	}
	hex := func(b []byte) (uint64, bool) {
		var v uint64
		for _, c := range b {
			switch {
			case c >= '0' && c <= '9':
				v = v<<4 | uint64(c-'0')
			case c >= 'a' && c <= 'f':
				v = v<<4 | uint64(c-'a'+10)
			default:
				return 0, false
			}
		}
		return v, true
	}
	s, ok1 := hex(b[:16])
	ns, ok2 := hex(b[16:24])
	i, ok3 := hex(b[24:])
	if !ok1 || !ok2 || !ok3 || ns >= 1e9 {
		return 0, 0, 0, false
	}
	const flip = 1 << 63
	return int64(s ^ flip), int32(ns), int64(i ^ flip), true
}

// hasPrefix is strings.HasPrefix for a term, without converting it.
func hasPrefix(term []byte, prefix string) bool {
	return len(term) >= len(prefix) && string(term[:len(prefix)]) == prefix
}
