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
	x, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	for i := 0; i < n; i += 1000 {
		if err := x.Put(ctx, items[i:i+1000]); err != nil {
			t.Fatal(err)
		}
	}
	ict := time.FixedZone("ICT", 7*3600)
	g := newGen(items[:len(loadCorpus(t))], r)
	checked, big := 0, 0
	for i := 0; checked < 60 && i < 2000; i++ {
		q := g.query(0)
		node, err := query.Parse(q)
		if err != nil {
			continue
		}
		m, err := query.Compile(node)
		if err != nil {
			continue
		}
		req := Request{Sort: SortNewest, Size: 20, Facets: true, Loc: ict}
		if r.IntN(2) == 0 { // a date range: the last days, or a month somewhere
			from := end.AddDate(0, 0, -1-r.IntN(360))
			req.From, req.To = from, from.AddDate(0, 0, 1+r.IntN(40))
		}
		checked++
		var matched []mediawatch.Item
		sources, langs, platforms, days := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		for _, it := range items {
			d := effectiveDate(&it)
			if !req.From.IsZero() && (d.Before(req.From) || d.After(req.To)) {
				continue
			}
			if !m.Match(query.DocOf(&it)) {
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
		res, err := x.Search(ctx, node, req)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if res.Total != uint64(len(matched)) {
			t.Errorf("%s %v–%v: total %d, want %d", q, req.From, req.To, res.Total, len(matched))
			continue
		}
		want := dateOrder(matched, true)
		if got := ids(res.Hits); !slices.Equal(got, want[:min(len(want), 20)]) {
			t.Errorf("%s: newest page %v, want %v", q, got, want[:min(len(want), 20)])
		}
		counts := func(cs []Count) map[string]int {
			out := map[string]int{}
			for _, c := range cs {
				out[c.Value] = c.N
			}
			return out
		}
		gotDays := map[string]int{}
		for _, d := range res.Facets.Days {
			gotDays[d.Day] = d.N
		}
		if !maps.Equal(counts(res.Facets.Sources), sources) || !maps.Equal(counts(res.Facets.Langs), langs) ||
			!maps.Equal(counts(res.Facets.Platforms), platforms) || !maps.Equal(gotDays, days) {
			t.Errorf("%s: facets differ from the matcher's counts (%d matches)", q, len(matched))
		}
	}
	t.Logf("%d queries at %d items, %d of them matching over 1,000", checked, n, big)
	if checked < 60 {
		t.Fatalf("only %d valid queries", checked)
	}
}
