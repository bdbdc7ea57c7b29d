package index

import (
	"context"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
)

// The date orders' shard searches by sets (sets.go): a shard that only
// counts, and a shard that gives a page in date order. Each returns ok
// false, and the caller asks bleve, when it cannot answer: not a set
// query, set paths off, or a segment whose columns cannot be decoded.

// countSet counts the matches of the plan's query in shard s, and their
// facet values when the plan wants facets.
func (p *plan) countSet(ctx context.Context, s shard) (total uint64, ok bool, err error) {
	_, total, ok, err = p.walkSet(ctx, s, false)
	return total, ok, err
}

// sortedSet returns the plan's first want matches in shard s in its date
// order, after its cursor, and the number of all matches (the cursor
// aside, as bleve counts them), with their facet values.
func (p *plan) sortedSet(ctx context.Context, s shard) (hits []*search.DocumentMatch, total uint64, ok bool, err error) {
	return p.walkSet(ctx, s, true)
}

// walkSet computes the plan's query as a set in each segment of shard s,
// counting its matches and their facets, and, if page, keeping the page's
// hits in the date order.
func (p *plan) walkSet(ctx context.Context, s shard, page bool) (hits []*search.DocumentMatch, total uint64, ok bool, err error) {
	r, ok := p.setSnapshot(s)
	if !ok {
		return nil, 0, false, nil
	}
	defer r.Close()
	cols, byPtr, err := p.x.columnsOf(ctx, s.name, r)
	if err != nil {
		return nil, 0, false, ctx.Err() // not decodable: bleve answers
	}
	var c *counter
	if p.facet {
		c = newColumnCounter(cols, r)
	}
	var top *topKeys
	if page {
		top = newTopKeys(p.sort == SortNewest, p.want(), cursorKey(p.after))
	}
	e := setEval{r: r, shard: s, cols: byPtr}
	for i, ss := range r.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, 0, false, err
		}
		b, err := e.eval(p.query, ss)
		if err != nil {
			return nil, 0, false, err
		}
		total += b.GetCardinality()
		if c != nil {
			c.addSet(i, b)
		}
		if top != nil {
			top.addAll(cols[i], b)
		}
	}
	if c != nil {
		c.handOver(p.tally, total)
	}
	if top != nil {
		hits = top.hits()
	}
	return hits, total, true, nil
}

// setSnapshot returns a reader of shard s when the plan's query is a set
// query and set paths are on; the caller closes it.
func (p *plan) setSnapshot(s shard) (*scorch.IndexSnapshot, bool) {
	if p.x == nil || p.x.opts.noColumns || !setQuery(p.query) {
		return nil, false
	}
	r, err := snapshotOf(s.index)
	return r, err == nil
}

// cursorKey decodes a date order's cursor (checked by decodeCursor) into
// a one-document column to compare with.
func cursorKey(after []string) *segCols {
	if len(after) != 1 {
		return nil
	}
	sec, nsec, id, ok := parseKey([]byte(after[0]))
	if !ok {
		return nil
	}
	return &segCols{sec: []int64{sec}, nsec: []int32{nsec}, id: []int64{id}}
}

// topKeys keeps the want documents that come first in a date order,
// after the cursor if there is one.
type topKeys struct {
	top[keyDoc]
	after  keyDoc
	cursor bool
}

// newTopKeys returns a topKeys for want documents, newest or oldest
// first, after the cursor after (nil: none).
func newTopKeys(newest bool, want int, after *segCols) *topKeys {
	first := func(a, b keyDoc) bool { return a.cols.before(a.n, b.cols, b.n) }
	if newest {
		first = func(a, b keyDoc) bool { return b.cols.before(b.n, a.cols, a.n) }
	}
	return &topKeys{top: top[keyDoc]{want: want, before: first}, after: keyDoc{after, 0}, cursor: after != nil}
}

// keyDoc is one document of a segment's columns.
type keyDoc struct {
	cols *segCols
	n    uint32
}

// addAll offers the documents of b.
func (t *topKeys) addAll(cols *segCols, b *roaring.Bitmap) {
	it := b.Iterator()
	for it.HasNext() {
		t.add(keyDoc{cols, it.Next()})
	}
}

// add offers document d, if it is after the cursor when there is one.
func (t *topKeys) add(d keyDoc) {
	if t.cursor && !t.before(t.after, d) {
		return
	}
	t.offer(d)
}

// hits returns the kept documents as bleve's hits, in order, each with
// its id and sort key as a date-ordered bleve search gives them.
func (t *topKeys) hits() []*search.DocumentMatch {
	kept := t.sorted()
	out := make([]*search.DocumentMatch, len(kept))
	for i, d := range kept {
		out[i] = &search.DocumentMatch{ID: docID(d.cols.id[d.n]), Sort: []string{d.cols.key(d.n)}}
	}
	return out
}
