package textnorm

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzTokens holds the invariants other packages build on: offsets in range
// and on rune boundaries of Normalize(s), non-empty words in order, Exact
// and Folded consistent with Lower and Fold, Normalize idempotent.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Sơn La", nfd("Sơn La"), "Hoà Bình, thuỷ điện", "a\xffb", "\u0301x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, n, again)
		}
		boundary := make([]bool, len(n)+1)
		for i := range n {
			boundary[i] = true
		}
		boundary[len(n)] = true
		toks := Tokens(s)
		prevEnd := 0
		for i, k := range toks {
			if k.Pos != i || k.Start < prevEnd || k.Start >= k.End || k.End > len(n) {
				t.Fatalf("token %d %+v out of order or range (len %d)", i, k, len(n))
			}
			if !boundary[k.Start] || !boundary[k.End] {
				t.Fatalf("token %d %+v not on rune boundaries of %q", i, k, n)
			}
			prevEnd = k.End
			if k.Exact == "" || k.Folded == "" || !utf8.ValidString(k.Exact) || !utf8.ValidString(k.Folded) {
				t.Fatalf("token %d %+v empty or invalid", i, k)
			}
			if got := Lower(n[k.Start:k.End]); got != k.Exact {
				t.Fatalf("Lower(%q) = %q, Exact %q", n[k.Start:k.End], got, k.Exact)
			}
			if got := Fold(k.Exact); got != k.Folded {
				t.Fatalf("Fold(Exact %q) = %q, Folded %q", k.Exact, got, k.Folded)
			}
		}
		if again := Tokens(n); !slices.Equal(again, toks) {
			t.Fatalf("Tokens(Normalize(s)) differs from Tokens(s)")
		}
	})
}

// FuzzCompileTerm checks that a term compiles exactly when it has a word,
// is exact exactly when it has a diacritic, and that a term made of a
// window of a text's own words matches that text, exact and folded.
func FuzzCompileTerm(f *testing.F) {
	for _, s := range []string{"", "Sơn La", nfd("tỉnh Sơn La"), "son la", "Hoà Bình, thuỷ điện", "\xff", "- !"} {
		f.Add(s, uint8(0), uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, at, size uint8) {
		term, err := CompileTerm(s)
		toks := Tokens(s)
		if (err != nil) != (len(toks) == 0) {
			t.Fatalf("CompileTerm(%q) error %v with %d tokens", s, err, len(toks))
		}
		if err != nil {
			return
		}
		if term.Exact() != HasDiacritic(s) || len(term.Words()) != len(toks) {
			t.Fatalf("CompileTerm(%q): exact %v, HasDiacritic %v, words %q", s, term.Exact(), HasDiacritic(s), term.Words())
		}
		a := int(at) % len(toks)
		b := a + int(size)%min(4, len(toks)-a)
		n := Normalize(s)
		window := n[toks[a].Start:toks[b].End]
		for _, w := range []string{window, Fold(window)} {
			wt, err := CompileTerm(w)
			if err != nil {
				t.Fatalf("CompileTerm(window %q): %v", w, err)
			}
			if !wt.Contains(s) || !slices.Contains(wt.MatchTokens(toks), toks[a].Pos) {
				t.Fatalf("term %q (words %q) does not match its own text %q", w, wt.Words(), s)
			}
		}
	})
}

// FuzzContains checks that the streaming Contains and the token-based
// MatchTokens agree, and that neither panics, on any term and text.
func FuzzContains(f *testing.F) {
	f.Add("Sơn La", "Lạng Sơn là một tỉnh")
	f.Add("son la", "anh Sơn là kỹ sư")
	f.Add("hòa bình", nfd("Hoà Bình"))
	f.Add("x", "\xff\xfe")
	f.Fuzz(func(t *testing.T, term, text string) {
		tm, err := CompileTerm(term)
		if err != nil {
			return
		}
		c := tm.Contains(text)
		m := tm.MatchTokens(Tokens(text))
		if c != (len(m) > 0) {
			t.Fatalf("%q in %q: Contains %v, MatchTokens %v", term, text, c, m)
		}
	})
}
