package index

import (
	_ "embed" // the pair and word lists
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"

	"mediawatch/textnorm"
)

//go:generate go run ./pairgen -data ../../shared/data -n 4000 -o pairs.txt -words 500 -ow words.txt

// pairsText is the fixed list of folded word pairs indexed as one term
// per spelling, and wordsText the fixed set of frequent folded words any
// two of which, adjacent and not listed, get a gate term: derived
// statistics (pairgen), not text of any corpus.
var (
	//go:embed pairs.txt
	pairsText string
	//go:embed words.txt
	wordsText string
)

// Separators inside a pair term: between the two words, and between the
// folded pair and the exact spelling (absent when it equals the folded
// one). Neither occurs in a word (textnorm: letters, digits and marks), so
// the folded pair plus pairExact is a prefix of exactly its own spellings.
const (
	pairSpace = " "
	pairExact = "|"
	pairGate  = "#" // starts a gate term
)

// gateBuckets is how many gate terms the pairs of two frequent words
// share (their folded pair hashed): a gate only narrows the documents a
// phrase reads positions in, so sharing costs a few more documents and
// saves a dictionary entry per distinct pair.
const gateBuckets = 4096

// pairSet is which adjacent word pairs an index holds pair terms for: the
// listed pairs (a term per spelling) and every other pair of two frequent
// words (a gate term). Its lists' names and bucket count are part of the
// index layout: an index built with others would answer phrases of the
// pairs that differ with nothing.
type pairSet struct {
	name      string              // the pair list's
	wordsName string              // the word list's
	pairs     map[string]struct{} // "folded1 folded2"
	words     map[string]struct{} // folded frequent words
	buckets   uint32              // gate terms of frequent words' pairs; 0: one per folded pair
}

// newPairSet returns the set of the pairs ("folded1 folded2") of the list
// named name and of every two words of the word list named wordsName.
func newPairSet(name string, pairs []string, wordsName string, words []string) *pairSet {
	p := &pairSet{name: name, wordsName: wordsName, buckets: gateBuckets,
		pairs: make(map[string]struct{}, len(pairs)), words: make(map[string]struct{}, len(words))}
	for _, s := range pairs {
		p.pairs[s] = struct{}{}
	}
	for _, w := range words {
		p.words[w] = struct{}{}
	}
	return p
}

// parseList reads a list: a first line "# KIND NAME", comment lines, then
// one entry a line of n folded words. It returns the name and the entries.
func parseList(kind, text string, n int) (string, []string, error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	name, ok := strings.CutPrefix(lines[0], "# "+kind+" ")
	if !ok || name == "" {
		return "", nil, fmt.Errorf("%s list: first line %q does not name the list", kind, lines[0])
	}
	var out []string
	for i, l := range lines[1:] {
		if strings.HasPrefix(l, "#") {
			continue
		}
		ws := strings.Split(l, pairSpace)
		ok := len(ws) == n
		for _, w := range ws {
			ok = ok && w != "" && textnorm.Fold(w) == w
		}
		if !ok {
			return "", nil, fmt.Errorf("%s list line %d: %q is not %d folded words", kind, i+2, l, n)
		}
		out = append(out, l)
	}
	return name, out, nil
}

// parsePairs reads the pair list (pairs of folded words) and the word
// list (folded words), each named on its first line.
func parsePairs(pairsText, wordsText string) (*pairSet, error) {
	name, pairs, err := parseList("pairs", pairsText, 2)
	if err != nil {
		return nil, err
	}
	wordsName, words, err := parseList("words", wordsText, 1)
	if err != nil {
		return nil, err
	}
	return newPairSet(name, pairs, wordsName, words), nil
}

// defaultPairs is the embedded lists, parsed once.
var defaultPairs = sync.OnceValue(func() *pairSet {
	p, err := parsePairs(pairsText, wordsText)
	must(err)
	return p
})

// frequent reports whether the folded word f is one of the frequent words.
func (p *pairSet) frequent(f string) bool {
	_, ok := p.words[f]
	return ok
}

// listed reports whether the folded words f1 f2 are a listed pair; buf is
// scratch space for the key, returned for reuse.
func (p *pairSet) listed(f1, f2 string, buf []byte) (bool, []byte) {
	buf = append(append(append(buf[:0], f1...), pairSpace...), f2...)
	_, ok := p.pairs[string(buf)]
	return ok, buf
}

// appendPairTerm appends the index term of the adjacent words e1 e2
// (exact forms) whose folded forms are f1 f2: the folded pair, then the
// exact spelling if it differs.
func appendPairTerm(dst []byte, f1, f2, e1, e2 string) []byte {
	dst = append(append(append(dst, f1...), pairSpace...), f2...)
	dst = append(dst, pairExact...)
	if e1 != f1 || e2 != f2 {
		dst = append(append(append(dst, e1...), pairSpace...), e2...)
	}
	return dst
}

