package textnorm

import (
	"fmt"
	"strings"

	"mediawatch"
)

// Watchlist decides whether an item mentions the watched place. It is
// compiled once from the configured watch terms and is safe for concurrent
// use, because ingest checks every item against it.
type Watchlist struct {
	terms []watchTerm
}

// watchTerm is one compiled entry of a Watchlist.
type watchTerm struct {
	term Term
	lang string // "" for every language
}

// NewWatchlist compiles the watch terms. It fails, naming the bad entry, if
// a term has no word, so that a configuration mistake is caught at start
// rather than silently matching nothing.
func NewWatchlist(terms []mediawatch.WatchTerm) (*Watchlist, error) {
	w := &Watchlist{terms: make([]watchTerm, 0, len(terms))}
	for i, wt := range terms {
		t, err := CompileTerm(wt.Term)
		if err != nil {
			return nil, fmt.Errorf("watch term %d (%q): %w", i+1, wt.Term, err)
		}
		w.terms = append(w.terms, watchTerm{term: t, lang: strings.TrimSpace(wt.Lang)})
	}
	return w, nil
}

// Mentions reports the first watch term, in list order, found in any of
// texts (typically an item's title, summary and text), as it was written in
// the list. lang is the item's language ("vi", "en", "other", "").
//
// A term with Lang set applies only when lang equals it (ignoring case);
// an item of unknown language ("") is matched by unrestricted terms only,
// so callers should pass DetectLang's guess when the source gives none.
// This is what lets the unaccented "Son La" find English coverage without
// matching "Sơn là" ("Sơn is") in Vietnamese.
func (w *Watchlist) Mentions(lang string, texts ...string) (term string, ok bool) {
	if w == nil {
		return "", false
	}
	active := make([]bool, len(w.terms))
	first := -1 // the first applicable term: finding it ends the search
	for i, wt := range w.terms {
		active[i] = wt.lang == "" || strings.EqualFold(wt.lang, lang)
		if active[i] && first < 0 {
			first = i
		}
	}
	best := -1
	for _, text := range texts {
		if first < 0 || best == first {
			break
		}
		best = w.scan(text, active, best)
	}
	if best < 0 {
		return "", false
	}
	return w.terms[best].term.String(), true
}

// scan streams over the words of text once, checking every active term
// that precedes best (-1 for none yet) at each word, and returns the index
// of the earliest term found.
func (w *Watchlist) scan(text string, active []bool, best int) int {
	it := words{s: Normalize(text)}
	for {
		start, end, ok := it.next()
		if !ok {
			return best
		}
		word := it.s[start:end]
		for i := range w.terms {
			if best >= 0 && i >= best {
				break
			}
			t := w.terms[i].term
			if active[i] && t.matchWord(0, word) && t.matchRest(it) {
				best = i
				break
			}
		}
	}
}
