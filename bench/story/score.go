package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"mediawatch/story"
)

// kindOrder is the order of the table's rows: copies first, then the pairs
// that must stay apart.
var kindOrder = []string{
	kindCopy, kindStripped, kindHeader, kindDropPara, kindReorder, kindWords5, kindWords10, kindRewrite,
	kindFeedSame, kindFeedNew, kindShortEdit, kindShortTitle,
	kindNatSame, kindDemoSyn, kindDemoCopy, kindNatUnsure,
	kindNatEvent, kindNatOther, kindAutoTopic, kindAutoFeed, kindDemoOther, kindRandom, kindRandomFeed,
}

// tally counts a kind's pairs and how many were grouped.
type tally struct{ n, grouped int }

// counts is the confusion matrix of the scored pairs.
type counts struct{ tp, fp, fn, tn int }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }
func (c counts) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// evaluate applies story.Same with p to every pair; with noTitles, to
// candidates without title keys, so that only fingerprints decide.
func evaluate(s *set, p story.Params, noTitles bool) (map[string]*tally, counts) {
	kinds := map[string]*tally{}
	var c counts
	for _, pr := range s.pairs {
		t := kinds[pr.kind]
		if t == nil {
			t = &tally{}
			kinds[pr.kind] = t
		}
		a, b := pr.a.cand, pr.b.cand
		if noTitles {
			a.TitleKey, b.TitleKey = "", ""
		}
		same := story.Same(p, a, b)
		t.n++
		if same {
			t.grouped++
		}
		if !pr.scored {
			continue
		}
		switch {
		case pr.positive && same:
			c.tp++
		case pr.positive:
			c.fn++
		case same:
			c.fp++
		default:
			c.tn++
		}
	}
	return kinds, c
}

// positiveKind reports whether the pairs of kind are one story.
func positiveKind(s *set, kind string) string {
	for _, p := range s.pairs {
		if p.kind == kind {
			if !p.scored {
				return "?"
			}
			if p.positive {
				return "+"
			}
			return "−"
		}
	}
	return ""
}

