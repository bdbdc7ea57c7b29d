package index

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/textnorm"
)

// Ranking boosts (issue point 5): a title hit above a text hit, and for a
// unit typed without diacritics, a word spelled exactly so (the unmarked
// term) above one that matches only folded.
const (
	boostTitle = 3.0
	boostSame  = 1.5
)

// textField is one searchable text: its mw_uni field and its pair field.
type textField struct {
	words, pairs string
	boost        float64
}

var (
	titleField  = textField{fTitle, fTitlePair, boostTitle}
	bodyField   = textField{fText, fTextPair, 1}
	authorField = textField{fAuthor, "", 1} // names are short: no pair field, phrases are spans
	bothFields  = []textField{titleField, bodyField}
)

// compiler compiles queries for an index with the pair terms of pairs.
type compiler struct {
	pairs  *pairSet
	tables *posCache // handed to every span query; nil: none
}

// compile turns a query AST into a bleve query that matches exactly the
// documents query.Compile(n).Match accepts (the property test holds it to
// that). n must have passed query.Compile.
func (c compiler) compile(n query.Node) (bq.Query, error) {
	return c.compileIn(n, bothFields)
}

// compileIn compiles n with its text units restricted to fields.
func (c compiler) compileIn(n query.Node, fields []textField) (bq.Query, error) {
	switch x := n.(type) {
	case *query.And:
		return c.compileAnd(x.Nodes, fields)
	case *query.Or:
		subs, err := c.compileAll(x.Nodes, fields)
		if err != nil {
			return nil, err
		}
		return bleve.NewDisjunctionQuery(subs...), nil
	case *query.Not:
		return c.compileAnd([]query.Node{x}, fields)
	case *query.Field:
		switch x.Name {
		case query.FieldTitle:
			return c.compileIn(x.Node, []textField{titleField})
		case query.FieldAuthor:
			return c.compileIn(x.Node, []textField{authorField})
		}
		return c.compileIn(x.Node, []textField{bodyField})
	case *query.Filter:
		return compileFilter(x), nil
	case *query.Term, *query.Phrase, *query.Prefix:
		return eachField(fields, func(f textField) (bq.Query, error) { return c.unitQuery(n, f) })
	case *query.Near:
		return eachField(fields, func(f textField) (bq.Query, error) { return c.nearQuery(x, f) })
	}
	return nil, fmt.Errorf("%w: index: unknown query node %T", mediawatch.ErrInvalid, n)
}

