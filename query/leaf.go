package query

import (
	"strings"
	"unicode/utf8"

	"mediawatch/textnorm"
)

// leaf turns a quoted string or a bare chunk into a Term, Phrase, Prefix
// or, in a metadata field, a Filter.
func (p *parser) leaf(s scope, t token) (Node, error) {
	p.clauses++
	if p.clauses > MaxClauses {
		return nil, errAt(p.q, t.pos, CodeTooManyTerms, MaxClauses)
	}
	if s.meta {
		return p.filter(s, t)
	}
	if t.kind == tQuote {
		words := words(t.text)
		if len(words) == 0 {
			return nil, errAt(p.q, t.pos, CodeNoWordInQuotes)
		}
		return &Phrase{Words: words}, nil
	}
	if i := strings.IndexByte(t.text, '*'); i >= 0 {
		return p.prefix(t, i)
	}
	words := words(t.text)
	switch len(words) {
	case 0:
		return nil, errAt(p.q, t.pos, CodeNoWord, t.text)
	case 1:
		if !isOperator(words[0]) {
			return &Term{Text: words[0]}, nil
		}
	}
	return &Phrase{Words: words}, nil
}

// prefix parses a chunk whose first "*" is at byte i as a prefix.
func (p *parser) prefix(t token, i int) (Node, error) {
	star := t.pos + i
	if i != len(t.text)-1 {
		return nil, errAt(p.q, star, CodeStarInside)
	}
	ws := words(t.text[:i])
	body := textnorm.Normalize(t.text[:i])
	switch {
	case len(ws) == 0:
		return nil, errAt(p.q, star, CodePrefixShort)
	case len(ws) > 1 || !strings.HasSuffix(body, ws[0]):
		return nil, errAt(p.q, t.pos, CodePrefixOneWord)
	case utf8.RuneCountInString(textnorm.Fold(ws[0])) < 2:
		return nil, errAt(p.q, star, CodePrefixShort)
	}
	return &Prefix{Text: ws[0]}, nil
}

// filter turns the value of source:, lang: or url: into a Filter.
func (p *parser) filter(s scope, t token) (Node, error) {
	v := strings.TrimSpace(textnorm.Normalize(t.text))
	if v == "" {
		return nil, errAt(p.q, t.pos, CodeEmptyValue, s.field)
	}
	if t.kind == tChunk && strings.HasSuffix(v, "*") {
		return nil, errAt(p.q, t.end-1, CodeWholeValue, s.field)
	}
	if err := checkValue(p.q, t.pos, s.field, v); err != nil {
		return nil, err
	}
	return &Filter{Name: s.field, Value: v}, nil
}

// words returns the words of s as written (normalised, case kept).
func words(s string) []string {
	toks := textnorm.Tokens(s)
	if len(toks) == 0 {
		return nil
	}
	n := textnorm.Normalize(s)
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = n[tk.Start:tk.End]
	}
	return out
}

// isOperator reports whether a bare word would lex as an operator, so a
// Term of it could not be printed bare; such a word becomes a one-word
// Phrase, as if it had been quoted.
func isOperator(w string) bool {
	switch w {
	case "AND", "OR", "NOT", "NEAR", "ONEAR":
		return true
	}
	return false
}
