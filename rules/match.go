package rules

import (
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/textnorm"
)

// itemCtx is the per-item working memory of Match, reused through the
// engine's pool. Per-rule state is valid only where its stamp equals gen,
// and per-term state only where its slot is above base, so nothing is
// cleared between items.
type itemCtx struct {
	e         *Engine
	it        *mediawatch.Item
	st        textnorm.Stream
	textFirst int // index of the first word of the text (after the title's)
	gen       uint32

	// The terms seen in this item, in the order first seen, are seen; term
	// t is seen[slot[t]-base-1] if slot[t] > base, else not seen. base
	// grows past every slot of the last item at the next, so nothing is
	// cleared between items, and slot is four bytes a term: with 10,000
	// rules it stays in the cache, where a state per term did not.
	slot []uint32 // by term
	base uint32
	seen []termState
	occ  []occurrence

	rules   []ruleState // by rule
	cands   []int32
	matched []int32    // the candidates that match
	refs    []matchRef // their matches, rule after rule
	ends    []int      // where each rule's references end in refs

	posA, posB []int32 // NEAR scratch
	metaDoc    *query.Prepared
	snippets   []madeSnippet
}

// termState is what one item has of one term it has: the term, the
// fields it occurs in (mask), and its first and last occurrence in occ.
type termState struct {
	term       int32
	mask       uint8
	head, tail int32
}

// occurrence is one place a term was found: its first word in the stream.
type occurrence struct {
	word, next int32
}

func newItemCtx(e *Engine) any {
	return &itemCtx{e: e, slot: make([]uint32, len(e.terms)), rules: make([]ruleState, len(e.rules))}
}

// Match returns one flag per rule that matches the item, sorted by rule id,
// with every occurrence of the rule's positive words, phrases and prefixes
// and a snippet around the first (see the package documentation). Rules
// with Languages or Sources consider only items whose Lang or Source is
// listed, case-insensitively.
func (e *Engine) Match(it *mediawatch.Item) []mediawatch.Flag {
	if len(e.rules) == 0 {
		return nil
	}
	c := e.pool.Get().(*itemCtx)
	defer e.pool.Put(c)
	c.begin(it)
	c.scan()
	matched := c.matched[:0]
	for _, ri := range c.candidates() {
		cr := &e.compiled[ri]
		if c.admits(cr) && cr.root.eval(c) {
			matched = append(matched, ri)
		}
	}
	c.matched = matched
	flags := c.flags()
	c.it, c.metaDoc = nil, nil
	return flags
}

// begin prepares the context for item it.
func (c *itemCtx) begin(it *mediawatch.Item) {
	c.it, c.metaDoc = it, nil
	c.gen++
	if c.gen == 0 { // wrapped: stale stamps could look current
		clear(c.rules)
		c.gen = 1
	}
	c.base += uint32(len(c.seen))
	if uint64(c.base)+uint64(len(c.slot)) >= 1<<32 { // this item's slots could wrap
		clear(c.slot)
		c.base = 0
	}
	c.occ, c.seen, c.cands = c.occ[:0], c.seen[:0], c.cands[:0]
	clear(c.snippets) // no strings of the last item kept alive
	c.snippets = c.snippets[:0]
	c.st.Reset()
	c.st.Add(it.Title)
	c.textFirst = c.st.Len()
	c.st.Add(it.Text)
}

// verify checks exact term t against the exact forms of the words found
// in folded form at word w.
func (c *itemCtx) verify(t int32, w int) bool {
	e := c.e
	def := e.exact[e.exactAt[t]:e.exactAt[t+1]]
	if def[0] == 1 { // a prefix
		return c.st.ExactHasPrefix(w, def[1:])
	}
	rest := def[1:] // its words
	for {
		word := rest
		i := strings.IndexByte(rest, ' ')
		if i >= 0 {
			word, rest = rest[:i], rest[i+1:]
		}
		if !c.st.ExactIs(w, word) {
			return false
		}
		if i < 0 {
			return true
		}
		w++
	}
}

// record adds an occurrence of term t at word w. The scan visits words in
// order, so each term's occurrences arrive in text order.
func (c *itemCtx) record(t, w int32) {
	o := int32(len(c.occ))
	c.occ = append(c.occ, occurrence{word: w, next: -1})
	if k := c.slot[t] - c.base; k != 0 && k <= uint32(len(c.seen)) {
		ts := &c.seen[k-1]
		c.occ[ts.tail].next = o
		ts.mask |= c.fieldBit(w)
		ts.tail = o
		return
	}
	c.seen = append(c.seen, termState{term: t, mask: c.fieldBit(w), head: o, tail: o})
	c.slot[t] = c.base + uint32(len(c.seen))
}

// state returns what the item has of term t, or nil if it has not the
// term.
func (c *itemCtx) state(t int32) *termState {
	if k := c.slot[t] - c.base; k != 0 && k <= uint32(len(c.seen)) {
		return &c.seen[k-1]
	}
	return nil
}

// fieldBit is inTitle or inText for word w.
func (c *itemCtx) fieldBit(w int32) uint8 {
	if int(w) < c.textFirst {
		return inTitle
	}
	return inText
}

// fieldsOf returns the fields term t occurs in, in this item.
func (c *itemCtx) fieldsOf(t int32) uint8 {
	if ts := c.state(t); ts != nil {
		return ts.mask
	}
	return 0
}

// starts returns the ascending word positions of term t in field f, using
// buf as storage.
func (c *itemCtx) starts(t int32, f uint8, buf *[]int32) []int32 {
	out := (*buf)[:0]
	if ts := c.state(t); ts != nil {
		for o := ts.head; o >= 0; o = c.occ[o].next {
			if w := c.occ[o].word; c.fieldBit(w) == f {
				out = append(out, w)
			}
		}
	}
	*buf = out
	return out
}

// admits applies a rule's languages and sources to the item.
func (c *itemCtx) admits(cr *compiledRule) bool {
	return (len(cr.langs) == 0 || slices.Contains(cr.langs, keyword(c.it.Lang))) &&
		(len(cr.sources) == 0 || slices.Contains(cr.sources, keyword(c.it.Source)))
}

// meta returns the item's metadata prepared for query's filters, once.
func (c *itemCtx) meta() *query.Prepared {
	if c.metaDoc == nil {
		c.metaDoc = query.Prepare(query.Doc{Source: c.it.Source, Lang: c.it.Lang, URL: c.it.URL,
			Author: query.AuthorText(c.it), Platform: string(c.it.Platform)})
	}
	return c.metaDoc
}
