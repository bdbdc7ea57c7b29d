package rules

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"mediawatch/query"
)

// queryIssue is why a rule's query is refused, at byte pos of its text.
type queryIssue struct {
	pos int
	msg string
}

// parseQuery parses a rule's query and refuses the search-only filters
// rule: and severity:, which would make a rule depend on other rules'
// flags.
func parseQuery(q string) (query.Node, *queryIssue) {
	n, err := query.Parse(q)
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			return nil, &queryIssue{pos: qe.Pos, msg: qe.Msg}
		}
		return nil, &queryIssue{msg: err.Error()}
	}
	if name := searchOnly(n); name != "" {
		return nil, &queryIssue{pos: filterPos(q, name),
			msg: name + ": filters searches by the flags rules raised; a rule cannot use it"}
	}
	return n, nil
}

// query checks the query of a rule in a file, pointing into the file.
func (p *fileParser) query(v *yaml.Node) {
	if _, issue := parseQuery(v.Value); issue != nil {
		line, col := sourcePos(p.lines, v, issue.pos)
		p.problems = append(p.problems, Problem{File: p.file, Line: line, Col: col, Msg: "query: " + issue.msg})
	}
}

// searchOnly returns the name of the first rule: or severity: filter in n.
func searchOnly(n query.Node) string {
	switch x := n.(type) {
	case *query.And:
		return firstSearchOnly(x.Nodes)
	case *query.Or:
		return firstSearchOnly(x.Nodes)
	case *query.Not:
		return searchOnly(x.Node)
	case *query.Field:
		return searchOnly(x.Node)
	case *query.Filter:
		if x.Name == query.FieldRule || x.Name == query.FieldSeverity {
			return x.Name
		}
	}
	return ""
}

func firstSearchOnly(nodes []query.Node) string {
	for _, c := range nodes {
		if s := searchOnly(c); s != "" {
			return s
		}
	}
	return ""
}

// filterPos finds where the filter name: is written in q: at the start of
// a chunk (after space, a parenthesis, a quote or "-"), outside quotes,
// in any case. It returns 0 if it cannot tell.
func filterPos(q, name string) int {
	inQuote := false
	prev := ' '
	for i, r := range q {
		if r == '"' || r == '“' || r == '”' {
			inQuote = !inQuote
		}
		atChunk := unicode.IsSpace(prev) || prev == '(' || prev == ')' || prev == '-' || prev == '"' || prev == '“' || prev == '”'
		if !inQuote && atChunk && len(q)-i > len(name) && strings.EqualFold(q[i:i+len(name)], name) && q[i+len(name)] == ':' {
			return i
		}
		prev = r
	}
	return 0
}

// Field bits of an evaluator: in which fields a text unit may match.
const (
	inTitle uint8 = 1 << iota
	inText
	inBoth = inTitle | inText
)

// evaluator is one compiled node of a rule's query, evaluated against the
// occurrences the scan found in one item.
type evaluator interface {
	eval(c *itemCtx) bool
}

// compiler turns a query AST into evaluators over the engine's terms.
type compiler struct {
	e     *Engine
	units []unitRef // positive text units, for the flag's matches
}

// unitRef is a positive text unit of a rule: its term, the fields it may
// match in, and how the rule wrote it.
type unitRef struct {
	term   int32
	fields uint8
	label  string
}

// build compiles n; fields are where its text units may match and neg
// whether n is under a negation (its units are then not reported).
func (cp *compiler) build(n query.Node, fields uint8, neg bool) evaluator {
	switch x := n.(type) {
	case *query.And:
		return andEval(cp.buildAll(x.Nodes, fields, neg))
	case *query.Or:
		return orEval(cp.buildAll(x.Nodes, fields, neg))
	case *query.Not:
		return notEval{cp.build(x.Node, fields, true)}
	case *query.Field:
		if x.Name == query.FieldAuthor { // names are metadata here, like source:
			return newFilterEval(x)
		}
		f := inText
		if x.Name == query.FieldTitle {
			f = inTitle
		}
		return cp.build(x.Node, f, neg)
	case *query.Filter:
		return newFilterEval(x)
	case *query.Near:
		a, b := cp.unit(x.A, fields, neg), cp.unit(x.B, fields, neg)
		return nearEval{a: a, b: b, alen: int32(cp.e.terms[a.term].n), blen: int32(cp.e.terms[b.term].n),
			dist: int32(x.Dist), ordered: x.Ordered}
	}
	return cp.unit(n, fields, neg)
}

