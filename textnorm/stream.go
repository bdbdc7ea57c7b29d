package textnorm

import (
	"slices"
	"unicode/utf8"
)

// Stream is the words of one or more texts (fields) laid out for
// multi-pattern matching: one byte stream of folded words (Token.Folded),
// each preceded by a space, each field ended by " \n". Title "Sơn La" and
// text "Hoà Bình" give " son la \n hoa binh \n": a pattern " son la "
// finds a whole phrase, " son" a word prefix, and no pattern crosses from
// one field into the next.
//
// It segments exactly like Tokens (the same words, the same folded and
// exact forms) but in one pass without allocating per word, and its
// offsets refer to each text as given, not to Normalize(text): text that
// is already NFC — nearly all text — is never copied, and the rare chunk
// that is not (decomposed marks, invalid UTF-8, rare scripts) is
// normalised on its own. Exact forms are computed only when asked for
// (Exact, ExactIs), at the few positions a matcher reports.
//
// A Stream is reused with Reset; it is not safe for concurrent use.
type Stream struct {
	buf    []byte
	words  []StreamWord
	fields []streamField
	alt    map[int32]string // normalised text of words whose chunk needed normalising
}

// StreamWord is one word of a Stream.
type StreamWord struct {
	Start, End int32 // byte offsets of the word in its field's text as given
	At         int32 // offset in Bytes of the space before the folded word
}

// streamField is one text added to a Stream.
type streamField struct {
	text  string
	first int32 // index of its first word
	slow  bool  // some chunk of it was normalised
}

// Reset empties the stream, keeping its memory for the next texts.
func (st *Stream) Reset() {
	st.buf = st.buf[:0]
	st.words = st.words[:0]
	st.fields = st.fields[:0]
	if len(st.alt) > 0 {
		clear(st.alt)
	}
}

// Bytes returns the stream of folded words. The caller must not modify it;
// it is valid until the next Add or Reset.
func (st *Stream) Bytes() []byte { return st.buf }

// Len returns the number of words in all fields.
func (st *Stream) Len() int { return len(st.words) }

// Word returns word i (0 ≤ i < Len), numbered across all fields.
func (st *Stream) Word(i int) StreamWord { return st.words[i] }

// FieldOf returns the field of word i and its position within that field
// (Token.Pos of the word in Tokens of the field's text).
func (st *Stream) FieldOf(i int) (field, pos int) {
	f := len(st.fields) - 1
	for f > 0 && int(st.fields[f].first) > i {
		f--
	}
	return f, i - int(st.fields[f].first)
}

// KnownNFC reports whether the text of field f is valid UTF-8 made only
// of runes that are NFC whatever surrounds them (see Add): no chunk of it
// needed normalising. It is known from the pass that added it, at no cost.
func (st *Stream) KnownNFC(f int) bool { return !st.fields[f].slow }

// WordAt returns the index of the word whose leading space is at offset at
// of Bytes, or false if no word starts there.
func (st *Stream) WordAt(at int) (int, bool) {
	i, ok := slices.BinarySearchFunc(st.words, int32(at), func(w StreamWord, at int32) int {
		return int(w.At - at)
	})
	return i, ok
}

// Folded returns the folded form of word i (Token.Folded).
func (st *Stream) Folded(i int) string {
	start, end := st.FoldedSpan(i)
	return string(st.buf[start:end])
}

// FoldedSpan returns where the folded form of word i is in Bytes. In
// Bytes, the words of one field follow each other a single space apart,
// so words i to j of a field are Bytes()[start of i : end of j].
func (st *Stream) FoldedSpan(i int) (start, end int) {
	start = int(st.words[i].At) + 1
	end = start
	for st.buf[end] != ' ' {
		end++
	}
	return start, end
}

// Exact returns the exact form of word i (Token.Exact).
func (st *Stream) Exact(i int) string {
	n := st.normWord(i)
	if isLowerASCII(n) {
		return n
	}
	var b []byte
	for _, r := range n {
		b = utf8.AppendRune(b, lowerRune(r))
	}
	return string(b)
}

// ExactIs reports whether the exact form of word i is want, without
// building it.
func (st *Stream) ExactIs(i int, want string) bool {
	return equalForm(st.normWord(i), want, lowerRune)
}

// ExactHasPrefix reports whether the exact form of word i starts with
// prefix, without building it.
func (st *Stream) ExactHasPrefix(i int, prefix string) bool {
	return hasFormPrefix(st.normWord(i), prefix, lowerRune)
}

// normWord returns word i as it stands in Normalize of its field's text.
func (st *Stream) normWord(i int) string {
	if n, ok := st.alt[int32(i)]; ok {
		return n
	}
	w := st.words[i]
	f, _ := st.FieldOf(i)
	return Normalize(st.fields[f].text[w.Start:w.End])
}

// hasFormPrefix reports whether w mapped rune by rune through f starts
// with prefix.
func hasFormPrefix(w, prefix string, f func(rune) rune) bool {
	j := 0
	for _, r := range w {
		if j == len(prefix) {
			return true
		}
		m := f(r)
		if m < 0 {
			continue
		}
		r2, size := utf8.DecodeRuneInString(prefix[j:])
		if m != r2 {
			return false
		}
		j += size
	}
	return j == len(prefix)
}

