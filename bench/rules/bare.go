package main

import (
	"strings"

	aho "github.com/petar-dambovaliev/aho-corasick"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/textnorm"
)

// bare is the floor the issue names: one Aho-Corasick automaton (DFA,
// overlapping matches) over the same terms — each word or phrase as
// " folded words ", each prefix as " folded" — and nothing else: no
// normalising, no word boundaries, no exact forms, no rules. With
// multiOnly it holds only the phrases and prefixes: the automaton the
// engine would still run per byte had it kept one for those alone (the
// variant measured against the word look-up the engine uses).
type bare struct {
	ac aho.AhoCorasick
}

func newBare(rs []mediawatch.Rule, multiOnly bool) *bare {
	seen := map[string]bool{}
	var pats []string
	for _, r := range rs {
		for _, ti := range query.Terms(query.MustParse(r.Query)) {
			p := " " + textnorm.Fold(ti.Text)
			if !ti.Prefix {
				p += " "
			}
			if multiOnly && !ti.Prefix && !strings.Contains(ti.Text, " ") {
				continue
			}
			if !seen[p] {
				seen[p] = true
				pats = append(pats, p)
			}
		}
	}
	// Never-matching sentinel patterns (bytes valid UTF-8 never holds), so
	// that the library builds no prefilter: in overlapping mode it cannot
	// skip anything yet would be consulted at every byte (+20% at 10 rules).
	pats = append(pats, "\xfc", "\xfd", "\xfe", "\xff")
	b := aho.NewAhoCorasickBuilder(aho.Opts{MatchKind: aho.StandardMatch, DFA: true})
	return &bare{ac: b.Build(pats)}
}

// texts returns each item's stored title and text, and the same text
// folded (textnorm.Fold), prepared before any timing.
func (b *bare) texts(items []mediawatch.Item) (stored, folded [][]byte) {
	for _, it := range items {
		stored = append(stored, []byte(it.Title+"\n"+it.Text))
		folded = append(folded, []byte(" "+textnorm.Fold(it.Title)+" \n "+strings.Join(strings.Fields(textnorm.Fold(it.Text)), " ")+" "))
	}
	return stored, folded
}

// scan runs the automaton over every text and counts the matches.
func (b *bare) scan(texts [][]byte) int {
	n := 0
	for _, t := range texts {
		it := b.ac.IterOverlappingByte(t)
		for m := it.Next(); m != nil; m = it.Next() {
			n++
		}
	}
	return n
}
