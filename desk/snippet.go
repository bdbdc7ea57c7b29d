package desk

import (
	"cmp"
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"mediawatch/query"
	"mediawatch/textnorm"
)

// SnippetBytes is about how much text a search hit shows.
const SnippetBytes = 280

// Snippet returns the text around the first match of q, HTML-escaped —
// crawled text is hostile — with every match in <mark>. Without a match in
// the text (the title matched) it is the text's beginning.
func Snippet(q query.Node, text string, width int) string {
	return SnippetAt(text, query.Highlights(q, query.FieldText, text), width)
}

// SnippetAt is Snippet with the matches given: sorted, non-overlapping
// byte spans of the NFC text.
func SnippetAt(text string, spans []query.Span, width int) string {
	norm := textnorm.Normalize(text)
	start := 0
	if len(spans) > 0 {
		start = max(0, spans[0].Start-width/3)
	}
	end := min(len(norm), start+width)
	start, end = runeStart(norm, start), runeStart(norm, end)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	b.WriteString(markRange(norm, spans, start, end))
	if end < len(norm) {
		b.WriteString("…")
	}
	return b.String()
}

// MarkAll escapes a whole short text (a title) with its matches marked.
func MarkAll(text string, spans []query.Span) string {
	norm := textnorm.Normalize(text)
	return markRange(norm, spans, 0, len(norm))
}

// markRange escapes norm[start:end] and wraps the parts of spans inside it
// in <mark>.
func markRange(norm string, spans []query.Span, start, end int) string {
	var b strings.Builder
	at := start
	for _, s := range spans {
		s.Start, s.End = max(s.Start, start), min(s.End, end)
		if s.Start >= s.End {
			continue
		}
		b.WriteString(html.EscapeString(norm[at:s.Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(norm[s.Start:s.End]))
		b.WriteString("</mark>")
		at = s.End
	}
	b.WriteString(html.EscapeString(norm[at:end]))
	return strings.Join(strings.Fields(b.String()), " ")
}

// runeStart moves i back to the start of the rune it falls in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// SortedSpans orders spans and merges those that overlap, as SnippetAt
// and MarkAll need them.
func SortedSpans(spans []query.Span) []query.Span {
	slices.SortFunc(spans, func(a, b query.Span) int { return cmp.Compare(a.Start, b.Start) })
	var out []query.Span
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}
