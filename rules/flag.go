package rules

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"mediawatch"
)

// Snippet geometry, in characters (runes): about SnippetLen characters of
// text, starting up to snippetBefore characters before the first match.
const (
	SnippetLen    = 200
	snippetBefore = 60
)

// Field names of a TermMatch.
const (
	FieldTitle = "title"
	FieldText  = "text"
)

// flag builds the flag of matching rule ri.
func (c *itemCtx) flag(ri int) mediawatch.Flag {
	r := &c.e.rules[ri]
	ms := c.matches(&c.e.compiled[ri])
	f := mediawatch.Flag{RuleID: r.ID, RuleVersion: r.Version, Severity: r.Severity, Matches: ms}
	f.Snippet = c.snippet(ms)
	return f
}

// matches lists every occurrence of the rule's positive units in the
// fields each may match in, title first, in text order.
func (c *itemCtx) matches(cr *compiledRule) []mediawatch.TermMatch {
	var out []mediawatch.TermMatch
	for _, u := range cr.units {
		if c.fieldsOf(u.term)&u.fields == 0 {
			continue
		}
		n := int32(c.e.terms[u.term].n)
		for o := c.terms[u.term].head; o >= 0; o = c.occ[o].next {
			w := c.occ[o].word
			if c.fieldBit(w)&u.fields == 0 {
				continue
			}
			field, text := FieldText, c.it.Text
			if c.fieldBit(w) == inTitle {
				field, text = FieldTitle, c.it.Title
			}
			start, end := int(c.st.Word(int(w)).Start), int(c.st.Word(int(w+n-1)).End)
			out = append(out, mediawatch.TermMatch{Term: u.label, Field: field, Start: start, End: end, Text: text[start:end]})
		}
	}
	slices.SortFunc(out, func(a, b mediawatch.TermMatch) int {
		return cmp.Or(-strings.Compare(a.Field, b.Field), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
			strings.Compare(a.Term, b.Term))
	})
	return slices.Compact(out)
}

// snippet is plain text around the first match in the text, or around the
// first in the title when the text has none, or the text's beginning for
// a rule that matched on metadata alone.
func (c *itemCtx) snippet(ms []mediawatch.TermMatch) string {
	text, at := c.it.Text, 0
	if i := slices.IndexFunc(ms, func(m mediawatch.TermMatch) bool { return m.Field == FieldText }); i >= 0 {
		at = ms[i].Start
	} else if len(ms) > 0 {
		text, at = c.it.Title, ms[0].Start
	}
	return Snippet(text, at)
}

// Snippet returns about SnippetLen characters of text around byte offset
// at, cut on word boundaries, with white space collapsed and "…" where
// text was cut: plain text, never HTML.
func Snippet(text string, at int) string {
	at = max(0, min(at, len(text)))
	start := at
	for n := 0; start > 0 && n < snippetBefore; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
	}
	if r, _ := utf8.DecodeLastRuneInString(text[:start]); start > 0 && !unicode.IsSpace(r) { // not inside a word
		if i := strings.IndexFunc(text[start:at], unicode.IsSpace); i >= 0 {
			start += i
		} else {
			start = at
		}
	}
	end := start
	for n := 0; end < len(text) && n < SnippetLen; n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	if end < len(text) { // end before a space, not inside a word
		if i := strings.LastIndexFunc(text[at:end], unicode.IsSpace); i > 0 {
			end = at + i
		}
	}
	var b strings.Builder
	b.Grow(end - start + 2*len("…"))
	if start > 0 {
		b.WriteString("…")
	}
	space, wrote := false, false
	for _, r := range text[start:end] { // white space collapsed to one space
		if unicode.IsSpace(r) {
			space = wrote
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		wrote = true
	}
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}
