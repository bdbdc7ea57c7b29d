package index

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

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
// stream to bleve's collector, with their facet values if facets is set:
// one doc-values list per match (one field holds all three facets), and
// no per-value string allocation (bleve's facet builders allocate one per
// value read).
// It counts what filters above it (a cursor) do not let through.
type tapQuery struct {
	inner  bq.Query
	tally  *tally
	facets bool
}

// Searcher wraps the inner query's searcher.
func (q *tapQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := q.inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	t := &tapSearcher{Searcher: s, tally: q.tally}
	if q.facets {
		if t.dv, err = r.DocValueReader([]string{fFacet}); err != nil {
			_ = s.Close()
			return nil, err
		}
		t.values, t.hours = map[string]*int{}, map[int64]int{}
		t.visit = func(_ string, term []byte) {
			if h, ok := hourOf(term); ok {
				t.hours[h]++
				return
			}
			if n := t.values[string(term)]; n != nil {
				*n++
				return
			}
			n := 1
			t.values[string(term)] = &n
		}
	}
	return t, nil
}

// tapSearcher counts each match as it passes.
type tapSearcher struct {
	search.Searcher
	tally   *tally
	matches uint64
	dv      bindex.DocValueReader // nil without facets
	visit   bindex.DocValueVisitor
	values  map[string]*int // sources and languages (few: counted by pointer, no allocation per match)
	hours   map[int64]int
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
	if t.dv == nil {
		return d, nil
	}
	return d, t.dv.VisitDocValues(d.IndexInternalID, t.visit)
}

// Close hands the counts over and closes the inner searcher.
func (t *tapSearcher) Close() error {
	t.tally.add(t.matches, t.values, t.hours)
	t.matches, t.values, t.hours = 0, nil, nil
	return t.Searcher.Close()
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
