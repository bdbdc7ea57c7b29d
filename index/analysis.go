package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"mediawatch/query"
	"mediawatch/textnorm"
)

// analyzerUni is the name of our analyzer in the index mapping: exact
// words, plus "~"+folded where it differs.
const analyzerUni = "mw_uni"

// analyzerPairs is the name the mapping gives the pair fields' analysis:
// the listed pairs of adjacent words (pairsField).
const analyzerPairs = "mw_pairs"

// marker starts the folded form of a word whose exact form has a
// diacritic. No word contains it (textnorm: words are letters, digits and
// marks), so it cannot collide with an exact form.
const marker = "~"

func init() {
	// The registry is bleve's own global; registering once lets the stored
	// mapping name our analyzer and lets bleve rebuild it on open.
	must(registry.RegisterAnalyzer(analyzerUni, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return uniAnalyzer{}, nil
	}))
	must(registry.RegisterAnalyzer(analyzerPairs, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return pairAnalyzer{defaultPairs()}, nil
	}))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// uniAnalyzer is mw_uni over raw text, for bleve's registry: documents
// are built with wordsField, which gives the same terms and positions
// without a token stream.
type uniAnalyzer struct{}

// Analyze tokenises b with textnorm and returns the word stream.
func (uniAnalyzer) Analyze(b []byte) analysis.TokenStream {
	var out analysis.TokenStream
	for _, t := range textnorm.Tokens(string(b)) {
		out = append(out, &analysis.Token{Term: []byte(t.Exact), Position: t.Pos + 1, Type: analysis.AlphaNumeric})
		if t.Folded != t.Exact {
			out = append(out, &analysis.Token{Term: []byte(marker + t.Folded), Position: t.Pos + 1, Type: analysis.AlphaNumeric})
		}
	}
	return out
}

// pairAnalyzer is mw_pairs over raw text with the embedded pair list, for
// bleve's registry: documents are built with pairsField, which gives the
// same terms. Every term is at position 1: pair fields have no positions.
type pairAnalyzer struct{ set *pairSet }

// Analyze tokenises b with textnorm and returns the listed pairs' terms.
func (a pairAnalyzer) Analyze(b []byte) analysis.TokenStream {
	var out analysis.TokenStream
	toks := textnorm.Tokens(string(b))
	for i := 1; i < len(toks); i++ {
		x, y := &toks[i-1], &toks[i]
		if term, ok := a.set.appendTerm(nil, x, y, a.set.frequent(x.Folded) && a.set.frequent(y.Folded)); ok {
			out = append(out, &analysis.Token{Term: term, Position: 1, Type: analysis.AlphaNumeric})
		}
	}
	return out
}

// alternatives returns the index terms a unit's words (in their compared
// form, textnorm.Term.Words) may be found as: the form itself when exact,
// the unmarked and the marked folded form otherwise.
func alternatives(form string, exact bool) []string {
	if exact {
		return []string{form}
	}
	return []string{form, marker + form}
}

// keyword is the form in which source and lang are indexed: the form
// query.Filter.Key gives their values.
func keyword(s string) string {
	return strings.ToLower(strings.TrimSpace(textnorm.Normalize(s)))
}

// hostTerms returns the host of rawURL and each parent domain, so that
// url:baosonla.vn is one term lookup that also finds m.baosonla.vn, and
// the scheme-less URL for url: prefixes (see query.URLForms).
func hostTerms(rawURL string) (hosts []string, rest string) {
	host, rest := query.URLForms(rawURL)
	for host != "" {
		hosts = append(hosts, host)
		i := strings.IndexByte(host, '.')
		if i < 0 {
			break
		}
		host = host[i+1:]
	}
	return hosts, rest
}
