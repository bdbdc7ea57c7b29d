package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"mediawatch"
	"mediawatch/textnorm"
)

// spanCases returns phrases of 2–4 words and NEARs of two phrases taken
// from the corpus's titles and texts: as written (exact), folded, with
// one word of an exact phrase folded (an exact unit with a spelling the
// text may not have), and the last words of a title joined to the first
// of its text (a phrase no field holds).
func spanCases(items []mediawatch.Item, r *rand.Rand, n int) []string {
	var out []string
	pick := func(toks []textnorm.Token, k int, folded bool) []string {
		i := r.IntN(len(toks) - k + 1)
		ws := make([]string, k)
		for j := range ws {
			ws[j] = toks[i+j].Exact
			if folded {
				ws[j] = toks[i+j].Folded
			}
		}
		return ws
	}
	for len(out) < n {
		it := items[r.IntN(len(items))]
		title, text := textnorm.Tokens(it.Title), textnorm.Tokens(it.Text)
		if len(title) < 2 || len(text) < 8 {
			continue
		}
		toks := text
		if r.IntN(4) == 0 {
			toks = title
		}
		k := 2 + r.IntN(min(3, len(toks)-1))
		ws := pick(toks, k, r.IntN(2) == 0)
		out = append(out, `"`+strings.Join(ws, " ")+`"`)
		marked := pick(toks, k, false)
		j := r.IntN(k)
		marked[j] = textnorm.Fold(marked[j])
		out = append(out, `"`+strings.Join(marked, " ")+`"`)
		cross := []string{title[len(title)-1].Exact, text[0].Exact, text[1].Exact}
		out = append(out, `"`+strings.Join(cross, " ")+`"`)
		a, b := pick(text, 1+r.IntN(3), r.IntN(2) == 0), pick(text, 1+r.IntN(3), r.IntN(2) == 0)
		op := "NEAR"
		if r.IntN(2) == 0 {
			op = "ONEAR"
		}
		out = append(out, fmt.Sprintf(`"%s" %s/%d "%s"`, strings.Join(a, " "), op, 1+r.IntN(12), strings.Join(b, " ")))
	}
	return out
}

// TestSpanFiltersAgree holds phrases of 3+ words and NEARs of phrases —
// read only where the pair or gate term of every two adjacent words is —
// to the matcher, with the embedded lists, with every pair of the corpus
// listed (every adjacent pair a filter, each in the spellings the corpus
// has) and with the pairs of the 40 most frequent words gated.
func TestSpanFiltersAgree(t *testing.T) {
	for _, opts := range []Options{{}, {pairs: corpusPairs(t)}, {pairs: corpusWords(t, 40)}} {
		x, items := openCorpus(t, opts)
		r := rand.New(rand.NewPCG(14, 1))
		nonEmpty := 0
		queries := spanCases(items, r, 400)
		for _, q := range queries {
			want := matcherIDs(t, q, items)
			if len(want) > 0 {
				nonEmpty++
			}
			if got := sorted(searchIDs(t, x, q, Request{})); !slices.Equal(got, want) {
				t.Errorf("%s (pairs %s, words %s): index %v, matcher %v", q, x.pairs.name, x.pairs.wordsName, got, want)
			}
		}
		if nonEmpty < len(queries)/3 {
			t.Fatalf("only %d of %d queries with matches", nonEmpty, len(queries))
		}
	}
}

// TestSpanAfterUpdates checks spans after items were replaced (their old
// documents deleted in their segments, the new ones in others) and
// deleted: a deleted document's postings stay in its segment, and the
// candidates must leave it out.
func TestSpanAfterUpdates(t *testing.T) {
	x, items := openCorpus(t, Options{pairs: corpusPairs(t)})
	r := rand.New(rand.NewPCG(14, 2))
	queries := spanCases(items, r, 200)
	live := slices.Clone(items)
	var changed []mediawatch.Item
	var gone []int64
	for i := range live {
		switch r.IntN(5) {
		case 0: // the text reversed, word by word: its phrases gone, its words kept
			ws := strings.Fields(live[i].Text)
			slices.Reverse(ws)
			live[i].Text = strings.Join(ws, " ")
			live[i].Version++
			changed = append(changed, live[i])
		case 1:
			gone = append(gone, live[i].ID)
		}
	}
	ctx := context.Background()
	if err := x.Put(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	live = slices.DeleteFunc(live, func(it mediawatch.Item) bool { return slices.Contains(gone, it.ID) })
	for _, q := range queries {
		if got, want := sorted(searchIDs(t, x, q, Request{})), matcherIDs(t, q, live); !slices.Equal(got, want) {
			t.Errorf("%s: index %v, matcher %v", q, got, want)
		}
	}
}

// TestAdjacentPairs checks the filters a unit brings: each adjacent pair's
// listed term (exact: its one spelling; folded: the prefix of all), else
// its gate, else nothing.
func TestAdjacentPairs(t *testing.T) {
	set := newPairSet("test", []string{"son la", "uy ban"}, "test", []string{"tinh", "son", "ban", "nhan"})
	cases := []struct {
		src  string
		want []pairLookup
	}{
		{"tỉnh Sơn La", []pairLookup{{term: "#" + gateOf(set, "tinh", "son"), exact: true}, {term: "son la|sơn la", exact: true}}},
		{"tinh son la", []pairLookup{{term: "#" + gateOf(set, "tinh", "son"), exact: true}, {term: "son la|", typed: "son la|"}}},
		{"ủy ban nhân dân", []pairLookup{{term: "uy ban|ủy ban", exact: true}, {term: "#" + gateOf(set, "ban", "nhan"), exact: true}}},
		{"son la son la", []pairLookup{{term: "son la|", typed: "son la|"}}}, // "la son" has neither; "son la" once
		{"sơn", nil},
		{"lũ quét", nil},
	}
	for _, c := range cases {
		term, err := textnorm.CompileTerm(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := set.adjacent(c.src, term.Words(), term.Exact()); !slices.Equal(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.src, got, c.want)
		}
	}
}

// gateOf is the bucket part of the gate term of f1 f2.
func gateOf(set *pairSet, f1, f2 string) string {
	return strings.TrimPrefix(string(set.appendGate(nil, f1, f2)), pairGate)
}
