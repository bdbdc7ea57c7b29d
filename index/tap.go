package index

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"mediawatch"
)

// Facet sizes: every source and language of a province's coverage (bleve's
// facet sizes, which the answers keep).
const (
	facetSources = 200
	facetLangs   = 50
)

// tally is what the taps of one search count over every shard: the
// matches, and the facet values of each when the search wants facets.
type tally struct {
	mu      sync.Mutex
	matches uint64
	values  map[string]int // source and language fFacet terms → matches
	hours   map[int64]int  // hours since the epoch → matches
}

// add merges one shard's counts.
func (c *tally) add(matches uint64, values map[string]*int, hours map[int64]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.matches += matches
	if c.values == nil && len(values) > 0 {
		c.values = make(map[string]int, len(values))
	}
	for t, n := range values {
		c.values[t] += *n
	}
	if c.hours == nil && len(hours) > 0 {
		c.hours = make(map[int64]int, len(hours))
	}
	for h, n := range hours {
		c.hours[h] += n
	}
}

// result splits the counts into sources, languages, platforms and local days in loc
// (UTC if nil). Sources and languages are ordered as bleve orders facet
// terms: most frequent first, then by value.
func (c *tally) facets(loc *time.Location) *Facets {
	if loc == nil {
		loc = time.UTC
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f := &Facets{}
	days := map[string]int{}
	for t, n := range c.values {
		switch {
		case strings.HasPrefix(t, facetSource):
			f.Sources = append(f.Sources, Count{Value: t[len(facetSource):], N: n})
		case strings.HasPrefix(t, facetLang):
			f.Langs = append(f.Langs, Count{Value: t[len(facetLang):], N: n})
		case strings.HasPrefix(t, facetPlatform):
			f.Platforms = append(f.Platforms, Count{Value: t[len(facetPlatform):], N: n})
		}
	}
	for h, n := range c.hours {
		days[time.Unix(h*3600, 0).In(loc).Format(time.DateOnly)] += n
	}
	byCount := func(a, b Count) int {
		if c := cmp.Compare(b.N, a.N); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	}
	slices.SortFunc(f.Sources, byCount)
	slices.SortFunc(f.Langs, byCount)
	slices.SortFunc(f.Platforms, byCount)
	f.Sources = f.Sources[:min(len(f.Sources), facetSources)]
	f.Langs = f.Langs[:min(len(f.Langs), facetLangs)]
	for d, n := range days {
		f.Days = append(f.Days, mediawatch.DayCount{Day: d, N: n})
	}
	slices.SortFunc(f.Days, func(a, b mediawatch.DayCount) int { return strings.Compare(a.Day, b.Day) })
	return f
}

// tapQuery passes its inner query's matches on and counts them as they
// stream to bleve's collector, with their facet values if facets is set.
// It counts what filters above it (a cursor) do not let through.
type tapQuery struct {
	inner  bq.Query
	tally  *tally
	facets bool
	x      *Index // the column cache's owner; nil: doc values only
	shard  string
}

// Searcher wraps the inner query's searcher.
func (q *tapQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := q.inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	t := &tapSearcher{Searcher: s, tally: q.tally}
	if q.facets {
		if t.counter, err = newCounter(r, q.x, q.shard); err != nil {
			_ = s.Close()
			return nil, err
		}
	}
	return t, nil
}

// tapSearcher counts each match as it passes.
type tapSearcher struct {
	search.Searcher
	tally   *tally
	matches uint64
	counter *counter // nil without facets
}

// Next returns the inner searcher's next match, counted.
func (t *tapSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := t.Searcher.Next(ctx)
	return t.count(d, err)
}

// Advance returns the inner searcher's match at or after id, counted.
func (t *tapSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := t.Searcher.Advance(ctx, id)
	return t.count(d, err)
}

func (t *tapSearcher) count(d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if err != nil || d == nil {
		return d, err
	}
	t.matches++
	if t.counter == nil {
		return d, nil
	}
	return d, t.counter.add(d.IndexInternalID)
}

// Close hands the counts over and closes the inner searcher.
func (t *tapSearcher) Close() error {
	if t.counter != nil {
		t.counter.handOver(t.tally, t.matches)
	} else {
		t.tally.add(t.matches, nil, nil)
	}
	t.matches, t.counter = 0, nil
	return t.Searcher.Close()
}

// counter counts the facet values of the matches of one shard's snapshot,
// given in increasing document number. Values are read from the
// segments' facet columns (columns.go): two array reads a match. A
// segment without columns yet is read through bleve's doc values (one
// doc-values list per match: one field holds all the facets, and no
// per-value string is allocated, as bleve's facet builders would), and
// its columns are built in the background.
type counter struct {
	dv     bindex.DocValueReader
	visit  bindex.DocValueVisitor
	values map[string]*int // sources, languages, platforms (few: counted by pointer, no allocation per match)
	hours  map[int64]int

	// The facet columns of the snapshot's segments (nil where a segment
	// has none yet), the global number one past each segment's last
	// document, and the counts of the segment seg the matches are in.
	cols   []*segCols
	ends   []uint64
	seg    int
	start  uint64 // global number of seg's first document
	combos []int  // matches by seg's combination
	byHour []int  // matches by hour - cols[seg].lo
	id     bindex.IndexInternalID
}

// newCounter prepares the counts of the matches of r, a snapshot of the
// shard named shard of x (x nil: doc values only).
func newCounter(r bindex.IndexReader, x *Index, shard string) (*counter, error) {
	c := &counter{values: map[string]*int{}, hours: map[int64]int{}, seg: -1, id: make(bindex.IndexInternalID, 8)}
	var err error
	if c.dv, err = r.DocValueReader([]string{fFacet}); err != nil {
		return nil, err
	}
	c.visit = func(_ string, term []byte) {
		if h, ok := hourOf(term); ok {
			c.hours[h]++
			return
		}
		c.value(term, 1)
	}
	if snap, ok := r.(*scorch.IndexSnapshot); ok && x != nil {
		var missing bool
		c.cols, missing = x.cols.lookup(snap)
		c.ends = segEnds(snap)
		if missing {
			x.warm(shard)
		}
	}
	return c, nil
}

// newColumnCounter prepares the counts of matches of r given as sets
// (addSet), cols being the columns of each of its segments.
func newColumnCounter(cols []*segCols, r *scorch.IndexSnapshot) *counter {
	return &counter{values: map[string]*int{}, hours: map[int64]int{}, seg: -1, cols: cols, ends: segEnds(r)}
}

// addSet counts the matches b, local document numbers of segment i,
// whose columns the counter has.
func (c *counter) addSet(i int, b *roaring.Bitmap) {
	if c.seg != i {
		c.enter(c.ends[i] - 1)
	}
	s := c.cols[i]
	var buf [256]uint32
	it := b.ManyIterator()
	for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
		for _, local := range buf[:n] {
			c.countLocal(s, local)
		}
	}
}

