package rules

import (
	"bytes"
	"slices"
	"strings"

	"mediawatch/textnorm"
)

// maxPrefixKey is the most bytes of a prefix used as its hash key: a word
// is looked up once per distinct key length, and the rest of each prefix
// filed under the key is compared byte by byte.
const maxPrefixKey = 4

// lookup finds the patterns of a rule set in a word stream with a few hash
// look-ups per word, whatever the number of rules. Every term is one
// pattern over textnorm.Stream's bytes: " w1 w2 " for a word or a phrase
// (its spaces make it whole words) and " w" for a prefix. A pattern occurs
// at a word when the stream, from the space before that word, starts with
// the pattern's bytes — the definition an Aho-Corasick automaton over the
// same patterns and stream would apply. A word is filed under itself; a
// phrase under its first two words ("w1 w2", as the stream holds them),
// and its first word notes that phrases start with it, so that only those
// words pay a second look-up; a prefix under its first bytes (at most
// maxPrefixKey), which the word must start with. The rest of each pattern
// is compared in the stream.
type lookup struct {
	tab      *table
	keyLens  []int   // distinct byte lengths of the prefix keys, ascending
	groupOff []int32 // the patterns of group g are pats[groupOff[g]:groupOff[g+1]]
	pats     []lookupPat
}

// lookupPat is one pattern, filed under its key.
type lookupPat struct {
	rest string // the pattern's bytes after its leading space and key
	id   int32  // pattern number: its terms are Engine.patRefs[patOff[id]:patOff[id+1]]
}

// groupKey is where patterns are filed: a key's bytes and kind.
type groupKey struct {
	text string
	kind uint8
}

// newLookup files patterns (each " " followed by folded words) by key;
// prefix[k] tells whether pattern k is a prefix. Patterns are distinct.
func newLookup(pats []string, prefix []bool) *lookup {
	groups := map[groupKey][]lookupPat{}
	lens := map[int]bool{}
	first := map[string]bool{} // first words of phrases
	add := func(key string, kind uint8, rest string, k int) {
		tk := groupKey{text: key, kind: kind}
		groups[tk] = append(groups[tk], lookupPat{rest: rest, id: int32(k)})
	}
	for k, p := range pats {
		body := p[1:]
		i := strings.IndexByte(body, ' ')
		if i < 0 { // a prefix of one word
			n := min(len(body), maxPrefixKey)
			add(body[:n], kindPrefix, body[n:], k)
			lens[n] = true
			continue
		}
		j := strings.IndexByte(body[i+1:], ' ')
		if j < 0 { // a word (rest " "), or a prefix of two words (never written)
			add(body[:i], kindWord, body[i:], k)
			continue
		}
		j += i + 1
		add(body[:j], kindBigram, body[j:], k)
		first[body[:i]] = true
	}
	for w := range first {
		if _, ok := groups[groupKey{text: w, kind: kindWord}]; !ok {
			groups[groupKey{text: w, kind: kindWord}] = nil
		}
	}
	l := &lookup{groupOff: []int32{0}}
	var keys []tableKey
	for tk, ps := range groups {
		g := int32(-1)
		if len(ps) > 0 {
			g = int32(len(l.groupOff) - 1)
			l.pats = append(l.pats, ps...)
			l.groupOff = append(l.groupOff, int32(len(l.pats)))
		}
		keys = append(keys, tableKey{text: tk.text, kind: tk.kind, group: g, phrases: tk.kind == kindWord && first[tk.text]})
	}
	l.tab = newTable(keys)
	for n := range lens {
		l.keyLens = append(l.keyLens, n)
	}
	slices.Sort(l.keyLens)
	return l
}

// scan looks every word of the stream up once (again for the two words
// from it when phrases start with it, and once per prefix key length) and
// records every verified occurrence of every term. Words are visited in
// order, so each term's occurrences arrive in text order.
func (c *itemCtx) scan() {
	l := c.e.look
	if l == nil {
		return
	}
	buf, n := c.st.Bytes(), c.st.Len()
	for w := range n {
		at := int(c.st.Word(w).At) + 1 // the folded word's first byte
		end := c.wordEnd(w, at)
		word := buf[at:end]
		if e, ok := l.tab.find(word, kindWord); ok {
			if e.group >= 0 {
				c.hits(e.group, w, buf[end:])
			}
			if e.phrases() {
				c.phrases(w, at, end)
			}
		}
		for _, k := range l.keyLens {
			if k > len(word) {
				break
			}
			if e, ok := l.tab.find(word[:k], kindPrefix); ok {
				c.hits(e.group, w, buf[at+k:])
			}
		}
	}
}

// wordEnd returns the end in Bytes of the folded form of word w, which
// starts at at: the space before the next word when that word is in the
// same field, else the first space after at.
func (c *itemCtx) wordEnd(w, at int) int {
	buf := c.st.Bytes()
	if w+1 < c.st.Len() {
		if next := int(c.st.Word(w + 1).At); buf[next-1] != '\n' {
			return next
		}
	}
	return at + bytes.IndexByte(buf[at:], ' ')
}

// phrases looks up the two words from word w, whose folded form is
// Bytes()[at:end], among the phrases' first two words. A phrase never
// crosses fields: the next word must follow in the same field.
func (c *itemCtx) phrases(w, at, end int) {
	if w+1 >= c.st.Len() || int(c.st.Word(w+1).At) != end {
		return
	}
	buf := c.st.Bytes()
	end2 := c.wordEnd(w+1, end+1)
	if e, ok := c.e.look.tab.find(buf[at:end2], kindBigram); ok {
		c.hits(e.group, w, buf[end2:])
	}
}

// hits checks the patterns of group g against the stream after their key,
// at word w, and records the terms of those that occur.
func (c *itemCtx) hits(g int32, w int, after []byte) {
	e, l := c.e, c.e.look
	for _, p := range l.pats[l.groupOff[g]:l.groupOff[g+1]] {
		if !hasPrefix(after, p.rest) {
			continue
		}
		for _, ref := range e.patRefs[e.patOff[p.id]:e.patOff[p.id+1]] {
			if t := ref >> 1; ref&1 == 0 || c.verify(&e.terms[t], w) {
				c.record(t, int32(w))
			}
		}
	}
}

// hasPrefix reports whether b starts with s, without converting either.
func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}

// patternOf is term t's pattern over the stream: " folded words " for a
// word or phrase, " folded" for a prefix.
func patternOf(t *termDef) string {
	p := " " + textnorm.Fold(strings.Join(t.words, " "))
	if !t.prefix {
		p += " "
	}
	return p
}
