package index

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"mediawatch/query"
)

func TestIdLessIsStringOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vals := []int64{0, 1, 9, 10, 11, 99, 100, 101, 1000000, 999999, 9223372036854775807, 922337203685477580, -1, -10}
	for range 2000 {
		vals = append(vals, r.Int64N(1<<uint(r.IntN(62)+1)))
	}
	for _, a := range vals {
		for _, b := range vals[:60] {
			if got, want := idLess(a, b), strconv.FormatInt(a, 10) < strconv.FormatInt(b, 10); got != want {
				t.Fatalf("idLess(%d, %d) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// TestKeywordScoresAreFinite: a keyword field keeps no frequencies or
// norms, and a search with a filter still scores every match finitely,
// so that a cursor can carry the score — by sets (a filter alone, or with
// a word) and by bleve (with a NEAR). A +Inf score once ranked every
// match of `url:… lũ` first in no order and made its next page an error.
func TestKeywordScoresAreFinite(t *testing.T) {
	x, _ := openCorpus(t, Options{})
	for _, q := range []string{"platform:news", "platform:news (sơn OR la)", "platform:news (sơn NEAR/3 la)"} {
		res, err := x.Search(context.Background(), query.MustParse(q), Request{Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Next == "" {
			t.Errorf("%s: %d hits, next %q: want a first page and more", q, len(res.Hits), res.Next)
			continue
		}
		for _, h := range res.Hits {
			if math.IsInf(h.Score, 0) || math.IsNaN(h.Score) || h.Score < 0 {
				t.Errorf("%s: item %d scores %v", q, h.ID, h.Score)
			}
		}
		if _, err := x.Search(context.Background(), query.MustParse(q), Request{Size: 1, After: res.Next}); err != nil {
			t.Errorf("%s: next page: %v", q, err)
		}
	}
}
