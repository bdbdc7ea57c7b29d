package textnorm

import (
	"strings"
	"unicode/utf8"
)

// Token is one word of a normalised text. It carries both forms a term may
// be compared in, so that a text is tokenised once and matched many times,
// and byte offsets so that a match can be highlighted.
type Token struct {
	Exact      string // Lower form of the word
	Folded     string // Fold form of the word
	Start, End int    // byte offsets of the word in Normalize(original text)
	Pos        int    // word position, 0-based
}

// Tokens splits Normalize(s) into words, with offsets into Normalize(s).
//
// A word is a maximal run of letters, decimal digits and combining marks
// that begins with a letter or digit. Everything else separates words:
// spaces, punctuation, symbols, hyphens ("Sơn-La" is the two words Sơn, La)
// and apostrophes ("don't" is don, t). Invalid UTF-8 bytes separate words.
func Tokens(s string) []Token {
	n := Normalize(s)
	toks := make([]Token, 0, len(n)/6+1)
	// All forms that differ from the text are written into one buffer.
	// strings.Builder never rewrites bytes it has written, so a string taken
	// from it stays valid while more is appended.
	var b strings.Builder
	b.Grow(len(n) / 2)
	it := words{s: n}
	for start, end, ok := it.next(); ok; start, end, ok = it.next() {
		w := n[start:end]
		t := Token{Exact: w, Folded: w, Start: start, End: end, Pos: len(toks)}
		if !isLowerASCII(w) {
			t.Exact, t.Folded = wordForms(&b, w)
		}
		toks = append(toks, t)
	}
	return toks
}

// wordForms returns the lower-case and folded forms of the word w, each w
// itself when it is the same, the folded form the exact one when they are
// the same, and any other written into b: one pass over w for both forms
// (it mapped each word twice, through a function value, after a pass each
// to see whether anything changed; a 3.5 KB article's Tokens 105 → 98 µs).
func wordForms(b *strings.Builder, w string) (exact, folded string) {
	var exBuf, foBuf [64]byte
	ex, fo := exBuf[:0], foBuf[:0]
	exSame, foSame := true, true // exact is w; folded is exact
	for _, r := range w {
		l, f := lowerRune(r), foldRune(r)
		exSame = exSame && l == r
		foSame = foSame && f == l
		ex = utf8.AppendRune(ex, l)
		if f >= 0 {
			fo = utf8.AppendRune(fo, f)
		}
	}
	exact = w
	if !exSame {
		off := b.Len()
		b.Write(ex)
		exact = b.String()[off:]
	}
	if foSame {
		return exact, exact
	}
	off := b.Len()
	b.Write(fo)
	folded = b.String()[off:]
	if folded == exact {
		folded = exact
	}
	return exact, folded
}

// isLowerASCII reports whether w is ASCII without upper-case letters, the
// common case in which both forms of a word are the word itself.
func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// words iterates over the words of a normalised text without allocating.
// It is a value: copying it forks the iteration, which the matchers use to
// look ahead at the words following a candidate.
type words struct {
	s string
	i int
}

// next returns the byte span of the next word, or ok == false at the end.
func (w *words) next() (start, end int, ok bool) {
	s := w.s
	i := w.i
	for i < len(s) { // skip to a letter or digit
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordStart(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		w.i = i
		return 0, 0, false
	}
	start = i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		i += size
	}
	w.i = i
	return start, i, true
}