// appendGate appends the gate term of the adjacent frequent words whose
// folded forms are f1 f2.
func (p *pairSet) appendGate(dst []byte, f1, f2 string) []byte {
	dst = append(dst, pairGate...)
	if p.buckets == 0 {
		return append(append(append(dst, f1...), pairSpace...), f2...)
	}
	h := fnv.New32a()
	h.Write([]byte(f1))
	h.Write([]byte(pairSpace))
	h.Write([]byte(f2))
	return strconv.AppendUint(dst, uint64(h.Sum32()%p.buckets), 36)
}

// appendTerm appends to dst[:0] the pair-field term of the adjacent words
// a b, if they have one: a listed pair's spelling term, else the gate
// term of two frequent words (bothFrequent). It returns false for others.
func (p *pairSet) appendTerm(dst []byte, a, b *textnorm.Token, bothFrequent bool) ([]byte, bool) {
	ok, dst := p.listed(a.Folded, b.Folded, dst)
	switch {
	case ok:
		return appendPairTerm(dst[:0], a.Folded, b.Folded, a.Exact, b.Exact), true
	case bothFrequent:
		return p.appendGate(dst[:0], a.Folded, b.Folded), true
	}
	return dst, false
}

// pairLookup is how a two-word unit is found among pair terms: the one
// term of an exact spelling, or every spelling of a folded pair (a prefix
// of the dictionary), the unmarked one (typed) boosted.
type pairLookup struct {
	term  string // exact: the term; folded: the prefix shared by its spellings
	typed string // folded: the spelling without diacritics, as typed
	exact bool
}

// foldedPair returns the folded forms of the unit of words ws written as
// src, and false if it is not two words.
func foldedPair(src string, ws []string) (string, string, bool) {
	if len(ws) != 2 {
		return "", "", false
	}
	toks := textnorm.Tokens(src) // the folded forms of an exact unit's words
	if len(toks) != 2 {
		return "", "", false
	}
	return toks[0].Folded, toks[1].Folded, true
}

// gate returns the gate term of the unit of words ws written as src, and
// false unless it is two frequent words whose pair is not listed (a
// listed pair is looked up, not gated).
func (p *pairSet) gate(src string, ws []string) (string, bool) {
	f1, f2, ok := foldedPair(src, ws)
	if !ok {
		return "", false
	}
	return p.gateOf(f1, f2)
}

// gateOf returns the gate term of the adjacent words whose folded forms
// are f1 f2, and false unless both are frequent and the pair not listed.
func (p *pairSet) gateOf(f1, f2 string) (string, bool) {
	if !p.frequent(f1) || !p.frequent(f2) {
		return "", false
	}
	if listed, _ := p.listed(f1, f2, nil); listed {
		return "", false
	}
	return string(p.appendGate(nil, f1, f2)), true
}

// lookup returns how the unit of words ws (textnorm.Term.Words forms,
// exact or folded) is found among pair terms, and false if it is not two
// words whose folded pair is listed.
func (p *pairSet) lookup(src string, ws []string, exact bool) (pairLookup, bool) {
	f1, f2, ok := foldedPair(src, ws)
	if !ok {
		return pairLookup{}, false
	}
	return p.lookupOf(f1, f2, ws[0], ws[1], exact)
}

// lookupOf is lookup for the adjacent words w1 w2 (exact forms if exact,
// else folded) whose folded forms are f1 f2.
func (p *pairSet) lookupOf(f1, f2, w1, w2 string, exact bool) (pairLookup, bool) {
	if ok, _ := p.listed(f1, f2, nil); !ok {
		return pairLookup{}, false
	}
	if exact {
		return pairLookup{term: string(appendPairTerm(nil, f1, f2, w1, w2)), exact: true}, true
	}
	prefix := string(appendPairTerm(nil, f1, f2, f1, f2))
	return pairLookup{term: prefix, typed: prefix}, true
}

// adjacent returns, for each two adjacent words of the unit of words ws
// written as src that have pair terms, how those are found: the listed
// pair's lookup (its one exact term, or the prefix of its spellings), or
// the gate term of two frequent words (exact: one term). Every document
// in whose field the unit occurs holds, in the pair field, a term of each
// — the index gives every adjacent pair of the text its term by the same
// rules (pairSet.appendTerm) — so each is a necessary condition of the
// unit, not a sufficient one: the pairs may occur apart. Duplicates are
// left out.
func (p *pairSet) adjacent(src string, ws []string, exact bool) []pairLookup {
	if len(ws) < 2 {
		return nil
	}
	toks := textnorm.Tokens(src) // the folded forms of an exact unit's words
	if len(toks) != len(ws) {
		return nil
	}
	var out []pairLookup
	for i := 0; i+1 < len(ws); i++ {
		f1, f2 := toks[i].Folded, toks[i+1].Folded
		l, ok := p.lookupOf(f1, f2, ws[i], ws[i+1], exact)
		if !ok {
			var g string
			if g, ok = p.gateOf(f1, f2); ok {
				l = pairLookup{term: g, exact: true}
			}
		}
		if ok && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}
