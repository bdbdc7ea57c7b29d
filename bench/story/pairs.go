package main

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"mediawatch/story"
	"mediawatch/textnorm"
)

// The kinds of pair that are not rewritten copies.
const (
	kindNatSame    = "corpus: copies and rewrites (read by hand)"
	kindNatUnsure  = "corpus: partial rewrites (unsure, not scored)"
	kindNatEvent   = "corpus: same event, written separately"
	kindNatOther   = "corpus: shared template or boilerplate"
	kindDemoSyn    = "demo: syndicated near-copies"
	kindDemoCopy   = "demo: word-for-word copy at another URL"
	kindDemoOther  = "demo: every other pair"
	kindAutoTopic  = "same category and place names (articles)"
	kindAutoFeed   = "same category and names (feed items)"
	kindRandom     = "random pairs of articles"
	kindRandomFeed = "random pairs of feed items"
)

// doc is one item of the labelled set.
type doc struct {
	id, title, text string
	rec             string // the corpus record or variant it is; clones share it
	seen            time.Time
	cand            story.Candidate
}

// pair is two items and whether they are one story.
type pair struct {
	kind     string
	positive bool
	scored   bool // false for the pairs labelled unsure
	a, b     *doc
}

// set is the labelled set: its items and its pairs.
type set struct {
	docs  map[string]*doc
	order []*doc
	pairs []pair
}

// t0 anchors the synthetic times; only differences matter.
var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// add returns the item id, made from title and text when it is new. A
// clone (an item of its own, for a pair that needs another time) names the
// record it copies in rec.
func (s *set) add(id, rec, title, text string, seen time.Time) *doc {
	if d := s.docs[id]; d != nil {
		return d
	}
	d := &doc{id: id, rec: rec, title: title, text: text, seen: seen}
	d.cand = story.NewCandidate(int64(len(s.order)+1), title, text, seen)
	s.docs[id] = d
	s.order = append(s.order, d)
	return d
}

func (s *set) pair(kind string, positive bool, a, b *doc) {
	s.pairs = append(s.pairs, pair{kind: kind, positive: positive, scored: kind != kindNatUnsure, a: a, b: b})
}

// options size the generated part of the set.
type options struct {
	seed                   uint64
	nVi, nEn, nFeed, nRand int
}

// build makes the labelled set: the hand-labelled corpus pairs, the demo
// site's articles, rewritten copies of sampled articles and feed items,
// their nearest neighbours by category and names, and random pairs.
func build(c *corpora, labels []label, demo []*demoArticle, o options) (*set, error) {
	s := &set{docs: map[string]*doc{}}
	rng := rand.New(rand.NewPCG(o.seed, 1))
	labelled := map[string]bool{}
	for _, l := range labels {
		a, b := c.byID[l.a], c.byID[l.b]
		if a == nil || b == nil {
			return nil, fmt.Errorf("label %s %s: record not in the corpora", l.a, l.b)
		}
		labelled[l.a], labelled[l.b] = true, true
		kind := map[string]string{"same": kindNatSame, "unsure": kindNatUnsure, "event": kindNatEvent, "other": kindNatOther}[l.class]
		s.pair(kind, l.class == "same", s.corpusDoc(a), s.corpusDoc(b))
	}
	s.addDemo(demo)
	all := append(append([]*record{}, c.vi...), c.en...)
	w := newRewriter(o.seed, all)
	names := newNameIndex(append(append([]*record{}, all...), c.feed...))
	articles := sample(rng, c.vi, o.nVi, func(r *record) bool { return isArticle(r) && !labelled[r.ID] })
	articles = append(articles, sample(rng, c.en, o.nEn, func(r *record) bool {
		return strings.HasPrefix(r.ID, "bbc-") && isArticle(r) && !labelled[r.ID]
	})...)
	feeds := sample(rng, c.feed, o.nFeed, func(r *record) bool {
		return !labelled[r.ID] && words(r.Summary) >= 15 && story.TitleKey(r.Title) != ""
	})
	for i, r := range articles {
		base := s.add(r.ID, r.ID, r.Title, r.text(), t0.Add(time.Duration(i)*time.Hour))
		s.variants(rng, base, w.articleVariants(r))
		s.neighbour(rng, kindAutoTopic, base, r, names, all, labelled)
	}
	for i, r := range feeds {
		base := s.add(r.ID, r.ID, r.Title, r.Summary, t0.Add(time.Duration(i)*time.Hour))
		s.variants(rng, base, w.feedVariants(r))
		s.neighbour(rng, kindAutoFeed, base, r, names, c.feed, labelled)
	}
	s.random(rng, kindRandom, all, o.nRand, labelled)
	s.random(rng, kindRandomFeed, c.feed, o.nRand/4, labelled)
	return s, nil
}

// corpusDoc is a corpus record as an item. Reuters wires keep their time;
// the others have none and are seen within a day of each other.
func (s *set) corpusDoc(r *record) *doc {
	seen := t0.Add(-time.Duration(hash(r.ID)%24) * time.Hour)
	if t, ok := r.reutersTime(); ok {
		seen = t
	}
	return s.add(r.ID, r.ID, r.Title, r.text(), seen)
}

// clone is r as an item of its own, seen at the given time.
func (s *set) clone(r *record, tag string, seen time.Time) *doc {
	return s.add(r.ID+"@"+tag, r.ID, r.Title, r.text(), seen)
}

