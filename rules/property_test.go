package rules_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/query"
	"mediawatch/rules"
	"mediawatch/textnorm"
)

// TestAgreesWithQueryAndIndex is the property of the search issue
// extended to rules: random rules built from the corpus's own words —
// words, phrases, prefixes, NEAR and ONEAR, NOT, title: and text:, the
// filters source:, lang: and url:, with and without diacritics, some with
// languages and sources — all in one engine, flag exactly the items that
// query's in-memory matcher accepts and that the search index finds.
func TestAgreesWithQueryAndIndex(t *testing.T) {
	items := loadCorpus(t)
	g := newGen(items, rand.New(rand.NewPCG(11, uint64(len(items)))))
	rs, nodes := g.rules(500)
	e, err := rules.NewEngine(rs)
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string][]int64{}
	for i := range items {
		it := &items[i]
		for _, f := range e.Match(it) {
			flagged[f.RuleID] = append(flagged[f.RuleID], it.ID)
			checkMatches(t, f, it, nodes[f.RuleID])
		}
	}
	x, err := index.Open(t.TempDir(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Put(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for _, r := range rs {
		got, want, found := flagged[r.ID], matcherIDs(t, r, nodes[r.ID], items), searchIDs(t, x, r, nodes[r.ID])
		if len(want) > 0 {
			nonEmpty++
		}
		if !slices.Equal(got, want) || !slices.Equal(found, want) {
			t.Errorf("%s %q (languages %v, sources %v):\n engine  %v\n matcher %v\n index   %v",
				r.ID, r.Query, r.Languages, r.Sources, got, want, found)
		}
	}
	t.Logf("%d rules (%d terms) over %d items; %d rules match something", len(rs), e.Terms(), len(items), nonEmpty)
	if nonEmpty < len(rs)/4 {
		t.Fatalf("only %d of %d rules match anything: the generator is too weak", nonEmpty, len(rs))
	}
}

// matcherIDs returns the items query's matcher accepts for r, after the
// rule's languages and sources.
func matcherIDs(t *testing.T, r mediawatch.Rule, n query.Node, items []mediawatch.Item) []int64 {
	m, err := query.Compile(n)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, it := range items {
		if admits(r.Languages, it.Lang) && admits(r.Sources, it.Source) &&
			m.Match(query.Doc{Title: it.Title, Text: it.Text, Source: it.Source, Lang: it.Lang, URL: it.URL}) {
			out = append(out, it.ID)
		}
	}
	return out
}

// admits is a rule's languages or sources list, case-insensitive.
func admits(list []string, v string) bool {
	return len(list) == 0 || slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) })
}

