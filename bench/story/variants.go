package main

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The kinds of rewritten copy the labelled set holds. Each is how one
// outlet's copy of another's article differs from it.
const (
	kindCopy       = "copy at another URL"
	kindHeader     = "syndicated: new header and footer"
	kindDropPara   = "a fifth of the text removed"
	kindWords5     = "5% of words substituted"
	kindWords10    = "10% of words substituted"
	kindStripped   = "diacritics stripped"
	kindReorder    = "paragraphs reordered"
	kindRewrite    = "light rewrite (title, intro, 5% words, a sentence cut)"
	kindFeedSame   = "feed item vs page, same title"
	kindFeedNew    = "feed item vs page, new title"
	kindShortEdit  = "feed items: same title, summary edited"
	kindShortTitle = "feed items: new title, same summary"
)

// rewriter makes the rewritten copies, deterministically from its seed.
type rewriter struct {
	rng    *rand.Rand
	vocab  map[string][]string // language → words to substitute with
	titles map[string][]string // language → headlines for "related" footers
}

// variant is one rewritten copy: a new title and text.
type variant struct {
	kind, title, text string
}

func newRewriter(seed uint64, recs []*record) *rewriter {
	w := &rewriter{
		rng:    rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		vocab:  map[string][]string{},
		titles: map[string][]string{},
	}
	for _, r := range recs {
		if r.Title != "" {
			w.titles[r.Lang] = append(w.titles[r.Lang], r.Title)
		}
		for i, f := range strings.Fields(r.Body) {
			if i%7 == 0 { // a sample is enough, and keeps frequent words frequent
				if core := trimPunct(f); core != "" {
					w.vocab[r.Lang] = append(w.vocab[r.Lang], core)
				}
			}
		}
	}
	return w
}

// pick returns a random element of s.
func (w *rewriter) pick(s []string) string { return s[w.rng.IntN(len(s))] }

// articleVariants returns one copy of each kind for a full article.
func (w *rewriter) articleVariants(r *record) []variant {
	title, text, lang := r.Title, r.text(), r.Lang
	out := []variant{
		{kindCopy, title, text},
		{kindHeader, title, w.header(lang) + text + w.footer(lang)},
		{kindDropPara, title, w.dropFifth(text)},
		{kindWords5, title, w.substitute(text, lang, 0.05)},
		{kindWords10, title, w.substitute(text, lang, 0.10)},
		{kindReorder, title, w.reorder(text)},
		{kindRewrite, w.newTitle(title, lang), w.rewrite(text, lang)},
		{kindFeedSame, title, lead(r)},
		{kindFeedNew, w.newTitle(title, lang), lead(r)},
	}
	if lang == "vi" {
		out = append(out, variant{kindStripped, stripDiacritics(title), stripDiacritics(text)})
	}
	return out
}

// feedVariants returns the copies of a feed item (headline and summary).
func (w *rewriter) feedVariants(r *record) []variant {
	edited := w.outletPrefix(r.Lang) + w.substituteN(r.Summary, r.Lang, 1)
	return []variant{
		{kindShortEdit, strings.NewReplacer(`"`, `'`, "“", "'", "”", "'").Replace(r.Title), edited},
		{kindShortTitle, w.newTitle(r.Title, r.Lang), r.Summary},
	}
}

var outlets = map[string][]string{
	"vi": {"Báo Tây Bắc", "Tin Tức", "Nông nghiệp Việt Nam", "VOV", "Dân Việt", "Sơn La TV"},
	"en": {"Reuters", "AP", "Hanoi Herald", "AFP"},
}

func (w *rewriter) outletPrefix(lang string) string {
	return "(" + w.pick(outlets[langOr(lang)]) + ") – "
}

// header is what a syndicating outlet puts before the text: its own
// dateline and a credit line.
func (w *rewriter) header(lang string) string {
	if langOr(lang) == "vi" {
		return "Theo " + w.pick(outlets["vi"]) + ", " + w.pick([]string{"sáng nay", "chiều qua", "ngày 12/3"}) + ".\n\n" + w.outletPrefix(lang)
	}
	return w.pick([]string{"HANOI", "LONDON", "SON LA"}) + " " + w.outletPrefix(lang)
}

