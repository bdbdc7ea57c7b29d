package index

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/textnorm"
)

// TestAgreesWithMatcher is the property of issue point 3: random queries
// built from the corpus's own words — words, phrases, prefixes, NEAR and
// ONEAR, NOT, fields, filters, author: and platform:, with and without
// diacritics — find exactly
// the documents query's in-memory matcher accepts.
//
// The third index lists every adjacent pair of the corpus as a pair term,
// so that its two-word phrases are found through pair terms (pairs.go)
// and not positionally; the fourth holds pair terms for every two of the
// corpus's 40 most frequent words only, so that a phrase is found either
// way.
func TestAgreesWithMatcher(t *testing.T) {
	for _, opts := range []Options{{}, {OneShard: true}, {pairs: corpusPairs(t)}, {pairs: corpusWords(t, 40)}} {
		x, items := openCorpus(t, opts)
		g := newGen(items, rand.New(rand.NewPCG(3, uint64(len(items)))))
		checked, nonEmpty := 0, 0
		for i := 0; checked < 600 && i < 5000; i++ {
			q := g.query(0)
			n, err := query.Parse(q)
			if err != nil {
				continue // e.g. no positive term
			}
			checked++
			want := matcherIDs(t, q, items)
			if len(want) > 0 {
				nonEmpty++
			}
			res, err := x.Search(context.Background(), n, Request{Size: 1000})
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if got = sorted(got); !slices.Equal(got, want) {
				t.Errorf("%s (parsed %s, one shard %v): index %v, matcher %v", q, n, opts.OneShard, got, want)
			}
			if checked%5 == 0 {
				checkNewestAndFacets(t, x, q, items, want)
			}
		}
		t.Logf("one shard %v, pairs %s, words %s: %d queries, %d with matches", opts.OneShard, x.pairs.name, x.pairs.wordsName, checked, nonEmpty)
		if checked < 600 || nonEmpty < checked/4 {
			t.Fatalf("only %d valid queries", checked)
		}
	}
}

// corpusPairs is a pair list of every adjacent pair of folded words in
// the corpus's titles and texts.
func corpusPairs(t testing.TB) *pairSet {
	var pairs []string
	for _, it := range loadCorpus(t) {
		for _, s := range []string{it.Title, it.Text} {
			toks := textnorm.Tokens(s)
			for i := 1; i < len(toks); i++ {
				pairs = append(pairs, toks[i-1].Folded+pairSpace+toks[i].Folded)
			}
		}
	}
	return newPairSet("corpus", pairs, "none", nil)
}

// corpusWords is a word list of the n folded words in the most documents
// of the corpus, and no listed pairs: the corpus's phrases of two of them
// are found through the pair terms of frequent words.
func corpusWords(t testing.TB, n int) *pairSet {
	df := map[string]int{}
	for _, it := range loadCorpus(t) {
		seen := map[string]bool{}
		for _, tok := range textnorm.Tokens(it.Title + "\n" + it.Text) {
			seen[tok.Folded] = true
		}
		for w := range seen {
			df[w]++
		}
	}
	words := slices.Collect(maps.Keys(df))
	slices.SortFunc(words, func(a, b string) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return newPairSet("none", nil, "corpus", words[:min(n, len(words))])
}

// gen builds random query text from a corpus.
type gen struct {
	r       *rand.Rand
	fields  [][]string // the words of each title and text, as written (NFC)
	authors [][]string // the words of each item's author text (query.AuthorText)
	items   []mediawatch.Item
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
		a := query.AuthorText(&it)
		n := textnorm.Normalize(a)
		var ws []string
		for _, tk := range textnorm.Tokens(a) {
			ws = append(ws, n[tk.Start:tk.End])
		}
		if len(ws) > 0 {
			g.authors = append(g.authors, ws)
		}
	}
	return g
}

