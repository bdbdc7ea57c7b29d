package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/query"
)

// tiedItems are items whose text ties them in relevance, spread over three
// months, with dates shared by several items, one item dated only by when
// it was first seen and two with no date at all.
func tiedItems() []mediawatch.Item {
	base := time.Date(2025, 1, 20, 8, 0, 0, 0, time.UTC)
	var out []mediawatch.Item
	for i := 1; i <= 60; i++ {
		it := mediawatch.Item{ID: int64(i), Source: "baomoi", Lang: "vi", Version: 1,
			Title: "Lũ quét ở Sơn La", Text: "Mưa lớn gây lũ quét ở Sơn La."}
		if i%10 == 0 {
			it.Text = "Sơn La, Sơn La: lũ quét ở Sơn La." // scores higher: ties broken by score first
		}
		switch {
		case i <= 2: // undated
		case i == 3:
			it.FirstSeen = base.AddDate(0, 1, 0)
		default:
			it.Published = base.Add(time.Duration(i/3) * 24 * time.Hour) // three items per day
		}
		out = append(out, it)
	}
	return out
}

// dateOrder is the newest-first (or oldest-first) order of items by their
// effective date, undated as the Unix epoch, then id.
func dateOrder(items []mediawatch.Item, newest bool) []int64 {
	s := slices.Clone(items)
	slices.SortFunc(s, func(a, b mediawatch.Item) int {
		ta, tb := effectiveDate(&a), effectiveDate(&b)
		if ta.IsZero() {
			ta = undated
		}
		if tb.IsZero() {
			tb = undated
		}
		c := cmp.Or(ta.Compare(tb), cmp.Compare(a.ID, b.ID))
		if newest {
			return -c
		}
		return c
	})
	ids := make([]int64, len(s))
	for i, it := range s {
		ids[i] = it.ID
	}
	return ids
}

// TestOrdersAndPaging checks each order against one computed here, and
// that paging by cursor and by page number walk it exactly, with pages
// small enough that score ties straddle page and shard boundaries.
func TestOrdersAndPaging(t *testing.T) {
	items := tiedItems()
	for _, opts := range []Options{{}, {OneShard: true}, {impactsFrom: 1}} {
		x := openTemp(t, opts)
		for i := 0; i < len(items); i += 25 { // several segments per shard
			if err := x.Put(context.Background(), items[i:min(len(items), i+25)]); err != nil {
				t.Fatal(err)
			}
		}
		for _, sort := range []string{SortRelevance, SortNewest, SortOldest} {
			name := fmt.Sprintf("%s/one shard %v, impacts from %d", sort, opts.OneShard, opts.impactsFrom)
			all := searchHits(t, x, `"son la"`, Request{Sort: sort, Size: 1000})
			switch sort {
			case SortRelevance:
				checkRelevanceOrder(t, name, all)
			default:
				if got, want := ids(all), dateOrder(items, sort == SortNewest); !slices.Equal(got, want) {
					t.Errorf("%s: %v, want %v", name, got, want)
				}
			}
			for _, size := range []int{1, 7, 9} {
				if got := pageByCursor(t, x, sort, size); !slices.Equal(got, ids(all)) {
					t.Errorf("%s, %d per page, by cursor: %v, want %v", name, size, got, ids(all))
				}
				if got := pageByNumber(t, x, sort, size); !slices.Equal(got, ids(all)) {
					t.Errorf("%s, %d per page, by number: %v, want %v", name, size, got, ids(all))
				}
			}
		}
	}
}

// checkRelevanceOrder checks scores never rise and ties go by id as bleve
// orders ids (as strings).
func checkRelevanceOrder(t *testing.T, name string, hits []Hit) {
	t.Helper()
	if len(hits) != 60 {
		t.Fatalf("%s: %d hits, want 60", name, len(hits))
	}
	for i := 1; i < len(hits); i++ {
		a, b := hits[i-1], hits[i]
		if a.Score < b.Score || a.Score == b.Score && strconv.FormatInt(a.ID, 10) > strconv.FormatInt(b.ID, 10) {
			t.Fatalf("%s: %d (%g) before %d (%g)", name, a.ID, a.Score, b.ID, b.Score)
		}
	}
	if top := hits[0].ID; top%10 != 0 {
		t.Errorf("%s: first hit %d, want one that says Sơn La three times", name, top)
	}
}

func searchHits(t *testing.T, x *Index, q string, req Request) []Hit {
	t.Helper()
	res, err := x.Search(context.Background(), query.MustParse(q), req)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if uint64(len(res.Hits)) != res.Total || res.Next != "" {
		t.Fatalf("%s: %d hits of %d, next %q", q, len(res.Hits), res.Total, res.Next)
	}
	return res.Hits
}

func ids(hits []Hit) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func pageByCursor(t *testing.T, x *Index, sort string, size int) []int64 {
	t.Helper()
	var out []int64
	req := Request{Sort: sort, Size: size}
	for range 100 {
		res, err := x.Search(context.Background(), query.MustParse(`"son la"`), req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 60 {
			t.Fatalf("total %d on a later page, want 60", res.Total)
		}
		out = append(out, ids(res.Hits)...)
		if res.Next == "" {
			return out
		}
		req.After = res.Next
	}
	t.Fatal("more than 100 pages")
	return nil
}

func pageByNumber(t *testing.T, x *Index, sort string, size int) []int64 {
	t.Helper()
	var out []int64
	for page := 1; page <= 100; page++ {
		res, err := x.Search(context.Background(), query.MustParse(`"son la"`), Request{Sort: sort, Size: size, Page: page})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ids(res.Hits)...)
		if res.Next == "" {
			return out
		}
	}
	t.Fatal("more than 100 pages")
	return nil
}

// TestCursorOfAnotherOrder refuses a cursor made for another sort order.
func TestCursorOfAnotherOrder(t *testing.T) {
	x, _ := openCorpus(t, Options{})
	n := query.MustParse(`"son la"`)
	res, err := x.Search(context.Background(), n, Request{Sort: SortNewest, Size: 2})
	if err != nil || res.Next == "" {
		t.Fatalf("%+v %v", res, err)
	}
	for _, sort := range []string{SortRelevance, SortOldest} {
		if _, err := x.Search(context.Background(), n, Request{Sort: sort, After: res.Next}); err == nil {
			t.Errorf("%s accepted a newest-first cursor", sort)
		}
	}
}
