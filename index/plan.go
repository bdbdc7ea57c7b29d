package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"mediawatch"
)

// plan is one search over the shards: what each shard runs, and how their
// answers become one page. Two orders are total, so that pages and
// cursors are exact: relevance is score, then document id (as bleve
// orders ids: as strings); the date orders are the sort key (effective
// date, then item id, both descending for newest first).
//
// Relevance needs every shard's best hits (relevance.go). The date orders
// do not: shards are months, so the newest shard with matches fills a
// newest-first page on its own and the others only count (Size 0, no
// sort, no hit loaded); totals and facets still cover every match.
//
// No shard request may let bleve stop collecting early (a score-ordered
// request without a score and with a size), because the taps count what
// the collector pulls through them.
type plan struct {
	core  bq.Query // the compiled query, without the request's filters
	query bq.Query
	sort  string   // SortRelevance, SortNewest or SortOldest
	size  int      // hits per page
	from  int      // hits of earlier pages, when paging by number
	after []string // the cursor's sort values, nil without one
	tally *tally   // every match and, if wanted, its facet values
	taps  bool     // the tally counts matches (else bleve's totals do)
	facet bool
	loc   *time.Location
	x     *Index // whose facet columns the taps read; nil: doc values only
}

// newPlan checks req and prepares the per-shard queries.
func newPlan(q bq.Query, req Request) (*plan, error) {
	p := &plan{query: q, sort: sortName(req.Sort), size: req.Size, facet: req.Facets, loc: req.Loc, tally: &tally{}}
	switch p.sort {
	case SortRelevance, SortNewest, SortOldest:
	default:
		return nil, fmt.Errorf("%w: sort %q is not relevance, newest or oldest", mediawatch.ErrInvalid, req.Sort)
	}
	if p.size <= 0 {
		p.size = DefaultSize
	}
	if req.After != "" {
		c, err := decodeCursor(req.After, p.sort)
		if err != nil {
			return nil, fmt.Errorf("%w: bad cursor: %v", mediawatch.ErrInvalid, err)
		}
		p.after = c.After
	} else if req.Page > 1 {
		p.from = (req.Page - 1) * p.size
	}
	p.taps = p.sort == SortRelevance
	return p, nil
}

// want is how many hits in sort order the page needs: the earlier pages,
// the page, and one more that tells whether there is a next page.
func (p *plan) want() int { return p.from + p.size + 1 }

// tapped is the shard query that counts its matches (and facets).
func (p *plan) tapped(s shard) bq.Query {
	if !p.taps && !p.facet {
		return p.query
	}
	return &tapQuery{inner: p.query, tally: p.tally, facets: p.facet, x: p.x, shard: s.name}
}

// shardResult is one shard's answer.
type shardResult struct {
	shard shard
	hits  search.DocumentMatchCollection
	total uint64 // bleve's count of matches
}

// run searches the shards and assembles the page.
func (p *plan) run(ctx context.Context, shards []shard) (*Result, error) {
	var hits []shardHit
	var total uint64
	var err error
	if p.sort == SortRelevance {
		var sets bool
		if hits, sets, err = p.searchRelevanceSets(ctx, shards); !sets && err == nil {
			hits, err = p.searchRelevance(ctx, shards)
		}
		total = p.tally.matches
	} else {
		var all bool
		if hits, total, all, err = p.searchAllInOrder(ctx, shards); !all && err == nil {
			hits, total, err = p.searchInOrder(ctx, shards)
		}
	}
	if err != nil {
		return nil, err
	}
	return p.page(hits, total)
}

// shardHit is a hit and the shard it came from.
type shardHit struct {
	*search.DocumentMatch
	shard shard
}

