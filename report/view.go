package report

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"mediawatch"
)

// view is what the HTML and Markdown templates read: the report and its
// language, with the formatting both need.
type view struct {
	D    *Daily
	M    *messages
	mode Mode
	cid  string // ForMail: the Content-ID of the chart's PNG part
}

func newView(d *Daily) *view { return &view{D: d, M: catalog(d.Lang)} }

// A is the look of an element: classes for the web, a style attribute
// for mail (see styles).
func (v *view) A(names ...string) template.HTMLAttr { return v.attr(names...) }

// Mail reports whether the body is rendered for an e-mail client.
func (v *view) Mail() bool { return v.mode == ForMail }

// ChartSrc is the chart image's address in the mail: its part's cid.
func (v *view) ChartSrc() template.URL { return template.URL("cid:" + v.cid) }

// LongDate is the report's day with its weekday, in words.
func (v *view) LongDate() string { return v.M.longDate(v.D.Date) }

// ChartAlt is the chart image's text alternative.
func (v *view) ChartAlt() string { return chartDesc(v.D.Volume, v.M) }

// Day is a volume day's date as the chart's table shows it.
func (v *view) Day(date string) string { return v.M.date(date) }

// Title is the report's heading.
func (v *view) Title() string { return fmt.Sprintf(v.M.Title, v.M.date(v.D.Date)) }

// Num writes a count.
func (v *view) Num(n int) string { return v.M.num(n) }

// Avg writes a previous-days average.
func (v *view) Avg(f float64) string { return v.M.dec(f, 1) }

// Pct writes a change in percent.
func (v *view) Pct(p *float64) string { return v.M.pct(p) }

// When writes a time with its date.
func (v *view) When(t time.Time) string { return v.M.when(t) }

// Sev names a severity.
func (v *view) Sev(s mediawatch.Severity) string { return v.M.severity(s) }

// SevClass is the style name of a severity badge; always one of four.
func (v *view) SevClass(s mediawatch.Severity) string {
	if s.Valid() {
		return "sev-" + string(s)
	}
	return "sev-low"
}

// Edge is the style name of a story's severity edge; always one of four.
func (v *view) Edge(s mediawatch.Severity) string {
	return "edge-" + strings.TrimPrefix(v.SevClass(s), "sev-")
}

// Status names a review status.
func (v *view) Status(s mediawatch.FlagStatus) string { return v.M.status(s) }

// Rules names rules, joined.
func (v *view) Rules(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id
		if n := v.D.RuleNames[id]; n != "" {
			names[i] = n
		}
	}
	return strings.Join(names, ", ")
}

// Linkable reports whether a crawled URL may be a link: http or https
// with a host. Anything else is shown as plain text, never as a link.
func (v *view) Linkable(u string) bool { return linkable(u) }

func linkable(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// Join lists strings with commas.
func (v *view) Join(s []string) string { return strings.Join(s, ", ") }

// Label is a count's line label.
func (v *view) Label(c Count) string {
	if c.Label != "" {
		return c.Label
	}
	if c.Key == "" {
		return v.M.Unknown
	}
	return c.Key
}

// Story is "Story 42" or, for an item no story holds, "".
func (v *view) Story(id int64) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("%s #%d", v.M.Story, id)
}

// OpenFor says how long the oldest open story has waited.
func (v *view) OpenFor(e Elapsed) string { return fmt.Sprintf(v.M.OpenFor, e.Text) }

// Footer is the closing note.
func (v *view) Footer() string { return fmt.Sprintf(v.M.Footer, v.D.Zone) }

// Chart is the volume chart, built here from numbers and our own labels.
func (v *view) Chart() template.HTML { return template.HTML(Chart(v.D.Volume, v.D.Lang)) }

// Province is the header's province line, "" when none is configured.
func (v *view) Province() string {
	if v.D.Office.Province == "" {
		return ""
	}
	return fmt.Sprintf(v.M.Province, v.D.Office.Province)
}

// segment is a piece of a snippet, marked when it is a matched term.
type segment struct {
	Text string
	Mark bool
}

// Marks cuts a snippet into plain and matched pieces: every occurrence of
// a matched term, earliest first and longest first where two start
// together, without overlaps.
func (v *view) Marks(snippet string, terms []string) []segment {
	var out []segment
	plain := 0
	for i := 0; i < len(snippet); {
		best := ""
		for _, t := range terms {
			if t != "" && len(t) > len(best) && strings.HasPrefix(snippet[i:], t) {
				best = t
			}
		}
		if best == "" {
			i++
			continue
		}
		if plain < i {
			out = append(out, segment{Text: snippet[plain:i]})
		}
		out = append(out, segment{Text: best, Mark: true})
		i += len(best)
		plain = i
	}
	if plain < len(snippet) {
		out = append(out, segment{Text: snippet[plain:]})
	}
	return out
}
