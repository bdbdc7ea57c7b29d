package query

import (
	"fmt"
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/textnorm"
)

// TermInfo is one text unit a query looks for, in the form it is compared
// in, for a prefilter such as an Aho-Corasick automaton over many queries.
type TermInfo struct {
	Text   string // the words in their compared form (Exact or Folded), joined by one space
	Exact  bool   // compare with textnorm.Token.Exact, else Token.Folded
	Prefix bool   // Text is a word prefix
	Field  string // FieldTitle, FieldText, or "" for either
}

// Terms lists, once each and in order of appearance, the words, phrases and
// prefixes a query can match on in the title or the text: those not under
// a negation, NEAR operands included. If NeedsTerm(n), every document n
// matches contains at least one of them, so a document containing none
// can skip n. The units of author: are not listed: they match the
// author's names, which are metadata to a prefilter over title and text,
// as source: is, and never highlighted in them.
func Terms(n Node) []TermInfo {
	var out []TermInfo
	walkTerms(n, "", func(ti TermInfo) {
		if !slices.Contains(out, ti) {
			out = append(out, ti)
		}
	})
	return out
}

// walkTerms calls f for every positive text unit of n in field field.
func walkTerms(n Node, field string, f func(TermInfo)) {
	switch x := n.(type) {
	case *And:
		for _, c := range x.Nodes {
			walkTerms(c, field, f)
		}
	case *Or:
		for _, c := range x.Nodes {
			walkTerms(c, field, f)
		}
	case *Field:
		if x.Name != FieldAuthor {
			walkTerms(x.Node, x.Name, f)
		}
	case *Near:
		walkTerms(x.A, field, f)
		walkTerms(x.B, field, f)
	case *Term, *Phrase, *Prefix:
		if t, err := compileText(n); err == nil {
			f(TermInfo{Text: strings.Join(t.Words(), " "), Exact: t.Exact(), Prefix: isPrefix(n), Field: field})
		}
	}
}

// isPrefix reports whether n is a *Prefix.
func isPrefix(n Node) bool {
	_, ok := n.(*Prefix)
	return ok
}

// NeedsTerm reports whether every document n matches contains one of
// Terms(n). It is false when metadata filters alone can make n match, as
// in lang:en, author:x or source:a OR "Sơn La": a prefilter must then
// always evaluate n.
func NeedsTerm(n Node) bool {
	switch x := n.(type) {
	case *And:
		return slices.ContainsFunc(x.Nodes, NeedsTerm)
	case *Or:
		return len(x.Nodes) > 0 && !slices.ContainsFunc(x.Nodes, func(c Node) bool { return !NeedsTerm(c) })
	case *Field:
		return x.Name != FieldAuthor && NeedsTerm(x.Node)
	case *Term, *Phrase, *Prefix, *Near:
		return true
	}
	return false
}

// positive reports whether n can only match a document that has some
// positive term or filter: the condition Parse and Compile require of a
// whole query, so that no rule matches nearly everything.
func positive(n Node) bool {
	switch x := n.(type) {
	case *And:
		return slices.ContainsFunc(x.Nodes, positive)
	case *Or:
		return len(x.Nodes) > 0 && !slices.ContainsFunc(x.Nodes, func(c Node) bool { return !positive(c) })
	case *Field:
		return positive(x.Node)
	case *Not:
		return false
	}
	return true
}

// compileText compiles a Term, Phrase or Prefix with textnorm, the one
// definition of words and of accent-smart comparison.
func compileText(n Node) (textnorm.Term, error) {
	var src string
	switch x := n.(type) {
	case *Term:
		src = x.Text
	case *Phrase:
		src = strings.Join(x.Words, " ")
	case *Prefix:
		src = x.Text
	}
	t, err := textnorm.CompileTerm(src)
	if err != nil {
		return t, err
	}
	if _, ok := n.(*Phrase); !ok && len(t.Words()) != 1 {
		return t, invalid("%s must be a single word", n)
	}
	return t, nil
}

// invalid returns an error wrapping mediawatch.ErrInvalid.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: query: %s", mediawatch.ErrInvalid, fmt.Sprintf(format, args...))
}
