package index

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"

	"mediawatch"
	"mediawatch/textnorm"
)

// Watch pairs: the adjacent word pairs of the office's watch terms,
// indexed as pair terms like the listed ones. Every item a store keeps
// mentions a watch term, so its phrase — `"Sơn La"`, the most common
// search of all — matches every item; read from positions it cost some
// 150 ms at 200,000 items and grew with them, as one pair term it is a
// lookup. The pairs are part of the index layout (the pair list's name
// gains "+watch" and their hash): an index built for other watch terms is
// refused with ErrOldLayout until `mediawatch reindex` rebuilds it.

// watchPairs returns the folded adjacent word pairs of terms that base
// does not list, sorted.
func watchPairs(base *pairSet, terms []mediawatch.WatchTerm) []string {
	set := map[string]bool{}
	for _, t := range terms {
		toks := textnorm.Tokens(t.Term)
		for i := 1; i < len(toks); i++ {
			if toks[i].Pos != toks[i-1].Pos+1 {
				continue
			}
			p := toks[i-1].Folded + pairSpace + toks[i].Folded
			if _, listed := base.pairs[p]; !listed {
				set[p] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// withWatch returns base with the pairs of the watch terms added, under a
// name of its own; base itself when they add none.
func withWatch(base *pairSet, terms []mediawatch.WatchTerm) *pairSet {
	extra := watchPairs(base, terms)
	if len(extra) == 0 {
		return base
	}
	h := fnv.New64a()
	for _, p := range extra {
		h.Write([]byte(p + "\n"))
	}
	out := &pairSet{name: fmt.Sprintf("%s+watch %012x", base.name, h.Sum64()&(1<<48-1)), wordsName: base.wordsName,
		buckets: base.buckets, pairs: make(map[string]struct{}, len(base.pairs)+len(extra)), words: base.words}
	for p := range base.pairs {
		out.pairs[p] = struct{}{}
	}
	for _, p := range extra {
		out.pairs[p] = struct{}{}
	}
	return out
}
