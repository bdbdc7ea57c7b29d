package textnorm

import (
	"fmt"
	"unicode/utf8"

	"mediawatch"
)

// ErrNoWord is returned by CompileTerm for a term without any word (empty,
// spaces, punctuation only). It wraps mediawatch.ErrInvalid so that the API
// answers it as bad input.
var ErrNoWord = fmt.Errorf("%w: term contains no word", mediawatch.ErrInvalid)

// Term is a compiled search unit: a word or a phrase (a sequence of words).
// It is accent-smart: written with any diacritic it matches only that
// spelling of every word (case-insensitive); written without, it matches
// every accent variant. The zero Term matches nothing.
type Term struct {
	src   string
	words []string
	exact bool
}

// CompileTerm compiles a word or phrase for accent-smart matching, once, so
// that matching many texts does no normalisation of the term. It fails with
// ErrNoWord if s contains no word.
func CompileTerm(s string) (Term, error) {
	toks := Tokens(s)
	if len(toks) == 0 {
		return Term{}, fmt.Errorf("compile term %q: %w", s, ErrNoWord)
	}
	t := Term{src: s, words: make([]string, len(toks))}
	for _, tok := range toks {
		if tok.Exact != tok.Folded {
			t.exact = true
			break
		}
	}
	for i, tok := range toks {
		if t.exact {
			t.words[i] = tok.Exact
		} else {
			t.words[i] = tok.Folded
		}
	}
	return t, nil
}

// String returns the term as it was written, for messages and reports.
func (t Term) String() string { return t.src }

// Exact reports whether the term was written with a diacritic, in which
// case it matches only that spelling; otherwise it matches folded forms.
func (t Term) Exact() bool { return t.exact }

// Words returns the term's words in the form they match (Token.Exact forms
// if Exact(), else Token.Folded forms), so that an index or an Aho-Corasick
// automaton can look them up directly. The caller must not modify the slice.
func (t Term) Words() []string { return t.words }

// MatchTokens returns the start positions (Token.Pos) where the term's words
// occur consecutively in toks, in order. It lets a caller that already has
// the tokens of a text test many terms without tokenising again.
func (t Term) MatchTokens(toks []Token) []int {
	var pos []int
	n := len(t.words)
	if n == 0 {
		return nil
	}
	for i := 0; i+n <= len(toks); i++ {
		ok := true
		for j, w := range t.words {
			f := toks[i+j].Folded
			if t.exact {
				f = toks[i+j].Exact
			}
			if f != w {
				ok = false
				break
			}
		}
		if ok {
			pos = append(pos, toks[i].Pos)
		}
	}
	return pos
}

// Contains reports whether text contains the term. It gives the same answer
// as MatchTokens over Tokens(text) but streams over the words without
// allocating them, which is what the watch filter needs on every item.
func (t Term) Contains(text string) bool {
	if len(t.words) == 0 {
		return false
	}
	it := words{s: Normalize(text)}
	for {
		start, end, ok := it.next()
		if !ok {
			return false
		}
		if t.matchWord(0, it.s[start:end]) && t.matchRest(it) {
			return true
		}
	}
}

// matchRest reports whether the words after the iterator's position are
// the term's words 1…n-1. it is a copy: the caller's iteration is kept.
func (t Term) matchRest(it words) bool {
	for k := 1; k < len(t.words); k++ {
		start, end, ok := it.next()
		if !ok || !t.matchWord(k, it.s[start:end]) {
			return false
		}
	}
	return true
}

// matchWord reports whether the text word w, in the term's form, equals the
// term's k-th word.
func (t Term) matchWord(k int, w string) bool {
	if t.exact {
		return equalForm(w, t.words[k], lowerRune)
	}
	return equalForm(w, t.words[k], foldRune)
}

// equalForm reports whether w mapped rune by rune through f (as appendForm
// would write it) equals want, without building the mapped string.
func equalForm(w, want string, f func(rune) rune) bool {
	j := 0
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf && j < len(want) && want[j] < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != want[j] {
				return false
			}
			i++
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		m := f(r)
		if m < 0 {
			continue
		}
		if j >= len(want) {
			return false
		}
		r2, size2 := utf8.DecodeRuneInString(want[j:])
		if m != r2 {
			return false
		}
		j += size2
	}
	return j == len(want)
}
