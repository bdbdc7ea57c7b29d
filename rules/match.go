package rules

import (
	"slices"
	"strings"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/textnorm"
)

// itemCtx is the per-item working memory of Match, reused through the
// engine's pool. Per-term and per-rule state is valid only where its stamp
// equals gen, so nothing is cleared between items.
type itemCtx struct {
	e         *Engine
	it        *mediawatch.Item
	st        textnorm.Stream
	textFirst int // index of the first word of the text (after the title's)
	gen       uint32

	terms   []termState // by term
	occ     []occurrence
	touched []int32 // terms seen in this item

	rules []ruleState // by rule
	cands []int32

	posA, posB []int32 // NEAR scratch
	metaDoc    *query.Prepared
	snippets   []madeSnippet
}

// termState is what one item has of one term, in one cache-friendly
// struct: valid if stamp is the item's gen; mask holds the fields it
// occurs in, and head and tail its first and last occurrence in occ.
type termState struct {
	stamp      uint32
	mask       uint8
	head, tail int32
}

// occurrence is one place a term was found: its first word in the stream.
type occurrence struct {
	word, next int32
}

func newItemCtx(e *Engine) any {
	return &itemCtx{e: e, terms: make([]termState, len(e.terms)), rules: make([]ruleState, len(e.rules))}
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
	var flags []mediawatch.Flag
	cands := c.candidates()
	for i, ri := range cands {
		cr := &e.compiled[ri]
		if c.admits(cr) && cr.root.eval(c) {
			if flags == nil {
				flags = make([]mediawatch.Flag, 0, len(cands)-i)
			}
			flags = append(flags, c.flag(int(ri)))
		}
	}
	c.it, c.metaDoc = nil, nil
	return flags
}

// begin prepares the context for item it.
func (c *itemCtx) begin(it *mediawatch.Item) {
	c.it, c.metaDoc = it, nil
	c.gen++
	if c.gen == 0 { // wrapped: stale stamps could look current
		clear(c.terms)
		clear(c.rules)
		c.gen = 1
	}
	c.occ, c.touched, c.cands = c.occ[:0], c.touched[:0], c.cands[:0]
	clear(c.snippets) // no strings of the last item kept alive
	c.snippets = c.snippets[:0]
	c.st.Reset()
	c.st.Add(it.Title)
	c.textFirst = c.st.Len()
	c.st.Add(it.Text)
}

// verify checks an exact term against the exact forms of the words found
// in folded form at word w (a folded term needs no check).
func (c *itemCtx) verify(t *termDef, w int) bool {
	if t.prefix {
		return c.st.ExactHasPrefix(w, t.text)
	}
	rest := t.text // its words, read from one string: fewer cache lines than t.words
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
	ts := &c.terms[t]
	o := int32(len(c.occ))
	c.occ = append(c.occ, occurrence{word: w, next: -1})
	if ts.stamp != c.gen {
		*ts = termState{stamp: c.gen, head: o}
		c.touched = append(c.touched, t)
	} else {
		c.occ[ts.tail].next = o
	}
	ts.mask |= c.fieldBit(w)
	ts.tail = o
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
	if ts := &c.terms[t]; ts.stamp == c.gen {
		return ts.mask
	}
	return 0
}

// starts returns the ascending word positions of term t in field f, using
// buf as storage.
func (c *itemCtx) starts(t int32, f uint8, buf *[]int32) []int32 {
	out := (*buf)[:0]
	if c.terms[t].stamp == c.gen {
		for o := c.terms[t].head; o >= 0; o = c.occ[o].next {
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
		c.metaDoc = query.Prepare(query.Doc{Source: c.it.Source, Lang: c.it.Lang, URL: c.it.URL})
	}
	return c.metaDoc
}
