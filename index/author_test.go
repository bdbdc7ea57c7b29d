package index

import (
	"context"
	"slices"
	"testing"

	"mediawatch/query"
)

// TestAuthorAndPlatform searches the corpus by author and platform, as an
// analyst types them, against the matcher and against the items each
// must find (corpusAuthors, withAuthor).
func TestAuthorAndPlatform(t *testing.T) {
	x, items := openCorpus(t, Options{})
	byAuthor := func(handle, byline string) []int64 {
		var ids []int64
		for _, it := range items {
			if it.Account != nil && it.Account.Handle == handle || byline != "" && it.Author == byline {
				ids = append(ids, it.ID)
			}
		}
		return ids
	}
	tests := []struct {
		q    string
		want []int64
	}{
		{`author:"son la 24h"`, byAuthor("sonla24h", "")},
		{`author:"Sơn La 24h"`, byAuthor("sonla24h", "")},
		{`author:"telegram:sonla24h"`, byAuthor("sonla24h", "")},
		{`author:sonla24h`, byAuthor("sonla24h", "")},
		{`author:"nguyen van an"`, byAuthor("", "Nguyễn Văn An")},
		{`author:"tin@mastodon.social"`, byAuthor("tin@mastodon.social", "")},
		{`author:"moc chau"`, byAuthor("UCmocChauTV", "")},
	}
	for _, tc := range tests {
		if len(tc.want) == 0 {
			t.Fatalf("%s: the corpus has no such author", tc.q)
		}
		got := sorted(searchIDs(t, x, tc.q, Request{}))
		if !slices.Equal(got, sorted(tc.want)) {
			t.Errorf("%s: %v, want %v", tc.q, got, tc.want)
		}
		if m := matcherIDs(t, tc.q, items); !slices.Equal(got, m) {
			t.Errorf("%s: index %v, matcher %v", tc.q, got, m)
		}
	}
	for _, q := range []string{"platform:telegram", "platform:news", "platform:youtube -author:sonla24h", `author:"son la" OR platform:mastodon`} {
		if got, want := sorted(searchIDs(t, x, q, Request{})), matcherIDs(t, q, items); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s: index %v, matcher %v", q, got, want)
		}
	}
	res, err := x.Search(context.Background(), query.MustParse("platform:telegram OR platform:news"), Request{Size: 3, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Facets.Platforms) != 2 || res.Hits[0].Platform == "" {
		t.Errorf("platform facet %v, first hit platform %q", res.Facets.Platforms, res.Hits[0].Platform)
	}
}
