package rules

import (
	"cmp"
	"slices"
	"strings"

	"mediawatch"
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
	count := 0 // to allocate once
	for _, u := range cr.units {
		if ts := c.state(u.term); ts != nil && ts.mask&u.fields != 0 {
			for o := ts.head; o >= 0; o = c.occ[o].next {
				if c.fieldBit(c.occ[o].word)&u.fields != 0 {
					count++
				}
			}
		}
	}
	out := make([]mediawatch.TermMatch, 0, count)
	for _, u := range cr.units {
		ts := c.state(u.term)
		if ts == nil || ts.mask&u.fields == 0 {
			continue
		}
		n := int32(c.e.terms[u.term].n)
		for o := ts.head; o >= 0; o = c.occ[o].next {
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
// a rule that matched on metadata alone. Flags of one item often start at
// the same place (rules sharing a phrase): their snippets are made once.
func (c *itemCtx) snippet(ms []mediawatch.TermMatch) string {
	key := snippetKey{at: 0}
	if i := slices.IndexFunc(ms, func(m mediawatch.TermMatch) bool { return m.Field == FieldText }); i >= 0 {
		key.at = ms[i].Start
	} else if len(ms) > 0 {
		key = snippetKey{title: true, at: ms[0].Start}
	}
	for _, s := range c.snippets {
		if s.key == key {
			return s.text
		}
	}
	text, field := c.it.Text, 1 // the fields begin added them
	if key.title {
		text, field = c.it.Title, 0
	}
	var s string
	if c.st.KnownNFC(field) {
		s = snippetValid(text, key.at)
	} else {
		s = Snippet(text, key.at)
	}
	c.snippets = append(c.snippets, madeSnippet{key: key, text: s})
	return s
}

// snippetKey is where a snippet of the item is made: a byte offset into
// its text or its title.
type snippetKey struct {
	title bool
	at    int
}

// madeSnippet is a snippet already made for the item.
type madeSnippet struct {
	key  snippetKey
	text string
}
