package index

import (
	bindex "github.com/blevesearch/bleve_index_api"

	"mediawatch/textnorm"
)

// pairsField is the pair terms of a title or text (fields t2 and x2),
// with their frequencies and no positions: for two adjacent words whose
// folded pair is listed, the term appendPairTerm makes of them (a two-word
// phrase of a listed pair is one lookup here instead of a positional
// search over its words); for two adjacent frequent words whose pair is
// not listed, their gate term (the phrase is positional, read only where
// the gate is). Other pairs have no term: every (term, document) posting
// costs indexing time, and their phrases are cheap positionally, because
// one of their words' postings is short.
type pairsField struct {
	name   string
	words  *wordsField // analyses both from one tokenisation
	set    *pairSet
	length int
	freqs  bindex.TokenFrequencies
}

// Name is the index field name.
func (f *pairsField) Name() string { return f.name }

// ArrayPositions is nil: the pairs of one text.
func (f *pairsField) ArrayPositions() []uint64 { return nil }

// Options index the terms with frequencies and norms, without positions.
func (f *pairsField) Options() bindex.FieldIndexingOptions { return optPairs }

// Value is nil: nothing is stored.
func (f *pairsField) Value() []byte { return nil }

// NumPlainTextBytes is 0: the text is counted by its words field.
func (f *pairsField) NumPlainTextBytes() uint64 { return 0 }

// EncodedFieldType marks the field as text.
func (f *pairsField) EncodedFieldType() byte { return 't' }

// AnalyzedLength is the words field's length, so that a pair's field norm
// is the one its words have and a phrase scores as a word does.
func (f *pairsField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies are the pair terms with their frequencies.
func (f *pairsField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Size estimates the field's memory for bleve's batch accounting.
func (f *pairsField) Size() int { return 64 + 48*len(f.freqs) }

// Analyze computes the pair terms (through the words field, which
// tokenises once for both).
func (f *pairsField) Analyze() { f.words.Analyze() }

// analyze collects the pair terms of toks (pairSet.appendTerm); length is
// the words field's. Each word is looked up among the frequent words once.
// The terms are numbered and counted first, then laid out in one slab, as
// wordsField does: a map and two allocations per term cost a twentieth of
// the ingest's CPU.
func (f *pairsField) analyze(toks []textnorm.Token, length int) {
	f.length = length
	if len(toks) < 2 {
		f.freqs = bindex.TokenFrequencies{}
		return
	}
	ids := make(map[string]int32, len(toks)/2)
	var terms []string
	var count []int32
	var term []byte
	var ok bool
	prev := f.set.frequent(toks[0].Folded)
	for i := 1; i < len(toks); i++ {
		cur := f.set.frequent(toks[i].Folded)
		term, ok = f.set.appendTerm(term, &toks[i-1], &toks[i], prev && cur)
		prev = cur
		if !ok {
			continue
		}
		if id, seen := ids[string(term)]; seen {
			count[id]++
			continue
		}
		t := string(term)
		ids[t] = int32(len(terms))
		terms = append(terms, t)
		count = append(count, 1)
	}
	f.freqs = make(bindex.TokenFrequencies, len(terms))
	slab := make([]bindex.TokenFreq, len(terms))
	for id, t := range terms {
		tf := &slab[id]
		tf.Term = []byte(t)
		tf.SetFrequency(int(count[id]))
		f.freqs[t] = tf
	}
}
