package desk

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/query"
)

// BacktestDeps are what Backtest reads: candidates from the index, their
// current text from the store.
type BacktestDeps struct {
	Index Searcher
	Store ingest.ItemsReader
}

// DefaultSamples is how many matched items a backtest shows when asked
// for none.
const DefaultSamples = 20

// BacktestRequest is one rule to try against history.
type BacktestRequest struct {
	Query     query.Node         // the rule's query, to find candidates in the index
	Languages []string           // the rule's languages (empty: all)
	Sources   []string           // the rule's sources (empty: all)
	Matcher   ingest.RuleMatcher // built from the rule alone: it confirms each candidate
	// Since leaves out items dated before it. An item's date is when it
	// was published, or when it was first seen if the source gave no
	// date; the index filters on the same date (index.Request.From).
	Since   time.Time
	Loc     *time.Location // the zone of PerDay's days; UTC if nil
	Samples int            // how many matches to return; DefaultSamples if 0
	Page    int            // candidates read at once from the index, then the store; 1000 if 0
}

// BacktestResult says what a rule would have flagged.
type BacktestResult struct {
	Matched    int                   `json:"matched"`    // stored items the rule flags
	PerDay     []mediawatch.DayCount `json:"per_day"`    // Matched by local day of the item's date, oldest first
	Samples    []BacktestSample      `json:"samples"`    // the newest matches, newest first
	Candidates int                   `json:"candidates"` // items the index found for the query
	Took       time.Duration         `json:"took"`
}

// BacktestSample is one matched item (its current version) and the flag
// the rule would raise on it, whose matches are the highlights.
type BacktestSample struct {
	Item mediawatch.Item `json:"item"`
	Flag mediawatch.Flag `json:"flag"`
}

// backtestPage is how many candidates are read from the index, and then
// from the store, at once, unless the request says otherwise.
const backtestPage = 1000

// Backtest answers "what would this rule have flagged?" without writing
// anything. The index finds the candidates — every page, through its
// cursor, newest first, restricted by r's languages, sources and Since —
// and each is read back from the store, a page per query, and confirmed by
// r.Matcher on its current version, so that the answer is what the matcher
// alone would find over every stored item. An item the index does not yet
// hold at its current version (reconcile pending) is judged on what the
// index holds as a candidate, on what the store holds as a match.
func Backtest(ctx context.Context, deps BacktestDeps, r BacktestRequest) (BacktestResult, error) {
	start := time.Now()
	if r.Query == nil || r.Matcher == nil || r.Samples < 0 || r.Page < 0 {
		return BacktestResult{}, fmt.Errorf("backtest: %w: a query, a matcher, and sample and page sizes of 0 or more are needed",
			mediawatch.ErrInvalid)
	}
	if r.Samples == 0 {
		r.Samples = DefaultSamples
	}
	if r.Page == 0 {
		r.Page = backtestPage
	}
	loc := r.Loc
	if loc == nil {
		loc = time.UTC
	}
	out := BacktestResult{Samples: []BacktestSample{}, PerDay: []mediawatch.DayCount{}}
	days := map[string]int{}
	req := index.Request{From: r.Since, Sources: r.Sources, Langs: r.Languages, Sort: index.SortNewest, Size: r.Page}
	for {
		res, err := deps.Index.Search(ctx, r.Query, req)
		if err != nil {
			return BacktestResult{}, fmt.Errorf("backtest: search: %w", err)
		}
		out.Candidates += len(res.Hits)
		if err := confirm(ctx, deps.Store, r, res.Hits, loc, &out, days); err != nil {
			return BacktestResult{}, err
		}
		if res.Next == "" {
			break
		}
		req.After = res.Next
	}
	for d, n := range days {
		out.PerDay = append(out.PerDay, mediawatch.DayCount{Day: d, N: n})
	}
	slices.SortFunc(out.PerDay, func(a, b mediawatch.DayCount) int { return strings.Compare(a.Day, b.Day) })
	out.Took = time.Since(start)
	return out, nil
}

// confirm reads one page of candidates from the store and counts those the
// matcher flags, keeping the first (newest) as samples.
func confirm(ctx context.Context, st ingest.ItemsReader, r BacktestRequest, hits []index.Hit, loc *time.Location,
	out *BacktestResult, days map[string]int) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	items, err := st.ItemsByID(ctx, ids)
	if err != nil {
		return fmt.Errorf("backtest: read candidates: %w", err)
	}
	byID := make(map[int64]*mediawatch.Item, len(items))
	for i := range items {
		byID[items[i].ID] = &items[i]
	}
	for _, id := range ids { // index order: newest first
		it := byID[id]
		if it == nil {
			continue // in the index, no longer in the store
		}
		flags := r.Matcher.Match(it)
		if len(flags) == 0 {
			continue
		}
		out.Matched++
		days[it.EffectiveDate().In(loc).Format(time.DateOnly)]++
		if len(out.Samples) < r.Samples {
			f := flags[0]
			f.ItemID, f.ItemVersion = it.ID, it.Version
			out.Samples = append(out.Samples, BacktestSample{Item: *it, Flag: f})
		}
	}
	return nil
}
