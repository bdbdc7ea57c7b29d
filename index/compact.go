package index

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// coldAfter is how many writes (Put or Delete calls) must leave a shard
// alone before it counts as cold and is compacted. Coverage arrives in
// date order, so last month's shard goes cold a few batches into the new
// month and is rarely written again.
const coldAfter = 4

// coldShards tracks which shards have been written since their last
// compaction, and when.
//
// Compaction merges a cold shard into one segment in the background.
// bleve's tiered merging leaves a shard of 10,000–100,000 items in several
// segments, and every term lookup of every search pays once per segment:
// with a year of monthly shards, dozens of dictionary lookups per term.
// A cold shard is rewritten once and then stays one segment.
type coldShards struct {
	writes  uint64            // write calls so far
	dirty   map[string]uint64 // shard → the write call that last touched it
	running bool              // a compaction goroutine is at work
	err     error             // the first failure, reported by Close
}

func newColdShards() coldShards { return coldShards{dirty: map[string]uint64{}} }

// wrote notes that a write touched the named shards.
func (c *coldShards) wrote(names ...string) {
	c.writes++
	for _, n := range names {
		c.dirty[n] = c.writes
	}
}

// take returns the shards that have gone cold, in name order.
func (c *coldShards) take() []string {
	var out []string
	for n, at := range c.dirty {
		if c.writes-at >= coldAfter {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// wrote records a write to the named shards and starts compacting the
// shards it has left cold, unless a compaction is already running.
func (x *Index) wrote(names []string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return
	}
	x.cold.wrote(names...)
	if x.cold.running {
		return
	}
	cold := x.cold.take()
	if len(cold) == 0 {
		return
	}
	x.cold.running = true
	x.wg.Add(1)
	go x.compact(cold)
}

// compact merges each named shard into one segment, one after another,
// until Close cancels it. A shard written again meanwhile stays dirty.
func (x *Index) compact(names []string) {
	defer x.wg.Done()
	var err error
	for _, n := range names {
		x.mu.RLock()
		b, at := x.shards[n], x.cold.dirty[n]
		x.mu.RUnlock()
		if b == nil || x.bg.Err() != nil {
			break
		}
		if err = forceMerge(x.bg, b); err != nil {
			err = fmt.Errorf("compact index shard %s: %w", n, err)
			break
		}
		x.mu.Lock()
		if x.cold.dirty[n] == at {
			delete(x.cold.dirty, n)
		}
		x.mu.Unlock()
		x.warm(n) // its one segment is new: decode its facet columns before a search needs them
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.cold.running = false
	if err != nil && x.bg.Err() == nil && x.cold.err == nil {
		x.cold.err = err
	}
}

// forceMerge merges every segment of a scorch index into one.
func forceMerge(ctx context.Context, b bleve.Index) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return errors.New("not a scorch index")
	}
	return s.ForceMerge(ctx, nil)
}
