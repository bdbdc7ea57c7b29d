// Command story measures how well package story groups the copies of one
// article into one story and keeps different articles apart, on a labelled
// set of pairs it builds from the shared corpora and the demo site:
//
//   - pairs of corpus records that share at least 10% of their folded
//     3-word shingles (or 30% of the smaller one's), each read and labelled
//     by hand in labels.tsv: copies and rewrites, partial rewrites (unsure,
//     not scored), separately written reports of one event, and different
//     stories that share a template or boilerplate (-scan lists any such
//     pair the file lacks);
//   - the demo site's articles (demo/site/*.txt, read directly): its
//     syndicated near-copies and its word-for-word copy are one story each,
//     every other pair is two;
//   - rewritten copies of sampled articles and feed items (new header and
//     footer, a fifth cut, paragraphs reordered, words substituted,
//     diacritics stripped, a light rewrite, the feed item of a page), each
//     one story with its original;
//   - for each sampled article the corpus article of the same category that
//     shares the most rare capitalised words (names) with it, and random
//     pairs: two stories each.
//
// It prints, per kind of pair, the share grouped at several MaxDistance
// values (fingerprints alone, then story.Same with the title rule), with
// precision, recall and F1 over all scored pairs; the same for other
// choices of features; the distances per kind; sweeps of MinWords and
// TitleDistance; and the pairwise precision and recall of the stories a
// story.Grouper makes when every item is fed to it in time order.
//
//	go run ./bench/story -data ../shared/data
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"mediawatch/story"
)

func main() {
	data := flag.String("data", "../shared/data", "directory with the corpus-*.jsonl and danes-*.jsonl samples")
	demo := flag.String("demo", "demo/site", "directory with the demo site's fixtures")
	labels := flag.String("labels", "bench/story/labels.tsv", "hand-labelled corpus pairs")
	seed := flag.Uint64("seed", 1, "seed of the sampling and of the rewrites")
	nVi := flag.Int("vi", 400, "Vietnamese articles to rewrite")
	nEn := flag.Int("en", 150, "English articles to rewrite")
	nFeed := flag.Int("feed", 250, "feed items to rewrite")
	nRand := flag.Int("random", 4000, "random pairs of articles (and a quarter as many of feed items)")
	dists := flag.String("d", "0,2,3,4,5,6,7,8,10,12,16,20", "MaxDistance values of the main table")
	verbose := flag.Bool("v", false, "print the hand-labelled and demo pairs the parameters get wrong")
	scanOnly := flag.Bool("scan", false, "only list the corpus pairs above the reading threshold that labels.tsv lacks")
	def := story.DefaultParams()
	flag.IntVar(&def.MaxDistance, "max-distance", def.MaxDistance, "MaxDistance of the sweeps and the Grouper run")
	flag.IntVar(&def.MinWords, "min-words", def.MinWords, "MinWords of the tables")
	flag.IntVar(&def.TitleDistance, "title-distance", def.TitleDistance, "TitleDistance of the tables")
	flag.DurationVar(&def.Window, "window", def.Window, "Window of the tables")
	flag.Parse()
	ds, err := ints(*dists)
	if err == nil && *scanOnly {
		err = runScan(*data, *labels)
	} else if err == nil {
		err = run(*data, *demo, *labels, options{seed: *seed, nVi: *nVi, nEn: *nEn, nFeed: *nFeed, nRand: *nRand}, def, ds, *verbose)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/story:", err)
		os.Exit(1)
	}
}

