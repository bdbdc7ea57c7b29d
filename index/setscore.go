package index

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strconv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Relevance by sets: the matches of a set query (sets.go) are its set,
// and each is scored from the frequencies and norms of the query's terms
// it holds — never passed one by one through bleve's searchers, scorers
// and collector, which cost some 100 ns a match (a term in every one of a
// million items: 100 ms of CPU).
//
// The score is classic TF-IDF, as bleve's: the sum, over the terms of the
// query's positive part that a document holds, of boost × idf² × √tf ×
// norm, where boost is the product of the boosts on the term's way down
// the query (title 3, the spelling as typed 1.5), idf = 1 + ln(documents
// / (documents with the term + 1)) in the shard, and norm is 1/√(the
// field's length). It leaves out bleve's query norm, a constant factor
// of each shard's scores, and the coordination factor of disjunctions.
// Filters (dates, sources, languages) restrict and do not score. A set
// query is always scored this way, whatever its shards, so that pages and
// cursors of one query agree.

// scoreLeaf is one term of a query's positive part and its weight before
// idf.
type scoreLeaf struct {
	field  string
	terms  func(e *setEval) ([]string, error)
	boosts func(terms []string) []float64 // per term: the product of boosts down to it

	// A prefix scores as a whole: boost × idf² of the documents holding
	// any of its words, the same for each of them. Its words can be
	// thousands (th*), and which of them a document holds says little.
	prefix *bq.PrefixQuery
	boost  float64
}

// scoreLeaves returns the scoring terms of q, a set query, with boost
// the product of the boosts above it.
func scoreLeaves(q bq.Query, boost float64, out []scoreLeaf) []scoreLeaf {
	same := func(b float64) func([]string) []float64 {
		return func(terms []string) []float64 {
			bs := make([]float64, len(terms))
			for i := range bs {
				bs[i] = b
			}
			return bs
		}
	}
	switch q := q.(type) {
	case *bq.TermQuery:
		t := q.Term
		return append(out, scoreLeaf{field: q.FieldVal, boosts: same(boost * q.Boost()),
			terms: func(*setEval) ([]string, error) { return []string{t}, nil }})
	case *bq.PrefixQuery:
		return append(out, scoreLeaf{prefix: q, boost: boost * q.Boost()})
	case *pairQuery:
		b := boost * q.boost
		return append(out, scoreLeaf{field: q.field,
			terms: func(e *setEval) ([]string, error) {
				return e.expand(q, func() ([]string, error) { return pairTerms(q, e.r) })
			},
			boosts: func(terms []string) []float64 {
				bs := same(b)(terms)
				for i, t := range terms {
					if !q.pair.exact && t == q.pair.typed {
						bs[i] *= boostSame // the spelling as typed, as the span boosts it
					}
				}
				return bs
			}})
	case *bq.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			out = scoreLeaves(c, boost*q.Boost(), out)
		}
	case *bq.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			out = scoreLeaves(c, boost*q.Boost(), out)
		}
	case *bq.BooleanQuery:
		if q.Must != nil {
			out = scoreLeaves(q.Must, boost*q.Boost(), out)
		}
	}
	return out
}

// scorePool holds the per-segment score arrays of searches.
var scorePool = sync.Pool{New: func() any { return new([]float64) }}

