package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// WriteMarkdown writes d as Markdown in d.Lang: the same sections as the
// HTML page, the chart as a line of block characters per series. It is
// also the plain-text part of the e-mail, so it reads well unrendered.
// Crawled strings are backslash-escaped, so no title or snippet can open
// a link, an image, raw HTML or a table cell; links are only made to
// http and https URLs.
func WriteMarkdown(w io.Writer, d *Daily) error {
	v := newView(d)
	var b strings.Builder
	if d.Office.Name != "" {
		fmt.Fprintf(&b, "%s\n\n", md(d.Office.Name))
	}
	fmt.Fprintf(&b, "# %s: %s\n\n", md(v.M.Heading), md(v.LongDate()))
	if p := v.Province(); p != "" {
		fmt.Fprintf(&b, "%s · ", md(p))
	}
	fmt.Fprintf(&b, "%s: %s (%s: %s)\n", md(v.M.Generated), v.When(d.GeneratedAt), md(v.M.Zone), md(d.Zone))
	fmt.Fprintf(&b, "\n## %s\n\n%s\n", md(v.M.SummaryHeading), md(d.Summary))
	mdOverview(&b, v)
	mdVolume(&b, v)
	mdStories(&b, v)
	mdResponse(&b, v)
	mdFlagged(&b, v)
	mdSources(&b, v)
	fmt.Fprintf(&b, "\n## %s\n", md(v.M.Breakdown))
	for _, t := range []countTable{
		{v, v.M.BySeverity, d.Totals.BySeverity}, {v, v.M.ByRule, d.Totals.ByRule},
		{v, v.M.FlaggedBySource, d.Totals.FlaggedBySource}, {v, v.M.BySource, d.Totals.BySource},
		{v, v.M.ByLang, d.Totals.ByLang},
	} {
		mdCounts(&b, t)
	}
	fmt.Fprintf(&b, "\n---\n%s\n", md(v.Footer()))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write markdown report %s: %w", d.Date, err)
	}
	return nil
}

func mdOverview(b *strings.Builder, v *view) {
	c := v.D.Compare
	fmt.Fprintf(b, "\n## %s\n\n| | %s | %s | %s |\n|---|---:|---:|---:|\n", md(v.M.Overview), md(v.M.Day), md(v.M.Average), md(v.M.Change))
	for _, r := range []struct {
		label string
		ch    Change
	}{{v.M.Items, c.Items}, {v.M.FlaggedItems, c.Flagged}, {v.M.Stories, c.Stories}} {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", md(r.label), v.Num(r.ch.Day), v.Avg(r.ch.Average), v.Pct(r.ch.Percent))
	}
	fmt.Fprintf(b, "| %s | %s | | |\n", md(v.M.FlaggedStories), v.Num(v.D.Totals.FlaggedStories))
}

// mdVolume draws the two series as block-character sparklines.
func mdVolume(b *strings.Builder, v *view) {
	fmt.Fprintf(b, "\n## %s\n\n", md(v.M.Volume))
	if len(v.D.Volume) == 0 {
		fmt.Fprintf(b, "%s\n", md(v.M.NoData))
		return
	}
	peak := 0
	for _, d := range v.D.Volume {
		peak = max(peak, d.Items, d.Flagged)
	}
	width := max(utf8.RuneCountInString(v.M.Legend), utf8.RuneCountInString(v.M.LegendFlagged))
	b.WriteString("```\n")
	for _, s := range []struct {
		label string
		get   func(DayVolume) int
	}{{v.M.Legend, func(d DayVolume) int { return d.Items }}, {v.M.LegendFlagged, func(d DayVolume) int { return d.Flagged }}} {
		fmt.Fprintf(b, "%s%s  %s\n", s.label, strings.Repeat(" ", width-utf8.RuneCountInString(s.label)), spark(v.D.Volume, s.get, peak))
	}
	first, last := v.D.Volume[0].Date, v.D.Volume[len(v.D.Volume)-1].Date
	fmt.Fprintf(b, "%s  %s … %s (max %s)\n```\n", strings.Repeat(" ", width), v.M.date(first), v.M.date(last), v.Num(peak))
}

// spark is one character per day: a dot for none, else one of eight
// block heights relative to peak.
func spark(days []DayVolume, get func(DayVolume) int, peak int) string {
	blocks := []rune("▁▂▃▄▅▆▇█")
	var b strings.Builder
	for _, d := range days {
		n := get(d)
		if n <= 0 || peak <= 0 {
			b.WriteRune('·')
			continue
		}
		b.WriteRune(blocks[min((n*len(blocks)-1)/peak, len(blocks)-1)])
	}
	return b.String()
}