func run(data, demoDir, labelsPath string, o options, def story.Params, ds []int, verbose bool) error {
	c, err := loadCorpora(data)
	if err != nil {
		return err
	}
	labels, err := readLabels(labelsPath)
	if err != nil {
		return err
	}
	demo, err := loadDemo(demoDir)
	if err != nil {
		return err
	}
	s, err := build(c, labels, demo, o)
	if err != nil {
		return err
	}
	w := os.Stdout
	fmt.Fprintf(w, "labelled set: %d items, %d pairs (data %s, demo %s, seed %d)\n\n", len(s.order), len(s.pairs),
		filepath.Clean(data), filepath.Clean(demoDir), o.seed)
	first := def
	first.SketchDistance = 0
	fmt.Fprintf(w, "### Fingerprints alone: share of pairs grouped by MaxDistance (MinWords %d, Window %s, no title rule, no sketch)\n\n",
		def.MinWords, def.Window)
	distanceTable(w, s, first, ds, true)
	fmt.Fprintf(w, "\n### Same with the title rule: share of pairs grouped by MaxDistance (MinWords %d, TitleDistance %d, Window %s, no sketch)\n\n",
		def.MinWords, def.TitleDistance, def.Window)
	distanceTable(w, s, first, ds, false)
	fmt.Fprintf(w, "\n### Features compared: recall and false positives, fingerprints alone (MinWords %d)\n\n", def.MinWords)
	if err := schemeTable(w, s, def, ds); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n### Hamming distance per kind (pairs where both items have ≥ %d words)\n\n", def.MinWords)
	profileTable(w, s, def)
	feedKinds := []string{kindFeedSame, kindShortEdit, kindShortTitle, kindAutoFeed, kindRandomFeed}
	fmt.Fprintf(w, "\n### MinWords (MaxDistance %d, TitleDistance %d)\n\n", def.MaxDistance, def.TitleDistance)
	sweepTable(w, s, "MinWords", []int{0, 10, 20, 30, 40, 60, 80, 120, 200},
		func(p *story.Params, v int) { p.MinWords = v }, def, feedKinds)
	fmt.Fprintf(w, "\n### TitleDistance (MaxDistance %d, MinWords %d)\n\n", def.MaxDistance, def.MinWords)
	sweepTable(w, s, "TitleDistance", []int{def.MaxDistance, 12, 16, 20, 24, 28, 64},
		func(p *story.Params, v int) { p.TitleDistance = v }, def, []string{kindHeader, kindNatSame, kindNatOther})
	fmt.Fprintf(w, "\n### Sketch overlap per kind (both items ≥ %d words, fingerprints %d < d ≤ 24 apart)\n\n",
		def.MinWords, def.MaxDistance)
	overlapProfile(w, s, def, 24)
	fmt.Fprintf(w, "\n### The second signal: SketchDistance × MinOverlap (MaxDistance %d, MinWords %d, TitleDistance %d)\n\n",
		def.MaxDistance, def.MinWords, def.TitleDistance)
	secondTable(w, s, def, []int{12, 16, 20, 24}, []float64{0.3, 0.35, 0.4, 0.45, 0.5, 0.6})
	r, err := stream(s, def)
	if err != nil {
		return err
	}
	off, err := stream(s, first)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n### Grouper over the whole set in time order (DefaultParams; the second row without the sketch)\n\n")
	fmt.Fprintln(w, "| items | true stories | stories made | pair precision | pair recall | F1 | mean Find |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range []streamResult{r, off} {
		fmt.Fprintf(w, "| %d | %d | %d | %.3f | %.3f | %.3f | %s |\n", r.items, r.truth, r.stories,
			r.pairs.precision(), r.pairs.recall(), r.pairs.f1(), r.perFind)
	}
	if verbose {
		fmt.Fprintln(os.Stderr)
		misses(os.Stderr, s, def)
	}
	return nil
}

// runScan lists the pairs labels.tsv should hold and does not.
func runScan(data, labelsPath string) error {
	c, err := loadCorpora(data)
	if err != nil {
		return err
	}
	labels, err := readLabels(labelsPath)
	if err != nil {
		return err
	}
	n := scan(os.Stdout, c, labels)
	fmt.Printf("%d pairs above the threshold are not in %s\n", n, labelsPath)
	return nil
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("-d: %w", err)
		}
		out = append(out, n)
	}
	return out, nil
}