// searchIDs returns what the index finds for r, sorted.
func searchIDs(t *testing.T, x *index.Index, r mediawatch.Rule, n query.Node) []int64 {
	res, err := x.Search(context.Background(), n, index.Request{Size: 1000, Sources: r.Sources, Langs: r.Languages})
	if err != nil {
		t.Fatalf("%s: %v", r.Query, err)
	}
	var out []int64
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

// checkMatches holds a flag's matches to what they claim: each is a
// substring of its field at its offsets that the unit matches, and — for
// text already normalised — together they cover exactly query.Highlights.
func checkMatches(t *testing.T, f mediawatch.Flag, it *mediawatch.Item, n query.Node) {
	t.Helper()
	spans := map[string][]query.Span{}
	for _, m := range f.Matches {
		text := it.Text
		if m.Field == rules.FieldTitle {
			text = it.Title
		}
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || text[m.Start:m.End] != m.Text {
			t.Fatalf("%s on item %d: match %+v is not the text at its offsets", f.RuleID, it.ID, m)
		}
		if unit := query.MustParse(unitQuery(m.Term)); !matches(unit, m.Text) {
			t.Fatalf("%s on item %d: match %+v: %q does not match its unit", f.RuleID, it.ID, m, m.Text)
		}
		spans[m.Field] = append(spans[m.Field], query.Span{Start: m.Start, End: m.End})
	}
	if f.RuleVersion == "" || f.Severity == "" {
		t.Fatalf("%s: flag without version or severity", f.RuleID)
	}
	for field, text := range map[string]string{rules.FieldTitle: it.Title, rules.FieldText: it.Text} {
		if textnorm.Normalize(text) != text {
			continue
		}
		if got, want := merged(spans[field]), query.Highlights(n, field, text); !slices.Equal(got, want) {
			t.Fatalf("%s on item %d %s: matches %v, Highlights %v", f.RuleID, it.ID, field, got, want)
		}
	}
}

// unitQuery turns a match's Term back into a query of that one unit.
func unitQuery(term string) string {
	if strings.HasSuffix(term, "*") {
		return term
	}
	return `"` + term + `"`
}

// matches reports whether the text of a match is an occurrence of unit.
func matches(unit query.Node, text string) bool {
	m, err := query.Compile(unit)
	return err == nil && m.Match(query.Doc{Text: text})
}

// merged sorts spans and joins those that overlap or touch, as Highlights.
func merged(spans []query.Span) []query.Span {
	slices.SortFunc(spans, func(a, b query.Span) int { return a.Start - b.Start })
	var out []query.Span
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// gen builds random rules from a corpus.
type gen struct {
	r      *rand.Rand
	fields [][]string // the words of each title and text, as written (NFC)
	items  []mediawatch.Item
}

func newGen(items []mediawatch.Item, r *rand.Rand) *gen {
	g := &gen{r: r, items: items}
	for _, it := range items {
		for _, s := range []string{it.Title, it.Text} {
			n := textnorm.Normalize(s)
			var ws []string
			for _, tk := range textnorm.Tokens(s) {
				ws = append(ws, n[tk.Start:tk.End])
			}
			if len(ws) > 0 {
				g.fields = append(g.fields, ws)
			}
		}
	}
	return g
}

// rules returns n valid rules and their parsed queries by id.
func (g *gen) rules(n int) ([]mediawatch.Rule, map[string]query.Node) {
	var rs []mediawatch.Rule
	nodes := map[string]query.Node{}
	for i := 0; len(rs) < n && i < 20*n; i++ {
		q := g.query(0)
		node, err := query.Parse(q)
		if err != nil {
			continue // e.g. no positive term
		}
		r := mediawatch.Rule{ID: fmt.Sprintf("r%04d", len(rs)), Name: mediawatch.Names{VI: "r", EN: "r"}, Query: q,
			Severity: mediawatch.SeverityLow, Enabled: true}
		it := g.items[g.r.IntN(len(g.items))]
		switch g.r.IntN(10) {
		case 0:
			r.Languages = []string{strings.ToUpper(it.Lang)}
		case 1:
			r.Sources = []string{it.Source, "elsewhere"}
		}
		rs = append(rs, r)
		nodes[r.ID] = node
	}
	return rs, nodes
}

// form returns w as written, folded, upper-cased or lower-cased.
func (g *gen) form(w string) string {
	switch g.r.IntN(5) {
	case 0, 1:
		return textnorm.Fold(w)
	case 2:
		return strings.ToUpper(w)
	}
	return strings.ToLower(w)
}

// words returns 1…max consecutive words of a random field, or, sometimes,
// words from different fields (phrases that rarely match).
func (g *gen) words(max int) []string {
	f := g.fields[g.r.IntN(len(g.fields))]
	n := 1 + g.r.IntN(max)
	if g.r.IntN(8) == 0 {
		out := make([]string, n)
		for i := range out {
			ff := g.fields[g.r.IntN(len(g.fields))]
			out[i] = ff[g.r.IntN(len(ff))]
		}
		return out
	}
	start := g.r.IntN(len(f))
	return f[start:min(len(f), start+n)]
}

// unit is a word or a quoted phrase in one spelling as a whole.
func (g *gen) unit(max int) string {
	ws := g.words(max)
	s := g.form(strings.Join(ws, " "))
	switch s {
	case "AND", "OR", "NOT", "NEAR", "ONEAR":
		return `"` + s + `"`
	}
	if len(ws) == 1 && g.r.IntN(3) > 0 {
		return s
	}
	return `"` + s + `"`
}

// prefix is the first 2–4 letters of a word, and a star.
func (g *gen) prefix() string {
	w := g.form(g.words(1)[0])
	n := 2 + g.r.IntN(3)
	if utf8.RuneCountInString(w) < n {
		return w + "*"
	}
	return string([]rune(w)[:n]) + "*"
}

// leaf is one text unit, a NEAR, or a metadata filter.
func (g *gen) leaf() string {
	switch g.r.IntN(11) {
	case 0, 1, 2:
		return g.unit(1)
	case 3, 4:
		return g.unit(4)
	case 5:
		return g.prefix()
	case 6, 7:
		op := []string{"NEAR", "ONEAR"}[g.r.IntN(2)]
		return fmt.Sprintf("%s %s/%d %s", g.unit(2), op, 1+g.r.IntN(6), g.unit(2))
	case 8, 9:
		it := g.items[g.r.IntN(len(g.items))]
		return []string{"source:" + it.Source, "lang:" + it.Lang}[g.r.IntN(2)]
	}
	it := g.items[g.r.IntN(len(g.items))]
	host, rest := query.URLForms(it.URL)
	if g.r.IntN(2) == 0 {
		if i := strings.IndexByte(host, '.'); i >= 0 && g.r.IntN(2) == 0 {
			host = host[i+1:]
		}
		return "url:" + host
	}
	return "url:" + rest[:min(len(rest), len(host)+1+g.r.IntN(8))]
}

// query is a random boolean combination, at most three levels deep.
func (g *gen) query(depth int) string {
	if depth >= 3 || g.r.IntN(3) == 0 {
		s := g.leaf()
		if g.r.IntN(6) == 0 && !strings.Contains(s, ":") {
			s = []string{"title:", "text:"}[g.r.IntN(2)] + "(" + s + ")"
		}
		return s
	}
	parts := make([]string, 2+g.r.IntN(2))
	for i := range parts {
		parts[i] = g.query(depth + 1)
		if g.r.IntN(4) == 0 {
			parts[i] = "-(" + parts[i] + ")"
		}
	}
	return "(" + strings.Join(parts, []string{" ", " AND ", " OR "}[g.r.IntN(3)]) + ")"
}
