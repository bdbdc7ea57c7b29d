package index

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// spanQuery is a positional condition on one mw_uni field: a phrase of
// two or more words, or a NEAR/ONEAR of two words or phrases. bleve has no
// proximity operator and its phrase query cannot share a position between
// our exact and marked folded terms the way we need, so this query reads
// the postings itself (spanSearcher): the documents that hold a term of
// every word slot, then, in those only, the positions, which must satisfy
// the phrase or the distance rules of package query.
type spanQuery struct {
	field string     // fTitle or fText
	slots [][]string // per word: its alternative terms, the spelling as typed first
	near  *nearSpec  // nil for a phrase
	boost float64

	// gate, in gateField (the pair field), is a term every document the
	// phrase occurs in holds (pairSet.gate), or "".
	gate, gateField string
}

// nearSpec is A NEAR/dist B (ONEAR if ordered): the first la slots are A's
// words, the others B's.
type nearSpec struct {
	la, dist int
	ordered  bool
}

// Searcher opens a document reader per distinct term (a positions reader
// follows on first need) and orders the slots rarest first; a gate, if
// any, joins the conjunction.
func (q *spanQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := newSpanSearcher(ctx, r, q.field, q.slots, q.near, q.boost, opts, false)
	if err != nil {
		return nil, err
	}
	if q.gate == "" {
		return s, nil
	}
	if err := s.addGate(ctx, r, q.gateField, q.gate); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// addGate restricts the searcher to the documents that hold term in
// field: it joins the conjunction of align, and positions are read only
// where it is present.
func (s *spanSearcher) addGate(ctx context.Context, r bindex.IndexReader, field, term string) error {
	it, err := openTerm(ctx, r, term, field, false)
	if err != nil {
		return err
	}
	s.gate = len(s.terms)
	s.terms = append(s.terms, it)
	s.count = min(s.count, it.docs.Count())
	return nil
}

// newSpanSearcher returns the searcher of slots in field. With whole set,
// slots is one slot whose terms are each a whole match (pair terms, which
// have no positions): its frequency and norm come from the document
// readers, and no positions are read.
func newSpanSearcher(ctx context.Context, r bindex.IndexReader, field string, slots [][]string, near *nearSpec, boost float64, opts search.SearcherOptions, whole bool) (*spanSearcher, error) {
	s := &spanSearcher{near: near, scoring: opts.Score != "none", whole: whole, gate: -1}
	index := map[string]int{}
	s.slots = make([][]int, len(slots))
	for i, alts := range slots {
		for _, t := range alts {
			j, ok := index[t]
			if !ok {
				it, err := openTerm(ctx, r, t, field, whole && s.scoring)
				if err != nil {
					_ = s.Close()
					return nil, err
				}
				j = len(s.terms)
				index[t] = j
				s.terms = append(s.terms, it)
			}
			s.slots[i] = append(s.slots[i], j)
		}
	}
	docs, err := r.DocCount()
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	counts := make([]uint64, len(s.slots))
	for i, alts := range s.slots {
		for _, j := range alts {
			counts[i] += s.terms[j].docs.Count()
		}
		s.order = append(s.order, i)
	}
	slices.SortStableFunc(s.order, func(a, b int) int { return cmp.Compare(counts[a], counts[b]) })
	s.count = counts[s.order[0]]
	s.pos = make([][]uint64, len(s.slots))
	s.typedPos = make([][]uint64, len(s.slots))
	s.idf = 1 + math.Log(float64(docs)/float64(s.count+1))
	s.queryWeight = boost * s.idf
	return s, nil
}

// termIter is one term's postings, positioned on doc (done at the end).
type termIter struct {
	docs, vecs bindex.TermFieldReader // document numbers; frequencies and positions
	open       func() (bindex.TermFieldReader, error)
	docTFD     bindex.TermFieldDoc
	vecTFD     bindex.TermFieldDoc
	started    bool
	done       bool
	doc        uint64
	pos        []uint64 // positions in doc, read when seen == the searcher's gen
	seen       uint64
}

// openTerm opens the document reader of term in field, with frequencies
// and norms if freqNorm is set; the positions reader waits for the first
// document that needs it (most terms of a title field never do).
func openTerm(ctx context.Context, r bindex.IndexReader, term, field string, freqNorm bool) (*termIter, error) {
	docs, err := r.TermFieldReader(ctx, []byte(term), field, freqNorm, freqNorm, false)
	if err != nil {
		return nil, err
	}
	return &termIter{docs: docs, open: func() (bindex.TermFieldReader, error) {
		return r.TermFieldReader(ctx, []byte(term), field, true, true, true)
	}}, nil
}

// advance moves the iterator to the first document at or after target,
// whose internal id is id.
func (t *termIter) advance(target uint64, id bindex.IndexInternalID) error {
	var d *bindex.TermFieldDoc
	var err error
	if !t.started && target == 0 {
		d, err = t.docs.Next(&t.docTFD)
	} else {
		d, err = t.docs.Advance(id, &t.docTFD)
	}
	t.started = true
	if err != nil {
		return err
	}
	if d == nil {
		t.done = true
		return nil
	}
	t.doc = d.ID.Value()
	return nil
}

// vectors returns the term's frequency, norm and positions in the current
// document, whose internal id is id.
func (t *termIter) vectors(id bindex.IndexInternalID) (*bindex.TermFieldDoc, error) {
	if t.vecs == nil {
		var err error
		if t.vecs, err = t.open(); err != nil {
			return nil, err
		}
	}
	d, err := t.vecs.Advance(id, &t.vecTFD)
	if err != nil || d == nil || d.ID.Value() != t.doc {
		return nil, err // a term missing here: not found by the document reader
	}
	return d, nil
}

// spanSearcher finds the documents where every slot has a term and the
// positions match: a conjunction that leapfrogs to the largest current
// document of any slot until all agree, then reads positions there only.
type spanSearcher struct {
	terms []*termIter
	slots [][]int // per word slot: indices into terms
	order []int   // slots, rarest first: the order positions are read in
	near  *nearSpec
	whole bool // one slot of whole-match terms (newSpanSearcher)
	typed bool // whole: the slot's first term is the spelling as typed
	gate  int  // index into terms of the gate (addGate), in no slot; -1 if none

	pos, typedPos [][]uint64 // per slot, reused
	starts        []uint64   // phrase: the starts still possible
	as, bs        []uint64   // NEAR: where A and B occur, reused
	gen           uint64     // documents checked: marks termIter.pos current
	next          uint64     // the first document not yet examined
	done          bool
	buf           bindex.IndexInternalID

	scoring     bool
	count       uint64 // documents of the rarest slot: an upper bound
	idf         float64
	queryWeight float64
}

// Next returns the next matching document.
func (s *spanSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.find(ctx, s.next)
}

// Advance returns the first matching document at or after id.
func (s *spanSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, max(s.next, id.Value()))
}

