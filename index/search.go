package index

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"mediawatch"
	"mediawatch/query"
)

// Sort orders of a Request.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// DefaultSize is the page size when a Request gives none.
const DefaultSize = 20

// Request is everything about a search besides the query.
type Request struct {
	From, To time.Time      // on Published, else FirstSeen; zero is unbounded; both inclusive
	Sources  []string       // any of these sources (empty: all)
	Langs    []string       // any of these languages (empty: all)
	Sort     string         // SortRelevance (default), SortNewest or SortOldest
	Size     int            // hits per page; DefaultSize if 0
	After    string         // Result.Next of the previous page: deep paging
	Page     int            // 1-based page, when After is empty (shallow paging)
	Facets   bool           // count sources, languages and local days over all matches
	Loc      *time.Location // the zone of Facets.Days; UTC if nil
}

// Result is one page of a search.
type Result struct {
	Total  uint64        // matches in all pages
	Hits   []Hit         // this page
	Next   string        // cursor for the next page (Request.After), "" after the last
	Facets *Facets       // when Request.Facets
	Took   time.Duration // time spent in Search
}

// Hit is one matching item, with what a result list shows.
type Hit struct {
	ID        int64
	Score     float64 // 0 when sorted by date
	Title     string
	URL       string
	Source    string
	Lang      string
	Published time.Time // zero if the source gave no date
}

// Facets are counts over every match of a search, not only the page.
type Facets struct {
	Sources []Count    // most frequent first
	Langs   []Count    // most frequent first
	Days    []DayCount // by local day in Request.Loc, oldest first
}

// Count is the number of matches with one value.
type Count struct {
	Value string
	N     int
}

// DayCount is the number of matches published on one local day.
type DayCount struct {
	Day string // YYYY-MM-DD
	N   int
}

// Facet sizes: every source and language of a province's coverage, and
// every hour of the range (bleve counts all terms regardless; the size
// only trims the answer).
const (
	facetSources = 200
	facetLangs   = 50
	facetHours   = 1 << 20
)

// Search runs q, restricted and ordered by req. q must be valid
// (query.Parse output, or an AST query.Compile accepts).
func (x *Index) Search(ctx context.Context, q query.Node, req Request) (*Result, error) {
	start := time.Now()
	if _, err := query.Compile(q); err != nil {
		return nil, err
	}
	bqy, err := compile(q)
	if err != nil {
		return nil, err
	}
	sr, err := buildRequest(withFilters(bqy, req), req)
	if err != nil {
		return nil, err
	}
	shards, err := x.shardsFor(req.From, req.To)
	if err != nil {
		return nil, err
	}
	out := &Result{}
	if len(shards) > 0 {
		var res *bleve.SearchResult
		if len(shards) == 1 {
			res, err = shards[0].SearchInContext(ctx, sr)
		} else {
			res, err = bleve.NewIndexAlias(shards...).SearchInContext(ctx, sr)
		}
		if err != nil {
			return nil, fmt.Errorf("index search: %w", err)
		}
		out = toResult(res, sr, req)
	} else if req.Facets {
		out.Facets = &Facets{}
	}
	out.Took = time.Since(start)
	return out, nil
}

// withFilters adds the request's date, source and language conditions.
func withFilters(q bq.Query, req Request) bq.Query {
	must := []bq.Query{q}
	if !req.From.IsZero() || !req.To.IsZero() {
		t, from := true, req.From
		if !from.After(undated) {
			from = undated.Add(time.Nanosecond) // leave undated items out
		}
		d := bleve.NewDateRangeInclusiveQuery(from, req.To, &t, &t)
		d.SetField(fDate)
		must = append(must, d)
	}
	for _, f := range []struct {
		field  string
		values []string
	}{{fSource, req.Sources}, {fLang, req.Langs}} {
		if len(f.values) == 0 {
			continue
		}
		anyOf := make([]bq.Query, len(f.values))
		for i, v := range f.values {
			t := bleve.NewTermQuery(keyword(v))
			t.SetField(f.field)
			anyOf[i] = t
		}
		must = append(must, bleve.NewDisjunctionQuery(anyOf...))
	}
	if len(must) == 1 {
		return q
	}
	return bleve.NewConjunctionQuery(must...)
}

// cursor is the decoded form of Request.After.
type cursor struct {
	Sort  string   `json:"s"`
	After []string `json:"a"`
}

