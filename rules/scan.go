package rules

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"strings"

	"mediawatch/textnorm"
)

// maxPrefixKey is the most bytes of a prefix used as its key: a word is
// looked up once per distinct key length, and the rest of each prefix
// filed under the key is compared byte by byte.
const maxPrefixKey = 4

// lookup finds the patterns of a rule set in a word stream hashing each
// word once, whatever the number of rules. Every term is one pattern over
// textnorm.Stream's bytes: " w1 w2 " for a word or a phrase (its spaces
// make it whole words) and " w" for a prefix. A pattern occurs at a word
// when the stream, from the space before that word, starts with the
// pattern's bytes — the definition an Aho-Corasick automaton over the same
// patterns and stream would apply.
//
// A word is filed under itself in the word table; a phrase under its first
// two words, by their ids in the word table (a pair of ids is a key of the
// pair table, looked up only where a word that phrases start with is
// followed, in its field, by a word that phrases have second); a prefix
// under its first bytes (at most maxPrefixKey), which the word must start
// with. The rest of each pattern is compared in the stream.
type lookup struct {
	words    *wordTable
	pairs    *keyTable // nil if no phrase
	prefixes *keyTable // nil if no prefix
	keyLens  []int     // distinct byte lengths of the prefix keys, ascending
	pats     []lookupPat
	rest     []byte  // the patterns' bytes after their keys
	refs     []int32 // the terms of patterns that have several
}

// lookupPat is one pattern, filed under its key. The patterns of a key are
// a group: consecutive in lookup.pats, the last one marked, and known by
// the index of the first.
type lookupPat struct {
	off   uint32 // the pattern's bytes after its key: rest[off:off+n]
	ref   int32  // its term, id<<1 | 1 if exact; with several, the first's index in refs
	nrefs uint32 // how many terms share it (exact spellings of one folded form)
	n     uint32
	last  bool
}

// lookupBuilder gathers the keys of a lookup and the patterns filed under
// each.
type lookupBuilder struct {
	l        *lookup
	words    map[string]*wordKey
	order    []string // word keys in the order first seen
	pairs    map[[2]string][]int
	prefixes map[string][]int
	pats     []string
	refs     [][]int32
}

// newLookup files patterns (each " " followed by folded words) by key;
// prefix[k] tells whether pattern k is a prefix, refs[k] are its terms.
// Patterns are distinct.
func newLookup(pats []string, prefix []bool, refs [][]int32) *lookup {
	b := &lookupBuilder{l: &lookup{}, words: map[string]*wordKey{},
		pairs: map[[2]string][]int{}, prefixes: map[string][]int{}, pats: pats, refs: refs}
	wordPats := map[string][]int{}
	for k, p := range pats {
		body := p[1:]
		i := strings.IndexByte(body, ' ')
		if i < 0 { // a prefix of one word
			n := min(len(body), maxPrefixKey)
			b.prefixes[body[:n]] = append(b.prefixes[body[:n]], k)
			continue
		}
		j := strings.IndexByte(body[i+1:], ' ')
		if j < 0 { // a word (rest " "), or a prefix of two words (never written)
			b.word(body[:i], 0)
			wordPats[body[:i]] = append(wordPats[body[:i]], k)
			continue
		}
		j += i + 1
		b.word(body[:i], wordFirst)
		b.word(body[i+1:j], wordSecond)
		key := [2]string{body[:i], body[i+1 : j]}
		b.pairs[key] = append(b.pairs[key], k)
	}
	for w, ks := range wordPats {
		b.words[w].group = b.group(ks, len(w)+1)
	}
	for _, w := range b.order { // a word key answers for its prefixes too
		for n := 1; n <= min(len(w), maxPrefixKey); n++ {
			if _, ok := b.prefixes[w[:n]]; ok {
				b.words[w].flags |= wordPrefix
			}
		}
	}
	b.build()
	return b.l
}

// word notes a word key with flags.
func (b *lookupBuilder) word(w string, flags uint32) {
	k, ok := b.words[w]
	if !ok {
		k = &wordKey{text: w, group: noGroup}
		b.words[w] = k
		b.order = append(b.order, w)
	}
	k.flags |= flags
}

// group files patterns ks, whose first skip bytes are their key, as a new
// group, and returns it. A rest of one space is left out: the stream has a
// space after every word. A group of one pattern with nothing after its
// key and one term — most groups — is that term's ref as -2 - ref, which
// the scan records without reading the patterns.
func (b *lookupBuilder) group(ks []int, skip int) int32 {
	l := b.l
	if len(ks) == 1 && len(b.refs[ks[0]]) == 1 {
		if rest := b.pats[ks[0]][skip:]; rest == "" || rest == " " {
			return -2 - b.refs[ks[0]][0]
		}
	}
	g := int32(len(l.pats))
	for _, k := range ks {
		rest := b.pats[k][skip:]
		if rest == " " {
			rest = ""
		}
		refs := b.refs[k]
		p := lookupPat{off: uint32(len(l.rest)), n: uint32(len(rest)), ref: refs[0], nrefs: uint32(len(refs))}
		if len(refs) > 1 {
			p.ref = int32(len(l.refs))
			l.refs = append(l.refs, refs...)
		}
		l.rest = append(l.rest, rest...)
		l.pats = append(l.pats, p)
	}
	l.pats[len(l.pats)-1].last = true
	return g
}

