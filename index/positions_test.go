package index

import (
	"context"
	"testing"

	"mediawatch/query"
)

// TestPositionTablesGiveTheSameAnswers: phrases and NEAR over frequent
// words, read from position tables, find the same items with the same
// scores as the walk through the postings they replace; and the tables
// are used, and kept.
func TestPositionTablesGiveTheSameAnswers(t *testing.T) {
	tables, _ := openCorpus(t, Options{tablesFrom: 1})
	walk, _ := openCorpus(t, Options{noPositionTables: true})
	ctx := context.Background()
	matched := 0
	for _, q := range []string{`"tỉnh sơn la"`, `"tinh son la"`, `"ủy ban nhân dân"`, `"uy ban nhan dan"`, `"người dân"`,
		`"nguoi dan"`, `"của tỉnh"`, `"và các"`, `"cua tinh"`, `lũ NEAR/5 "sơn la"`, `dân ONEAR/3 tỉnh`,
		`title:"sơn la"`, `"trên địa bàn tỉnh"`, `"tren dia ban"`} {
		for _, sort := range []string{SortRelevance, SortNewest} {
			req := Request{Size: 1000, Sort: sort, Facets: true}
			a, err := tables.Search(ctx, query.MustParse(q), req)
			if err != nil {
				t.Fatalf("%s with tables: %v", q, err)
			}
			b, err := walk.Search(ctx, query.MustParse(q), req)
			if err != nil {
				t.Fatalf("%s walking the postings: %v", q, err)
			}
			if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
				t.Fatalf("%s (%s): %d matches with tables, %d walking the postings", q, sort, a.Total, b.Total)
			}
			for i := range a.Hits {
				if a.Hits[i].ID != b.Hits[i].ID || a.Hits[i].Score != b.Hits[i].Score {
					t.Fatalf("%s (%s): hit %d is %d (score %v) with tables, %d (%v) walking", q, sort, i,
						a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
				}
			}
			if a.Total > 0 {
				matched++
			}
		}
	}
	if matched < 10 {
		t.Errorf("only %d of the searches matched anything: the corpus does not exercise the tables", matched)
	}
	tables.positions.mu.Lock()
	kept := len(tables.positions.byKey)
	tables.positions.mu.Unlock()
	if kept == 0 {
		t.Error("no position table was kept")
	}
	if walk.positions != nil {
		t.Error("noPositionTables still made a cache")
	}
}