// footer is what a page adds after the text: byline, source, related links.
func (w *rewriter) footer(lang string) string {
	l := langOr(lang)
	var b strings.Builder
	if l == "vi" {
		b.WriteString("\n\nPV " + w.pick([]string{"Minh Anh", "Quốc Tuấn", "Thu Hà"}) + "\n\nNguồn: " + w.pick(outlets[l]) + "\n\nTin liên quan:")
	} else {
		b.WriteString("\n\nReporting by " + w.pick([]string{"Anna Lee", "Tom Baker"}) + "\n\nRelated stories:")
	}
	for range 3 {
		b.WriteString("\n" + w.pick(w.titles[l]))
	}
	return b.String()
}

// dropFifth removes a run of a fifth of the sentences, never the first.
func (w *rewriter) dropFifth(text string) string {
	s := sentences(text)
	n := max(1, len(s)/5)
	if len(s) < 3 {
		return text
	}
	at := 1 + w.rng.IntN(len(s)-n)
	return strings.Join(append(s[:at:at], s[at+n:]...), " ")
}

// reorder moves the last quarter of the sentences up behind the first, as
// an editor moving a paragraph does.
func (w *rewriter) reorder(text string) string {
	s := sentences(text)
	if len(s) < 4 {
		return text
	}
	q := len(s) - max(1, len(s)/4)
	out := append([]string{s[0]}, s[q:]...)
	out = append(out, s[1:q]...)
	return strings.Join(out, " ")
}

// substitute replaces a fraction of the words by words of other articles.
func (w *rewriter) substitute(text, lang string, frac float64) string {
	f := strings.Fields(text)
	return w.replaceFields(f, lang, int(float64(len(f))*frac+0.5))
}

// substituteN replaces n words.
func (w *rewriter) substituteN(text, lang string, n int) string {
	return w.replaceFields(strings.Fields(text), lang, n)
}

func (w *rewriter) replaceFields(f []string, lang string, n int) string {
	if len(f) == 0 {
		return ""
	}
	for _, i := range w.rng.Perm(len(f))[:min(n, len(f))] {
		core := trimPunct(f[i])
		if core == "" {
			continue
		}
		f[i] = strings.Replace(f[i], core, w.pick(w.vocab[langOr(lang)]), 1)
	}
	return strings.Join(f, " ")
}

// newTitle is another outlet's headline for the same article: a third of
// its words replaced and a kicker in front.
func (w *rewriter) newTitle(title, lang string) string {
	kicker := map[string][]string{"vi": {"Nóng:", "Sơn La:", "Tin mới:"}, "en": {"Update:", "Vietnam:"}}
	f := strings.Fields(title)
	return w.pick(kicker[langOr(lang)]) + " " + w.replaceFields(f, lang, len(f)/3)
}

// rewrite is a light rewrite: the intro reworded, 5% of the remaining
// words substituted, one sentence cut, and the outlet's footer.
func (w *rewriter) rewrite(text, lang string) string {
	s := sentences(text)
	if len(s) == 0 {
		return text
	}
	intro := w.substitute(s[0], lang, 0.3)
	rest := s[1:]
	if len(rest) > 2 {
		cut := w.rng.IntN(len(rest))
		rest = append(rest[:cut:cut], rest[cut+1:]...)
	}
	return intro + " " + w.substitute(strings.Join(rest, " "), lang, 0.05) + w.footer(lang)
}

// lead is what a feed carries of an article: its sapo, or else its first
// two sentences.
func lead(r *record) string {
	if r.Summary != "" && r.Body != "" {
		return r.Summary
	}
	s := sentences(r.text())
	return strings.Join(s[:min(2, len(s))], " ")
}

// sentences splits text after '.', '!', '?' or '…' followed by space, and
// at blank lines.
func sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r != '.' && r != '!' && r != '?' && r != '…' && r != '\n' {
			continue
		}
		end := i + utf8.RuneLen(r)
		if end < len(text) && (r == '\n' || text[end] == ' ' || text[end] == '\n') {
			if s := strings.TrimSpace(text[start:end]); s != "" {
				out = append(out, s)
			}
			start = end
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// stripDiacritics removes every combining mark and maps đ to d, keeping
// case: the text as typed on a keyboard without Vietnamese input.
func stripDiacritics(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// trimPunct returns f without leading and trailing punctuation.
func trimPunct(f string) string {
	return strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func langOr(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "vi"
}
