package index

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// sorted is a shard request for its want first hits in a date order.
func (p *plan) sorted(s shard) *bleve.SearchRequest {
	r := bleve.NewSearchRequestOptions(p.tapped(s), p.want(), 0, false)
	r.SortByCustom(search.SortOrder{&search.SortField{Field: fKey, Type: search.SortFieldAsString, Desc: p.sort == SortNewest}})
	r.Score = bleve.ScoreNone
	r.SearchAfter = p.after
	return r
}

// searchInOrder walks the shards from the end the date order starts at,
// taking hits until a page is full and no later shard can hold a hit that
// sorts before the last one needed; the other shards only count, all at
// once. It returns the hits and the number of matches.
func (p *plan) searchInOrder(ctx context.Context, shards []shard) ([]shardHit, uint64, error) {
	newest := p.sort == SortNewest
	order := slices.Clone(shards)
	slices.SortStableFunc(order, func(a, b shard) int {
		if newest {
			return b.hi.Compare(a.hi)
		}
		return a.lo.Compare(b.lo)
	})
	var cursorTime time.Time
	if p.after != nil {
		cursorTime, _ = keyTime(p.after[0]) // checked by decodeCursor
	}
	var best []shardHit // the hits so far, in order, at most want
	var total uint64
	searched := map[string]bool{}
	for _, s := range order {
		if p.after != nil && !s.reachesPast(cursorTime, newest) {
			continue // wholly before the cursor
		}
		if len(best) >= p.want() {
			last, _ := keyTime(hitKey(best[len(best)-1].DocumentMatch))
			if !s.reachesBefore(last, newest) {
				break // in walking order, no later shard reaches further
			}
		}
		hits, n, err := p.sortedShard(ctx, s)
		if err != nil {
			return nil, 0, fmt.Errorf("shard %s: %w", s.name, err)
		}
		searched[s.name] = true
		total += n
		for _, h := range hits {
			best = append(best, shardHit{h, s})
		}
		sortHits(best, p.compare)
		best = best[:min(len(best), p.want())]
	}
	var rest []shard
	for _, s := range shards {
		if !searched[s.name] {
			rest = append(rest, s)
		}
	}
	counts, err := eachCount(ctx, rest, p.countShard)
	if err != nil {
		return nil, 0, err
	}
	return best, total + counts, nil
}

// sortedShard returns shard s's first want hits in the plan's date order
// and its number of matches: computed as sets when it can, else by bleve.
func (p *plan) sortedShard(ctx context.Context, s shard) ([]*search.DocumentMatch, uint64, error) {
	hits, total, ok, err := p.sortedSet(ctx, s)
	if ok || err != nil {
		return hits, total, err
	}
	res, err := s.index.SearchInContext(ctx, p.sorted(s))
	if err != nil {
		return nil, 0, err
	}
	return res.Hits, res.Total, nil
}

// countShard counts shard s's matches (and their facets): as sets when it
// can, else by bleve.
func (p *plan) countShard(ctx context.Context, s shard) (uint64, error) {
	n, ok, err := p.countSet(ctx, s)
	if ok || err != nil {
		return n, err
	}
	res, err := s.index.SearchInContext(ctx, p.countOnly(s))
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// sortHits sorts hits by cmp.
func sortHits(hits []shardHit, cmp func(a, b shardHit) int) { slices.SortFunc(hits, cmp) }
