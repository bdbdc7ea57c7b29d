package index

import (
	"sync"

	bindex "github.com/blevesearch/bleve_index_api"

	"mediawatch/textnorm"
)

// wordsField is a title or text as bleve indexes it with mw_uni: every
// word's exact form at its position and, when it differs, "~" + its folded
// form at the same position. It builds bleve's term frequencies straight
// from textnorm.Tokens — no token stream, one map, a few flat
// allocations — because analysis is a large share of indexing. Locations
// carry positions only: highlights are cut from the store (query
// package), so byte offsets would be dead weight in every posting.
type wordsField struct {
	name   string
	text   string
	value  []byte // stored value; nil when the field is not stored
	opts   bindex.FieldIndexingOptions
	length int
	freqs  bindex.TokenFrequencies
	pairs  *pairsField // the text's pair terms, computed from the same tokens; nil if none
	once   sync.Once
}

// newWordsField returns the field name over text, stored if store is set.
func newWordsField(name, text string, opts bindex.FieldIndexingOptions) *wordsField {
	f := &wordsField{name: name, text: text, opts: opts}
	if opts.IsStored() {
		f.value = []byte(text)
	}
	return f
}

// newTextFields returns the words field name over text and its pair field
// pairName, whose terms are the listed pairs of set: both are analysed
// from one tokenisation, by whichever bleve analyses first.
func newTextFields(name, pairName, text string, opts bindex.FieldIndexingOptions, set *pairSet) (*wordsField, *pairsField) {
	w := newWordsField(name, text, opts)
	w.pairs = &pairsField{name: pairName, words: w, set: set}
	return w, w.pairs
}

// Name is the index field name.
func (f *wordsField) Name() string { return f.name }

// ArrayPositions is nil: a title or text is one value.
func (f *wordsField) ArrayPositions() []uint64 { return nil }

// Options are the field's indexing options.
func (f *wordsField) Options() bindex.FieldIndexingOptions { return f.opts }

// Value is the stored text (nil when not stored).
func (f *wordsField) Value() []byte { return f.value }

// NumPlainTextBytes is the length of the text.
func (f *wordsField) NumPlainTextBytes() uint64 { return uint64(len(f.text)) }

// EncodedFieldType marks the stored value as text.
func (f *wordsField) EncodedFieldType() byte { return 't' }

// AnalyzedLength is the number of terms indexed, as bleve's analyzer
// fields count it (for the field norm).
func (f *wordsField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies are the terms with their positions.
func (f *wordsField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Size estimates the field's memory for bleve's batch accounting without
// walking every location, as bleve's own fields do at some cost.
func (f *wordsField) Size() int { return 96 + len(f.text) + len(f.value) + 64*f.length }

// Analyze computes the term frequencies, and those of the pair field.
func (f *wordsField) Analyze() {
	f.once.Do(func() {
		toks := textnorm.Tokens(f.text)
		f.analyze(toks)
		if f.pairs != nil {
			f.pairs.analyze(toks, f.length)
		}
	})
}

// analyze computes the term frequencies: one pass to number the distinct
// terms and count their occurrences, one to lay out every term's
// locations in shared backing arrays.
func (f *wordsField) analyze(toks []textnorm.Token) {
	ids := make(map[string]int32, len(toks))
	termOf := make([]int32, 0, 2*len(toks)) // per emitted term, in order
	var terms []string
	var count []int32
	var buf []byte
	add := func(term string) {
		id, ok := ids[term]
		if !ok {
			id = int32(len(terms))
			ids[term] = id
			terms = append(terms, term)
			count = append(count, 0)
		}
		count[id]++
		termOf = append(termOf, id)
	}
	for i := range toks {
		t := &toks[i]
		add(t.Exact)
		if t.Folded != t.Exact {
			buf = append(append(buf[:0], marker...), t.Folded...)
			if id, ok := ids[string(buf)]; ok {
				count[id]++
				termOf = append(termOf, id)
			} else {
				add(string(buf))
			}
		}
	}
	f.length = len(termOf)
	f.freqs = make(bindex.TokenFrequencies, len(terms))
	if len(terms) == 0 {
		return
	}
	freqs := make([]bindex.TokenFreq, len(terms))
	locs := make([]bindex.TokenLocation, len(termOf))
	ptrs := make([]*bindex.TokenLocation, len(termOf))
	off := 0
	for id, term := range terms {
		tf := &freqs[id]
		tf.Term = []byte(term)
		tf.Locations = ptrs[off : off : off+int(count[id])]
		if !f.opts.SkipFreqNorm() {
			tf.SetFrequency(int(count[id]))
		}
		off += int(count[id])
		f.freqs[term] = tf
	}
	k := 0
	for i := range toks {
		n := 1
		if toks[i].Folded != toks[i].Exact {
			n = 2
		}
		for range n {
			loc := &locs[k]
			loc.Position = toks[i].Pos + 1
			tf := &freqs[termOf[k]]
			tf.Locations = append(tf.Locations, loc)
			k++
		}
	}
}