func mdStories(b *strings.Builder, v *view) {
	fmt.Fprintf(b, "\n## %s\n", md(v.M.NewStories))
	if len(v.D.NewStories) == 0 {
		fmt.Fprintf(b, "\n%s\n", md(v.M.NoNewStories))
	}
	for _, s := range v.D.NewStories {
		fmt.Fprintf(b, "\n### [%s: %s] %s\n\n", md(v.M.Severity), md(s.SeverityLabel), md(s.Title))
		if ref := v.Story(s.ID); ref != "" {
			fmt.Fprintf(b, "- %s\n", md(ref))
		}
		fmt.Fprintf(b, "- %s: %s · %s: %s\n", md(v.M.FirstFlagged), v.When(s.FirstFlagged), md(v.M.Status), md(v.Status(s.Status)))
		fmt.Fprintf(b, "- %s: %s\n- %s: %s\n", md(v.M.Outlets), md(v.Join(s.OutletNames)), md(v.M.Rules), md(v.Rules(s.Rules)))
		if s.ResponseHint != "" {
			fmt.Fprintf(b, "- **%s:** %s\n", md(v.M.Hint), md(s.ResponseHint))
		}
		b.WriteString("\n")
		for i, it := range s.Items {
			fmt.Fprintf(b, "%d. %s — %s; %s: %s; %s: %s\n", i+1, mdLink(it.Title, it.URL), md(it.SourceName),
				md(v.M.Published), v.When(it.Published), md(v.M.FirstSeen), v.When(it.FirstSeen))
			fmt.Fprintf(b, "   > %s\n\n   %s: %s\n", mdMarked(v.Marks(it.Snippet, it.MatchedTerms)), md(v.M.MatchedTerms), md(v.Join(it.MatchedTerms)))
		}
	}
}

func mdResponse(b *strings.Builder, v *view) {
	r := v.D.Response
	median, oldest := v.M.None, v.M.None
	if r.MedianTimeToAnswer != nil {
		median = r.MedianTimeToAnswer.Text
	}
	if o := r.OldestOpen; o != nil {
		oldest = fmt.Sprintf("%s (%s; %s)", md(o.Title), v.When(o.FirstFlagged), md(v.OpenFor(o.Open)))
		if ref := v.Story(o.ID); ref != "" {
			oldest = fmt.Sprintf("%s (%s; %s; %s)", md(o.Title), md(ref), v.When(o.FirstFlagged), md(v.OpenFor(o.Open)))
		}
	}
	fmt.Fprintf(b, "\n## %s\n\n- %s: %s\n- %s: %s\n- %s: %s\n- %s: %s\n", md(v.M.Response),
		md(v.M.Answered), v.Num(r.Answered), md(v.M.Median), md(median),
		md(v.M.StillOpen), v.Num(r.StillOpen), md(v.M.OldestOpen), oldest)
}

func mdFlagged(b *strings.Builder, v *view) {
	fmt.Fprintf(b, "\n## %s\n\n", md(v.M.AllFlagged))
	if len(v.D.Flagged) == 0 {
		fmt.Fprintf(b, "%s\n", md(v.M.NoFlagged))
		return
	}
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n", md(v.M.Severity), md(v.M.FirstFlagged),
		md(v.M.Source), md(v.M.ItemTitle), md(v.M.Rules), md(v.M.Status))
	for _, r := range v.D.Flagged {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", md(v.Sev(r.Severity)), v.When(r.FlaggedAt), md(r.SourceName),
			mdLink(r.Title, r.URL), md(v.Rules(r.Rules)), md(v.Status(r.Status)))
	}
}

func mdCounts(b *strings.Builder, t countTable) {
	fmt.Fprintf(b, "\n| %s | %s |\n|---|---:|\n", md(t.Heading), md(t.V.M.Count))
	if len(t.Counts) == 0 {
		fmt.Fprintf(b, "| %s | 0 |\n", md(t.V.M.None))
	}
	for _, c := range t.Counts {
		fmt.Fprintf(b, "| %s | %s |\n", md(t.V.Label(c)), t.V.Num(c.Count))
	}
}

// mdSpecial are the characters that would open Markdown syntax.
const mdSpecial = "\\`*[]()<>|~&"

// md escapes text for Markdown: line breaks become spaces, and every
// character that could open inline syntax is backslash-escaped. Text never
// starts a line (a heading, list or table marker always comes first), so
// line-start syntax such as # and + needs no escape.
func md(s string) string {
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x80 && strings.ContainsRune(mdSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '_' && !(wordRune(prev) && wordRune(nextRune(s[i+1:]))):
			b.WriteString("\\_")
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// wordRune reports whether r is a letter or digit: an underscore between
// two of them never starts emphasis, so it is left unescaped.
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func nextRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// mdLink links title to u when u is an http or https URL, else writes the
// title alone.
func mdLink(title, u string) string {
	p, err := url.Parse(u)
	if err != nil || !linkable(u) {
		return md(title)
	}
	dest := strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\\", "%5C", "\n", "", "\r", "").Replace(p.String())
	return fmt.Sprintf("[%s](<%s>)", md(title), dest)
}

// mdMarked writes a snippet with its matched terms in bold.
func mdMarked(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Mark {
			b.WriteString("**" + md(s.Text) + "**")
		} else {
			b.WriteString(md(s.Text))
		}
	}
	return b.String()
}
