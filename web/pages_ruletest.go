package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/query"
)

// The test page is a GET form: testing writes nothing, so it needs no
// CSRF token, and its address (/rules/test?q=…&lang=…&source=…&since=…)
// can be bookmarked and sent to a colleague, like a search.

// ruleTestData is the test page's Data.
type ruleTestData struct {
	Q, Langs, Sources, Since string // as typed
	Ran                      bool   // a query was given and tested
	Result                   desk.RuleTest
	Chart                    dayChart
	Samples                  []ruleSampleView
	QueryErr                 *queryErrView // the query's error at its column
	ErrKey                   string        // another refusal, a message key
	ErrDetail                string        // its detail from the rules engine (English)
}

// queryErrView shows a query error at its column: the query cut around
// the character the error is at, and the message in the page's language.
type queryErrView struct {
	Before, At, After string
	Msg               string
}

// ruleSampleView is one matched item with the desk's highlights.
type ruleSampleView struct {
	desk.RuleSample
	// Title and Snippet are desk.RuleSample's TitleHTML and Snippet: desk
	// escaped the crawled text itself (html.EscapeString) and added only
	// <mark> elements around the matches, so they may go into the page as
	// HTML. Nothing else crawled is ever marked as template.HTML.
	Title, Snippet template.HTML
}

// testURL is the test page for rule r's query and filters.
func testURL(r mediawatch.Rule) string {
	v := url.Values{"q": {r.Query}}
	if len(r.Languages) > 0 {
		v.Set("lang", strings.Join(r.Languages, ", "))
	}
	if len(r.Sources) > 0 {
		v.Set("source", strings.Join(r.Sources, ", "))
	}
	return "/rules/test?" + v.Encode()
}

// listField splits "vi, en" or "vi en" into its entries.
func listField(s string) []string {
	return strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' })
}

func (s *Server) ruleTestPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := ruleTestData{Q: cleanText(q.Get("q"), 4000, false), Langs: cleanText(q.Get("lang"), 200, false),
		Sources: cleanText(q.Get("source"), 2000, false), Since: cleanText(q.Get("since"), 40, false)}
	p := page{Title: "ruletest.title", Nav: "rules", Data: &data}
	if data.Q == "" {
		s.render(w, r, "rule-test", p)
		return
	}
	d := s.deps.Desk
	since, err := desk.ParseDate(data.Since, d.Location(), false)
	if err != nil {
		data.ErrKey = "ruletest.baddate"
		p.Status = http.StatusUnprocessableEntity
		s.render(w, r, "rule-test", p)
		return
	}
	rule := mediawatch.Rule{ID: "test", Query: data.Q, Languages: listField(strings.ToLower(data.Langs)),
		Sources: listField(data.Sources)}
	res, err := d.TestRuleQuery(r.Context(), rule, since)
	if err != nil {
		var qe *query.Error
		if !errors.As(err, &qe) && !errors.Is(err, mediawatch.ErrInvalid) {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		if qe != nil {
			data.QueryErr = newQueryErrView(data.Q, qe, langOf(r))
		} else {
			data.ErrKey, data.ErrDetail = "ruletest.invalid", err.Error() // rule:/severity: in a rule …
		}
		p.Status = http.StatusUnprocessableEntity
		s.render(w, r, "rule-test", p)
		return
	}
	data.Ran, data.Result = true, res
	pg := &page{Lang: langOf(r)}
	data.Chart = newDayChart(res.PerDay, pg.Num, func(day string) string { return dayLabel(pg.Lang, day) },
		pg.T("ruletest.chart.desc", pg.Num(res.Matched), len(res.PerDay)))
	for _, sm := range res.Samples {
		data.Samples = append(data.Samples, ruleSampleView{RuleSample: sm,
			Title: template.HTML(sm.TitleHTML), Snippet: template.HTML(sm.Snippet)}) // escaped by desk, see ruleSampleView
	}
	s.render(w, r, "rule-test", p)
}

// newQueryErrView cuts q around the error's byte offset.
func newQueryErrView(q string, qe *query.Error, lang string) *queryErrView {
	pos := max(0, min(qe.Pos, len(q)))
	v := &queryErrView{Before: q[:pos], Msg: qe.Message(lang)}
	if pos < len(q) {
		_, size := utf8.DecodeRuneInString(q[pos:])
		v.At, v.After = q[pos:pos+size], q[pos+size:]
	}
	return v
}
