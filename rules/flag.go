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

// flags builds the flags of the matching rules (c.matched). Their matches
// are listed as references with integer keys first, sorted and made
// unique, and then made into one array of TermMatch that the flags share,
// each flag's capped at its own: two allocations an item, not one or two
// a flag, and no sorting of strings.
func (c *itemCtx) flags() []mediawatch.Flag {
	if len(c.matched) == 0 {
		return nil
	}
	c.refs, c.ends = c.refs[:0], c.ends[:0]
	for _, ri := range c.matched {
		c.refs = c.appendRefs(c.refs, &c.e.compiled[ri])
		c.ends = append(c.ends, len(c.refs))
	}
	ms := make([]mediawatch.TermMatch, len(c.refs))
	for i, r := range c.refs {
		field, text := FieldText, c.it.Text
		if r.title {
			field, text = FieldTitle, c.it.Title
		}
		ms[i] = mediawatch.TermMatch{Term: r.label, Field: field, Start: int(r.start), End: int(r.end),
			Text: text[r.start:r.end]}
	}
	flags := make([]mediawatch.Flag, len(c.matched))
	from := 0
	for i, ri := range c.matched {
		r, own := &c.e.rules[ri], ms[from:c.ends[i]:c.ends[i]]
		flags[i] = mediawatch.Flag{RuleID: r.ID, RuleVersion: r.Version, Severity: r.Severity, Matches: own,
			Snippet: c.snippet(own)}
		from = c.ends[i]
	}
	return flags
}

// matchRef is one match of a flag before it is a TermMatch: the term's
// label, its field and its byte offsets in that field's text.
type matchRef struct {
	label      string
	start, end int32
	title      bool
}

// compare orders matches title first, then by offsets and label.
func (a *matchRef) compare(b *matchRef) int {
	if a.title != b.title {
		if a.title {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), strings.Compare(a.label, b.label))
}

// appendRefs appends every occurrence of the rule's positive units in the
// fields each may match in, title first, in text order, each once.
func (c *itemCtx) appendRefs(out []matchRef, cr *compiledRule) []matchRef {
	from := len(out)
	for _, u := range cr.units {
		ts := c.state(u.term)
		if ts == nil || ts.mask&u.fields == 0 {
			continue
		}
		n := int32(c.e.terms[u.term].n)
		for o := ts.head; o >= 0; o = c.occ[o].next {
			w := c.occ[o].word
			f := c.fieldBit(w)
			if f&u.fields == 0 {
				continue
			}
			out = append(out, matchRef{label: u.label, start: c.st.Word(int(w)).Start,
				end: c.st.Word(int(w + n - 1)).End, title: f == inTitle})
		}
	}
	rs := out[from:]
	slices.SortFunc(rs, func(a, b matchRef) int { return a.compare(&b) })
	return out[:from+len(slices.Compact(rs))]
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
	text, field := c.it.Text, 1 // begin adds the title as the stream's field 0, the text as field 1
	if key.title {
		text, field = c.it.Title, 0
	}
	var s string
	if c.st.KnownNFC(field) {
		s = snippetNFC(text, key.at)
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
