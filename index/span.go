package index

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// spanQuery is a positional condition on one mw_uni field: a phrase of
// three or more words, or a NEAR/ONEAR of two words or phrases. bleve has
// no proximity operator and its phrase query cannot share a position
// between our exact and marked folded terms the way we need, so this query
// builds the candidates itself — the documents that hold every word slot
// and every word pair (one term each in the mw_bi field, which narrows
// common words fast) — and keeps those whose positions satisfy match,
// with the distance rules of package query.
type spanQuery struct {
	field     string     // fTitle or fText
	pairField string     // fTitlePair or fTextPair
	slots     [][]string // per word: its alternative terms in field
	pairs     [][]string // alternatives per required word pair in pairField
	match     func(pos [][]uint64) bool
	boost     float64
}

// Searcher builds the candidate conjunction and the positional filter.
func (q *spanQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	opts.IncludeTermVectors = true // positions of the word slots
	var parts []search.Searcher
	closeAll := func() {
		for _, s := range parts {
			_ = s.Close()
		}
	}
	slotOf := map[string][]int{} // term → the slots it fills
	for i, alts := range q.slots {
		if slices.ContainsFunc(q.slots[:i], func(o []string) bool { return slices.Equal(o, alts) }) {
			for _, t := range alts {
				slotOf[t] = append(slotOf[t], i)
			}
			continue // the same word twice: one searcher feeds both slots
		}
		s, err := anyTerm(ctx, r, q.field, alts, q.boost, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		parts = append(parts, s)
		for _, t := range alts {
			slotOf[t] = append(slotOf[t], i)
		}
	}
	for _, alts := range q.pairs {
		s, err := anyTerm(ctx, r, q.pairField, alts, q.boost, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		parts = append(parts, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, parts, opts)
	if err != nil {
		closeAll()
		return nil, err
	}
	pos := make([][]uint64, len(q.slots))
	return searcher.NewFilteringSearcher(ctx, conj, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		for i := range pos {
			pos[i] = pos[i][:0]
		}
		for _, l := range d.FieldTermLocations {
			if l.Field != q.field {
				continue
			}
			for _, slot := range slotOf[l.Term] {
				pos[slot] = append(pos[slot], l.Location.Pos)
			}
		}
		d.FieldTermLocations = d.FieldTermLocations[:0] // nothing above reads them
		for i := range pos {
			slices.Sort(pos[i])
		}
		return q.match(pos)
	}), nil
}

// anyTerm searches field for any of terms.
func anyTerm(ctx context.Context, r bindex.IndexReader, field string, terms []string, boost float64, opts search.SearcherOptions) (search.Searcher, error) {
	if len(terms) == 1 {
		return searcher.NewTermSearcher(ctx, r, terms[0], field, boost, opts)
	}
	subs := make([]search.Searcher, 0, len(terms))
	for _, t := range terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, field, boost, opts)
		if err != nil {
			for _, o := range subs {
				_ = o.Close()
			}
			return nil, err
		}
		subs = append(subs, s)
	}
	return searcher.NewDisjunctionSearcher(ctx, r, subs, 1, opts)
}

// starts returns the positions at which slots[0…n-1] of pos occur
// consecutively: where a phrase of those words begins.
func starts(pos [][]uint64) []uint64 {
	if len(pos) == 1 {
		return pos[0]
	}
	var out []uint64
	for _, p := range pos[0] {
		ok := true
		for k := 1; k < len(pos) && ok; k++ {
			_, ok = slices.BinarySearch(pos[k], p+uint64(k))
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

// phraseMatch reports whether the slots occur consecutively somewhere.
func phraseMatch(pos [][]uint64) bool { return len(starts(pos)) > 0 }

// nearMatch returns the match of A NEAR/dist B (ONEAR if ordered), where
// the first la slots are A's words and the rest B's: some occurrence of B
// begins at most dist words after the end of some occurrence of A (or,
// unordered, the other way round). This is query's definition of distance.
func nearMatch(la, dist int, ordered bool) func([][]uint64) bool {
	return func(pos [][]uint64) bool {
		as, bs := starts(pos[:la]), starts(pos[la:])
		return within(as, uint64(la), bs, uint64(dist)) ||
			!ordered && within(bs, uint64(len(pos)-la), as, uint64(dist))
	}
}

// within reports whether an occurrence in bs starts after the end of an
// occurrence of length la in as, with at most dist words between.
func within(as []uint64, la uint64, bs []uint64, dist uint64) bool {
	for _, a := range as {
		lo := a + la
		i, _ := slices.BinarySearch(bs, lo)
		if i < len(bs) && bs[i]-lo <= dist {
			return true
		}
	}
	return false
}
