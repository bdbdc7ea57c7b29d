package main

import (
	"fmt"
	"io"
	"sort"
)

// scan finds the corpus pairs that labels.tsv must hold: records of one
// corpus that share at least 10% of their folded 3-word shingles, or 30% of
// the smaller one's. Shingles found in more than 40 records (boilerplate,
// set phrases) do not count as shared. It prints the pairs labels.tsv
// lacks and returns their number: 0 means every such pair was read.
func scan(w io.Writer, c *corpora, labels []label) int {
	have := map[[2]string]bool{}
	for _, l := range labels {
		have[[2]string{l.a, l.b}], have[[2]string{l.b, l.a}] = true, true
	}
	missing := 0
	for _, recs := range [][]*record{c.vi, c.en, c.feed} {
		sets := make([]map[string]bool, len(recs))
		posting := map[string][]int{}
		for i, r := range recs {
			sets[i] = shingles(r.Title + "\n" + r.text())
			for s := range sets[i] {
				posting[s] = append(posting[s], i)
			}
		}
		shared := map[[2]int]int{}
		for _, ids := range posting {
			if len(ids) > 40 {
				continue
			}
			for x := range ids {
				for y := x + 1; y < len(ids); y++ {
					shared[[2]int{ids[x], ids[y]}]++
				}
			}
		}
		var found [][2]int
		for p, n := range shared {
			a, b := len(sets[p[0]]), len(sets[p[1]])
			if float64(n)/float64(a+b-n) >= 0.1 || float64(n)/float64(min(a, b)) >= 0.3 {
				found = append(found, p)
			}
		}
		sort.Slice(found, func(i, j int) bool {
			return found[i][0] < found[j][0] || found[i][0] == found[j][0] && found[i][1] < found[j][1]
		})
		for _, p := range found {
			a, b := recs[p[0]], recs[p[1]]
			if !have[[2]string{a.ID, b.ID}] {
				missing++
				fmt.Fprintf(w, "unlabelled: %s\t%s\t%q / %q\n", a.ID, b.ID, a.Title, b.Title)
			}
		}
	}
	return missing
}
