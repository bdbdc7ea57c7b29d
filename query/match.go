package query

import (
	"slices"

	"mediawatch/textnorm"
)

// Matcher evaluates a parsed query against documents. It is immutable and
// safe for concurrent use.
type Matcher struct {
	root evaluator
}

// evaluator is one compiled node.
type evaluator interface {
	eval(p *Prepared) bool
}

// fieldSet says in which text fields a text unit may match.
type fieldSet uint8

const (
	setTitle  fieldSet = 1 << inTitle
	setText   fieldSet = 1 << inText
	setAuthor fieldSet = 1 << inAuthor
	setBoth            = setTitle | setText
)

// Compile checks n as Parse would (shape, limits, a positive term) and
// builds a Matcher for it. ASTs from Parse always compile.
func Compile(n Node) (*Matcher, error) {
	if err := validate(n, scope{}, 0); err != nil {
		return nil, err
	}
	if !positive(n) {
		return nil, invalid("a query needs at least one positive term")
	}
	return &Matcher{root: build(n, setBoth)}, nil
}

// Match reports whether d matches. To test one document against many
// queries, Prepare it once and use MatchPrepared.
func (m *Matcher) Match(d Doc) bool { return m.MatchPrepared(Prepare(d)) }

// MatchPrepared reports whether the prepared document matches.
func (m *Matcher) MatchPrepared(p *Prepared) bool { return m.root.eval(p) }

// build compiles a validated node whose text units may match in fields.
func build(n Node, fields fieldSet) evaluator {
	switch x := n.(type) {
	case *And:
		return andEval(buildAll(x.Nodes, fields))
	case *Or:
		return orEval(buildAll(x.Nodes, fields))
	case *Not:
		return notEval{build(x.Node, fields)}
	case *Field:
		return build(x.Node, fieldSetOf(x.Name))
	case *Filter:
		return newFilterEval(x)
	case *Near:
		return nearEval{a: unit(x.A, fields), b: unit(x.B, fields), dist: int32(x.Dist), ordered: x.Ordered}
	}
	return unit(n, fields)
}

// buildAll compiles each of nodes.
func buildAll(nodes []Node, fields fieldSet) []evaluator {
	out := make([]evaluator, len(nodes))
	for i, c := range nodes {
		out[i] = build(c, fields)
	}
	return out
}

// fieldSetOf maps FieldTitle, FieldText or FieldAuthor to its set.
func fieldSetOf(name string) fieldSet {
	switch name {
	case FieldTitle:
		return setTitle
	case FieldAuthor:
		return setAuthor
	}
	return setText
}

// unit compiles a validated Term, Phrase or Prefix.
func unit(n Node, fields fieldSet) textEval {
	t, _ := compileText(n) // validated
	return textEval{words: t.Words(), exact: t.Exact(), prefix: isPrefix(n), fields: fields}
}

type andEval []evaluator

func (a andEval) eval(p *Prepared) bool {
	for _, e := range a {
		if !e.eval(p) {
			return false
		}
	}
	return true
}

type orEval []evaluator

func (o orEval) eval(p *Prepared) bool {
	for _, e := range o {
		if e.eval(p) {
			return true
		}
	}
	return false
}

type notEval struct{ e evaluator }

func (n notEval) eval(p *Prepared) bool { return !n.e.eval(p) }

// textEval is a compiled word, phrase or prefix: words in the compared
// form, as textnorm.Term.Words gives them.
type textEval struct {
	words  []string
	exact  bool
	prefix bool
	fields fieldSet
}

func (t textEval) eval(p *Prepared) bool {
	for f := range p.fields {
		if t.fields&(1<<f) == 0 {
			continue
		}
		if t.prefix && t.postings(&p.fields[f]).hasPrefix(t.words[0]) ||
			!t.prefix && len(t.starts(&p.fields[f])) > 0 {
			return true
		}
	}
	return false
}

// postings returns the postings of fi in the form t compares.
func (t textEval) postings(fi *fieldIndex) *postings {
	if t.exact {
		return &fi.exact
	}
	return &fi.folded
}

// starts returns the ascending positions at which the words of t occur
// consecutively in fi: the answer of textnorm.Term.MatchTokens.
func (t textEval) starts(fi *fieldIndex) []int32 {
	first := t.postings(fi).lookup(t.words[0])
	if len(t.words) == 1 || len(first) == 0 {
		return first
	}
	var out []int32
	for _, s := range first {
		if t.followedAt(fi.toks, int(s)) {
			out = append(out, s)
		}
	}
	return out
}

// followedAt reports whether words 1… of t follow the word at position s.
func (t textEval) followedAt(toks []textnorm.Token, s int) bool {
	if s+len(t.words) > len(toks) {
		return false
	}
	for j, w := range t.words[1:] {
		tok := &toks[s+1+j]
		if t.exact && tok.Exact != w || !t.exact && tok.Folded != w {
			return false
		}
	}
	return true
}

// nearEval is a compiled NEAR or ONEAR (see the package doc for distance).
type nearEval struct {
	a, b    textEval
	dist    int32
	ordered bool
}

func (n nearEval) eval(p *Prepared) bool {
	for f := range p.fields {
		if n.a.fields&(1<<f) == 0 {
			continue
		}
		as := n.a.starts(&p.fields[f])
		if len(as) == 0 {
			continue
		}
		bs := n.b.starts(&p.fields[f])
		if within(as, int32(len(n.a.words)), bs, n.dist) ||
			!n.ordered && within(bs, int32(len(n.b.words)), as, n.dist) {
			return true
		}
	}
	return false
}

// within reports whether some occurrence in bs starts after the end of
// some occurrence of length la in as, with at most dist words between.
func within(as []int32, la int32, bs []int32, dist int32) bool {
	for _, a := range as {
		lo := a + la // the first position after this occurrence
		i, _ := slices.BinarySearch(bs, lo)
		if i < len(bs) && bs[i]-lo <= dist {
			return true
		}
	}
	return false
}

// filterEval is a compiled metadata condition (source:, lang:, url:,
// platform:, rule:, severity:).
type filterEval struct {
	name, value string
}

// newFilterEval normalises the value once, as Prepare does the document's.
func newFilterEval(f *Filter) filterEval {
	return filterEval{name: f.Name, value: f.Key()}
}

func (f filterEval) eval(p *Prepared) bool {
	switch f.name {
	case FieldSource:
		return p.source == f.value
	case FieldLang:
		return p.lang == f.value
	case FieldRule:
		return slices.Contains(p.rules, f.value)
	case FieldSeverity:
		return p.severity == f.value
	case FieldPlatform:
		return p.platform == f.value
	}
	return urlMatch(f.value, p.host, p.url)
}
