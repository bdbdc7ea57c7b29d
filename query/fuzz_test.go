package query

import (
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"

	"mediawatch/textnorm"
)

// FuzzParse holds the parser to its promises on untrusted input: no panic,
// errors are *Error pointing inside the query, and every accepted query
// prints as text that parses back to the same tree and compiles.
func FuzzParse(f *testing.F) {
	for _, q := range []string{`"Sơn La" AND (lũ OR "sạt lở") NOT "diễn tập"`, "a\xffb", "((a", `title:("x`, "-", "a NEAR/5"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) error %v is not *Error", q, err)
			}
			if qe.Pos < 0 || qe.Pos > len(q) || qe.Col != utf8.RuneCountInString(q[:qe.Pos])+1 {
				t.Fatalf("Parse(%q) error %+v: position outside the query or column wrong", q, qe)
			}
			return
		}
		assertRoundTrip(t, q, n)
		if _, err := Compile(n); err != nil {
			t.Fatalf("Compile(Parse(%q)) = %v", q, err)
		}
		Terms(n)
	})
}

// FuzzMatch evaluates arbitrary queries on arbitrary documents without
// panicking, and checks every word, phrase and NEAR of the query against
// a brute-force answer built on textnorm.Term.MatchTokens.
func FuzzMatch(f *testing.F) {
	f.Add(`"son la" NEAR/2 lũ`, "SƠN LA", "Sơn là vùng lũ \xff")
	f.Add(`title:mộc* -lang:vi`, "Mộc Châu", "")
	f.Add(`author:"son la 24h" platform:telegram`, "telegram", "Sơn La 24h")
	f.Fuzz(func(t *testing.T, q, title, text string) {
		n, err := Parse(q)
		if err != nil {
			return
		}
		m, err := Compile(n)
		if err != nil {
			t.Fatalf("Compile(Parse(%q)) = %v", q, err)
		}
		d := Doc{Title: title, Text: text, Source: title, Lang: text, URL: text, Author: text + "\n" + title, Platform: title}
		p := Prepare(d)
		if m.Match(d) != m.MatchPrepared(p) {
			t.Fatalf("Match and MatchPrepared disagree on %q", q)
		}
		checkUnits(t, n, p, [][]textnorm.Token{textnorm.Tokens(title), textnorm.Tokens(text)})
		checkAuthorUnits(t, n, p, textnorm.Tokens(d.Author))
	})
}

// checkAuthorUnits compares, for every word, phrase and NEAR in n, the
// matcher's author:(unit) with a brute-force evaluation over the author's
// tokens alone.
func checkAuthorUnits(t *testing.T, n Node, p *Prepared, author []textnorm.Token) {
	t.Helper()
	switch x := n.(type) {
	case *And:
		for _, c := range x.Nodes {
			checkAuthorUnits(t, c, p, author)
		}
	case *Or:
		for _, c := range x.Nodes {
			checkAuthorUnits(t, c, p, author)
		}
	case *Not:
		checkAuthorUnits(t, x.Node, p, author)
	case *Field:
		checkAuthorUnits(t, x.Node, p, author)
	case *Term, *Phrase, *Near:
		f := &Field{Name: FieldAuthor, Node: n}
		m, err := Compile(f)
		if err != nil {
			t.Fatalf("Compile(%s): %v", f, err)
		}
		if got, want := m.MatchPrepared(p), bruteMatch(t, n, [][]textnorm.Token{author}); got != want {
			t.Fatalf("%s = %v, brute force says %v", f, got, want)
		}
	}
}

// checkUnits compares, for every word, phrase and NEAR in n, the matcher
// with a brute-force evaluation over the tokens of each field.
func checkUnits(t *testing.T, n Node, p *Prepared, fields [][]textnorm.Token) {
	t.Helper()
	switch x := n.(type) {
	case *And:
		for _, c := range x.Nodes {
			checkUnits(t, c, p, fields)
		}
	case *Or:
		for _, c := range x.Nodes {
			checkUnits(t, c, p, fields)
		}
	case *Not:
		checkUnits(t, x.Node, p, fields)
	case *Field:
		checkUnits(t, x.Node, p, fields)
	case *Term, *Phrase, *Near:
		m, err := Compile(n)
		if err != nil {
			t.Fatalf("Compile(%s): %v", n, err)
		}
		if got, want := m.MatchPrepared(p), bruteMatch(t, n, fields); got != want {
			t.Fatalf("%s = %v, brute force says %v", n, got, want)
		}
	}
}

// bruteMatch evaluates a Term, Phrase or Near with textnorm directly.
func bruteMatch(t *testing.T, n Node, fields [][]textnorm.Token) bool {
	for _, toks := range fields {
		nr, ok := n.(*Near)
		if !ok {
			if len(occurrences(t, n, toks)) > 0 {
				return true
			}
			continue
		}
		la, lb := len(words(nr.A.String())), len(words(nr.B.String()))
		for _, a := range occurrences(t, nr.A, toks) {
			for _, b := range occurrences(t, nr.B, toks) {
				if gap := b - (a + la); gap >= 0 && gap <= nr.Dist {
					return true
				}
				if gap := a - (b + lb); !nr.Ordered && gap >= 0 && gap <= nr.Dist {
					return true
				}
			}
		}
	}
	return false
}

// occurrences returns textnorm's own start positions of a Term or Phrase.
func occurrences(t *testing.T, n Node, toks []textnorm.Token) []int {
	src := n.String()
	if ph, ok := n.(*Phrase); ok {
		src = ph.String()[1 : len(ph.String())-1]
	}
	ct, err := textnorm.CompileTerm(src)
	if err != nil {
		t.Fatalf("CompileTerm(%q): %v", src, err)
	}
	return ct.MatchTokens(toks)
}

// TestCheckUnitsSeeds runs the brute-force comparison on the data-driven
// cases, so that it is exercised without -fuzz too.
func TestCheckUnitsSeeds(t *testing.T) {
	for _, tc := range loadCases(t) {
		n := MustParse(tc.Query)
		toks := [][]textnorm.Token{textnorm.Tokens(tc.Title), textnorm.Tokens(tc.Text)}
		checkUnits(t, n, Prepare(Doc{Title: tc.Title, Text: tc.Text}), toks)
	}
	if !reflect.DeepEqual(MustParse("a"), MustParse(" a ")) {
		t.Error("white space changed the tree")
	}
}
