package main

import (
	"fmt"
	"io"

	"mediawatch/story"
)

// secondKinds are the columns of the second signal's tables: the rewrites
// it is for and the pairs it must keep apart.
var secondKinds = []string{kindRewrite, kindNatSame, kindDemoSyn, kindNatUnsure, kindNatEvent, kindNatOther,
	kindAutoTopic, kindDemoOther}

// overlapProfile prints, per kind, the sketch overlap (story.Sketch.Overlap)
// of the pairs whose fingerprints are further apart than base.MaxDistance
// and at most maxD, both items long: where the second signal decides.
func overlapProfile(w io.Writer, s *set, base story.Params, maxD int) {
	byKind := map[string][]float64{}
	for _, p := range s.pairs {
		if p.a.cand.Words < base.MinWords || p.b.cand.Words < base.MinWords {
			continue
		}
		if d := story.Distance(p.a.cand.Fingerprint, p.b.cand.Fingerprint); d <= base.MaxDistance || d > maxD {
			continue
		}
		byKind[p.kind] = append(byKind[p.kind], p.a.cand.Sketch.Overlap(p.b.cand.Sketch))
	}
	quantileTable(w, s, "pairs", byKind, "%.2f")
}

// secondTable prints precision and recall of Same over SketchDistance and
// MinOverlap; SketchDistance 0 is Same without the second signal.
func secondTable(w io.Writer, s *set, base story.Params, dists []int, overlaps []float64) {
	fmt.Fprint(w, "| SketchDistance | MinOverlap | precision | recall | F1 | FP | FN |")
	for _, k := range secondKinds {
		fmt.Fprintf(w, " %s (%s) |", k, positiveKind(s, k))
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "|---:|---:|---:|---:|---:|---:|---:|")
	for range secondKinds {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	row := func(p story.Params) {
		kinds, c := evaluate(s, p, false)
		fmt.Fprintf(w, "| %d | %.2f | %.3f | %.3f | %.3f | %d | %d |", p.SketchDistance, p.MinOverlap,
			c.precision(), c.recall(), c.f1(), c.fp, c.fn)
		for _, k := range secondKinds {
			fmt.Fprintf(w, " %s |", share(kinds[k]))
		}
		fmt.Fprintln(w)
	}
	off := base
	off.SketchDistance = 0
	row(off)
	for _, d := range dists {
		for _, o := range overlaps {
			p := base
			p.SketchDistance, p.MinOverlap = d, o
			row(p)
		}
	}
}
