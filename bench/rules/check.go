package main

import (
	"fmt"
	"time"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/rules"
	"mediawatch/textnorm"
)

// agree holds the engine to query.Matcher: for every item of the sample
// and every rule, the engine flags the item exactly when the rule's query
// matches it.
func agree(rs []mediawatch.Rule, items []mediawatch.Item) error {
	start := time.Now()
	e, err := rules.NewEngine(rs)
	if err != nil {
		return err
	}
	ms := make([]*query.Matcher, len(rs))
	for i, r := range rs {
		if ms[i], err = query.Compile(query.MustParse(r.Query)); err != nil {
			return err
		}
	}
	pairs, matches, disagree := 0, 0, 0
	for i := range items {
		it := &items[i]
		got := map[string]bool{}
		for _, f := range e.Match(it) {
			got[f.RuleID] = true
		}
		p := query.Prepare(query.Doc{Title: it.Title, Text: it.Text, Source: it.Source, Lang: it.Lang, URL: it.URL})
		for k, r := range rs {
			want := ms[k].MatchPrepared(p)
			pairs++
			if want {
				matches++
			}
			if got[r.ID] != want {
				disagree++
				if disagree <= 5 {
					fmt.Printf("DISAGREE item %d rule %s %q: engine %v, matcher %v\n", it.ID, r.ID, r.Query, got[r.ID], want)
				}
			}
		}
	}
	words, err := sameWords(items)
	if err != nil {
		return err
	}
	fmt.Printf("\ncheck: textnorm.Stream and textnorm.Tokens agree on all %d words of the %d items\n", words, len(items))
	fmt.Printf("check: %d items × %d rules = %d pairs, %d matches, %d disagreements with query.Matcher (%.1f s)\n",
		len(items), len(rs), pairs, matches, disagree, time.Since(start).Seconds())
	if disagree > 0 {
		return fmt.Errorf("%d disagreements", disagree)
	}
	return nil
}

// sameWords holds textnorm.Stream to textnorm.Tokens on real text: the same
// words, folded and exact forms, and positions.
func sameWords(items []mediawatch.Item) (int, error) {
	var st textnorm.Stream
	n := 0
	for _, it := range items {
		st.Reset()
		st.Add(it.Title)
		st.Add(it.Text)
		i := 0
		for f, s := range []string{it.Title, it.Text} {
			for _, tk := range textnorm.Tokens(s) {
				field, pos := st.FieldOf(i)
				if i >= st.Len() || st.Folded(i) != tk.Folded || st.Exact(i) != tk.Exact || field != f || pos != tk.Pos {
					return n, fmt.Errorf("item %d field %d word %d: stream and Tokens differ (%q)", it.ID, f, tk.Pos, tk.Exact)
				}
				i++
				n++
			}
		}
		if i != st.Len() {
			return n, fmt.Errorf("item %d: stream has %d words, Tokens %d", it.ID, st.Len(), i)
		}
	}
	return n, nil
}
