package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/textnorm"
)

// gen makes rules from a corpus's own words and phrases, the way an
// analyst writes them: specific phrases, content words (neither the
// corpus's commonest words nor its rarest), with and without diacritics.
type gen struct {
	r      *rand.Rand
	fields [][]string // the words of each title and text, lower case NFC
	vocab  []string   // content words: in ≥ 3 items and ≤ 2% of them
	isWord map[string]bool
	langs  []string
}

func newGen(items []mediawatch.Item, seed uint64) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, 2024)), isWord: map[string]bool{}}
	df := map[string]int{}
	spelling := map[string]string{}
	for _, it := range items {
		seen := map[string]bool{}
		for _, s := range []string{it.Title, it.Text} {
			var ws []string
			for _, tk := range textnorm.Tokens(s) {
				ws = append(ws, tk.Exact)
				if !seen[tk.Folded] {
					seen[tk.Folded] = true
					df[tk.Folded]++
					if _, ok := spelling[tk.Folded]; !ok {
						spelling[tk.Folded] = tk.Exact
					}
				}
			}
			if len(ws) >= 3 {
				g.fields = append(g.fields, ws)
			}
		}
		if it.Lang != "" {
			g.langs = append(g.langs, it.Lang)
		}
	}
	for folded, n := range df {
		if n >= 3 && n <= len(items)/50 && utf8.RuneCountInString(folded) >= 3 {
			g.isWord[folded] = true
		}
	}
	for folded := range g.isWord { // map order is random: sort for a reproducible vocabulary
		g.vocab = append(g.vocab, spelling[folded])
	}
	slices.Sort(g.vocab)
	return g
}

// rules returns n rules, ids g00000…, each query valid.
func (g *gen) rules(n int) []mediawatch.Rule {
	out := make([]mediawatch.Rule, 0, n)
	for len(out) < n {
		q := g.query()
		if _, err := query.Parse(q); err != nil {
			continue
		}
		id := fmt.Sprintf("g%05d", len(out))
		out = append(out, mediawatch.Rule{ID: id, Name: mediawatch.Names{VI: id, EN: id}, Query: q,
			Severity: mediawatch.Severities[g.r.IntN(len(mediawatch.Severities))], Enabled: true})
	}
	return out
}

// query is one rule's query, from a mix of shapes.
func (g *gen) query() string {
	var q string
	switch k := g.r.IntN(100); {
	case k < 30:
		q = fmt.Sprintf("%s %s", g.phrase(), g.word())
	case k < 50:
		q = fmt.Sprintf("%s OR %s", g.phrase(), g.phrase())
	case k < 65:
		q = fmt.Sprintf("%s NEAR/5 %s", g.word(), g.phrase())
	case k < 80:
		q = fmt.Sprintf("%s (%s OR %s) -%s", g.phrase(), g.word(), g.word(), g.phrase())
	case k < 88:
		q = fmt.Sprintf("title:%s %s", g.word(), g.phrase())
	case k < 95:
		q = fmt.Sprintf("%s %s", g.prefix(), g.phrase())
	default:
		q = fmt.Sprintf("%s %s %s", g.word(), g.word(), g.word())
	}
	if g.r.IntN(20) == 0 {
		q += " lang:" + g.langs[g.r.IntN(len(g.langs))]
	}
	return q
}

// form returns s with its diacritics (exact) or folded, half the time each.
func (g *gen) form(s string) string {
	if g.r.IntN(2) == 0 {
		return textnorm.Fold(s)
	}
	return s
}

// word is a content word.
func (g *gen) word() string { return g.form(g.vocab[g.r.IntN(len(g.vocab))]) }

// prefix is the first four letters of a longer content word, and a star.
func (g *gen) prefix() string {
	for {
		w := []rune(g.word())
		if len(w) >= 6 {
			return string(w[:4]) + "*"
		}
	}
}

// phrase is 2 or 3 consecutive words of a title or text with at least one
// content word, quoted.
func (g *gen) phrase() string {
	for {
		f := g.fields[g.r.IntN(len(g.fields))]
		n := 2 + g.r.IntN(2)
		if len(f) < n {
			continue
		}
		start := g.r.IntN(len(f) - n + 1)
		ws := f[start : start+n]
		for _, w := range ws {
			if g.isWord[textnorm.Fold(w)] {
				return `"` + g.form(strings.Join(ws, " ")) + `"`
			}
		}
	}
}
