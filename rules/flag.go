package rules

import (
	"cmp"
	"slices"
	"strings"

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
	text := c.it.Text
	if key.title {
		text = c.it.Title
	}
	s := Snippet(text, key.at)
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

// Snippet returns about SnippetLen characters of text around byte offset
// at, cut on word boundaries, with white space collapsed and "…" where
// text was cut: plain text, never HTML. Invalid UTF-8 becomes U+FFFD.
func Snippet(text string, at int) string {
	at = max(0, min(at, len(text)))
	start, end, from, plain := snippetSpan(text, at)
	if plain { // the span as it is: no white space to collapse, nothing invalid
		s := text[from:end]
		if start > 0 {
			s = "…" + s
		}
		if end < len(text) {
			s += "…"
		}
		return s
	}
	var b strings.Builder
	b.Grow(end - start + 2*len("…"))
	if start > 0 {
		b.WriteString("…")
	}
	// text[run:i] is written as it is when a character that is not (white
	// space, then the space kept of it, or invalid UTF-8) ends it.
	space, wrote, run := false, false, start
	for i := start; i < end; {
		switch c := text[i]; { // most characters: neither white space nor invalid
		case c < utf8.RuneSelf && !asciiSpace[c]:
			i++
			continue
		case c >= 0xC3 && c < 0xE0 && i+1 < end && text[i+1]&0xC0 == 0x80: // U+00C0 to U+07FF
			i += 2
			continue
		case c == 0xE1 && i+2 < end && text[i+1]&0xFE == 0xBA && text[i+2]&0xC0 == 0x80: // U+1E80 to U+1EFF
			i += 3
			continue
		}
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = decodeRune(text[:end], i)
		}
		single := r == ' ' && i > run && i+1 < end && !isSpaceAt(text[:end], i+1)
		if !single && (isSpace(r) || r == utf8.RuneError && size == 1) {
			if run < i {
				if space {
					b.WriteByte(' ')
				}
				b.WriteString(text[run:i])
				space, wrote = false, true
			}
			if isSpace(r) {
				space = wrote
			} else {
				if space {
					b.WriteByte(' ')
					space = false
				}
				b.WriteRune(r)
				wrote = true
			}
			run = i + size
		}
		i += size
	}
	if run < end {
		if space {
			b.WriteByte(' ')
		}
		b.WriteString(text[run:end])
	}
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// asciiSpace holds the ASCII characters unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isSpace is unicode.IsSpace: the White_Space characters.
func isSpace(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == ' ' || r >= '\t' && r <= '\r'
	case r < 0x1680:
		return r == 0x85 || r == 0xA0
	}
	return r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000
}

// isSpaceAt reports whether the character at byte i of s is white space.
func isSpaceAt(s string, i int) bool {
	if s[i] < utf8.RuneSelf {
		return isSpace(rune(s[i]))
	}
	r, _ := decodeRune(s, i)
	return isSpace(r)
}

// decodeRune is utf8.DecodeRuneInString(s[i:]), with the two-byte and the
// three-byte forms (Vietnamese letters) inline.
func decodeRune(s string, i int) (rune, int) {
	if i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		c := s[i]
		switch {
		case c >= 0xC2 && c < 0xE0:
			return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
		case c >= 0xE1 && c < 0xF0 && c != 0xED && i+2 < len(s) && s[i+2]&0xC0 == 0x80:
			return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// lastRuneSize is the size utf8.DecodeLastRuneInString(s) returns, with
// the two-byte and three-byte forms inline.
func lastRuneSize(s string) int {
	n := len(s)
	switch {
	case s[n-1] < utf8.RuneSelf:
		return 1
	case s[n-1]&0xC0 != 0x80:
	case n >= 2 && s[n-2] >= 0xC2 && s[n-2] < 0xE0:
		return 2
	case n >= 3 && s[n-2]&0xC0 == 0x80 && s[n-3] >= 0xE1 && s[n-3] < 0xF0 && s[n-3] != 0xED:
		return 3
	}
	_, size := utf8.DecodeLastRuneInString(s)
	return size
}

// snippetSpan returns the bytes of text a snippet around at shows: from up
// to snippetBefore characters before at, not inside a word, to about
// SnippetLen characters on, before a space. The scan that finds the end
// also tells whether text[from:end] is the snippet as it is (plain): from
// is start, or start+1 past a leading space, and the span is valid UTF-8
// whose only white space is single spaces between other characters.
func snippetSpan(text string, at int) (start, end, from int, plain bool) {
	start = at
	for n := 0; start > 0 && n < snippetBefore; n++ {
		start -= lastRuneSize(text[:start])
	}
	if start > 0 && !isSpaceAt(text, start-lastRuneSize(text[:start])) { // not inside a word
		if i := strings.IndexFunc(text[start:at], isSpace); i >= 0 {
			start += i
		} else {
			start = at
		}
	}
	from = start
	if start < len(text) && text[start] == ' ' {
		from++
	}
	// odd is the first byte from which the span is not plain; lastSpace
	// the last white space after at.
	odd, lastSpace, invalid, prevSpace := len(text), -1, false, false
	end = start
	for n := 0; end < len(text) && n < SnippetLen; n++ {
		c := text[end]
		switch {
		case c < utf8.RuneSelf:
			space := asciiSpace[c]
			if space {
				if end > at {
					lastSpace = end
				}
				if prevSpace { // a space and then more white space
					odd = min(odd, end-1)
				}
				if c != ' ' {
					odd = min(odd, end)
				}
			}
			prevSpace = space
			end++
			continue
		case c >= 0xC3 && c < 0xE0 && end+1 < len(text) && text[end+1]&0xC0 == 0x80: // U+00C0 to U+07FF
			end += 2
		case c == 0xE1 && end+2 < len(text) && text[end+1]&0xFE == 0xBA && text[end+2]&0xC0 == 0x80: // U+1E80 to U+1EFF
			end += 3
		default:
			r, size := decodeRune(text, end)
			if r == utf8.RuneError && size == 1 {
				invalid = true
			}
			if isSpace(r) {
				if end > at {
					lastSpace = end
				}
				if prevSpace {
					odd = min(odd, end-1)
				}
				odd = min(odd, end)
			}
			end += size
		}
		prevSpace = false
	}
	if end < len(text) { // end before a space, not inside a word
		if invalid { // backwards, invalid UTF-8 may decode otherwise
			if i := strings.LastIndexFunc(text[at:end], isSpace); i > 0 {
				end = at + i
			}
		} else if lastSpace >= 0 {
			end = lastSpace
		}
	}
	plain = !invalid && odd >= end && from <= end && (from == end || text[end-1] != ' ')
	return start, end, from, plain
}
