package main

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"
)

// gateBuckets is package index's number of gate terms (pairs.go).
const gateBuckets = 4096

// writeWords writes the word list: the n folded words found in the most
// documents, sorted, named by a hash of its words on its first line.
func writeWords(docs [][]field, n int, out string) error {
	words, _ := rankWords(docs)
	words = slices.Clone(words[:min(n, len(words))])
	slices.Sort(words)
	body := strings.Join(words, "\n") + "\n"
	sum := sha256.Sum256([]byte(body))
	head := fmt.Sprintf("# words %x\n# The %d folded words found in the most documents of %s (%d documents, titles and texts),\n"+
		"# one a line, sorted: every adjacent pair of them is indexed as one term. Built with the pair list by\n"+
		"# `go run ./pairgen -data DIR -n N -o pairs.txt -words %d -ow words.txt` in index/; the first line names the\n"+
		"# list (a hash of its words) and is part of the index layout.\n",
		sum[:6], len(words), strings.Join(corpora, ", "), len(docs), n)
	if err := os.WriteFile(out, []byte(head+body), 0o644); err != nil {
		return fmt.Errorf("write word list: %w", err)
	}
	return nil
}

// rankWords returns the folded words of docs ranked by the number of
// documents that hold them (most first, ties by word), and those counts.
func rankWords(docs [][]field) ([]string, map[string]int) {
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, f := range d {
			for _, t := range f {
				seen[t.Folded] = true
			}
		}
		for w := range seen {
			df[w]++
		}
	}
	words := make([]string, 0, len(df))
	for w := range df {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return words, df
}

// printWordStats prints, per size of the frequent-word set F (beside the
// 4,000 listed pairs): the document frequency of F's last word; the most
// documents any two words hold together when one of them is outside F
// (among the 100 words after F and the 100 most frequent) — what bounds
// the documents a positional two-word phrase reads positions in; the pair
// terms per document if every pair of F had one term per spelling as
// listed pairs do; and the terms per document with F's unlisted pairs as
// gate terms (their folded pair hashed to gateBuckets, as package index
// does), which is what layout 4 indexes.
func printWordStats(docs [][]field, ranked []string) {
	wr, wdf := rankWords(docs)
	sets := make([]map[string]bool, len(docs))
	for i, d := range docs {
		sets[i] = map[string]bool{}
		for _, f := range d {
			for _, t := range f {
				sets[i][t.Folded] = true
			}
		}
	}
	listed := map[string]bool{}
	for _, p := range ranked[:min(4000, len(ranked))] {
		listed[p] = true
	}
	fmt.Println("| words in F | min df | most docs with both words, one outside F | spellings of F×F and listed/doc | listed spellings + gates/doc |")
	fmt.Println("|---:|---:|---:|---:|---:|")
	for _, n := range []int{100, 200, 300, 500, 1000} {
		in := map[string]bool{}
		for _, w := range wr[:n] {
			in[w] = true
		}
		worst, worstPair := 0, ""
		for _, w := range wr[n:min(n+100, len(wr))] {
			for _, u := range wr[:100] {
				both := 0
				for _, s := range sets {
					if s[w] && s[u] {
						both++
					}
				}
				if both > worst {
					worst, worstPair = both, u+" "+w
				}
			}
		}
		spelled, gated := 0, 0
		for _, d := range docs {
			for _, f := range d {
				a, b := map[string]bool{}, map[string]bool{}
				for i := 1; i < len(f); i++ {
					fp := f[i-1].Folded + " " + f[i].Folded
					s := fp + "|" + f[i-1].Exact + " " + f[i].Exact
					both := in[f[i-1].Folded] && in[f[i].Folded]
					if both || listed[fp] {
						a[s] = true
					}
					switch {
					case listed[fp]:
						b[s] = true
					case both:
						h := fnv.New32a()
						h.Write([]byte(fp))
						b[fmt.Sprint("#", h.Sum32()%gateBuckets)] = true
					}
				}
				spelled += len(a)
				gated += len(b)
			}
		}
		per := func(k int) float64 { return float64(k) / float64(len(docs)) }
		fmt.Printf("| %d | %d | %d (%s) | %.1f | %.1f |\n", n, wdf[wr[n-1]], worst, worstPair, per(spelled), per(gated))
	}
}

// printProbe prints, for each probe phrase (folded words), the documents
// holding all its words and each word's rank and document frequency: how
// the benchmark's phrases are chosen.
func printProbe(docs [][]field, probes []string) {
	wr, wdf := rankWords(docs)
	rank := map[string]int{}
	for i, w := range wr {
		rank[w] = i + 1
	}
	for _, p := range probes {
		ws := strings.Fields(p)
		both := 0
		for _, d := range docs {
			has := map[string]bool{}
			for _, f := range d {
				for _, t := range f {
					has[t.Folded] = true
				}
			}
			ok := true
			for _, w := range ws {
				ok = ok && has[w]
			}
			if ok {
				both++
			}
		}
		fmt.Printf("%-20s both %5d ", p, both)
		for _, w := range ws {
			fmt.Printf(" %s rank %d df %d;", w, rank[w], wdf[w])
		}
		fmt.Println()
	}
}