// isKnownNFCRune reports whether a rune of the given encoded size is one
// of those knownNFC accepts: NFC whatever surrounds it.
func isKnownNFCRune(r rune, size int) bool {
	return r < 0x300 && size > 1 || r >= extStart && r < extEnd || r >= 0x2002 && r < 0x2070
}

// Add appends the words of text as a new field and returns its index.
//
// Text is cut into chunks before every ASCII byte that is not a letter or
// digit (a space, punctuation): Normalize never joins or moves anything
// across such a boundary, so a chunk of runes that are NFC whatever
// surrounds them is segmented and folded as it is (tone placement moves a
// mark between two vowels of one word, which changes neither the words nor
// their folded forms), and any other chunk is normalised on its own.
func (st *Stream) Add(text string) int {
	st.fields = append(st.fields, streamField{text: text, first: int32(len(st.words))})
	sg := segmenter{st: st, s: text}
	sg.run()
	st.buf = append(st.buf, ' ', '\n')
	return len(st.fields) - 1
}

// segmenter is one pass of Add over one text.
type segmenter struct {
	st     *Stream
	s      string
	inWord bool
	word   StreamWord // the word being read, appended when it ends
	// The current chunk starts at chunk, when words and buf had these lengths.
	chunk, chunkWords, chunkBuf int
}

// asciiFolded maps an ASCII letter or digit to its folded form and any
// other ASCII byte to 0.
var asciiFolded = func() (t [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		if asciiWord[c] {
			t[c] = byte(foldRune(rune(c)))
		}
	}
	return t
}()

// run segments and folds s into the stream.
func (sg *segmenter) run() {
	st, s := sg.st, sg.s
	st.buf = slices.Grow(st.buf, len(s)+2)
	sg.mark(0)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if f := asciiFolded[c]; f != 0 {
				if !sg.inWord {
					sg.start(i)
				}
				st.buf = append(st.buf, f)
			} else {
				sg.end(i)
				sg.mark(i)
			}
			i++
			continue
		}
		r, size := decodeRune(s, i)
		if !isKnownNFCRune(r, size) {
			i = sg.slowChunk(i)
			continue
		}
		word, fold := false, rune(-1)
		if covered(r) { // all Vietnamese letters: one table look-up
			inf := info(r)
			word, fold = inf.word, inf.fold
		} else if word = isWordRune(r); word {
			fold = foldRune(r)
		}
		if sg.inWord && !word {
			sg.end(i)
		} else if !sg.inWord && word && isWordStart(r) {
			sg.start(i)
		}
		if sg.inWord && fold >= 0 {
			st.buf = utf8.AppendRune(st.buf, fold)
		}
		i += size
	}
	sg.end(len(s))
}

// decodeRune decodes the rune at s[i] (not ASCII), with the two- and
// three-byte forms of Vietnamese letters inline.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	switch {
	case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case c == 0xE1 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
		return 0x1000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// mark starts a new chunk at byte i of s.
func (sg *segmenter) mark(i int) {
	sg.chunk, sg.chunkWords, sg.chunkBuf = i, len(sg.st.words), len(sg.st.buf)
}

// start begins a word at byte i of s.
func (sg *segmenter) start(i int) {
	sg.word = StreamWord{Start: int32(i), At: int32(len(sg.st.buf))}
	sg.st.buf = append(sg.st.buf, ' ')
	sg.inWord = true
}

// end closes the current word, if any, at byte i of s.
func (sg *segmenter) end(i int) {
	if sg.inWord {
		sg.word.End = int32(i)
		sg.st.words = append(sg.st.words, sg.word)
		sg.inWord = false
	}
}

// slowChunk undoes what the pass wrote for the chunk holding byte i, which
// starts a rune that may change under Normalize, and writes the chunk's
// words from its normalised form instead. It returns the chunk's end.
func (sg *segmenter) slowChunk(i int) int {
	st, s := sg.st, sg.s
	st.fields[len(st.fields)-1].slow = true
	st.words, st.buf, sg.inWord = st.words[:sg.chunkWords], st.buf[:sg.chunkBuf], false
	end := i
	for end < len(s) && (s[end] >= utf8.RuneSelf || asciiWord[s[end]]) {
		end++
	}
	raw := s[sg.chunk:end]
	n := Normalize(raw)
	orig, norm := spans(raw), spans(n)
	for k, nw := range norm {
		// NFC keeps the words of news text apart as they were; should it
		// merge or split some (letters of different scripts joined by
		// marks), each word points at all of the chunk's words.
		start, stop := 0, len(raw)
		if len(orig) == len(norm) {
			start, stop = orig[k][0], orig[k][1]
		} else if len(orig) > 0 {
			start, stop = orig[0][0], orig[len(orig)-1][1]
		}
		start, stop = start+sg.chunk, stop+sg.chunk
		w := n[nw[0]:nw[1]]
		if s[start:stop] != w {
			if st.alt == nil {
				st.alt = map[int32]string{}
			}
			st.alt[int32(len(st.words))] = w
		}
		st.words = append(st.words, StreamWord{Start: int32(start), End: int32(stop), At: int32(len(st.buf))})
		st.buf = appendFold(append(st.buf, ' '), w)
	}
	return end
}

// spans returns the byte spans of the words of s.
func spans(s string) [][2]int {
	var out [][2]int
	for it := (words{s: s}); ; {
		a, b, ok := it.next()
		if !ok {
			return out
		}
		out = append(out, [2]int{a, b})
	}
}
