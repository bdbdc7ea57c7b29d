package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// spanSeg is one segment of the snapshot a span searcher reads: its
// document numbers are [base, end) in the snapshot's, as scorch numbers
// them (each segment after the previous one's documents, deleted ones
// included).
type spanSeg struct {
	base, end uint64
	seg       segment.Segment
	terms     []segTerm       // per key of the searcher
	cand      *roaring.Bitmap // live documents that hold a term of every clause; nil if none
}

// segTerm is one term's postings in a segment.
type segTerm struct {
	pl   segment.PostingsList // nil: the term is not in the segment
	docs *roaring.Bitmap      // the documents that hold it (deleted ones too)
	it   segment.PostingsIterator
	seen uint64   // the searcher's gen when pos, freq and norm were read
	pos  []uint64 // positions in the document read last
	freq int
	norm float64

	table  *posTable // the word's position table (positions.go), if it is worth one
	tabled bool      // the table was looked for
	at     int       // where in table the last document read was
}

// open finds the searcher's terms in every segment of the snapshot r and
// computes each segment's candidates: per clause the union of its terms'
// documents, intersected over clauses, less the deleted documents. It
// returns how many live documents hold each key.
func (s *spanSearcher) open(ctx context.Context, r bindex.IndexReader) ([]uint64, error) {
	snap, err := asSnapshot(r)
	if err != nil {
		return nil, fmt.Errorf("index: positional search: %w", err)
	}
	counts := make([]uint64, len(s.keys))
	var base uint64
	for _, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		seg := ss.Segment()
		sg := &spanSeg{base: base, end: base + seg.Count(), seg: seg, terms: make([]segTerm, len(s.keys))}
		base = sg.end
		s.segs = append(s.segs, sg)
		deleted := ss.Deleted()
		dicts := map[string]segment.TermDictionary{}
		for j, k := range s.keys {
			d, ok := dicts[k.field]
			if !ok {
				var err error
				if d, err = seg.Dictionary(k.field); err != nil {
					return nil, err
				}
				dicts[k.field] = d
			}
			t := &sg.terms[j]
			if err := t.open(d, k.term); err != nil {
				return nil, err
			}
			if t.docs != nil {
				counts[j] += t.docs.GetCardinality()
				if deleted != nil {
					counts[j] -= t.docs.AndCardinality(deleted)
				}
			}
		}
		sg.cand = s.candidates(sg, deleted)
		if sg.cand != nil {
			s.count += sg.cand.GetCardinality()
		}
	}
	return counts, nil
}

// open looks term up in the segment's dictionary d.
func (t *segTerm) open(d segment.TermDictionary, term string) error {
	pl, err := d.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return err
	}
	it, ok := pl.Iterator(false, false, false, nil).(segment.OptimizablePostingsIterator)
	if !ok {
		return fmt.Errorf("index: positional search: postings of %T have no bitmap", pl)
	}
	t.docs = it.ActualBitmap()
	if doc, one := it.DocNum1Hit(); t.docs == nil && one {
		t.docs = roaring.BitmapOf(uint32(doc)) // a term in one document, with no bitmap
	}
	if t.docs != nil && !t.docs.IsEmpty() {
		t.pl = pl
	} else {
		t.docs = nil
	}
	return nil
}

// candidates returns the live documents of sg that hold a term of every
// clause, or nil if there are none: the intersection starts from the
// clause of fewest documents.
func (s *spanSearcher) candidates(sg *spanSeg, deleted *roaring.Bitmap) *roaring.Bitmap {
	union := make([]*roaring.Bitmap, 0, len(s.clauses))
	for _, clause := range s.clauses {
		var bms []*roaring.Bitmap
		for _, j := range clause {
			if d := sg.terms[j].docs; d != nil {
				bms = append(bms, d)
			}
		}
		switch len(bms) {
		case 0:
			return nil
		case 1:
			union = append(union, bms[0]) // read only: FastAnd copies
		default:
			union = append(union, roaring.FastOr(bms...))
		}
	}
	slices.SortFunc(union, func(a, b *roaring.Bitmap) int { return cmp.Compare(a.GetCardinality(), b.GetCardinality()) })
	cand := roaring.FastAnd(union...)
	if deleted != nil {
		cand.AndNot(deleted)
	}
	if cand.IsEmpty() {
		return nil
	}
	return cand
}

// read reads the term's postings in doc, which holds it: positions (or,
// for a whole-match term, the frequency) and the field norm. It reads
// each document once, for the searcher's gen.
func (t *segTerm) read(doc, gen uint64, positions bool) error {
	if t.seen == gen {
		return nil
	}
	if positions && t.table != nil {
		pos, norm, ok := t.table.lookup(uint32(doc), &t.at, t.pos[:0])
		if !ok {
			return fmt.Errorf("index: positional search: a posting of document %d is missing", doc)
		}
		t.seen, t.pos, t.norm, t.freq = gen, pos, norm, len(pos)
		return nil
	}
	if t.it == nil {
		t.it = t.pl.Iterator(true, true, positions, nil)
	}
	p, err := t.it.Advance(doc)
	if err != nil {
		return err
	}
	if p == nil || p.Number() != doc {
		return fmt.Errorf("index: positional search: a posting of document %d is missing", doc)
	}
	t.seen, t.freq, t.norm = gen, int(p.Frequency()), p.Norm()
	t.pos = t.pos[:0]
	if positions {
		for _, l := range p.Locations() {
			t.pos = append(t.pos, l.Pos())
		}
	}
	return nil
}

// useTable gives term j of sg its position table when the word is
// frequent enough in the segment to be worth one: from the cache, or
// decoded now and kept. Without a cache (tests of the walk itself) or on
// an error the word's postings are walked as before.
func (s *spanSearcher) useTable(sg *spanSeg, j int) {
	t := &sg.terms[j]
	if t.tabled || s.tables == nil || t.pl == nil {
		return
	}
	t.tabled = true
	if !s.tables.worth(t.docs.GetCardinality(), sg.end-sg.base) {
		return
	}
	k := s.keys[j]
	if tab, ok := s.tables.get(sg.seg, k.field, k.term); ok {
		t.table = tab
		return
	}
	tab, err := decodePositions(t.pl)
	if err != nil {
		return
	}
	s.tables.put(sg.seg, k.field, k.term, tab)
	t.table = tab
}

// sortStableBy sorts the indices idx by by[idx], keeping ties in order.
func sortStableBy(idx []int, by []uint64) {
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(by[a], by[b]) })
}
