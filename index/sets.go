package index

import (
	"errors"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Set queries: a query of terms, prefixes, listed pairs, AND, OR, NOT and
// filters is a set of documents, which a segment can compute from the
// bitmaps of its postings alone — no frequencies, norms or positions read,
// no match passed one by one through bleve's searchers and collector. That
// is what a search needs of a shard that only counts (the date orders'
// shards beyond the page) and of one that gives a date-ordered page (with
// the sort keys of the facet columns, columns.go): a million-item
// "matches everything" count drops from ~40 ns a match to a few. A date
// range that cuts a shard is read from the columns' dates. Relevance
// scores the matches of a set query from its terms' frequencies and norms
// alone (setscore.go). A query with a phrase of words that is not a
// listed pair, or a NEAR, is not a set query and goes through bleve.

// errNotSet is what eval returns for a query setQuery would have refused.
var errNotSet = errors.New("not a set query")

// setQuery reports whether q can be computed as a set: its nodes are
// terms, prefixes, listed pairs, conjunctions, disjunctions, boolean NOTs,
// match-all and date ranges.
func setQuery(q bq.Query) bool {
	switch q := q.(type) {
	case *bq.TermQuery, *bq.PrefixQuery, *bq.MatchAllQuery, *bq.MatchNoneQuery, *pairQuery:
		return true
	case *bq.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !setQuery(c) {
				return false
			}
		}
		return true
	case *bq.DisjunctionQuery:
		if q.Min > 1 {
			return false
		}
		for _, c := range q.Disjuncts {
			if !setQuery(c) {
				return false
			}
		}
		return true
	case *bq.BooleanQuery:
		if q.Should != nil || q.Filter != nil {
			return false
		}
		return (q.Must == nil || setQuery(q.Must)) && (q.MustNot == nil || setQuery(q.MustNot))
	case *bq.DateRangeQuery:
		return dateRange(q)
	case *filterQuery:
		return setQuery(q.inner)
	}
	return false
}

// dateRange reports whether q is a range of the date field, both ends
// inclusive, as withFilters writes them.
func dateRange(q *bq.DateRangeQuery) bool {
	return q.FieldVal == fDate && (q.InclusiveStart == nil || *q.InclusiveStart) && (q.InclusiveEnd == nil || *q.InclusiveEnd)
}

// dateCover tells whether the inclusive date range q holds every date of
// shard s (all) or none of them; ok is false when it cuts the shard.
func dateCover(q *bq.DateRangeQuery, s shard) (all, ok bool) {
	from, to := q.Start.Time, q.End.Time
	switch {
	case (from.IsZero() || !from.After(s.lo)) && (to.IsZero() || !to.Before(s.hi)):
		return true, true
	case (!to.IsZero() && to.Before(s.lo)) || (!from.IsZero() && from.After(s.hi)):
		return false, true
	}
	return false, false
}

// setEval computes set queries over the segments of one shard's snapshot.
type setEval struct {
	r     *scorch.IndexSnapshot
	shard shard
	cols  map[segment.Segment]*segCols // the segments' columns: for date ranges that cut the shard
	// the terms of each prefix and pair query, looked up once in the
	// snapshot's dictionary and probed in each segment
	expanded map[bq.Query][]string
	// when not nil, the sets of the prefixes evaluated in the segment
	// (relevance scores them as wholes)
	memo map[bq.Query]*roaring.Bitmap
}

// eval returns the set of live local documents of segment ss that match
// q, which setQuery accepted. The bitmap may be a segment's own: the
// caller must not change it.
func (e *setEval) eval(q bq.Query, ss *scorch.SegmentSnapshot) (*roaring.Bitmap, error) {
	switch q := q.(type) {
	case *bq.TermQuery:
		return postings(ss, q.FieldVal, []string{q.Term})
	case *bq.PrefixQuery:
		terms, err := e.expand(q, func() ([]string, error) { return e.prefixTerms(q.FieldVal, q.Prefix) })
		if err != nil {
			return nil, err
		}
		b, err := postings(ss, q.FieldVal, terms)
		if err == nil && e.memo != nil {
			e.memo[q] = b
		}
		return b, err
	case *pairQuery:
		terms, err := e.expand(q, func() ([]string, error) { return pairTerms(q, e.r) })
		if err != nil {
			return nil, err
		}
		return postings(ss, q.field, terms)
	case *filterQuery:
		return e.eval(q.inner, ss)
	case *bq.MatchAllQuery:
		return live(ss), nil
	case *bq.MatchNoneQuery:
		return roaring.New(), nil
	case *bq.DateRangeQuery:
		all, ok := dateCover(q, e.shard)
		switch {
		case ok && all:
			return live(ss), nil
		case ok:
			return roaring.New(), nil
		}
		return e.datesIn(q, ss)
	case *bq.ConjunctionQuery:
		var out *roaring.Bitmap
		for _, c := range q.Conjuncts {
			b, err := e.eval(c, ss)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = b
			} else {
				out = roaring.And(out, b)
			}
			if out.IsEmpty() {
				break
			}
		}
		if out == nil {
			return live(ss), nil
		}
		return out, nil
	case *bq.DisjunctionQuery:
		parts := make([]*roaring.Bitmap, 0, len(q.Disjuncts))
		for _, c := range q.Disjuncts {
			b, err := e.eval(c, ss)
			if err != nil {
				return nil, err
			}
			parts = append(parts, b)
		}
		return union(parts), nil
	case *bq.BooleanQuery:
		out := live(ss)
		if q.Must != nil {
			b, err := e.eval(q.Must, ss)
			if err != nil {
				return nil, err
			}
			out = b
		}
		if q.MustNot != nil {
			b, err := e.eval(q.MustNot, ss)
			if err != nil {
				return nil, err
			}
			out = roaring.AndNot(out, b)
		}
		return out, nil
	}
	return nil, errNotSet
}

