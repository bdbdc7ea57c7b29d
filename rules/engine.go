package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/textnorm"
)

// Engine matches items against a rule set: one hash look-up per word of the
// item finds the words, phrases and prefixes of every enabled rule, then
// only the rules whose units were seen have their boolean trees evaluated. It is immutable and safe for
// concurrent use; build a new one when the rules change.
type Engine struct {
	rules    []mediawatch.Rule // enabled, sorted by id
	compiled []compiledRule    // by rule index
	terms    []termDef         // by term id
	termIDs  map[termKey]int32 // while building
	always   []int32           // rules that can match without any term (metadata filters)
	look     *lookup           // nil when no rule has a text unit
	pool     sync.Pool         // *itemCtx

	patterns int // distinct patterns looked for

	// What verify reads of exact term t, in a few bytes a term rather than
	// its termDef: exact[exactAt[t]:exactAt[t+1]], a byte 1 for a prefix
	// (else 0) and then its text; empty for a folded term.
	exactAt []uint32
	exact   string

	// The rules term t can make candidates are trig[trigOff[t]:trigOff[t+1]]
	// (see trigger), one flat array read for every term an item has.
	trigOff   []int32
	trig      []trigger
	termTrigs [][]trigger // while building: by term
}

// termDef is one distinct text unit of all rules, in its compared form.
type termDef struct {
	words  []string // Token.Exact forms if exact, else Token.Folded forms
	text   string   // the words joined by one space
	exact  bool
	prefix bool
	n      int // len(words)
}

// termKey identifies a term: the same unit in two rules is one term.
type termKey struct {
	text          string
	exact, prefix bool
}

// compiledRule is one rule ready to evaluate.
type compiledRule struct {
	root           evaluator
	units          []unitRef
	langs, sources []string // compared forms; empty: all
}

// NewEngine compiles the enabled rules (the others take no part). Each must
// have an id, a valid severity and a query that parses and uses neither
// rule: nor severity:; ids must be distinct. A rule without a Version gets
// Version(r). Errors wrap mediawatch.ErrInvalid.
func NewEngine(rules []mediawatch.Rule) (*Engine, error) {
	e := &Engine{termIDs: map[termKey]int32{}}
	for _, r := range rules {
		if r.Enabled {
			e.rules = append(e.rules, r)
		}
	}
	slices.SortFunc(e.rules, func(a, b mediawatch.Rule) int { return strings.Compare(a.ID, b.ID) })
	for i := range e.rules {
		if err := e.add(i); err != nil {
			return nil, err
		}
	}
	// Each term makes at most two words keys (its first two).
	if 2*len(e.terms) > maxWordKeys {
		return nil, fmt.Errorf("%w: %d distinct words, phrases and prefixes; at most %d", mediawatch.ErrInvalid,
			len(e.terms), maxWordKeys/2)
	}
	e.build()
	e.pool.New = func() any { return newItemCtx(e) }
	return e, nil
}

// add checks and compiles rule i.
func (e *Engine) add(i int) error {
	r := &e.rules[i]
	switch {
	case r.ID == "":
		return fmt.Errorf("%w: a rule has no id", mediawatch.ErrInvalid)
	case i > 0 && e.rules[i-1].ID == r.ID:
		return fmt.Errorf("%w: duplicate rule id %q", mediawatch.ErrInvalid, r.ID)
	case !r.Severity.Valid():
		return fmt.Errorf("%w: rule %q: bad severity %q", mediawatch.ErrInvalid, r.ID, r.Severity)
	}
	n, issue := parseQuery(r.Query)
	if issue != nil {
		return fmt.Errorf("%w: rule %q: query: col %d: %s", mediawatch.ErrInvalid, r.ID, runeCol(r.Query, issue.pos), issue.msg)
	}
	if r.Version == "" {
		r.Version = Version(*r)
	}
	cp := &compiler{e: e}
	cr := compiledRule{root: cp.build(n, inBoth, false), langs: keywords(r.Languages), sources: keywords(r.Sources)}
	cr.units = cp.units
	e.compiled = append(e.compiled, cr)
	if !query.NeedsTerm(n) {
		e.always = append(e.always, int32(i))
		return nil
	}
	e.addTriggers(int32(i), cr.root, cp.units)
	return nil
}

// term returns the id of a text unit, adding it the first time.
func (e *Engine) term(ti query.TermInfo) int32 {
	k := termKey{text: ti.Text, exact: ti.Exact, prefix: ti.Prefix}
	if id, ok := e.termIDs[k]; ok {
		return id
	}
	id := int32(len(e.terms))
	words := strings.Split(ti.Text, " ")
	e.terms = append(e.terms, termDef{words: words, text: ti.Text, exact: ti.Exact, prefix: ti.Prefix, n: len(words)})
	e.termTrigs = append(e.termTrigs, nil)
	e.termIDs[k] = id
	return id
}

// build files the patterns. Each term is one pattern over the stream of
// folded words (textnorm.Stream): " w1 w2 " for a word or phrase, whose
// spaces make it whole words, " w" for a prefix. An exact term is looked
// for in its folded form and checked against the exact forms where found;
// the exact spellings of one folded form share its pattern.
func (e *Engine) build() {
	index := map[string]int{}
	var pats []string
	var prefix []bool
	var byPat [][]int32
	for id := range e.terms {
		t := &e.terms[id]
		p := patternOf(t)
		k, ok := index[p]
		if !ok {
			k = len(pats)
			index[p] = k
			pats = append(pats, p)
			prefix = append(prefix, t.prefix)
			byPat = append(byPat, nil)
		}
		ref := int32(id) << 1
		if t.exact {
			ref |= 1
		}
		byPat[k] = append(byPat[k], ref)
	}
	e.patterns = len(pats)
	var exact strings.Builder
	e.exactAt = make([]uint32, len(e.terms)+1)
	for id := range e.terms {
		if t := &e.terms[id]; t.exact {
			kind := byte(0)
			if t.prefix {
				kind = 1
			}
			exact.WriteByte(kind)
			exact.WriteString(t.text)
		}
		e.exactAt[id+1] = uint32(exact.Len())
	}
	e.exact = exact.String()
	e.trigOff = make([]int32, len(e.termTrigs)+1)
	for t, ts := range e.termTrigs {
		e.trig = append(e.trig, ts...)
		e.trigOff[t+1] = int32(len(e.trig))
	}
	e.termTrigs, e.termIDs = nil, nil // only needed while compiling
	if len(pats) > 0 {
		e.look = newLookup(pats, prefix, byPat)
	}
}

// Rules returns the rules that take part, sorted by id (a copy).
func (e *Engine) Rules() []mediawatch.Rule { return slices.Clone(e.rules) }

// Terms returns the number of distinct words, phrases and prefixes of the
// rules: with Patterns, the size of the engine.
func (e *Engine) Terms() int { return len(e.terms) }

// Patterns returns the number of distinct patterns looked for: exact
// spellings of one folded word, phrase or prefix share a pattern.
func (e *Engine) Patterns() int { return e.patterns }

// keywords returns values in the form metadata is compared in.
func keywords(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, keyword(v))
	}
	return out
}

// keyword is how sources and languages compare: NFC, trimmed, lower case.
func keyword(s string) string { return strings.ToLower(strings.TrimSpace(textnorm.Normalize(s))) }
