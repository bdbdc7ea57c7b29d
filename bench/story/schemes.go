package main

import (
	"fmt"
	"io"
	"strings"

	"mediawatch/story"
	"mediawatch/textnorm"
)

// scheme is one way to choose a SimHash's features: shingles of k words,
// with or without story.StopWords. The bench computes each itself, so that
// the choice story.Fingerprint made can be checked against the others on
// the same pairs.
type scheme struct {
	name string
	k    int
	stop bool
}

var schemes = []scheme{
	{"words, stop list (story.Fingerprint)", 1, true},
	{"words", 1, false},
	{"2-word shingles", 2, false},
	{"3-word shingles", 3, false},
	{"4-word shingles", 4, false},
}

// fingerprint is the SimHash of title and text under sc: FNV-1a of each
// feature's folded words joined by spaces, mixed with the murmur3
// finaliser, every occurrence counted once; title and text shingled apart.
func (sc scheme) fingerprint(title, text string) uint64 {
	stop := map[string]bool{}
	if sc.stop {
		for _, w := range strings.Fields(story.StopWords) {
			stop[w] = true
		}
	}
	var acc [64]int
	for _, part := range []string{title, text} {
		var words []string
		for _, t := range textnorm.Tokens(part) {
			if !stop[t.Folded] {
				words = append(words, t.Folded)
			}
		}
		k := min(sc.k, len(words))
		for i := 0; k > 0 && i+k <= len(words); i++ {
			h := mix(fnv1a(strings.Join(words[i:i+k], " ")))
			for b := range acc {
				acc[b] += int(h>>b&1)*2 - 1
			}
		}
	}
	var fp uint64
	for b, v := range acc {
		if v > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// schemeTable prints, per scheme and MaxDistance, the recall over the
// positive pairs and the number of negative pairs grouped, fingerprints
// alone (no title rule) with base.MinWords. The first scheme must be
// story.Fingerprint: the table checks it on every item.
func schemeTable(w io.Writer, s *set, base story.Params, ds []int) error {
	fmt.Fprint(w, "| features |")
	for _, d := range ds {
		fmt.Fprintf(w, " d≤%d |", d)
	}
	fmt.Fprint(w, "\n|---|", strings.Repeat("---:|", len(ds)), "\n")
	for i, sc := range schemes {
		fps := make(map[*doc]uint64, len(s.order))
		for _, d := range s.order {
			fps[d] = sc.fingerprint(d.title, d.text)
			if i == 0 && fps[d] != d.cand.Fingerprint {
				return fmt.Errorf("scheme %q differs from story.Fingerprint on %s", sc.name, d.id)
			}
		}
		fmt.Fprintf(w, "| %s |", sc.name)
		for _, d := range ds {
			p := base
			p.MaxDistance = d
			var c counts
			for _, pr := range s.pairs {
				if !pr.scored {
					continue
				}
				a, b := pr.a.cand, pr.b.cand
				a.Fingerprint, b.Fingerprint = fps[pr.a], fps[pr.b]
				a.TitleKey, b.TitleKey = "", ""
				switch same := story.Same(p, a, b); {
				case pr.positive && same:
					c.tp++
				case pr.positive:
					c.fn++
				case same:
					c.fp++
				}
			}
			fmt.Fprintf(w, " R %.3f, FP %d |", c.recall(), c.fp)
		}
		fmt.Fprintln(w)
	}
	return nil
}
