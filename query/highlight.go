package query

import (
	"sort"
	"strings"

	"mediawatch/textnorm"
)

// Span is a byte range [Start, End) of textnorm.Normalize(text): one
// occurrence of a word, phrase or prefix the query looks for.
type Span struct{ Start, End int }

// Highlights returns, in text order and without overlaps, where the
// positive words, phrases and prefixes of n occur in text, which is the
// field named (FieldTitle or FieldText). It applies the same accent-smart
// rule as matching, so what is marked is what matched.
func Highlights(n Node, field, text string) []Span {
	terms := Terms(n)
	if len(terms) == 0 {
		return nil
	}
	toks := textnorm.Tokens(text)
	var spans []Span
	for _, ti := range terms {
		if ti.Field != "" && ti.Field != field {
			continue
		}
		spans = append(spans, termSpans(ti, toks)...)
	}
	return merge(spans)
}

// termSpans finds one term in the tokens of a text.
func termSpans(ti TermInfo, toks []textnorm.Token) []Span {
	words := strings.Split(ti.Text, " ")
	var out []Span
	for i := 0; i+len(words) <= len(toks); i++ {
		if matchesAt(ti, words, toks[i:i+len(words)]) {
			out = append(out, Span{toks[i].Start, toks[i+len(words)-1].End})
		}
	}
	return out
}

// matchesAt compares the query's words with consecutive tokens in the
// term's form; a prefix compares its one word as a prefix.
func matchesAt(ti TermInfo, words []string, toks []textnorm.Token) bool {
	for k, w := range words {
		form := toks[k].Folded
		if ti.Exact {
			form = toks[k].Exact
		}
		if ti.Prefix {
			if !strings.HasPrefix(form, w) {
				return false
			}
		} else if form != w {
			return false
		}
	}
	return true
}

// merge sorts spans and joins the ones that overlap or touch.
func merge(spans []Span) []Span {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start <= last.End {
			last.End = max(last.End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}