func (cp *compiler) buildAll(nodes []query.Node, fields uint8, neg bool) []evaluator {
	out := make([]evaluator, len(nodes))
	for i, c := range nodes {
		out[i] = cp.build(c, fields, neg)
	}
	return out
}

// unit compiles a word, phrase or prefix to a lookup of its term.
func (cp *compiler) unit(n query.Node, fields uint8, neg bool) unitEval {
	ti := query.Terms(n)[0] // a parsed unit always has its one term
	u := unitEval{term: cp.e.term(ti), fields: fields}
	if !neg {
		cp.units = append(cp.units, unitRef{term: u.term, fields: fields, label: label(n)})
	}
	return u
}

// label is a unit as the rule wrote it (normalised): a word, the words of
// a phrase, or a prefix with its star.
func label(n query.Node) string {
	switch x := n.(type) {
	case *query.Term:
		return x.Text
	case *query.Phrase:
		return strings.Join(x.Words, " ")
	case *query.Prefix:
		return x.Text + "*"
	}
	return n.String()
}

type andEval []evaluator

func (a andEval) eval(c *itemCtx) bool {
	for _, e := range a {
		if !e.eval(c) {
			return false
		}
	}
	return true
}

type orEval []evaluator

func (o orEval) eval(c *itemCtx) bool {
	for _, e := range o {
		if e.eval(c) {
			return true
		}
	}
	return false
}

type notEval struct{ e evaluator }

func (n notEval) eval(c *itemCtx) bool { return !n.e.eval(c) }

// unitEval is a word, phrase or prefix: does its term occur in fields?
type unitEval struct {
	term   int32
	fields uint8
}

func (u unitEval) eval(c *itemCtx) bool { return c.fieldsOf(u.term)&u.fields != 0 }

// nearEval is NEAR/ONEAR, with query's definition of distance: the words
// strictly between the end of one occurrence and the start of the other,
// within one field.
type nearEval struct {
	a, b       unitEval
	alen, blen int32
	dist       int32
	ordered    bool
}

func (n nearEval) eval(c *itemCtx) bool {
	for _, f := range [2]uint8{inTitle, inText} {
		if n.a.fields&f == 0 || c.fieldsOf(n.a.term)&f == 0 || c.fieldsOf(n.b.term)&f == 0 {
			continue
		}
		as, bs := c.starts(n.a.term, f, &c.posA), c.starts(n.b.term, f, &c.posB)
		if within(as, n.alen, bs, n.dist) || !n.ordered && within(bs, n.blen, as, n.dist) {
			return true
		}
	}
	return false
}

// within reports whether some occurrence in bs starts after the end of
// some occurrence of length la in as, with at most dist words between.
// Both lists are ascending word positions.
func within(as []int32, la int32, bs []int32, dist int32) bool {
	j := 0
	for _, a := range as {
		lo := a + la
		for j < len(bs) && bs[j] < lo {
			j++
		}
		if j == len(bs) {
			return false
		}
		if bs[j]-lo <= dist {
			return true
		}
	}
	return false
}

// filterEval is source:, lang:, url:, platform: or author:, evaluated by
// query itself on the item's metadata so that the two never differ.
type filterEval struct{ m *query.Matcher }

func newFilterEval(f query.Node) filterEval {
	m, err := query.Compile(f)
	if err != nil { // a parsed filter always compiles
		panic(fmt.Sprintf("rules: compile filter %s: %v", f, err))
	}
	return filterEval{m: m}
}

func (f filterEval) eval(c *itemCtx) bool { return f.m.MatchPrepared(c.meta()) }

// runeCol is the 1-based rune column of byte i of s.
func runeCol(s string, i int) int { return utf8.RuneCountInString(s[:i]) + 1 }