// author is an author: condition from the corpus's author texts: a word,
// a phrase (sometimes running over two lines), a prefix or a group, in
// any spelling.
func (g *gen) author() string {
	ws := g.authors[g.r.IntN(len(g.authors))]
	start := g.r.IntN(len(ws))
	part := ws[start:min(len(ws), start+1+g.r.IntN(3))]
	s := g.form(strings.Join(part, " "))
	switch g.r.IntN(4) {
	case 0:
		if len(part) == 1 && utf8.RuneCountInString(s) > 2 {
			return "author:" + string([]rune(s)[:2+g.r.IntN(2)]) + "*"
		}
	case 1:
		return "author:(" + g.form(part[0]) + " OR " + g.unit(1) + ")"
	}
	return `author:"` + s + `"`
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

// unit is a word or a quoted phrase, in one spelling as a whole (a
// phrase is folded or not as one unit, as a user types it).
func (g *gen) unit(max int) string {
	ws := g.words(max)
	s := strings.Join(ws, " ")
	s = g.form(s)
	if len(ws) == 1 && !strings.ContainsAny(s, "-") && g.r.IntN(3) > 0 && !isOp(s) {
		return s
	}
	return `"` + s + `"`
}

func isOp(s string) bool {
	switch s {
	case "AND", "OR", "NOT", "NEAR", "ONEAR":
		return true
	}
	return false
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
	switch g.r.IntN(10) {
	case 0, 1, 2:
		return g.unit(1)
	case 3, 4:
		return g.unit(4)
	case 5:
		return g.prefix()
	case 6, 7:
		op := "NEAR"
		if g.r.IntN(2) == 0 {
			op = "ONEAR"
		}
		return fmt.Sprintf("%s %s/%d %s", g.unit(2), op, 1+g.r.IntN(6), g.unit(2))
	case 8:
		it := g.items[g.r.IntN(len(g.items))]
		platform := []string{"news", "telegram", "youtube", "mastodon", "NEWS", "Telegram"}[g.r.IntN(6)]
		return []string{"source:" + it.Source, "lang:" + it.Lang, "platform:" + platform, g.author(), g.author()}[g.r.IntN(5)]
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
	n := 2 + g.r.IntN(2)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.query(depth + 1)
		if g.r.IntN(4) == 0 {
			parts[i] = "-(" + parts[i] + ")"
		}
	}
	op := []string{" ", " AND ", " OR "}[g.r.IntN(3)]
	return "(" + strings.Join(parts, op) + ")"
}

// checkNewestAndFacets holds the newest-first order and the facets of q
// to what the matched items (want) say: their dates, sources, languages
// and local days in Asia/Ho_Chi_Minh (UTC+7).
func checkNewestAndFacets(t *testing.T, x *Index, q string, items []mediawatch.Item, want []int64) {
	t.Helper()
	ict := time.FixedZone("ICT", 7*3600)
	res, err := x.Search(context.Background(), query.MustParse(q), Request{Sort: SortNewest, Size: 1000, Facets: true, Loc: ict})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var matched []mediawatch.Item
	sources, langs, platforms, days := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, it := range items {
		if !slices.Contains(want, it.ID) {
			continue
		}
		matched = append(matched, it)
		sources[keyword(it.Source)]++
		langs[keyword(it.Lang)]++
		platforms[platformKey(it.Platform)]++
		if d := effectiveDate(&it); !d.IsZero() {
			days[d.In(ict).Format(time.DateOnly)]++
		}
	}
	if got, want := ids(res.Hits), dateOrder(matched, true); !slices.Equal(got, want) && len(want) > 0 {
		t.Errorf("%s newest first: %v, want %v", q, got, want)
	}
	counts := func(cs []Count) map[string]int {
		m := map[string]int{}
		for i, c := range cs {
			m[c.Value] = c.N
			if i > 0 && (cs[i-1].N < c.N || cs[i-1].N == c.N && cs[i-1].Value > c.Value) {
				t.Errorf("%s: facet %v out of order", q, cs)
			}
		}
		return m
	}
	dayCounts := map[string]int{}
	for _, d := range res.Facets.Days {
		dayCounts[d.Day] = d.N
	}
	if !maps.Equal(counts(res.Facets.Sources), sources) || !maps.Equal(counts(res.Facets.Langs), langs) || !maps.Equal(dayCounts, days) {
		t.Errorf("%s facets: sources %v langs %v days %v; want %v %v %v", q, res.Facets.Sources, res.Facets.Langs, res.Facets.Days, sources, langs, days)
	}
	if !maps.Equal(counts(res.Facets.Platforms), platforms) {
		t.Errorf("%s platform facet %v, want %v", q, res.Facets.Platforms, platforms)
	}
}

// TestGatedPhrases checks phrases of two frequent words read through their
// gate term — adjacent pairs of the corpus and the same words reversed,
// exact and folded — against the matcher: the gate must never hide a
// document the phrase occurs in.
func TestGatedPhrases(t *testing.T) {
	set := corpusWords(t, 40)
	x, items := openCorpus(t, Options{pairs: set})
	seen := map[string]bool{}
	gated := 0
	for _, it := range items {
		toks := textnorm.Tokens(it.Title + "\n" + it.Text)
		for i := 1; i < len(toks) && gated < 120; i++ {
			a, b := toks[i-1], toks[i]
			for _, q := range []string{a.Exact + " " + b.Exact, a.Folded + " " + b.Folded, b.Folded + " " + a.Folded} {
				term, err := textnorm.CompileTerm(q)
				if err != nil || seen[q] {
					continue
				}
				seen[q] = true
				if _, ok := set.gate(q, term.Words()); !ok {
					continue
				}
				gated++
				phrase := `"` + q + `"`
				if got, want := sorted(searchIDs(t, x, phrase, Request{Size: 1000})), matcherIDs(t, phrase, items); !slices.Equal(got, want) {
					t.Errorf("%s: index %v, matcher %v", phrase, got, want)
				}
			}
		}
	}
	if gated < 60 {
		t.Fatalf("only %d gated phrases", gated)
	}
}