func (s *set) addDemo(demo []*demoArticle) {
	start := t0.Add(-24 * time.Hour * 60)
	docs := make([]*doc, len(demo))
	for i, a := range demo {
		docs[i] = s.add("demo "+a.key, "demo "+a.key, a.title, a.text, start.Add(-time.Duration(a.hours)*time.Hour))
	}
	for i, a := range demo {
		for j := i + 1; j < len(demo); j++ {
			b := demo[j]
			switch {
			case a.syndicated && b.syndicated:
				s.pair(kindDemoSyn, true, docs[i], docs[j])
			case a.copyOf == b.key || b.copyOf == a.key:
				s.pair(kindDemoCopy, true, docs[i], docs[j])
			default:
				s.pair(kindDemoOther, false, docs[i], docs[j])
			}
		}
	}
}

// variants adds each rewritten copy, seen up to two days after its base.
func (s *set) variants(rng *rand.Rand, base *doc, vs []variant) {
	for i, v := range vs {
		seen := base.seen.Add(time.Duration(rng.IntN(48*60)) * time.Minute)
		id := fmt.Sprintf("%s~%d", base.id, i)
		d := s.add(id, id, v.title, v.text, seen)
		s.pair(v.kind, true, base, d)
	}
}

// neighbour pairs base with the record of pool that shares the most rare
// capitalised words (names of people, places, bodies) with it, in the same
// category when both have one: a different article on the same subject.
// Records that share a tenth of their shingles with base are skipped: they
// are in labels.tsv, read by hand, or would need to be.
func (s *set) neighbour(rng *rand.Rand, kind string, base *doc, r *record, names *nameIndex, pool []*record, labelled map[string]bool) {
	mine := names.of(r)
	baseSh := shingles(r.Title + "\n" + r.text())
	var best *record
	bestN := 1 // at least two names in common
	for _, o := range pool {
		if o.ID == r.ID || labelled[o.ID] || o.Lang != r.Lang || r.category() != "" && o.category() != "" && r.category() != o.category() {
			continue
		}
		n := 0
		for w := range names.of(o) {
			if mine[w] {
				n++
			}
		}
		if n > bestN && jaccard(baseSh, shingles(o.Title+"\n"+o.text())) < 0.1 {
			best, bestN = o, n
		}
	}
	if best == nil {
		return
	}
	seen := base.seen.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
	s.pair(kind, false, base, s.clone(best, "n"+base.id, seen))
}

// random adds n pairs of distinct, unlabelled records, seen at one time.
func (s *set) random(rng *rand.Rand, kind string, pool []*record, n int, labelled map[string]bool) {
	for added := 0; added < n; {
		a, b := pool[rng.IntN(len(pool))], pool[rng.IntN(len(pool))]
		if a == b || labelled[a.ID] || labelled[b.ID] || a.text() == "" || b.text() == "" {
			continue
		}
		tag := fmt.Sprintf("r%d", len(s.pairs))
		s.pair(kind, false, s.clone(a, tag, t0), s.clone(b, tag, t0))
		added++
	}
}

// sample returns n records of pool that keep accepts, in a random order.
func sample(rng *rand.Rand, pool []*record, n int, keep func(*record) bool) []*record {
	var out []*record
	for _, i := range rng.Perm(len(pool)) {
		if len(out) == n {
			break
		}
		if keep(pool[i]) {
			out = append(out, pool[i])
		}
	}
	return out
}

// isArticle reports whether r is a full article with a real headline.
func isArticle(r *record) bool {
	return story.TitleKey(r.Title) != "" && words(r.text()) >= 150
}

func words(s string) int { return len(textnorm.Tokens(s)) }

// nameIndex finds the rare capitalised words of records: a word written
// with a capital not at the start of a sentence, and found in at most 1%
// of the records.
type nameIndex struct {
	cache map[string]map[string]bool
	df    map[string]int
	limit int
}

func newNameIndex(recs []*record) *nameIndex {
	x := &nameIndex{cache: map[string]map[string]bool{}, df: map[string]int{}, limit: len(recs) / 100}
	raw := map[*record]map[string]bool{}
	for _, r := range recs {
		raw[r] = capitalised(r.Title + ". " + r.text())
		for w := range raw[r] {
			x.df[w]++
		}
	}
	for r, ws := range raw {
		rare := map[string]bool{}
		for w := range ws {
			if x.df[w] <= x.limit {
				rare[w] = true
			}
		}
		x.cache[r.ID] = rare
	}
	return x
}

func (x *nameIndex) of(r *record) map[string]bool { return x.cache[r.ID] }

// capitalised returns the folded words of s written with a capital and not
// first in their sentence.
func capitalised(s string) map[string]bool {
	n := textnorm.Normalize(s)
	out := map[string]bool{}
	prevEnd := 0
	for _, t := range textnorm.Tokens(s) {
		first, _ := firstRune(n[t.Start:])
		between := n[prevEnd:t.Start]
		sentenceStart := t.Pos == 0 || strings.ContainsAny(between, ".!?\n")
		if unicode.IsUpper(first) && !sentenceStart {
			out[t.Folded] = true
		}
		prevEnd = t.End
	}
	return out
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// shingles is the set of folded 3-word shingles of s.
func shingles(s string) map[string]bool {
	toks := textnorm.Tokens(s)
	out := make(map[string]bool, len(toks))
	for i := 0; i+3 <= len(toks); i++ {
		out[toks[i].Folded+" "+toks[i+1].Folded+" "+toks[i+2].Folded] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