// each runs one request per shard at once, built by req (nil: skip the
// shard).
func each(ctx context.Context, shards []shard, req func(shard) *bleve.SearchRequest) ([]shardResult, error) {
	out := make([]shardResult, len(shards))
	err := eachShard(shards, func(i int, s shard) error {
		r := req(s)
		if r == nil {
			return nil
		}
		res, err := s.index.SearchInContext(ctx, r)
		if err != nil {
			return err
		}
		out[i] = shardResult{shard: s, hits: res.Hits, total: res.Total}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachShard runs do on every shard at once, the i-th shard's in a
// goroutine of its own (a panic there is its error), and joins their
// errors, each naming its shard.
func eachShard(shards []shard, do func(i int, s shard) error) error {
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i, s := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer recoverShard(s, &errs[i])
			errs[i] = wrapShard(s.name, do(i, s))
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// eachCount runs count on every shard at once and sums the counts.
func eachCount(ctx context.Context, shards []shard, count func(context.Context, shard) (uint64, error)) (uint64, error) {
	counts := make([]uint64, len(shards))
	err := eachShard(shards, func(i int, s shard) (err error) {
		counts[i], err = count(ctx, s)
		return err
	})
	var total uint64
	for _, n := range counts {
		total += n
	}
	return total, err
}

// collectHits pairs each shard's hits with the shard.
func collectHits(shards []shard, found [][]*search.DocumentMatch) []shardHit {
	var all []shardHit
	for i, hits := range found {
		for _, h := range hits {
			all = append(all, shardHit{h, shards[i]})
		}
	}
	return all
}

// recoverShard turns a panic of a shard's search in its own goroutine —
// which Search's recover cannot see — into that shard's error.
func recoverShard(s shard, err *error) {
	if r := recover(); r != nil {
		*err = damaged(s.name, fmt.Sprintf("panic: %v", r))
	}
}

// countOnly is a shard request that only counts matches (and, through the
// taps, their facets).
func (p *plan) countOnly(s shard) *bleve.SearchRequest {
	r := bleve.NewSearchRequestOptions(p.tapped(s), 0, 0, false)
	r.Score = bleve.ScoreNone
	return r
}

// compare orders hits as the plan's sort does.
func (p *plan) compare(a, b shardHit) int {
	if p.sort == SortRelevance {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	c := strings.Compare(hitKey(a.DocumentMatch), hitKey(b.DocumentMatch))
	if p.sort == SortOldest {
		return c
	}
	return -c
}

// hitKey is the sort key of a hit of a date-ordered search.
func hitKey(h *search.DocumentMatch) string {
	if len(h.Sort) == 0 {
		return ""
	}
	return h.Sort[len(h.Sort)-1]
}

// page orders the hits and loads what the page shows.
func (p *plan) page(all []shardHit, total uint64) (*Result, error) {
	slices.SortFunc(all, p.compare)
	out := &Result{Total: total}
	all = all[min(len(all), p.from):]
	if len(all) > p.size {
		all = all[:p.size]
		out.Next = encodeCursor(p.sort, all[len(all)-1].DocumentMatch)
	}
	out.Hits = make([]Hit, 0, len(all))
	for _, h := range all {
		hit, err := loadHit(h)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	if p.facet {
		out.Facets = p.tally.facets(p.loc)
	}
	return out, nil
}

// loadHit reads the stored fields of a hit: only the page's hits are
// loaded, not every shard's best.
func loadHit(h shardHit) (Hit, error) {
	id, err := strconv.ParseInt(h.ID, 10, 64)
	if err != nil {
		return Hit{}, fmt.Errorf("shard %s: document id %q: %w", h.shard.name, h.ID, err)
	}
	out := Hit{ID: id, Score: h.Score}
	doc, err := h.shard.index.Document(h.ID)
	if err != nil {
		return Hit{}, fmt.Errorf("shard %s: load %s: %w", h.shard.name, h.ID, err)
	}
	if doc == nil {
		return out, nil // deleted since the search: a hit without its fields
	}
	doc.VisitFields(func(f bindex.Field) {
		v := string(f.Value())
		switch f.Name() {
		case fTitle:
			out.Title = v
		case fURL:
			out.URL = v
		case fSource:
			out.Source = v
		case fLang:
			out.Lang = v
		case fPlatform:
			out.Platform = v
		case fPublished:
			out.Published, _ = time.Parse(dateLayout, v)
		}
	})
	return out, nil
}