// relevanceSet returns shard s's want best matches of the plan's set
// query after its cursor, by score and then id, and the number of all
// its matches (counted, with their facets, in the plan's tally).
func (p *plan) relevanceSet(ctx context.Context, s shard, r *scorch.IndexSnapshot) ([]*search.DocumentMatch, error) {
	cols, byPtr, err := p.x.columnsOf(ctx, s.name, r)
	if err != nil {
		if ctx.Err() == nil {
			err = errNotSet // not decodable: bleve answers the whole search
		}
		return nil, err
	}
	e := &setEval{r: r, shard: s, cols: byPtr}
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	type weighted struct {
		field string
		term  string
		w     float64
	}
	segs := r.Segments()
	sets := make([]*roaring.Bitmap, len(segs))
	prefixSets := make([]map[bq.Query]*roaring.Bitmap, len(segs))
	for i, ss := range segs {
		e.memo = map[bq.Query]*roaring.Bitmap{}
		if sets[i], err = e.eval(p.query, ss); err != nil {
			return nil, err
		}
		prefixSets[i], e.memo = e.memo, nil
	}
	type prefixWeight struct {
		q *bq.PrefixQuery
		w float64
	}
	var terms []weighted
	var prefixes []prefixWeight
	for _, l := range scoreLeaves(p.core, 1, nil) {
		if l.prefix != nil {
			var df uint64
			for i, ss := range segs {
				b, err := prefixSet(e, l.prefix, ss, prefixSets[i])
				if err != nil {
					return nil, err
				}
				df += b.GetCardinality()
			}
			if df > 0 {
				prefixes = append(prefixes, prefixWeight{l.prefix, l.boost * idf2(docs, df)})
			}
			continue
		}
		ts, err := l.terms(e)
		if err != nil {
			return nil, err
		}
		for i, b := range l.boosts(ts) {
			df, err := docFreq(r, l.field, ts[i])
			if err != nil {
				return nil, err
			}
			if df == 0 {
				continue
			}
			terms = append(terms, weighted{l.field, ts[i], b * idf2(docs, df)})
		}
	}
	var c *counter
	if p.facet {
		c = newColumnCounter(cols, r)
	}
	top := &topScores{top: top[scored]{want: p.want(), before: better}}
	if p.after != nil {
		top.cursor = true
		top.after.score, _ = strconv.ParseFloat(p.after[0], 64) // checked by decodeCursor
		top.after.id, _ = strconv.ParseInt(p.after[1], 10, 64)
		top.after.ord, _ = padded(top.after.id)
	}
	var matches uint64
	scores := scorePool.Get().(*[]float64)
	defer scorePool.Put(scores)
	for i, ss := range segs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		set := sets[i]
		n := set.GetCardinality()
		if n == 0 {
			continue
		}
		matches += n
		if c != nil {
			c.addSet(i, set)
		}
		size := int(ss.Segment().Count())
		if cap(*scores) < size {
			*scores = make([]float64, size)
		}
		sc := (*scores)[:size]
		for _, t := range terms {
			if err := p.x.addScores(sc, ss, t.field, t.term, t.w, set); err != nil {
				return nil, err
			}
		}
		for _, pw := range prefixes {
			b, err := prefixSet(e, pw.q, ss, prefixSets[i])
			if err != nil {
				return nil, err
			}
			it := roaring.And(set, b).Iterator()
			for it.HasNext() {
				sc[it.Next()] += pw.w
			}
		}
		top.addAll(cols[i], set, sc)
		clear(sc)
	}
	if c != nil {
		c.handOver(p.tally, matches)
	} else {
		p.tally.add(matches, nil, nil)
	}
	return top.hits(), nil
}

// idf2 is the square of bleve's idf of a term (or prefix) held by df of
// a shard's docs documents.
func idf2(docs, df uint64) float64 {
	idf := 1 + math.Log(float64(docs)/float64(df+1))
	return idf * idf
}

// prefixSet is the set of prefix q in segment ss: the one its evaluation
// kept in memo, or evaluated now (a conjunction may have stopped before
// it).
func prefixSet(e *setEval, q *bq.PrefixQuery, ss *scorch.SegmentSnapshot, memo map[bq.Query]*roaring.Bitmap) (*roaring.Bitmap, error) {
	if b := memo[q]; b != nil {
		return b, nil
	}
	b, err := e.eval(q, ss)
	if err == nil {
		memo[q] = b
	}
	return b, err
}

// docFreq is the number of live documents of r holding term in field.
func docFreq(r *scorch.IndexSnapshot, field, term string) (uint64, error) {
	var n uint64
	for _, ss := range r.Segments() {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return 0, err
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return 0, err
		}
		n += pl.Count()
	}
	return n, nil
}

// impact is a posting's √tf × norm, as a float32 whether it is read from
// the postings or from the impact cache, so that a score is the same bits
// either way.
func impact(freq uint64, norm float64) float32 {
	if !(norm > 0 && norm <= 1) {
		norm = 1 // a keyword field keeps no norm (zap reads +Inf)
	}
	return float32(math.Sqrt(float64(max(freq, 1))) * norm)
}

