package index

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
)

// The date orders for queries that are not set queries (a phrase read
// from positions, NEAR): each shard's matches come from bleve's searcher,
// but are counted and kept in order from the facet columns' sort keys —
// not through bleve's sorting collector, which reads every match's sort
// key from doc values — and every shard is searched at once, not walked
// one after another: such a shard pays for its positions whether it
// gives hits or only counts, so walking saved little and cost latency
// (page 50 of a three-word phrase, by cursor: up to 45 ms).

// sortedBySearch returns shard s's first want matches in the plan's date
// order after its cursor, and the number of all its matches, counting
// their facets. It reports false when the columns cannot be had.
func (p *plan) sortedBySearch(ctx context.Context, s shard) ([]*search.DocumentMatch, uint64, bool, error) {
	if p.x == nil || p.x.opts.noColumns {
		return nil, 0, false, nil
	}
	r, err := snapshotOf(s.index)
	if err != nil {
		return nil, 0, false, nil
	}
	defer r.Close()
	cols, _, err := p.x.columnsOf(ctx, s.name, r)
	if err != nil {
		return nil, 0, false, ctx.Err() // not decodable: bleve answers
	}
	searcher, err := p.query.Searcher(ctx, r, s.index.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, 0, false, err
	}
	defer searcher.Close()
	var c *counter
	if p.facet {
		c = newColumnCounter(cols, r)
	}
	ends := segEnds(r)
	top := newTopKeys(p.sort == SortNewest, p.want(), cursorKey(p.after))
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	var total uint64
	seg, start := -1, uint64(0)
	for {
		if total%1024 == 0 && ctx.Err() != nil {
			return nil, 0, false, ctx.Err()
		}
		d, err := searcher.Next(sctx)
		if err != nil {
			return nil, 0, false, err
		}
		if d == nil {
			break
		}
		total++
		n := d.IndexInternalID.Value()
		sctx.DocumentMatchPool.Put(d)
		if seg < 0 || n < start || n >= ends[seg] {
			if seg, start = segmentOf(ends, n); seg == len(ends) {
				return nil, 0, false, nil // outside the snapshot: cannot be; bleve answers
			}
		}
		local := uint32(n - start)
		if c != nil {
			c.addNum(n)
		}
		top.add(keyDoc{cols[seg], local})
	}
	if c != nil {
		c.handOver(p.tally, total)
	}
	return top.hits(), total, true, nil
}

// searchAllInOrder is searchInOrder for a query that is not a set query:
// every shard at once, each giving its first want hits and its count.
func (p *plan) searchAllInOrder(ctx context.Context, shards []shard) ([]shardHit, uint64, bool, error) {
	if p.x == nil || p.x.opts.noColumns || setQuery(p.query) {
		return nil, 0, false, nil
	}
	found := make([][]*search.DocumentMatch, len(shards))
	counts := make([]uint64, len(shards))
	ok := make([]bool, len(shards))
	err := eachShard(shards, func(i int, s shard) (err error) {
		found[i], counts[i], ok[i], err = p.sortedBySearch(ctx, s)
		return err
	})
	if err != nil {
		return nil, 0, true, err
	}
	if slices.Contains(ok, false) {
		p.tally = &tally{} // bleve counts again, from nothing
		return nil, 0, false, nil
	}
	var total uint64
	for _, n := range counts {
		total += n
	}
	all := collectHits(shards, found)
	sortHits(all, p.compare)
	return all[:min(len(all), p.want())], total, true, nil
}