// build makes the tables: the words first, whose ids key the pairs.
func (b *lookupBuilder) build() {
	l := b.l
	keys := make([]wordKey, len(b.order))
	for i, w := range b.order {
		keys[i] = *b.words[w]
	}
	l.words = newWordTable(keys)
	ids := map[string]int32{}
	for _, w := range b.order {
		ids[w] = l.words.find([]byte(w)).id()
	}
	pairs := slices.SortedFunc(maps.Keys(b.pairs), func(x, y [2]string) int {
		return cmp.Or(strings.Compare(x[0], y[0]), strings.Compare(x[1], y[1]))
	})
	var ks []uint64
	var gs []int32
	for _, key := range pairs {
		first, second := ids[key[0]], ids[key[1]]
		g := b.group(b.pairs[key], len(key[0])+len(key[1])+2)
		h := &l.words.heads[first-1]
		if k := slices.Index(h.second[:], 0); k >= 0 {
			h.second[k], h.group[k] = second, g
			continue
		}
		h.next |= nextBit(second)
		ks, gs = append(ks, pairKey(first, second)), append(gs, g)
	}
	if len(ks) > 0 {
		l.pairs = newKeyTable(ks, gs)
	}
	if len(b.prefixes) > 0 {
		var ks []uint64
		var gs []int32
		for key, pats := range b.prefixes {
			ks = append(ks, prefixKey(head([]byte(key)), len(key)))
			gs = append(gs, b.group(pats, len(key)+1))
			if !slices.Contains(l.keyLens, len(key)) {
				l.keyLens = append(l.keyLens, len(key))
			}
		}
		l.prefixes = newKeyTable(ks, gs)
		slices.Sort(l.keyLens)
	}
}

// scan looks every word of the stream up once in the word table — and,
// where it can end a phrase's first two words, its pair with the word
// before in the pair table, and its first bytes once per prefix key
// length — and records every verified occurrence of every term. Words are
// visited in order, so each term's occurrences arrive in text order (a
// phrase's when the word after its first is visited).
func (c *itemCtx) scan() {
	l := c.e.look
	if l == nil {
		return
	}
	buf, n := c.st.Bytes(), c.st.Len()
	var prev int32 // id of word w-1 if phrases start with it and word w follows it in its field
	for w := range n {
		at := int(c.st.Word(w).At) + 1 // the folded word's first byte
		end, joined := c.wordEnd(w, at)
		word := buf[at:end]
		m := l.words.find(word)
		id, flags := m.id(), m.flags()
		if flags&wordSecond != 0 && prev != 0 {
			h, g := &l.words.heads[prev-1], int32(noGroup)
			switch {
			case h.second[0] == id:
				g = h.group[0]
			case h.second[1] == id:
				g = h.group[1]
			case h.next&nextBit(id) != 0:
				g = l.pairs.find(pairKey(prev, id))
			}
			if g != noGroup {
				c.hits(g, w-1, buf[end:])
			}
		}
		if g := l.words.group(m); g != noGroup {
			c.hits(g, w, buf[end:])
		}
		prev = 0
		if flags&wordFirst != 0 && joined {
			prev = id
		}
		if id != 0 && flags&wordPrefix == 0 {
			continue // a word key that starts with no prefix key
		}
		for _, k := range l.keyLens {
			if k > len(word) {
				break
			}
			if g := l.prefixes.find(prefixKey(head(word[:k]), k)); g != noGroup {
				c.hits(g, w, buf[at+k:])
			}
		}
	}
}

// wordEnd returns the end in Bytes of the folded form of word w, which
// starts at at — the space before the next word when that word is in the
// same field, else the first space after at — and whether the next word
// is in the same field.
func (c *itemCtx) wordEnd(w, at int) (int, bool) {
	buf := c.st.Bytes()
	if w+1 < c.st.Len() {
		if next := int(c.st.Word(w + 1).At); buf[next-1] != '\n' {
			return next, true
		}
	}
	return at + bytes.IndexByte(buf[at:], ' '), false
}

// hits checks the patterns of group g against the stream after their key,
// at word w, and records the terms of those that occur.
func (c *itemCtx) hits(g int32, w int, after []byte) {
	if g < 0 { // one term, nothing to compare
		c.hit(-2-g, w)
		return
	}
	l := c.e.look
	for i := g; ; i++ {
		p := &l.pats[i]
		if p.n == 0 || bytes.HasPrefix(after, l.rest[p.off:p.off+p.n]) {
			if p.nrefs == 1 {
				c.hit(p.ref, w)
			} else {
				for _, ref := range l.refs[p.ref : p.ref+int32(p.nrefs)] {
					c.hit(ref, w)
				}
			}
		}
		if p.last {
			return
		}
	}
}

// hit records term ref>>1 at word w, if it is folded (ref&1 == 0) or its
// exact forms are there.
func (c *itemCtx) hit(ref int32, w int) {
	if t := ref >> 1; ref&1 == 0 || c.verify(t, w) {
		c.record(t, int32(w))
	}
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
