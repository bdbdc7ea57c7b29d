package main

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"mediawatch"
	"mediawatch/bench/internal/benchkit"
	"mediawatch/query"
)

// The baseline: raw bleve with its standard analyzer (Unicode words,
// lower case, English stop words; no folding), on a lean explicit mapping
// with the same kinds of fields. It is the comparison the issue asks for;
// only this command, never the application, imports bleve outside package
// index.

type rawIndex struct {
	b     bleve.Index
	items []mediawatch.Item
}

type rawDoc struct {
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Source    string    `json:"source"`
	Lang      string    `json:"lang"`
	Published time.Time `json:"published"`
}

func rawMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = standard.Name
	dm := bleve.NewDocumentStaticMapping()
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = standard.Name, store, false, false, true
		return f
	}
	key := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = true, false, true
		return f
	}
	date := bleve.NewDateTimeFieldMapping()
	date.Store, date.IncludeInAll = true, false
	dm.AddFieldMappingsAt("title", text(true))
	dm.AddFieldMappingsAt("text", text(false))
	dm.AddFieldMappingsAt("source", key())
	dm.AddFieldMappingsAt("lang", key())
	dm.AddFieldMappingsAt("published", date)
	m.DefaultMapping = dm
	return m
}

func ingestRaw(dir string, items []mediawatch.Item, batch int) (rate, perCPU float64, err error) {
	b, err := bleve.NewUsing(dir, rawMapping(), "scorch", "scorch", map[string]any{"unsafe_batch": true})
	if err != nil {
		return 0, 0, err
	}
	start, cpu0 := time.Now(), benchkit.CPUTime()
	for i := 0; i < len(items); i += batch {
		bt := b.NewBatch()
		for _, it := range items[i:min(len(items), i+batch)] {
			if err := bt.Index(docID(it.ID), rawDoc{it.Title, it.Text, it.Source, it.Lang, it.Published}); err != nil {
				return 0, 0, err
			}
		}
		if err := b.Batch(bt); err != nil {
			return 0, 0, err
		}
	}
	n := float64(len(items))
	return n / time.Since(start).Seconds(), n / (benchkit.CPUTime() - cpu0).Seconds(), b.Close()
}

func docID(id int64) string { return strconv.FormatInt(id, 10) }

func openRaw(dir string, items []mediawatch.Item) (*rawIndex, error) {
	b, err := bleve.OpenUsing(dir, map[string]any{"unsafe_batch": true})
	if err != nil {
		return nil, err
	}
	return &rawIndex{b, items}, nil
}

func (r *rawIndex) close() { r.b.Close() }

// search runs the nearest raw equivalent of q: words and phrases through
// the standard analyzer in title or text, prefixes lower-cased, NEAR as
// the conjunction of its sides (raw bleve has no proximity).
func (r *rawIndex) search(ctx context.Context, k kind, q string, recent time.Time) (uint64, error) {
	n, err := query.Parse(q)
	if err != nil {
		return 0, err
	}
	var qq bq.Query = rawQuery(n)
	if k.recent {
		d := bleve.NewDateRangeQuery(recent, time.Time{})
		d.SetField("published")
		qq = bleve.NewConjunctionQuery(qq, d)
	}
	req := bleve.NewSearchRequestOptions(qq, 20, 0, false)
	req.Fields = []string{"title", "source", "lang", "published"}
	if k.newest {
		req.SortBy([]string{"-published", "_id"})
		req.Score = "none"
	}
	if k.facets {
		req.AddFacet("sources", bleve.NewFacetRequest("source", 200))
		req.AddFacet("langs", bleve.NewFacetRequest("lang", 50))
	}
	res, err := r.b.SearchInContext(ctx, req)
	if err != nil {
		return 0, err
	}
	if k.highlight {
		for _, h := range res.Hits {
			id, _ := strconv.ParseInt(h.ID, 10, 64)
			title, _ := h.Fields["title"].(string)
			highlight(n, title, r.items[id-1].Text)
		}
	}
	return res.Total, nil
}

func rawQuery(n query.Node) bq.Query {
	both := func(f func(field string) bq.Query) bq.Query {
		return bleve.NewDisjunctionQuery(f("title"), f("text"))
	}
	switch x := n.(type) {
	case *query.Term:
		return both(func(field string) bq.Query { q := bleve.NewMatchQuery(x.Text); q.SetField(field); return q })
	case *query.Phrase:
		s := strings.Join(x.Words, " ")
		return both(func(field string) bq.Query { q := bleve.NewMatchPhraseQuery(s); q.SetField(field); return q })
	case *query.Prefix:
		p := strings.ToLower(x.Text)
		return both(func(field string) bq.Query { q := bleve.NewPrefixQuery(p); q.SetField(field); return q })
	case *query.Near:
		return bleve.NewConjunctionQuery(rawQuery(x.A), rawQuery(x.B))
	case *query.And:
		var qs []bq.Query
		for _, c := range x.Nodes {
			qs = append(qs, rawQuery(c))
		}
		return bleve.NewConjunctionQuery(qs...)
	}
	return bleve.NewMatchNoneQuery()
}
