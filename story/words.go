package story

import (
	"sync"

	"mediawatch/textnorm"
)

// foldedWords is the folded words of an item's title and text, read in one
// textnorm.Stream: every signature of the item (fingerprint, sketch,
// title key) is computed from them, from the stream's bytes, without a
// string per word. textnorm.Tokens gave the same words with their exact
// forms and offsets, which no signature reads, and cost half of making
// a candidate (bench/scale, 100,000 items: NewCandidate 9.1 of 134
// CPU-seconds, Tokens 4.8 of them). With the fingerprint's counts eight
// bits at a time and the sketch's smallest hashes kept as they come,
// BenchmarkNewCandidate went 108–136 → 48 µs, 65 → 0.4 KB allocated.
type foldedWords struct {
	buf   []byte
	spans []span // every word's folded form in buf: the title's, then the text's
	title int    // how many of them are the title's
}

// span is where a word's folded form is in words.buf.
type span struct{ start, end int32 }

// wordsPool keeps streams and span slices between candidates: an ingest
// makes one per article, on every core.
var wordsPool = sync.Pool{New: func() any { return &wordsBuf{} }}

type wordsBuf struct {
	st    textnorm.Stream
	spans []span
}

// withWords calls f with the words of title and text. They are valid only
// during the call.
func withWords[T any](title, text string, f func(w *foldedWords) T) T {
	b := wordsPool.Get().(*wordsBuf)
	defer wordsPool.Put(b)
	st := &b.st
	st.Reset()
	st.Add(title)
	nt := st.Len()
	st.Add(text)
	spans := b.spans[:0]
	for i := range st.Len() {
		start, end := st.FoldedSpan(i)
		spans = append(spans, span{int32(start), int32(end)})
	}
	b.spans = spans
	return f(&foldedWords{buf: st.Bytes(), spans: spans, title: nt})
}

// parts returns the spans of the title's words and of the text's.
func (w *foldedWords) parts() [2][]span { return [2][]span{w.spans[:w.title], w.spans[w.title:]} }

// bytes returns words from to to-1 of one part as they stand in buf: their
// folded forms a single space apart.
func (w *foldedWords) bytes(ws []span, from, to int) []byte {
	return w.buf[ws[from].start:ws[to-1].end]
}
