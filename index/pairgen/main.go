// Command pairgen builds index/pairs.txt, the fixed list of folded word
// pairs that package index indexes as one term each (so that a two-word
// phrase of them is one term lookup): the most frequent adjacent pairs of
// words, by the number of documents that hold them, in a sample of
// Vietnamese and English news; and index/words.txt, the words found in
// the most documents, every adjacent pair of which has a gate term. The
// lists are derived statistics, not the corpus: folded words and pairs of
// them, nothing else.
//
//	go run ./pairgen -data ../../shared/data -n 4000 -o pairs.txt -words 500 -ow words.txt
//
// -stats prints, for several list sizes and word-set sizes, the postings
// the pairs add per document against the word postings, which is what
// they cost to index, and the bound a word set puts on positional
// phrases. -probe "a b,c d" prints how common the words of phrases are.
package main

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"mediawatch/textnorm"
)

// corpora are the samples the list is counted over.
var corpora = []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl", "danes-items-sample.jsonl"}

func main() {
	data := flag.String("data", "../../shared/data", "directory with the corpus-*.jsonl samples")
	n := flag.Int("n", 4000, "pairs in the list")
	out := flag.String("o", "pairs.txt", "file to write")
	words := flag.Int("words", 500, "frequent words in the word list")
	outWords := flag.String("ow", "words.txt", "word list file to write")
	stats := flag.Bool("stats", false, "print the postings cost of several list sizes instead of writing")
	probe := flag.String("probe", "", "comma-separated phrases of folded words: print their words' ranks and the documents holding all of them")
	flag.Parse()
	if err := run(*data, *n, *out, *words, *outWords, *stats, *probe); err != nil {
		fmt.Fprintln(os.Stderr, "pairgen:", err)
		os.Exit(1)
	}
}

// field is the words of one title or text.
type field []textnorm.Token

func run(data string, n int, out string, nWords int, outWords string, stats bool, probe string) error {
	docs, err := load(data)
	if err != nil {
		return err
	}
	if probe != "" {
		printProbe(docs, strings.Split(probe, ","))
		return nil
	}
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, f := range d {
			for i := 1; i < len(f); i++ {
				seen[f[i-1].Folded+" "+f[i].Folded] = true
			}
		}
		for p := range seen {
			df[p]++
		}
	}
	pairs := make([]string, 0, len(df))
	for p := range df {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b string) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if stats {
		printStats(docs, pairs, df)
		printWordStats(docs, pairs)
		return nil
	}
	pairs = pairs[:min(n, len(pairs))]
	slices.Sort(pairs)
	body := strings.Join(pairs, "\n") + "\n"
	sum := sha256.Sum256([]byte(body))
	head := fmt.Sprintf("# pairs %x\n# The %d adjacent folded word pairs found in the most documents of %s (%d documents, titles and texts),\n"+
		"# one a line, sorted. Built by `go run ./pairgen -data DIR -n %d -o pairs.txt` in index/; the first line names\n"+
		"# the list (a hash of its pairs) and is part of the index layout.\n",
		sum[:6], len(pairs), strings.Join(corpora, ", "), len(docs), n)
	if err := os.WriteFile(out, []byte(head+body), 0o644); err != nil {
		return fmt.Errorf("write pair list: %w", err)
	}
	return writeWords(docs, nWords, outWords)
}

// load reads the samples as the index sees them: title, and summary then
// body as the text.
func load(dir string) ([][]field, error) {
	var docs [][]field
	for _, name := range corpora {
		fh, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("open sample: %w", err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var d struct{ Title, Summary, Body string }
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				fh.Close()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			docs = append(docs, []field{textnorm.Tokens(d.Title), textnorm.Tokens(d.Summary + "\n" + d.Body)})
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return docs, nil
}

// printStats prints, per list size, the distinct (term, field) postings a
// document gains: with one term per folded pair; with one per spelling
// (package index's pair terms: the folded pair, then the exact spelling
// when it differs); and with the exact pair and, where it differs, the
// folded one as a second term.
func printStats(docs [][]field, ranked []string, df map[string]int) {
	words := 0
	for _, d := range docs {
		for _, f := range d {
			terms := map[string]bool{}
			for _, t := range f {
				terms[t.Exact] = true
				terms["~"+t.Folded] = t.Folded != t.Exact || terms["~"+t.Folded]
			}
			for k, v := range terms {
				if v {
					words++
				} else {
					delete(terms, k)
				}
			}
		}
	}
	fmt.Printf("%d documents, %d distinct folded pairs; word postings per document %.1f\n", len(docs), len(ranked), float64(words)/float64(len(docs)))
	fmt.Println("| pairs | min df | list bytes | folded pairs/doc | spellings/doc | exact + folded/doc | spellings ÷ word postings |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|")
	for _, n := range []int{500, 1000, 2000, 4000, 8000, 16000, 32000} {
		if n > len(ranked) {
			break
		}
		in := map[string]bool{}
		bytes := 0
		for _, p := range ranked[:n] {
			in[p] = true
			bytes += len(p) + 1
		}
		folded, spell, all := 0, 0, 0
		for _, d := range docs {
			for _, f := range d {
				terms := map[string]bool{}
				fset := map[string]bool{}
				sset := map[string]bool{}
				for i := 1; i < len(f); i++ {
					fp := f[i-1].Folded + " " + f[i].Folded
					if !in[fp] {
						continue
					}
					fset[fp] = true
					sset[fp+"|"+f[i-1].Exact+" "+f[i].Exact] = true
					terms[f[i-1].Exact+" "+f[i].Exact] = true
					if ep := f[i-1].Exact + " " + f[i].Exact; ep != fp {
						terms["~"+fp] = true
					}
				}
				folded += len(fset)
				spell += len(sset)
				all += len(terms)
			}
		}
		per := func(k int) float64 { return float64(k) / float64(len(docs)) }
		fmt.Printf("| %d | %d | %d | %.1f | %.1f | %.1f | %.2f |\n", n, df[ranked[n-1]], bytes, per(folded), per(spell), per(all), float64(spell)/float64(words))
	}
}
