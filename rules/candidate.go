package rules

import "slices"

// maxClauses is the most clauses of a rule that candidate selection
// tracks: one bit each. A rule with more is tracked on its first
// maxClauses, still a condition every match meets.
const maxClauses = 32

// trigger is what one term does for one rule when an item has the term:
// it satisfies the rule's clauses in bits. The rule becomes a candidate,
// and has its boolean tree evaluated, once every clause in all is
// satisfied; a rule with no clause (all 0) on the first of its terms.
type trigger struct {
	rule      int32
	bits, all uint32
}

// ruleState is what one item has of one rule: valid if stamp is the
// item's gen; seen holds the clauses satisfied so far.
type ruleState struct {
	stamp, seen uint32
}

// addTriggers files the triggers of rule ri, whose tree is root and whose
// positive units are units. A rule's clauses are sets of terms of which
// every item it matches has one: a unit is a clause of itself, NEAR two,
// AND the clauses of its operands, OR one made of a clause of each of its
// operands (none if an operand has none), NOT and metadata filters none.
// A rule with no clause has one of its positive units in every item it
// matches (query.NeedsTerm), so each of those is its trigger.
func (e *Engine) addTriggers(ri int32, root evaluator, units []unitRef) {
	cls := clauses(root)
	if len(cls) > maxClauses {
		cls = cls[:maxClauses]
	}
	bits := map[int32]uint32{}
	var terms []int32 // in the order first seen, for a reproducible layout
	note := func(t int32, b uint32) {
		if _, ok := bits[t]; !ok {
			terms = append(terms, t)
		}
		bits[t] |= b
	}
	for k, cl := range cls {
		for _, t := range cl {
			note(t, 1<<k)
		}
	}
	if len(cls) == 0 {
		for _, u := range units {
			note(u.term, 0)
		}
	}
	all := uint32(uint64(1)<<len(cls) - 1)
	for _, t := range terms {
		e.termTrigs[t] = append(e.termTrigs[t], trigger{rule: ri, bits: bits[t], all: all})
	}
}

// clauses returns the clauses of an evaluator (see addTriggers).
func clauses(ev evaluator) [][]int32 {
	switch x := ev.(type) {
	case unitEval:
		return [][]int32{{x.term}}
	case nearEval:
		return [][]int32{{x.a.term}, {x.b.term}}
	case andEval:
		var out [][]int32
		for _, c := range x {
			out = append(out, clauses(c)...)
		}
		return out
	case orEval:
		var cl []int32
		for _, c := range x {
			cs := clauses(c)
			if len(cs) == 0 {
				return nil
			}
			cl = append(cl, cs[0]...)
		}
		return [][]int32{cl}
	}
	return nil // notEval, filterEval
}

// candidates returns, in rule order, the rules whose clauses the item's
// terms all satisfy, and the rules that need no term.
func (c *itemCtx) candidates() []int32 {
	e := c.e
	for i := range c.seen {
		t := c.seen[i].term
		for _, tr := range e.trig[e.trigOff[t]:e.trigOff[t+1]] {
			rs := &c.rules[tr.rule]
			first := rs.stamp != c.gen
			if first {
				*rs = ruleState{stamp: c.gen}
			}
			// A candidate when its last clause is seen, or when first seen
			// if it has none.
			if old := rs.seen; old|tr.bits == tr.all && (first || old != tr.all) {
				c.cands = append(c.cands, tr.rule)
			}
			rs.seen |= tr.bits
		}
	}
	c.cands = append(c.cands, e.always...)
	slices.Sort(c.cands)
	return c.cands
}
