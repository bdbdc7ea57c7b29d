package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// pairQuery finds a two-word phrase of a listed pair in one pair field
// (t2 or x2): one term for an exact spelling; for a folded phrase, every
// spelling the dictionary holds under the folded pair, the one without
// diacritics (as typed) boosted. It scores as a phrase's span does.
type pairQuery struct {
	field string
	pair  pairLookup
	boost float64
}

// Searcher reads the spellings from the dictionary (folded) and returns a
// span searcher over them whose terms are each a whole match.
func (q *pairQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	alts := []string{q.pair.term}
	typed := false
	if !q.pair.exact {
		var err error
		if alts, typed, err = q.spellings(r); err != nil {
			return nil, err
		}
	}
	if len(alts) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	spec := spanSpec{field: q.field, slots: [][]string{alts}, boost: q.boost, whole: true, typed: typed}
	return newSpanSearcher(ctx, r, spec, opts)
}

// spellings lists the terms of the folded pair, the typed one first if
// the dictionary has it.
func (q *pairQuery) spellings(r bindex.IndexReader) (alts []string, typed bool, err error) {
	return spellings(r, q.field, q.pair)
}

// spellings lists the terms of the folded pair p in field (every term
// under its prefix), p.typed first if the dictionary has it.
func spellings(r bindex.IndexReader, field string, p pairLookup) (alts []string, typed bool, err error) {
	dict, err := r.FieldDictPrefix(field, []byte(p.term))
	if err != nil {
		return nil, false, err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			return alts, typed, err
		}
		if e.Term == p.typed {
			typed = true
			alts = append([]string{e.Term}, alts...)
		} else {
			alts = append(alts, e.Term)
		}
	}
}