// compileAll compiles each of nodes.
func (c compiler) compileAll(nodes []query.Node, fields []textField) ([]bq.Query, error) {
	out := make([]bq.Query, 0, len(nodes))
	for _, sub := range nodes {
		q, err := c.compileIn(sub, fields)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// compileAnd compiles a conjunction: its negations become the must-not
// clause of one boolean query over the positive part, or over every
// document when there is no positive part (a NOT inside an OR).
func (c compiler) compileAnd(nodes []query.Node, fields []textField) (bq.Query, error) {
	var pos, neg []query.Node
	for _, sub := range nodes {
		if nt, ok := sub.(*query.Not); ok {
			neg = append(neg, nt.Node)
		} else {
			pos = append(pos, sub)
		}
	}
	must, err := c.compileAll(pos, fields)
	if err != nil {
		return nil, err
	}
	if len(neg) == 0 {
		if len(must) == 1 {
			return must[0], nil
		}
		return bleve.NewConjunctionQuery(must...), nil
	}
	not, err := c.compileAll(neg, fields)
	if err != nil {
		return nil, err
	}
	b := bleve.NewBooleanQuery()
	if len(must) == 0 {
		must = []bq.Query{bleve.NewMatchAllQuery()}
	}
	b.AddMust(must...)
	b.AddMustNot(not...)
	return b, nil
}

// eachField ORs a text condition over the fields it may match in.
func eachField(fields []textField, f func(textField) (bq.Query, error)) (bq.Query, error) {
	if len(fields) == 1 {
		return f(fields[0])
	}
	subs := make([]bq.Query, 0, len(fields))
	for _, fl := range fields {
		q, err := f(fl)
		if err != nil {
			return nil, err
		}
		subs = append(subs, q)
	}
	return bleve.NewDisjunctionQuery(subs...), nil
}

// words returns a word, phrase or prefix in its compared form, as query's
// matcher compares it (textnorm.CompileTerm).
func words(n query.Node) ([]string, bool, error) {
	ws, exact, _, err := wordsOf(n)
	return ws, exact, err
}

// wordsOf is words, and the unit's text as written.
func wordsOf(n query.Node) ([]string, bool, string, error) {
	var src string
	switch x := n.(type) {
	case *query.Term:
		src = x.Text
	case *query.Phrase:
		src = strings.Join(x.Words, " ")
	case *query.Prefix:
		src = x.Text
	}
	t, err := textnorm.CompileTerm(src)
	if err != nil {
		return nil, false, "", fmt.Errorf("%w: index: %v", mediawatch.ErrInvalid, err)
	}
	return t.Words(), t.Exact(), src, nil
}

// unitQuery finds a word, a phrase or a prefix in one text field: a word
// is one (or, folded, two) term lookups, a two-word phrase of a listed
// pair one lookup of its pair term (or, folded, of its spellings), any
// other phrase a span over its words — for two frequent words, read only
// in the documents that hold their gate term.
func (c compiler) unitQuery(n query.Node, f textField) (bq.Query, error) {
	ws, exact, src, err := wordsOf(n)
	if err != nil {
		return nil, err
	}
	if _, ok := n.(*query.Prefix); ok {
		return termsQuery(alternatives(ws[0], exact), f.words, f.boost, true), nil
	}
	if len(ws) == 1 {
		return termsQuery(alternatives(ws[0], exact), f.words, f.boost, false), nil
	}
	if f.pairs == "" {
		return &spanQuery{field: f.words, slots: slotsOf(ws, exact), boost: f.boost, tables: c.tables}, nil
	}
	if p, ok := c.pairs.lookup(src, ws, exact); ok {
		return &pairQuery{field: f.pairs, pair: p, boost: f.boost}, nil
	}
	q := &spanQuery{field: f.words, slots: slotsOf(ws, exact), boost: f.boost, tables: c.tables}
	q.filter(f, c.pairs.adjacent(src, ws, exact))
	return q, nil
}

// nearQuery finds A NEAR/n B (or ONEAR) within one text field; a phrase
// on either side brings the pair terms of its adjacent words as filters.
func (c compiler) nearQuery(n *query.Near, f textField) (bq.Query, error) {
	a, aExact, aSrc, err := wordsOf(n.A)
	if err != nil {
		return nil, err
	}
	b, bExact, bSrc, err := wordsOf(n.B)
	if err != nil {
		return nil, err
	}
	q := &spanQuery{
		field:  f.words,
		slots:  append(slotsOf(a, aExact), slotsOf(b, bExact)...),
		near:   &nearSpec{la: len(a), dist: n.Dist, ordered: n.Ordered},
		boost:  f.boost,
		tables: c.tables,
	}
	q.filter(f, c.pairs.adjacent(aSrc, a, aExact))
	q.filter(f, c.pairs.adjacent(bSrc, b, bExact))
	return q, nil
}

// filter adds the pair lookups ls (pairSet.adjacent), in f's pair field,
// to the necessary conditions of q; a field without pairs has none.
func (q *spanQuery) filter(f textField, ls []pairLookup) {
	if f.pairs == "" {
		return
	}
	q.filterField = f.pairs
	for _, l := range ls {
		if !slices.Contains(q.filters, l) {
			q.filters = append(q.filters, l)
		}
	}
}

// slotsOf returns the alternative terms of each word.
func slotsOf(ws []string, exact bool) [][]string {
	out := make([][]string, len(ws))
	for i, w := range ws {
		out[i] = alternatives(w, exact)
	}
	return out
}

// termsQuery looks up the alternatives of one word or prefix; the
// first (the spelling as typed) is boosted above the marked folded one.
func termsQuery(alts []string, field string, boost float64, prefix bool) bq.Query {
	one := func(t string, b float64) bq.Query {
		if prefix {
			q := bleve.NewPrefixQuery(t)
			q.SetField(field)
			q.SetBoost(b)
			return q
		}
		q := bleve.NewTermQuery(t)
		q.SetField(field)
		q.SetBoost(b)
		return q
	}
	if len(alts) == 1 {
		return one(alts[0], boost)
	}
	return bleve.NewDisjunctionQuery(one(alts[0], boost*boostSame), one(alts[1], boost))
}

// compileFilter turns a metadata filter into a keyword lookup, in the
// form query.Filter.Key compares.
func compileFilter(f *query.Filter) bq.Query {
	return &filterQuery{keywordQuery(f)}
}

// keywordQuery is the keyword term (or URL prefix) query of a filter.
func keywordQuery(f *query.Filter) bq.Query {
	key := f.Key()
	field := fSource
	switch f.Name {
	case query.FieldLang:
		field = fLang
	case query.FieldRule:
		field = fRule
	case query.FieldSeverity:
		field = fSeverity
	case query.FieldPlatform:
		field = fPlatform
	case query.FieldURL:
		if strings.Contains(key, "/") {
			q := bleve.NewPrefixQuery(key)
			q.SetField(fURLRest)
			return q
		}
		field = fHost
	}
	q := bleve.NewTermQuery(key)
	q.SetField(field)
	return q
}
