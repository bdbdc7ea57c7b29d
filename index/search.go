package index

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
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
	Platform  string    // mediawatch.NormalPlatform: "news" for articles
	Published time.Time // zero if the source gave no date
}

// Facets are counts over every match of a search, not only the page.
type Facets struct {
	Sources   []Count               // most frequent first
	Langs     []Count               // most frequent first
	Platforms []Count               // most frequent first
	Days      []mediawatch.DayCount // by local day in Request.Loc, oldest first
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

// Search runs q, restricted and ordered by req. q must be valid
// (query.Parse output, or an AST query.Compile accepts). A panic inside
// bleve — a segment damaged after Open checked it — is an error wrapping
// ErrDamaged, not the end of the process.
func (x *Index) Search(ctx context.Context, q query.Node, req Request) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, damaged("search", fmt.Sprintf("panic: %v", r))
		}
	}()
	x.swap.RLock()
	defer x.swap.RUnlock()
	start := time.Now()
	if _, err := query.Compile(q); err != nil {
		return nil, err
	}
	bqy, err := compiler{x.pairs, x.positions}.compile(q)
	if err != nil {
		return nil, err
	}
	if !setQuery(bqy) {
		bqy = withSetLeaves(bqy) // bleve runs it: its prefixes as sets
	}
	p, err := newPlan(withFilters(bqy, req), req)
	if err != nil {
		return nil, err
	}
	p.x, p.core = x, bqy
	shards, err := x.shardsFor(req.From, req.To)
	if err != nil {
		return nil, err
	}
	out, err := p.run(ctx, shards)
	if err != nil {
		return nil, fmt.Errorf("index search: %w", err)
	}
	out.Took = time.Since(start)
	return out, nil
}

// withFilters adds the request's date, source and language conditions.
func withFilters(q bq.Query, req Request) bq.Query {
	must := []bq.Query{q}
	if !req.From.IsZero() || !req.To.IsZero() {
		t, from, to := true, clampDate(req.From), clampDate(req.To)
		if !from.After(undated) {
			from = undated.Add(time.Nanosecond) // leave undated items out
		}
		d := bleve.NewDateRangeInclusiveQuery(from, to, &t, &t)
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
		must = append(must, &filterQuery{bleve.NewDisjunctionQuery(anyOf...)})
	}
	if len(must) == 1 {
		return q
	}
	return bleve.NewConjunctionQuery(must...)
}

// cursor is the decoded form of Request.After: the sort values of the
// last hit of the previous page — its score and id for relevance, its
// sort key for the date orders.
type cursor struct {
	Sort  string   `json:"s"`
	After []string `json:"a"`
}

// sortName is the canonical name of a sort order.
func sortName(s string) string {
	if s == "" {
		return SortRelevance
	}
	return s
}

// decodeCursor reads Request.After for the sort order sort, refusing
// anything Result.Next could not have written for it.
func decodeCursor(s, sort string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		return c, err
	}
	if c.Sort != sort {
		return c, errors.New("cursor of another sort order")
	}
	if sort != SortRelevance {
		if len(c.After) != 1 {
			return c, errors.New("want one sort value")
		}
		if _, ok := keyTime(c.After[0]); !ok {
			return c, errors.New("not a sort key")
		}
		return c, nil
	}
	if len(c.After) != 2 {
		return c, errors.New("want a score and an id")
	}
	if f, err := strconv.ParseFloat(c.After[0], 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return c, errors.New("not a score")
	}
	if _, err := strconv.ParseInt(c.After[1], 10, 64); err != nil {
		return c, errors.New("not an id")
	}
	return c, nil
}

// encodeCursor is the Result.Next of a page whose last hit is h.
func encodeCursor(sort string, h *search.DocumentMatch) string {
	after := []string{hitKey(h)}
	if sort == SortRelevance {
		after = []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}
	}
	b, _ := json.Marshal(cursor{Sort: sort, After: after})
	return base64.RawURLEncoding.EncodeToString(b)
}
