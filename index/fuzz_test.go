package index

import (
	"context"
	"errors"
	"testing"

	"mediawatch"
	"mediawatch/query"
)

// FuzzCursor feeds arbitrary Request.After values (they come from API
// clients) to Search in every sort order, for a set query and one read
// from positions (their cursors take different paths): each is refused
// as invalid input or resumes a search, never anything else.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{
		"",
		"not-a-cursor",
		"eyJzIjoibmV3ZXN0IiwiYSI6WyI4MDAwMDAwMDY3YTcwZjAwMDAwMDAwMDA4MDAwMDAwMDAwMDAwMDAzIl19", // newest, a key
		"eyJzIjoicmVsZXZhbmNlIiwiYSI6WyIwLjUiLCIxMiJdfQ",                                       // relevance, score and id
		"eyJzIjoicmVsZXZhbmNlIiwiYSI6WyJOYU4iLCIxMiJdfQ",                                       // a NaN score
		"eyJzIjoib2xkZXN0IiwiYSI6W119",                                                         // no values
	} {
		f.Add(s)
	}
	x, _ := openCorpus(f, Options{})
	queries := []query.Node{query.MustParse(`la OR moc* OR dam`), query.MustParse(`(son NEAR/3 la) OR "mộc châu"`)}
	f.Fuzz(func(t *testing.T, after string) {
		for i, sort := range []string{SortRelevance, SortNewest, SortOldest, SortRelevance, SortNewest, SortOldest} {
			n := queries[i/3]
			res, err := x.Search(context.Background(), n, Request{Sort: sort, Size: 3, After: after})
			if err != nil && !errors.Is(err, mediawatch.ErrInvalid) {
				t.Fatalf("%s after %q: %v", sort, after, err)
			}
			if err == nil && after != "" && len(res.Hits) > 3 {
				t.Fatalf("%s after %q: %d hits on a page of 3", sort, after, len(res.Hits))
			}
		}
	})
}