// addScores adds w × impact of term to the score of each document of set
// that holds it: from the impact cache, by walking its postings (and
// keeping their impacts when the term is frequent in a large segment),
// or, when the set is much smaller, by advancing them to each document of
// the set.
func (x *Index) addScores(sc []float64, ss *scorch.SegmentSnapshot, field, term string, w float64, set *roaring.Bitmap) error {
	seg := ss.Segment()
	if imp, ok := x.impacts.get(seg, field, term); ok {
		var buf [256]uint32
		it := set.ManyIterator()
		for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
			for _, d := range buf[:n] {
				if v := imp[d]; v != 0 {
					sc[d] += w * float64(v)
				}
			}
		}
		return nil
	}
	dict, err := seg.Dictionary(field)
	if err != nil {
		return err
	}
	pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
	if err != nil {
		return err
	}
	count := pl.Count()
	if count == 0 {
		return nil
	}
	it := pl.Iterator(true, true, false, nil)
	var keep []float32
	if x.worthKeeping(count, seg.Count()) {
		keep = make([]float32, seg.Count())
		defer func() {
			if keep != nil {
				x.impacts.put(seg, field, term, keep)
			}
		}()
	}
	add := func(freq uint64, norm float64, n uint64) {
		v := impact(freq, norm)
		if keep != nil {
			keep[n] = v
		}
		sc[n] += w * float64(v) // a document outside the set is never read
	}
	if keep == nil && set.GetCardinality()*8 < count {
		var cur segment.Posting
		si := set.Iterator()
		for si.HasNext() {
			d := uint64(si.Next())
			if cur == nil || cur.Number() < d {
				if cur, err = it.Advance(d); err != nil || cur == nil {
					return err
				}
			}
			if cur.Number() == d {
				add(cur.Frequency(), cur.Norm(), d)
			}
		}
		return nil
	}
	for {
		p, err := it.Next()
		if err != nil {
			keep = nil
			return err
		}
		if p == nil {
			return nil
		}
		add(p.Frequency(), p.Norm(), p.Number())
	}
}

// topScores keeps the want best documents by score, then id as a string
// (as bleve orders ids), after a relevance cursor if there is one.
type topScores struct {
	top[scored]
	after  scored
	cursor bool
}

// scored is a document's item id, its padded form and score.
type scored struct {
	id    int64
	ord   uint64 // padded(id)
	score float64
}

// better reports whether a ranks before b.
func better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.ord != b.ord {
		return a.ord < b.ord
	}
	return idLess(a.id, b.id)
}

// idLess compares two item ids as their document ids, strings, compare.
// For ids that are not negative that is the order of their digits padded
// on the right to 19 places, then of their number of digits — no string
// formatted for the ties of a term that scores the same everywhere.
func idLess(a, b int64) bool {
	if a < 0 || b < 0 {
		var x, y [20]byte
		return bytes.Compare(strconv.AppendInt(x[:0], a, 10), strconv.AppendInt(y[:0], b, 10)) < 0
	}
	pa, da := padded(a)
	pb, db := padded(b)
	if pa != pb {
		return pa < pb
	}
	return da < db
}

// padded returns n's decimal digits padded with zeros on the right to 19
// places, and its number of digits. An id below 0 (never written) pads
// to 0, and compares as a string.
func padded(n int64) (uint64, int) {
	if n < 0 {
		return 0, 0
	}
	v, d := uint64(n), 1
	for p := uint64(10); d < 19 && v >= p; p *= 10 {
		d++
	}
	for range 19 - d {
		v *= 10
	}
	return v, d
}

// addAll offers the documents of set with their scores sc.
func (t *topScores) addAll(cols *segCols, set *roaring.Bitmap, sc []float64) {
	var buf [256]uint32
	it := set.ManyIterator()
	for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
		for _, local := range buf[:n] {
			d := scored{cols.id[local], cols.ord[local], sc[local]}
			if w, full := t.worst(); full && !better(d, w) {
				continue
			}
			if t.cursor && !better(t.after, d) {
				continue
			}
			t.offer(d)
		}
	}
}

// hits returns the kept documents as bleve's hits, best first.
func (t *topScores) hits() []*search.DocumentMatch {
	kept := t.sorted()
	out := make([]*search.DocumentMatch, len(kept))
	for i, d := range kept {
		out[i] = &search.DocumentMatch{ID: docID(d.id), Score: d.score}
	}
	return out
}

// searchRelevanceSets is searchRelevance for a set query: every shard's
// best hits, scored by relevanceSet, at once. It reports false, before
// searching, when the query is not a set query.
func (p *plan) searchRelevanceSets(ctx context.Context, shards []shard) ([]shardHit, bool, error) {
	if p.x == nil || p.x.opts.noColumns || !setQuery(p.query) {
		return nil, false, nil
	}
	found := make([][]*search.DocumentMatch, len(shards))
	err := eachShard(shards, func(i int, s shard) error {
		r, err := snapshotOf(s.index)
		if err != nil {
			return err
		}
		defer r.Close()
		found[i], err = p.relevanceSet(ctx, s, r)
		return err
	})
	if err != nil {
		if errors.Is(err, errNotSet) && ctx.Err() == nil {
			p.tally = &tally{} // bleve counts again, from nothing
			return nil, false, nil
		}
		return nil, true, err
	}
	return collectHits(shards, found), true, nil
}
