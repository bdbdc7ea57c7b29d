package index

import (
	"errors"
	"slices"
	"testing"

	"mediawatch"
	"mediawatch/query"
)

// TestWatchPairs: the pairs of the watch terms are indexed as pair terms,
// so a phrase of them is one lookup (a set query, not positions), with the
// same matches as the matcher's in every spelling; and they are part of
// the layout, so an index built for other watch terms is refused.
func TestWatchPairs(t *testing.T) {
	watch := []mediawatch.WatchTerm{{Term: "Sơn La"}, {Term: "Mộc Châu"}, {Term: "Son La", Lang: "en"}}
	x, items := openCorpus(t, Options{Watch: watch})
	for _, q := range []string{`"Sơn La"`, `"son la"`, `"SƠN LA"`, `"Mộc Châu"`, `"moc chau" lũ`, `title:"son la"`} {
		n := query.MustParse(q)
		bq, err := compiler{pairs: x.pairs}.compile(n)
		if err != nil {
			t.Fatal(err)
		}
		if !setQuery(bq) {
			t.Errorf("%s: read from positions, want a pair lookup", q)
		}
		m, err := query.Compile(n)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, it := range items {
			if m.Match(query.DocOf(&it)) {
				want = append(want, it.ID)
			}
		}
		if got := sorted(searchIDs(t, x, q, Request{})); !slices.Equal(got, sorted(want)) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
	if got := watchPairs(defaultPairs(), watch); !slices.Equal(got, []string{"moc chau", "son la"}) {
		t.Errorf("watch pairs %v, want [moc chau son la]", got)
	}
	dir := x.dir
	x.Close()
	if _, err := Open(dir, Options{Watch: []mediawatch.WatchTerm{{Term: "Sơn La"}}}); !errors.Is(err, ErrOldLayout) {
		t.Errorf("opened for other watch terms: %v, want ErrOldLayout", err)
	}
	y, err := Open(dir, Options{Watch: []mediawatch.WatchTerm{{Term: "Mộc Châu"}, {Term: "son la"}}}) // the same pairs
	if err != nil {
		t.Fatalf("opened for the same pairs: %v", err)
	}
	y.Close()
}
