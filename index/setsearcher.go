package index

import (
	"context"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// setLeaf is a set query (a prefix, mostly) inside a query bleve runs —
// one with a phrase read from positions or a NEAR. bleve would expand a
// prefix into a searcher per word and merge them match by match through a
// heap: `"Sơn La" OR th*`, whose th* is thousands of words, took five
// seconds at a million items. Here its set is computed from the postings'
// bitmaps of each segment and walked as one list, every match scoring the
// same, as a prefix scores by sets (setscore.go).
type setLeaf struct {
	inner bq.Query
	boost float64
}

// withSetLeaves returns q with each prefix inside it made a setLeaf.
func withSetLeaves(q bq.Query) bq.Query {
	switch q := q.(type) {
	case *bq.PrefixQuery:
		return &setLeaf{inner: q, boost: q.Boost()}
	case *bq.ConjunctionQuery:
		out := *q
		out.Conjuncts = make([]bq.Query, len(q.Conjuncts))
		for i, c := range q.Conjuncts {
			out.Conjuncts[i] = withSetLeaves(c)
		}
		return &out
	case *bq.DisjunctionQuery:
		out := *q
		out.Disjuncts = make([]bq.Query, len(q.Disjuncts))
		for i, c := range q.Disjuncts {
			out.Disjuncts[i] = withSetLeaves(c)
		}
		return &out
	case *bq.BooleanQuery:
		out := *q
		if q.Must != nil {
			out.Must = withSetLeaves(q.Must)
		}
		if q.Should != nil {
			out.Should = withSetLeaves(q.Should)
		}
		if q.MustNot != nil {
			out.MustNot = withSetLeaves(q.MustNot)
		}
		return &out
	case *filterQuery:
		return &filterQuery{withSetLeaves(q.inner)}
	}
	return q
}

// Searcher computes the set over r's segments and walks it.
func (q *setLeaf) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	snap, err := asSnapshot(r)
	if err != nil {
		return q.inner.Searcher(ctx, r, m, opts) // not scorch: bleve's own
	}
	all := roaring.New()
	e := setEval{r: snap}
	var offset uint64
	for _, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := e.eval(q.inner, ss)
		if err != nil {
			return nil, err
		}
		// Global numbers: the snapshot's documents are numbered segment
		// after segment. An index over 4 billion documents is not one
		// machine's; bleve's own prefix searcher serves it.
		if offset+ss.Segment().Count() > 1<<32 {
			return q.inner.Searcher(ctx, r, m, opts)
		}
		it := b.Iterator()
		for it.HasNext() {
			all.Add(uint32(offset) + it.Next())
		}
		offset += ss.Segment().Count()
	}
	return &bitmapSearcher{set: all, it: all.Iterator(), score: q.boost, id: make(bindex.IndexInternalID, 8)}, nil
}

// bitmapSearcher walks a set of global document numbers, each match
// scoring score.
type bitmapSearcher struct {
	set   *roaring.Bitmap
	it    roaring.IntPeekable
	score float64
	id    bindex.IndexInternalID
}

// Next returns the next document of the set.
func (s *bitmapSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.it.HasNext() {
		return nil, nil
	}
	return s.match(ctx, s.it.Next()), nil
}

// Advance returns the first document of the set at or after id.
func (s *bitmapSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	n := id.Value()
	if n > 1<<32-1 {
		return nil, nil
	}
	s.it.AdvanceIfNeeded(uint32(n))
	return s.Next(ctx)
}

func (s *bitmapSearcher) match(ctx *search.SearchContext, n uint32) *search.DocumentMatch {
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = bindex.NewIndexInternalID(d.IndexInternalID, uint64(n))
	d.Score = s.score
	return d
}

func (s *bitmapSearcher) Close() error               { return nil }
func (s *bitmapSearcher) Weight() float64            { return 0 } // no share of the query norm: its score is its own
func (s *bitmapSearcher) SetQueryNorm(float64)       {}
func (s *bitmapSearcher) Count() uint64              { return s.set.GetCardinality() }
func (s *bitmapSearcher) Min() int                   { return 0 }
func (s *bitmapSearcher) Size() int                  { return 64 + int(s.set.GetSizeInBytes()) }
func (s *bitmapSearcher) DocumentMatchPoolSize() int { return 1 }
