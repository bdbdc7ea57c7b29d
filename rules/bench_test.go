package rules_test

import (
	"testing"
	"time"

	"mediawatch"
	"mediawatch/rules"
)

// BenchmarkMatch runs the starter pack over the demo site's articles; the
// command bench/rules measures 10 to 10,000 rules on the shared corpora.
func BenchmarkMatch(b *testing.B) {
	set, err := rules.LoadDir("examples", time.Now)
	if err != nil {
		b.Fatal(err)
	}
	e, err := rules.NewEngine(set.Rules)
	if err != nil {
		b.Fatal(err)
	}
	var items []mediawatch.Item
	var bytes int64
	for i, a := range demoArticles(b) {
		it := a.item(int64(i + 1))
		items = append(items, it)
		bytes += int64(len(it.Title) + len(it.Text))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		for i := range items {
			e.Match(&items[i])
		}
	}
}
