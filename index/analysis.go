package index

import (
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"mediawatch/query"
	"mediawatch/textnorm"
)

// Analyzer names, as recorded in the index mapping.
const (
	analyzerUni = "mw_uni" // exact words, plus "~"+folded where it differs
	analyzerBi  = "mw_bi"  // adjacent word pairs, exact and "~"+folded
)

// marker starts the folded form of a word or pair whose exact form has a
// diacritic. No word contains it (textnorm: words are letters, digits and
// marks), so it cannot collide with an exact form.
const marker = "~"

func init() {
	// The registry is bleve's own global; registering once lets the stored
	// mapping name our analyzers and lets bleve rebuild them on open.
	must(registry.RegisterAnalyzer(analyzerUni, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return uniAnalyzer{}, nil
	}))
	must(registry.RegisterAnalyzer(analyzerBi, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return biAnalyzer{}, nil
	}))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// uniAnalyzer is mw_uni over raw text.
type uniAnalyzer struct{}

// Analyze tokenises b with textnorm and returns the unigram stream.
func (uniAnalyzer) Analyze(b []byte) analysis.TokenStream {
	uni, _ := streams(textnorm.Tokens(string(b)))
	return uni
}

// biAnalyzer is mw_bi over raw text.
type biAnalyzer struct{}

// Analyze tokenises b with textnorm and returns the word-pair stream.
func (biAnalyzer) Analyze(b []byte) analysis.TokenStream {
	_, bi := streams(textnorm.Tokens(string(b)))
	return bi
}

// lazyText is one document field's text, tokenised once for both of its
// index fields, when bleve's analysis workers (one goroutine per document,
// several documents in parallel) first ask for either stream.
type lazyText struct {
	text    string
	once    sync.Once
	uni, bi analysis.TokenStream
}

func (l *lazyText) analyze() {
	l.once.Do(func() { l.uni, l.bi = streams(textnorm.Tokens(l.text)) })
}

// uniOf and biOf are the analyzers of a lazyText's two index fields; they
// ignore the bytes bleve passes (the text is not stored).
type (
	uniOf struct{ *lazyText }
	biOf  struct{ *lazyText }
)

// Analyze returns the mw_uni stream.
func (a uniOf) Analyze([]byte) analysis.TokenStream { a.analyze(); return a.uni }

// Analyze returns the mw_bi stream.
func (a biOf) Analyze([]byte) analysis.TokenStream { a.analyze(); return a.bi }

// streams builds the mw_uni and mw_bi streams of one field from its words.
// All term bytes share one allocation.
func streams(toks []textnorm.Token) (uni, bi analysis.TokenStream) {
	if len(toks) == 0 {
		return nil, nil
	}
	size, nUni, nBi := 0, 0, 0
	for i := range toks {
		t := &toks[i]
		size += len(t.Exact)
		nUni++
		if t.Folded != t.Exact {
			size += 1 + len(t.Folded)
			nUni++
		}
		if i > 0 {
			p := &toks[i-1]
			size += len(p.Exact) + 1 + len(t.Exact)
			nBi++
			if p.Folded != p.Exact || t.Folded != t.Exact {
				size += 2 + len(p.Folded) + len(t.Folded)
				nBi++
			}
		}
	}
	buf := make([]byte, 0, size)
	store := make([]analysis.Token, nUni+nBi)
	uni = make(analysis.TokenStream, 0, nUni)
	bi = make(analysis.TokenStream, 0, nBi)
	emit := func(s analysis.TokenStream, t *textnorm.Token, start int, parts ...string) analysis.TokenStream {
		off := len(buf)
		for _, p := range parts {
			buf = append(buf, p...)
		}
		k := &store[len(uni)+len(bi)]
		*k = analysis.Token{Term: buf[off:len(buf):len(buf)], Start: start, End: t.End, Position: t.Pos + 1, Type: analysis.AlphaNumeric}
		return append(s, k)
	}
	for i := range toks {
		t := &toks[i]
		uni = emit(uni, t, t.Start, t.Exact)
		if t.Folded != t.Exact {
			uni = emit(uni, t, t.Start, marker, t.Folded)
		}
		if i > 0 {
			p := &toks[i-1]
			bi = emit(bi, t, p.Start, p.Exact, " ", t.Exact)
			if p.Folded != p.Exact || t.Folded != t.Exact {
				bi = emit(bi, t, p.Start, marker, p.Folded, " ", t.Folded)
			}
		}
	}
	return uni, bi
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

// pairs returns the mw_bi terms (alternatives per pair) of a phrase.
func pairs(words []string, exact bool) [][]string {
	out := make([][]string, 0, len(words)-1)
	for i := 1; i < len(words); i++ {
		out = append(out, alternatives(words[i-1]+" "+words[i], exact))
	}
	return out
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