// buildRequest sets paging, sort, stored fields and facets.
func buildRequest(q bq.Query, req Request) (*bleve.SearchRequest, error) {
	size := req.Size
	if size <= 0 {
		size = DefaultSize
	}
	from := 0
	if req.After == "" && req.Page > 1 {
		from = (req.Page - 1) * size
	}
	// One hit more than the page tells whether there is a next page.
	sr := bleve.NewSearchRequestOptions(q, size+1, from, false)
	sr.Fields = []string{fTitle, fURL, fSource, fLang, fPublished}
	date := &search.SortField{Field: fDate, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast}
	switch req.Sort {
	case "", SortRelevance:
		sr.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	case SortNewest, SortOldest:
		date.Desc = req.Sort == SortNewest
		sr.SortByCustom(search.SortOrder{date, &search.SortDocID{}})
		sr.Score = "none"
	default:
		return nil, fmt.Errorf("%w: sort %q is not relevance, newest or oldest", mediawatch.ErrInvalid, req.Sort)
	}
	if req.After != "" {
		c, err := decodeCursor(req.After)
		if err != nil || c.Sort != sortName(req.Sort) || len(c.After) != len(sr.Sort) {
			return nil, fmt.Errorf("%w: bad cursor", mediawatch.ErrInvalid)
		}
		sr.SearchAfter = c.After
	}
	if req.Facets {
		sr.AddFacet("sources", bleve.NewFacetRequest(fSource, facetSources))
		sr.AddFacet("langs", bleve.NewFacetRequest(fLang, facetLangs))
		sr.AddFacet("hours", bleve.NewFacetRequest(fHour, facetHours))
	}
	return sr, nil
}

// sortName is the canonical name of a sort order.
func sortName(s string) string {
	if s == "" {
		return SortRelevance
	}
	return s
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	return c, err
}

// toResult converts bleve's answer.
func toResult(res *bleve.SearchResult, sr *bleve.SearchRequest, req Request) *Result {
	hits, next := res.Hits, ""
	if len(hits) == sr.Size { // the extra hit: there is a next page
		hits = hits[:len(hits)-1]
		next = nextCursor(hits[len(hits)-1], req)
	}
	r := &Result{Total: res.Total, Hits: make([]Hit, 0, len(hits)), Next: next}
	for _, h := range hits {
		r.Hits = append(r.Hits, toHit(h))
	}
	if req.Facets {
		r.Facets = toFacets(res.Facets, req.Loc)
	}
	return r
}

// nextCursor encodes the sort values of the last hit of a page.
func nextCursor(h *search.DocumentMatch, req Request) string {
	var after []string
	if sortName(req.Sort) == SortRelevance {
		after = []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}
	} else {
		after = []string{h.DecodedSort[0], h.ID}
	}
	b, _ := json.Marshal(cursor{Sort: sortName(req.Sort), After: after})
	return base64.RawURLEncoding.EncodeToString(b)
}

// toHit reads a hit's stored fields.
func toHit(h *search.DocumentMatch) Hit {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	id, _ := strconv.ParseInt(h.ID, 10, 64)
	pub, _ := time.Parse(dateLayout, str(fPublished))
	return Hit{ID: id, Score: h.Score, Title: str(fTitle), URL: str(fURL), Source: str(fSource), Lang: str(fLang), Published: pub}
}

// toFacets converts term counts; hours become local days.
func toFacets(fr search.FacetResults, loc *time.Location) *Facets {
	if loc == nil {
		loc = time.UTC
	}
	f := &Facets{}
	counts := func(name string) []Count {
		var out []Count
		if r, ok := fr[name]; ok && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				out = append(out, Count{Value: t.Term, N: t.Count})
			}
		}
		return out
	}
	f.Sources, f.Langs = counts("sources"), counts("langs")
	days := map[string]int{}
	for _, c := range counts("hours") {
		h, err := strconv.ParseInt(c.Value, 10, 64)
		if err != nil {
			continue
		}
		days[time.Unix(h*3600, 0).In(loc).Format(time.DateOnly)] += c.N
	}
	for d, n := range days {
		f.Days = append(f.Days, DayCount{Day: d, N: n})
	}
	slices.SortFunc(f.Days, func(a, b DayCount) int {
		if a.Day < b.Day {
			return -1
		}
		if a.Day > b.Day {
			return 1
		}
		return 0
	})
	return f
}