// find returns the first match at or after target.
func (s *spanSearcher) find(ctx *search.SearchContext, target uint64) (*search.DocumentMatch, error) {
	for !s.done {
		cand, err := s.align(target)
		if err != nil || s.done {
			return nil, err
		}
		s.next = cand + 1
		freq, typed, norm, err := s.check(cand)
		if err != nil {
			return nil, err
		}
		if freq > 0 {
			return s.hit(ctx, cand, freq, typed, norm), nil
		}
		target = cand + 1
	}
	return nil, nil
}

// align moves every term to target or beyond and returns the first
// document at or after target that holds a term of every slot.
func (s *spanSearcher) align(target uint64) (uint64, error) {
	for {
		s.buf = bindex.NewIndexInternalID(s.buf, target)
		for _, t := range s.terms {
			if !t.done && (t.doc < target || !t.started) {
				if err := t.advance(target, s.buf); err != nil {
					return 0, err
				}
			}
		}
		highest := target
		for _, alts := range s.slots {
			lowest, any := uint64(math.MaxUint64), false
			for _, j := range alts {
				if t := s.terms[j]; !t.done {
					lowest, any = min(lowest, t.doc), true
				}
			}
			if !any {
				s.done = true
				return 0, nil
			}
			highest = max(highest, lowest)
		}
		if s.gate >= 0 {
			g := s.terms[s.gate]
			if g.done {
				s.done = true
				return 0, nil
			}
			highest = max(highest, g.doc)
		}
		if highest == target {
			return target, nil
		}
		target = highest
	}
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

// Close releases the postings readers, once: scorch recycles a closed
// reader for the next search, so a second Close would hand one reader to
// two searches.
func (s *spanSearcher) Close() error {
	var first error
	for _, t := range s.terms {
		for _, r := range []*bindex.TermFieldReader{&t.docs, &t.vecs} {
			if *r == nil {
				continue
			}
			if err := (*r).Close(); err != nil && first == nil {
				first = err
			}
			*r = nil
		}
	}
	return first
}

// Weight is the squared query weight, for bleve's query norm.
func (s *spanSearcher) Weight() float64 { return s.queryWeight * s.queryWeight }

// SetQueryNorm scales the query weight as bleve's term scorer does.
func (s *spanSearcher) SetQueryNorm(norm float64) { s.queryWeight *= norm }

// Count estimates the number of matches: the rarest slot's documents.
func (s *spanSearcher) Count() uint64 { return s.count }

// Min is 0: a span is one condition, not an optional clause.
func (s *spanSearcher) Min() int { return 0 }

// Size is the searcher's approximate memory footprint.
func (s *spanSearcher) Size() int {
	n := 128
	for _, t := range s.terms {
		n += t.docs.Size()
		if t.vecs != nil {
			n += t.vecs.Size()
		}
	}
	return n
}

// DocumentMatchPoolSize is 1: a span holds no match between calls.
func (s *spanSearcher) DocumentMatchPoolSize() int { return 1 }
