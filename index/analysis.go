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