// add counts the match id.
func (c *counter) add(id bindex.IndexInternalID) error {
	if len(c.cols) == 0 {
		return c.dv.VisitDocValues(id, c.visit)
	}
	return c.addNum(id.Value())
}

// addNum counts the match with global document number n.
func (c *counter) addNum(n uint64) error {
	if c.seg < 0 || n < c.start || n >= c.ends[c.seg] {
		c.enter(n)
	}
	s := c.cols[c.seg]
	if s == nil {
		return c.dv.VisitDocValues(bindex.NewIndexInternalID(c.id, n), c.visit)
	}
	c.countLocal(s, uint32(n-c.start))
	return nil
}

// countLocal counts document local of the current segment, whose columns
// are s.
func (c *counter) countLocal(s *segCols, local uint32) {
	if k := s.combo[local]; k != noCombo {
		c.combos[k]++
	}
	if h := s.hour[local]; h != noHour {
		if c.byHour != nil {
			c.byHour[h-s.lo]++
		} else {
			c.hours[int64(h)]++
		}
	}
}

// maxHourSpan is the widest range of hours a segment's matches are
// counted in an array for (a few years); wider, in the map.
const maxHourSpan = 1 << 15

// enter hands the counts of the current segment over and starts counting
// in the segment that holds global document n.
func (c *counter) enter(n uint64) {
	c.flush()
	c.seg, c.start = segmentOf(c.ends, min(n, c.ends[len(c.ends)-1]-1)) // past the snapshot cannot be: the last segment
	s := c.cols[c.seg]
	if s == nil {
		return
	}
	c.combos = resize(c.combos, len(s.combos))
	c.byHour = nil
	if span := int(s.hi) - int(s.lo) + 1; span > 0 && span <= maxHourSpan {
		c.byHour = resize(c.byHour[:0], span)
	}
}

// resize returns s with n zeroed elements, reusing its array.
func resize(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// flush adds the current segment's counts to the counter's.
func (c *counter) flush() {
	if c.seg < 0 || c.cols[c.seg] == nil {
		return
	}
	s := c.cols[c.seg]
	for k, n := range c.combos {
		if n == 0 {
			continue
		}
		for _, term := range s.combos[k] {
			c.value([]byte(term), n)
		}
	}
	for i, n := range c.byHour {
		if n > 0 {
			c.hours[int64(s.lo)+int64(i)] += n
		}
	}
	clear(c.combos)
	clear(c.byHour)
}

// value adds n matches to a source, language or platform term.
func (c *counter) value(term []byte, n int) {
	if p := c.values[string(term)]; p != nil {
		*p += n
		return
	}
	c.values[string(term)] = &n
}

// handOver adds the counts, and matches, to t.
func (c *counter) handOver(t *tally, matches uint64) {
	c.flush()
	c.seg = -1
	t.add(matches, c.values, c.hours)
	c.values, c.hours = nil, nil
}

// hourOf parses an hour facet term ("h:" and a decimal number of hours,
// possibly negative) without allocating.
func hourOf(term []byte) (int64, bool) {
	if len(term) <= len(facetHour) || string(term[:len(facetHour)]) != facetHour {
		return 0, false
	}
	digits, neg := term[len(facetHour):], false
	if digits[0] == '-' {
		digits, neg = digits[1:], true
	}
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var h int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		h = h*10 + int64(c-'0')
	}
	if neg {
		h = -h
	}
	return h, true
}