// distanceTable prints, per kind, the share of pairs grouped at each
// MaxDistance, then precision, recall and F1 over all scored pairs.
func distanceTable(w io.Writer, s *set, base story.Params, ds []int, noTitles bool) {
	fmt.Fprint(w, "| kind | ± | pairs |")
	for _, d := range ds {
		fmt.Fprintf(w, " d≤%d |", d)
	}
	fmt.Fprint(w, "\n|---|:-:|---:|", strings.Repeat("---:|", len(ds)), "\n")
	results := make([]map[string]*tally, len(ds))
	cs := make([]counts, len(ds))
	for i, d := range ds {
		p := base
		p.MaxDistance = d
		results[i], cs[i] = evaluate(s, p, noTitles)
	}
	for _, k := range kindOrder {
		t := results[0][k]
		if t == nil {
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %d |", k, positiveKind(s, k), t.n)
		for i := range ds {
			fmt.Fprintf(w, " %s |", share(results[i][k]))
		}
		fmt.Fprintln(w)
	}
	for _, row := range []struct {
		name string
		f    func(counts) float64
	}{{"**precision**", counts.precision}, {"**recall**", counts.recall}, {"**F1**", counts.f1}} {
		fmt.Fprintf(w, "| %s | | |", row.name)
		for i := range ds {
			fmt.Fprintf(w, " %.3f |", row.f(cs[i]))
		}
		fmt.Fprintln(w)
	}
}

// share prints grouped/n as a percentage, or as a fraction for few pairs.
func share(t *tally) string {
	if t.n < 20 {
		return fmt.Sprintf("%d/%d", t.grouped, t.n)
	}
	return fmt.Sprintf("%.1f%%", 100*float64(t.grouped)/float64(t.n))
}

// profileTable prints the Hamming distances of each kind's pairs when
// both items have base.MinWords words.
func profileTable(w io.Writer, s *set, base story.Params) {
	byKind := map[string][]int{}
	for _, p := range s.pairs {
		if p.a.cand.Words >= base.MinWords && p.b.cand.Words >= base.MinWords {
			byKind[p.kind] = append(byKind[p.kind], story.Distance(p.a.cand.Fingerprint, p.b.cand.Fingerprint))
		}
	}
	quantileTable(w, s, "long pairs", byKind, "%d")
}

// quantileTable prints, per kind in kindOrder, the number of values and
// their minimum, 10th percentile, median, 90th percentile and maximum.
func quantileTable[T cmp.Ordered](w io.Writer, s *set, count string, byKind map[string][]T, format string) {
	fmt.Fprintf(w, "| kind | ± | %s | min | p10 | median | p90 | max |\n", count)
	fmt.Fprintln(w, "|---|:-:|---:|---:|---:|---:|---:|---:|")
	for _, k := range kindOrder {
		v := byKind[k]
		if len(v) == 0 {
			continue
		}
		slices.Sort(v)
		fmt.Fprintf(w, "| %s | %s | %d |", k, positiveKind(s, k), len(v))
		for _, x := range []T{v[0], v[len(v)/10], v[len(v)/2], v[len(v)*9/10], v[len(v)-1]} {
			fmt.Fprintf(w, " "+format+" |", x)
		}
		fmt.Fprintln(w)
	}
}

// sweepTable prints precision, recall and F1 with one parameter varied.
func sweepTable(w io.Writer, s *set, name string, values []int, set func(*story.Params, int), base story.Params, focus []string) {
	fmt.Fprintf(w, "| %s | precision | recall | F1 | FP | FN |", name)
	for _, k := range focus {
		fmt.Fprintf(w, " %s (%s) |", k, positiveKind(s, k))
	}
	fmt.Fprint(w, "\n|---:|---:|---:|---:|---:|---:|", strings.Repeat("---:|", len(focus)), "\n")
	for _, v := range values {
		p := base
		set(&p, v)
		kinds, c := evaluate(s, p, false)
		fmt.Fprintf(w, "| %d | %.3f | %.3f | %.3f | %d | %d |", v, c.precision(), c.recall(), c.f1(), c.fp, c.fn)
		for _, k := range focus {
			fmt.Fprintf(w, " %s |", share(kinds[k]))
		}
		fmt.Fprintln(w)
	}
}

// readable are the kinds whose wrong answers -v prints: real pairs and the
// chosen neighbours, not the generated copies or the random pairs.
var readable = map[string]bool{
	kindNatSame: true, kindNatEvent: true, kindNatOther: true, kindDemoSyn: true, kindDemoCopy: true,
	kindDemoOther: true, kindAutoTopic: true, kindAutoFeed: true,
}

// misses prints the scored pairs of the readable kinds p gets wrong.
func misses(w io.Writer, s *set, p story.Params) {
	for _, pr := range s.pairs {
		if !pr.scored || story.Same(p, pr.a.cand, pr.b.cand) == pr.positive {
			continue
		}
		if readable[pr.kind] {
			fmt.Fprintf(w, "%s %q %q: distance %d, words %d/%d, titles %q / %q\n", pr.kind, pr.a.id, pr.b.id,
				story.Distance(pr.a.cand.Fingerprint, pr.b.cand.Fingerprint), pr.a.cand.Words, pr.b.cand.Words,
				pr.a.cand.TitleKey, pr.b.cand.TitleKey)
		}
	}
}

// streamResult is what grouping the whole set in time order gave.
type streamResult struct {
	items, stories, truth int
	pairs                 counts
	perFind               time.Duration
}

// stream runs every distinct item through a story.Grouper in the order it
// was seen, as ingest does (Stories; an item that bridges stories merges
// them), and scores the stories it makes pair by pair
// against the labels (two items are one story when a chain of positive
// pairs joins them). Items of pairs labelled unsure are left out.
func stream(s *set, p story.Params) (streamResult, error) {
	g, err := story.NewGrouper(p)
	if err != nil {
		return streamResult{}, err
	}
	truth := newUnion()
	unsure := map[string]bool{}
	for _, pr := range s.pairs {
		switch {
		case !pr.scored:
			unsure[pr.a.rec], unsure[pr.b.rec] = true, true
		case pr.positive:
			truth.join(pr.a.rec, pr.b.rec)
		}
	}
	var items []*doc
	seenRec := map[string]bool{}
	for _, d := range s.order {
		if !seenRec[d.rec] && !unsure[d.rec] {
			seenRec[d.rec] = true
			items = append(items, d)
		}
	}
	slices.SortStableFunc(items, func(a, b *doc) int { return a.seen.Compare(b.seen) })
	storyOf := map[string]int64{}
	var finds time.Duration
	next := int64(0)
	for i, d := range items {
		c := d.cand
		c.ItemID = int64(i + 1)
		g.Evict(d.seen)
		start := time.Now()
		ids := g.Stories(c)
		finds += time.Since(start)
		if len(ids) == 0 {
			next++
			ids = []int64{next}
		}
		c.StoryID = ids[0]
		storyOf[d.rec] = ids[0]
		g.Add(c)
		if len(ids) > 1 { // bridged: merged into the first, as ingest does
			g.Relabel(ids[0], ids[1:]...)
			for rec, id := range storyOf {
				if slices.Contains(ids[1:], id) {
					storyOf[rec] = ids[0]
				}
			}
		}
	}
	r := streamResult{items: len(items), perFind: finds / time.Duration(max(1, len(items)))}
	r.pairs, r.stories, r.truth = pairCounts(items, storyOf, truth)
	return r, nil
}

// pairCounts compares two partitions of items pair by pair, by counting
// pairs inside each predicted story, each true story and each of both.
func pairCounts(items []*doc, storyOf map[string]int64, truth *union) (counts, int, int) {
	pred, tru, both := map[int64]int{}, map[string]int{}, map[string]int{}
	for _, d := range items {
		s, t := storyOf[d.rec], truth.find(d.rec)
		pred[s]++
		tru[t]++
		both[fmt.Sprint(s, "|", t)]++
	}
	sum := func(m map[string]int) int {
		n := 0
		for _, v := range m {
			n += v * (v - 1) / 2
		}
		return n
	}
	predPairs := 0
	for _, v := range pred {
		predPairs += v * (v - 1) / 2
	}
	tp := sum(both)
	c := counts{tp: tp, fp: predPairs - tp, fn: sum(tru) - tp}
	return c, len(pred), len(tru)
}

// union is a union-find over record names.
type union struct{ parent map[string]string }

func newUnion() *union { return &union{parent: map[string]string{}} }

func (u *union) find(x string) string {
	for {
		p, ok := u.parent[x]
		if !ok || p == x {
			return x
		}
		if gp, ok := u.parent[p]; ok {
			u.parent[x] = gp // path halving
		}
		x = p
	}
}

func (u *union) join(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[ra] = rb
	}
}
