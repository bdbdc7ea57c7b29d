package index

import (
	"context"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// spanQuery is a positional condition on one mw_uni field: a phrase of
// two or more words, or a NEAR/ONEAR of two words or phrases. bleve has no
// proximity operator and its phrase query cannot share a position between
// our exact and marked folded terms the way we need, so this query reads
// the postings itself (spanSearcher): the documents that hold a term of
// every word slot and of every filter, then, in those only, the
// positions, which must satisfy the phrase or the distance rules of
// package query.
type spanQuery struct {
	field string     // fTitle or fText
	slots [][]string // per word: its alternative terms, the spelling as typed first
	near  *nearSpec  // nil for a phrase
	boost float64

	// filters, in filterField (the pair field), are necessary conditions:
	// the pair terms of the phrase's (or each NEAR side's) adjacent words
	// (pairSet.adjacent), a term of each of which every document the
	// condition holds in has. They only narrow the documents whose
	// positions are read; scores come from the positions alone.
	filters     []pairLookup
	filterField string

	tables *posCache // the index's position tables; nil: walk the postings
}

// nearSpec is A NEAR/dist B (ONEAR if ordered): the first la slots are A's
// words, the others B's.
type nearSpec struct {
	la, dist int
	ordered  bool
}

// Searcher returns the span searcher of q. A filter of a folded pair is
// every spelling the dictionary holds under it; a filter none of whose
// terms is in this index means no document can match.
func (q *spanQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	spec := spanSpec{field: q.field, slots: q.slots, near: q.near, boost: q.boost, filterField: q.filterField, tables: q.tables}
	for _, f := range q.filters {
		terms := []string{f.term}
		if !f.exact {
			var err error
			if terms, _, err = spellings(r, q.filterField, f); err != nil {
				return nil, err
			}
		}
		if len(terms) == 0 {
			return searcher.NewMatchNoneSearcher(r)
		}
		spec.filters = append(spec.filters, terms)
	}
	return newSpanSearcher(ctx, r, spec, opts)
}

// spanSpec is what a span searcher finds: terms of every slot (and, with
// whole set, one slot of whole-match pair terms, which have no positions:
// each posting is an occurrence) and of every filter.
type spanSpec struct {
	field       string
	slots       [][]string
	near        *nearSpec
	boost       float64
	whole       bool
	typed       bool // whole: the slot's first term is the spelling as typed
	filterField string
	filters     [][]string // per filter: its alternative terms in filterField
	tables      *posCache  // nil: no position tables
}

// spanKey is one distinct term of a span searcher.
type spanKey struct {
	term, field string
	positions   bool // a word of a slot: its positions are read
}

// spanSearcher finds the documents where every clause (a slot's terms, a
// filter's terms) has a term and the positions match. It works on each
// segment of the index snapshot (span_seg.go): the candidates are the
// intersection of the clauses' document bitmaps, computed once, and
// positions are read in those only, slot by slot, rarest first
// (spanpos.go). Reading below bleve's term readers is what makes this
// cheap: no leapfrogging of one reader per term, one document at a time,
// and no conversion of every location read.
type spanSearcher struct {
	keys    []spanKey
	slots   [][]int // per word slot: indices into keys
	clauses [][]int // the conjunction: the slots, then the filters
	order   []int   // slots, rarest first: the order positions are read in
	near    *nearSpec
	whole   bool
	typed   bool

	segs []*spanSeg
	cur  int                 // the segment being searched
	it   roaring.IntPeekable // its candidates not yet examined; nil before the first
	done bool

	pos, typedPos [][]uint64 // per slot, reused
	starts        []uint64   // phrase: the starts still possible
	as, bs        []uint64   // NEAR: where A and B occur, reused
	gen           uint64     // documents checked: marks segTerm.pos current

	tables *posCache // position tables of frequent words; nil: none

	scoring     bool
	count       uint64 // candidates: an upper bound of the matches
	idf         float64
	queryWeight float64
}

// newSpanSearcher opens the terms of spec in every segment of r and
// computes each segment's candidates.
func newSpanSearcher(ctx context.Context, r bindex.IndexReader, spec spanSpec, opts search.SearcherOptions) (*spanSearcher, error) {
	s := &spanSearcher{near: spec.near, whole: spec.whole, typed: spec.typed, scoring: opts.Score != "none", tables: spec.tables}
	index := map[spanKey]int{}
	clause := func(field string, terms []string, positions bool) []int {
		var out []int
		for _, t := range terms {
			k := spanKey{term: t, field: field, positions: positions}
			j, ok := index[k]
			if !ok {
				j = len(s.keys)
				index[k] = j
				s.keys = append(s.keys, k)
			}
			out = append(out, j)
		}
		return out
	}
	for _, alts := range spec.slots {
		s.slots = append(s.slots, clause(spec.field, alts, !spec.whole))
	}
	s.clauses = append(s.clauses, s.slots...)
	for _, f := range spec.filters {
		s.clauses = append(s.clauses, clause(spec.filterField, f, false))
	}
	counts, err := s.open(ctx, r)
	if err != nil {
		return nil, err
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	slotDocs := make([]uint64, len(s.slots))
	for i, alts := range s.slots {
		for _, j := range alts {
			slotDocs[i] += counts[j]
		}
		s.order = append(s.order, i)
	}
	sortStableBy(s.order, slotDocs)
	s.pos = make([][]uint64, len(s.slots))
	s.typedPos = make([][]uint64, len(s.slots))
	s.idf = 1 + math.Log(float64(docs)/float64(slotDocs[s.order[0]]+1))
	s.queryWeight = spec.boost * s.idf
	return s, nil
}

// Next returns the next matching document.
func (s *spanSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.find(ctx, 0)
}

// Advance returns the first matching document at or after id.
func (s *spanSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, id.Value())
}

// find returns the first match at or after target (a document number of
// the snapshot) not yet returned.
func (s *spanSearcher) find(ctx *search.SearchContext, target uint64) (*search.DocumentMatch, error) {
	for !s.done {
		if s.cur >= len(s.segs) {
			s.done = true
			break
		}
		sg := s.segs[s.cur]
		if sg.cand == nil || target >= sg.end {
			s.cur, s.it = s.cur+1, nil
			continue
		}
		if s.it == nil {
			s.it = sg.cand.Iterator()
		}
		if target > sg.base {
			s.it.AdvanceIfNeeded(uint32(target - sg.base))
		}
		for s.it.HasNext() {
			doc := uint64(s.it.Next())
			freq, typed, norm, err := s.check(sg, doc)
			if err != nil {
				return nil, err
			}
			if freq > 0 {
				return s.hit(ctx, sg.base+doc, freq, typed, norm), nil
			}
		}
		s.cur, s.it = s.cur+1, nil
	}
	return nil, nil
}

// hit builds the document match of doc, scored as bleve scores a term
// (tf × idf × field norm × query weight) with the phrase's frequency, and
// boosted when the spelling as typed matches on its own.
func (s *spanSearcher) hit(ctx *search.SearchContext, doc uint64, freq int, typed bool, norm float64) *search.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalID(dm.IndexInternalID, doc)
	if !s.scoring {
		return dm
	}
	dm.Score = math.Sqrt(float64(freq)) * s.idf * norm * s.queryWeight
	if typed {
		dm.Score *= boostSame
	}
	return dm
}

// Close releases nothing: the segments' postings belong to the snapshot,
// which bleve closes.
func (s *spanSearcher) Close() error { return nil }

// Weight is the squared query weight, for bleve's query norm.
func (s *spanSearcher) Weight() float64 { return s.queryWeight * s.queryWeight }

// SetQueryNorm scales the query weight as bleve's term scorer does.
func (s *spanSearcher) SetQueryNorm(norm float64) { s.queryWeight *= norm }

// Count estimates the number of matches: the candidates.
func (s *spanSearcher) Count() uint64 { return s.count }

// Min is 0: a span is one condition, not an optional clause.
func (s *spanSearcher) Min() int { return 0 }

// Size is the searcher's approximate memory footprint.
func (s *spanSearcher) Size() int {
	n := 256
	for _, sg := range s.segs {
		n += 64 * len(sg.terms)
		if sg.cand != nil {
			n += int(sg.cand.GetSizeInBytes())
		}
	}
	return n
}

// DocumentMatchPoolSize is 1: a span holds no match between calls.
func (s *spanSearcher) DocumentMatchPoolSize() int { return 1 }
