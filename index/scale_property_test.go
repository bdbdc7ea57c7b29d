package index

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/query"
)

// scaleItems is the corpus replicated to n items with fresh ids, sources
// spread over 30 outlets and dates over the 12 months before end: many
// items share each text, so most queries match hundreds or thousands —
// the counts a cached or approximated aggregate could get wrong.
func scaleItems(t testing.TB, n int, end time.Time, r *rand.Rand) []mediawatch.Item {
	base := loadCorpus(t)
	span := end.Sub(end.AddDate(-1, 0, 0))
	out := make([]mediawatch.Item, n)
	for i := range out {
		it := base[i%len(base)]
		it.ID = int64(i + 1)
		it.Source = it.Source + "-" + string(rune('a'+i%30/3)) + string(rune('a'+i%3))
		at := end.Add(-time.Duration(r.Int64N(int64(span))))
		it.Published, it.FirstSeen = at, at
		if i%11 == 0 {
			it.Published = time.Time{} // undated by its source: dated by first seen
		}
		out[i] = it
	}
	return out
}

// TestAgreesWithMatcherAt20k is issue 14's property: at 20,000 items, with
// random queries and random date ranges, the index's totals, facet counts
// (sources, languages, platforms, local days) and the first page of the
// newest-first order equal the straightforward answer — the in-memory
// matcher run over every item. Every shortcut the index takes for speed
// (cached facets, early termination, approximations) must keep this true,
// or say it approximated.
func TestAgreesWithMatcherAt20k(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 20,000 items")
	}
	const n = 20_000
	ctx := context.Background()
	r := rand.New(rand.NewPCG(14, n))
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	items := scaleItems(t, n, end, r)
	dir := t.TempDir()
	// Impacts and position tables kept from small segments, so that the
	// first search of a term computes them and the next ones read them.
	x, err := Open(dir, Options{impactsFrom: 1, tablesFrom: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i += 1000 {
		if err := x.Put(ctx, items[i:i+1000]); err != nil {
			t.Fatal(err)
		}
	}
	g := newGen(items[:len(loadCorpus(t))], r)
	var cases []scaleCase
	for i := 0; len(cases) < 60 && i < 2000; i++ {
		q := g.query(0)
		node, err := query.Parse(q)
		if err != nil {
			continue
		}
		m, err := query.Compile(node)
		if err != nil {
			continue
		}
		c := scaleCase{q: q, node: node, m: m}
		if r.IntN(2) == 0 { // a date range: the last days, or a month somewhere
			c.from = end.AddDate(0, 0, -1-r.IntN(360))
			c.to = c.from.AddDate(0, 0, 1+r.IntN(40))
		}
		cases = append(cases, c)
	}
	if len(cases) < 60 {
		t.Fatalf("only %d valid queries", len(cases))
	}
	// With every segment's facet columns and sort keys decoded: the
	// column and set paths.
	x.buildColumnsNow()
	big := checkScale(t, x, items, cases)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	// Without columns: doc values and bleve's own searches; without
	// position tables: the walk through the postings.
	x, err = Open(dir, Options{noColumns: true, noPositionTables: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	checkScale(t, x, items, cases)
	t.Logf("%d queries at %d items, %d of them matching over 1,000", len(cases), n, big)
}

// scaleCase is one random query of the property, with its date range
// (zero: none).
type scaleCase struct {
	q        string
	node     query.Node
	m        *query.Matcher
	from, to time.Time
}

// checkScale holds x's answers to cases to the matcher's over items: in
// the three orders, the total, facets, and the first three pages (the
// next two by cursor), which in the date orders must be the matcher's
// order and by relevance the index's own first 60 asked for at once. It
// returns how many cases matched over 1,000 items.
func checkScale(t *testing.T, x *Index, items []mediawatch.Item, cases []scaleCase) (big int) {
	t.Helper()
	ctx := context.Background()
	ict := time.FixedZone("ICT", 7*3600)
	for _, c := range cases {
		var matched []mediawatch.Item
		sources, langs, platforms, days := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		for _, it := range items {
			d := effectiveDate(&it)
			if !c.from.IsZero() && (d.Before(c.from) || d.After(c.to)) {
				continue
			}
			if !c.m.Match(query.DocOf(&it)) {
				continue
			}
			matched = append(matched, it)
			sources[keyword(it.Source)]++
			langs[keyword(it.Lang)]++
			platforms[platformKey(it.Platform)]++
			days[d.In(ict).Format(time.DateOnly)]++
		}
		if len(matched) > 1000 {
			big++
		}
		newest, oldest := dateOrder(matched, true), dateOrder(matched, false)
		for _, sort := range []string{SortNewest, SortOldest, SortRelevance} {
			req := Request{Sort: sort, Size: 20, Facets: true, Loc: ict, From: c.from, To: c.to}
			res, err := x.Search(ctx, c.node, req)
			if err != nil {
				t.Fatalf("%s: %v", c.q, err)
			}
			if res.Total != uint64(len(matched)) {
				t.Errorf("%s %v–%v, %s: total %d, want %d", c.q, c.from, c.to, sort, res.Total, len(matched))
				continue
			}
			if !sameFacets(res.Facets, ict, sources, langs, platforms, days) {
				t.Errorf("%s, %s: facets differ from the matcher's counts (%d matches)", c.q, sort, len(matched))
			}
			want := map[string][]int64{SortNewest: newest, SortOldest: oldest}[sort]
			if sort == SortRelevance {
				// The first 60 by relevance, in one page: the cursor's pages
				// below must give the same, whatever was decoded or kept
				// (impacts, columns) by the searches before them.
				all, err := x.Search(ctx, c.node, Request{Sort: sort, Size: 60, From: c.from, To: c.to})
				if err != nil {
					t.Fatalf("%s: %v", c.q, err)
				}
				want = ids(all.Hits)
			}
			if got := ids(res.Hits); !slices.Equal(got, want[:min(len(want), 20)]) {
				t.Errorf("%s: %s page %v, want %v", c.q, sort, got, want[:min(len(want), 20)])
			}
			// Two pages further by cursor: the cursor's filter in the sets.
			for page := 1; page < 3 && res.Next != ""; page++ {
				req.After, req.Facets = res.Next, false
				if res, err = x.Search(ctx, c.node, req); err != nil {
					t.Fatalf("%s: %v", c.q, err)
				}
				lo := min(len(want), 20*page)
				if got := ids(res.Hits); !slices.Equal(got, want[lo:min(len(want), lo+20)]) || res.Total != uint64(len(matched)) {
					t.Errorf("%s: %s page %d %v (total %d), want %v", c.q, sort, page+1, got, res.Total, want[lo:min(len(want), lo+20)])
				}
			}
		}
	}
	return big
}

// sameFacets compares a result's facets with the matcher's counts.
func sameFacets(f *Facets, loc *time.Location, sources, langs, platforms, days map[string]int) bool {
	counts := func(cs []Count) map[string]int {
		out := map[string]int{}
		for _, c := range cs {
			out[c.Value] = c.N
		}
		return out
	}
	gotDays := map[string]int{}
	for _, d := range f.Days {
		gotDays[d.Day] = d.N
	}
	return maps.Equal(counts(f.Sources), sources) && maps.Equal(counts(f.Langs), langs) &&
		maps.Equal(counts(f.Platforms), platforms) && maps.Equal(gotDays, days)
}