// datesIn is the set of live documents of ss dated within q, read from
// the segment's sort keys (the date of the key is the date indexed).
func (e *setEval) datesIn(q *bq.DateRangeQuery, ss *scorch.SegmentSnapshot) (*roaring.Bitmap, error) {
	c := e.cols[ss.Segment()]
	if c == nil {
		return nil, errNotSet
	}
	lo, hi := q.Start.Time, q.End.Time
	loSec, loNsec, hiSec, hiNsec := int64(math.MinInt64), int32(0), int64(math.MaxInt64), int32(999_999_999)
	if !lo.IsZero() {
		loSec, loNsec = lo.Unix(), int32(lo.Nanosecond())
	}
	if !hi.IsZero() {
		hiSec, hiNsec = hi.Unix(), int32(hi.Nanosecond())
	}
	out := roaring.New()
	deleted := ss.Deleted()
	for n := range c.sec {
		s, ns := c.sec[n], c.nsec[n]
		if (s > loSec || s == loSec && ns >= loNsec) && (s < hiSec || s == hiSec && ns <= hiNsec) {
			if deleted == nil || !deleted.Contains(uint32(n)) {
				out.Add(uint32(n))
			}
		}
	}
	return out, nil
}

// pairTerms lists the terms of a pair query: its one term if exact, else
// the spellings the dictionary holds.
func pairTerms(q *pairQuery, r bindex.IndexReader) ([]string, error) {
	if q.pair.exact {
		return []string{q.pair.term}, nil
	}
	alts, _, err := q.spellings(r)
	return alts, err
}

// expand returns the terms of a prefix or pair query, computed once per
// snapshot.
func (e *setEval) expand(q bq.Query, terms func() ([]string, error)) ([]string, error) {
	if t, ok := e.expanded[q]; ok {
		return t, nil
	}
	t, err := terms()
	if err != nil {
		return nil, err
	}
	if e.expanded == nil {
		e.expanded = map[bq.Query][]string{}
	}
	e.expanded[q] = t
	return t, nil
}

// prefixTerms lists the terms of field that start with prefix.
func (e *setEval) prefixTerms(field, prefix string) ([]string, error) {
	dict, err := e.r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var out []string
	for {
		d, err := dict.Next()
		if err != nil || d == nil {
			return out, err
		}
		out = append(out, d.Term)
	}
}

// postings is the union of the live documents of segment ss holding any
// of terms in field.
func postings(ss *scorch.SegmentSnapshot, field string, terms []string) (*roaring.Bitmap, error) {
	dict, err := ss.Segment().Dictionary(field)
	if err != nil {
		return nil, err
	}
	parts := make([]*roaring.Bitmap, 0, len(terms))
	for _, t := range terms {
		// No preallocated list or iterator: a bitmap kept from the last
		// term may be the list's own.
		pl, err := dict.PostingsList([]byte(t), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		o, ok := pl.Iterator(false, false, false, nil).(segment.OptimizablePostingsIterator)
		if !ok {
			return nil, errNotSet
		}
		if b := o.ActualBitmap(); b != nil {
			parts = append(parts, b)
		} else if n, ok := o.DocNum1Hit(); ok {
			b := roaring.BitmapOf(uint32(n))
			if d := ss.Deleted(); d != nil {
				b.AndNot(d)
			}
			parts = append(parts, b)
		}
	}
	return union(parts), nil
}

// union is the union of parts, which it does not change.
func union(parts []*roaring.Bitmap) *roaring.Bitmap {
	switch len(parts) {
	case 0:
		return roaring.New()
	case 1:
		return parts[0]
	}
	return roaring.FastOr(parts...)
}

// live is the set of live documents of segment ss.
func live(ss *scorch.SegmentSnapshot) *roaring.Bitmap {
	b := roaring.New()
	b.AddRange(0, ss.Segment().Count())
	if d := ss.Deleted(); d != nil {
		b.AndNot(d)
	}
	return b
}
