package index

import (
	_ "embed" // the pair list
	"fmt"
	"strings"
	"sync"

	"mediawatch/textnorm"
)

//go:generate go run ./pairgen -data ../../shared/data -n 4000 -o pairs.txt

// pairsText is the fixed list of folded word pairs indexed as one term
// each: derived statistics (pairgen), not text of any corpus.
//
//go:embed pairs.txt
var pairsText string

// Separators inside a pair term: between the two words, and between the
// folded pair and the exact spelling (absent when it equals the folded
// one). Neither occurs in a word (textnorm: letters, digits and marks), so
// the folded pair plus pairExact is a prefix of exactly its own spellings.
const (
	pairSpace = " "
	pairExact = "|"
)

// pairSet is the list of folded word pairs an index holds pair terms for,
// and the name of the list, which is part of the index layout: an index
// built with another list would answer phrases of the pairs that differ
// with nothing.
type pairSet struct {
	name  string
	pairs map[string]struct{} // "folded1 folded2"
}

// newPairSet returns the set of pairs ("folded1 folded2") named name.
func newPairSet(name string, pairs []string) *pairSet {
	p := &pairSet{name: name, pairs: make(map[string]struct{}, len(pairs))}
	for _, s := range pairs {
		p.pairs[s] = struct{}{}
	}
	return p
}

// parsePairs reads the pair list: a first line "# pairs NAME", comment
// lines, then one pair of folded words a line.
func parsePairs(text string) (*pairSet, error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	name, ok := strings.CutPrefix(lines[0], "# pairs ")
	if !ok || name == "" {
		return nil, fmt.Errorf("pair list: first line %q does not name the list", lines[0])
	}
	var pairs []string
	for i, l := range lines[1:] {
		if strings.HasPrefix(l, "#") {
			continue
		}
		ws := strings.Split(l, pairSpace)
		if len(ws) != 2 || ws[0] == "" || ws[1] == "" || textnorm.Fold(ws[0]) != ws[0] || textnorm.Fold(ws[1]) != ws[1] {
			return nil, fmt.Errorf("pair list line %d: %q is not two folded words", i+2, l)
		}
		pairs = append(pairs, l)
	}
	return newPairSet(name, pairs), nil
}

// defaultPairs is the embedded list, parsed once.
var defaultPairs = sync.OnceValue(func() *pairSet {
	p, err := parsePairs(pairsText)
	must(err)
	return p
})

// has reports whether the folded words f1 f2 are a listed pair; buf is
// scratch space for the key, returned for reuse.
func (p *pairSet) has(f1, f2 string, buf []byte) (bool, []byte) {
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

// pairLookup is how a two-word unit is found among pair terms: the one
// term of an exact spelling, or every spelling of a folded pair (a prefix
// of the dictionary), the unmarked one (typed) boosted.
type pairLookup struct {
	term  string // exact: the term; folded: the prefix shared by its spellings
	typed string // folded: the spelling without diacritics, as typed
	exact bool
}

// lookup returns how the unit of words ws (textnorm.Term.Words forms,
// exact or folded) is found among pair terms, and false if its folded
// pair is not listed or it is not two words.
func (p *pairSet) lookup(src string, ws []string, exact bool) (pairLookup, bool) {
	if len(ws) != 2 || p == nil {
		return pairLookup{}, false
	}
	toks := textnorm.Tokens(src) // the folded forms of an exact unit's words
	if len(toks) != 2 {
		return pairLookup{}, false
	}
	f1, f2 := toks[0].Folded, toks[1].Folded
	if ok, _ := p.has(f1, f2, nil); !ok {
		return pairLookup{}, false
	}
	if exact {
		return pairLookup{term: string(appendPairTerm(nil, f1, f2, ws[0], ws[1])), exact: true}, true
	}
	prefix := string(appendPairTerm(nil, f1, f2, f1, f2))
	return pairLookup{term: prefix, typed: prefix}, true
}
