package index

import (
	"slices"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Position tables: the positions and norms of a word frequent in a large
// segment, decoded once and kept, so that a phrase or NEAR over common
// words reads a candidate's positions with a binary search instead of
// walking the word's postings up to it. zapx has no random access into a
// posting list: reaching a document decodes the frequencies, norms and
// location lengths of every document before it in its chunk of 1,024, and
// for two words each in most documents that walk was nearly all of such
// a search's time (BENCHMARKS.md, issue 14). The first search that reads
// a word in a segment decodes its whole posting list into a table; the
// others look into it. Segments never change; a table goes with its
// segment (sweepColumns) or, least recently used, over the budget.

// posBudget bounds the tables' memory: about 4 bytes per document holding
// the word and 4 per occurrence, so 256 MiB hold some 20 of the most
// frequent words over a million items.
const posBudget = 256 << 20

// posTable is one word's postings in one segment: the documents that
// hold it, by local number, ascending; for each its field norm and its
// positions, pos[off[i]:off[i+1]].
type posTable struct {
	docs []uint32
	norm []float32 // exact: zapx's norms are float32
	off  []uint32
	pos  []uint32
}

func (t *posTable) bytes() int {
	return 4 * (len(t.docs) + len(t.norm) + len(t.off) + len(t.pos))
}

// lookup appends the positions of doc to dst and returns them with the
// norm; ok is false when doc does not hold the word. Documents are read in
// ascending order, so the search starts at *at, where the last one was
// found, and gallops forward: a step for each candidate when they are
// dense, a binary search over the gap when they are sparse.
func (t *posTable) lookup(doc uint32, at *int, dst []uint64) (pos []uint64, norm float64, ok bool) {
	lo := *at
	if lo >= len(t.docs) || t.docs[lo] > doc {
		lo = 0 // not ascending (a new searcher over a kept table): from the start
	}
	hi, step := lo, 1
	for hi < len(t.docs) && t.docs[hi] < doc {
		lo = hi
		hi += step
		step *= 2
	}
	i, found := slices.BinarySearch(t.docs[lo:min(hi+1, len(t.docs))], doc)
	i += lo
	*at = i
	if !found {
		return dst, 0, false
	}
	for _, p := range t.pos[t.off[i]:t.off[i+1]] {
		dst = append(dst, uint64(p))
	}
	return dst, float64(t.norm[i]), true
}

// posCache keeps position tables, for the words frequent in segments of
// at least from documents.
type posCache struct {
	*segCache[*posTable]
	from uint64
}

// posTableFrom is the smallest segment whose words get tables: an old
// month's, not the fresh segments merges soon replace.
const posTableFrom = 4096

// newPosCache returns a cache for segments of at least from documents (0:
// posTableFrom).
func newPosCache(from uint64) *posCache {
	if from == 0 {
		from = posTableFrom
	}
	return &posCache{segCache: newSegCache(posBudget, (*posTable).bytes), from: from}
}

// worth reports whether a word with count postings in a segment of size
// documents is worth a table: in one document of eight or more, in a
// segment large enough. Rarer words are cheap to reach in their postings:
// there are few documents in their chunks to walk over.
func (c *posCache) worth(count, size uint64) bool {
	return size >= c.from && count*8 >= size
}

// decodePositions reads the whole posting list pl into a table.
func decodePositions(pl segment.PostingsList) (*posTable, error) {
	n := pl.Count()
	t := &posTable{docs: make([]uint32, 0, n), norm: make([]float32, 0, n), off: make([]uint32, 0, n+1)}
	it := pl.Iterator(true, true, true, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, err
		}
		if p == nil {
			break
		}
		t.docs = append(t.docs, uint32(p.Number()))
		t.norm = append(t.norm, float32(p.Norm()))
		t.off = append(t.off, uint32(len(t.pos)))
		for _, l := range p.Locations() {
			t.pos = append(t.pos, uint32(l.Pos()))
		}
	}
	t.off = append(t.off, uint32(len(t.pos)))
	return t, nil
}
