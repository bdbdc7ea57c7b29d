package web

import (
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/query"
)

// searchForm is the search page's parameters — the API's (q, from, to,
// source, lang, sort, cursor) and the page's own filters (rule, severity)
// — as typed, so the form shows them again and links keep them.
type searchForm struct {
	Q, From, To    string
	Sources, Langs []string
	Rule, Severity string
	Sort, Cursor   string
}

// Bounds of the search parameters: the API's.
const (
	maxQueryBytes  = 4096
	maxCursorBytes = 1024
	maxListValues  = 50
)

// ruleID is what a rule: filter takes from the form: a rule's slug.
var ruleID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// searchSorts are the orders the page offers, the first the default.
var searchSorts = []string{index.SortRelevance, index.SortNewest, index.SortOldest}

// severities are the values of the severity filter, lowest first.
var severities = []string{"low", "medium", "high", "critical"}

// decodeSearchForm reads the parameters of a search page URL. It never
// fails: what cannot be a value (a sort that does not exist, an overlong
// query, a rule id with spaces) is dropped or cut, and the dates are
// checked later by searchRequest, which can say what is wrong.
func decodeSearchForm(v url.Values) searchForm {
	f := searchForm{
		Q:       cleanText(v.Get("q"), 0, false),
		From:    cleanText(v.Get("from"), 40, false),
		To:      cleanText(v.Get("to"), 40, false),
		Sources: splitValues(v["source"]),
		Langs:   splitValues(v["lang"]),
		Rule:    strings.ToLower(cleanText(v.Get("rule"), 64, false)),
		// A severity out of the list is no filter rather than no hits.
		Severity: strings.ToLower(cleanText(v.Get("severity"), 20, false)),
		Sort:     v.Get("sort"),
		Cursor:   cleanText(v.Get("cursor"), 0, false),
	}
	if len(f.Q) > maxQueryBytes {
		f.Q = strings.ToValidUTF8(f.Q[:maxQueryBytes], "")
	}
	if len(f.Cursor) > maxCursorBytes {
		f.Cursor = ""
	}
	if !ruleID.MatchString(f.Rule) {
		f.Rule = ""
	}
	if !slices.Contains(severities, f.Severity) {
		f.Severity = ""
	}
	if !slices.Contains(searchSorts, f.Sort) {
		f.Sort = index.SortRelevance
	}
	return f
}

// splitValues accepts repeated and comma-separated values alike, as the
// API does, each cleaned and at most maxListValues of them.
func splitValues(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = cleanText(p, 100, false); p != "" && !slices.Contains(out, p) && len(out) < maxListValues {
				out = append(out, p)
			}
		}
	}
	return out
}

// values is the form as URL parameters, in the API's names; "" values
// are left out, and the cursor only when withCursor.
func (f searchForm) values(withCursor bool) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", f.Q)
	set("from", f.From)
	set("to", f.To)
	for _, s := range f.Sources {
		v.Add("source", s)
	}
	for _, l := range f.Langs {
		v.Add("lang", l)
	}
	set("rule", f.Rule)
	set("severity", f.Severity)
	if f.Sort != index.SortRelevance {
		set("sort", f.Sort)
	}
	if withCursor {
		set("cursor", f.Cursor)
	}
	return v
}

// url is the search page's URL for the form (the first page).
func (f searchForm) url() string {
	if q := f.values(false).Encode(); q != "" {
		return "/search?" + q
	}
	return "/search"
}

// searchProblem is why a search was not run: a query the parser refused
// (Query) or a date it could not read (Field and Key, a message key).
type searchProblem struct {
	Query *query.Error
	Field string // "from" or "to"
	Key   string
	Args  []any
}

// searchRequest turns the form into the desk's request. The query is
// parsed alone first, so that an error's column is the column in what the
// person typed; the page's rule and severity filters are then added to it
// as the query language's rule: and severity: fields.
func (f searchForm) searchRequest(loc *time.Location, size int) (desk.SearchRequest, *searchProblem) {
	req := desk.SearchRequest{Request: index.Request{Sources: f.Sources, Langs: f.Langs, Loc: loc,
		Sort: f.Sort, Size: size, After: f.Cursor, Facets: true}}
	q, err := query.Parse(f.Q)
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			return req, &searchProblem{Query: qe}
		}
		return req, &searchProblem{Key: "search.err.query"}
	}
	if f.Rule != "" || f.Severity != "" {
		full := "(" + f.Q + ")"
		if f.Rule != "" {
			full += " rule:" + f.Rule
		}
		if f.Severity != "" {
			full += " severity:" + f.Severity
		}
		if q, err = query.Parse(full); err != nil {
			return req, &searchProblem{Key: "search.err.query"}
		}
	}
	req.Query = q
	var p *searchProblem
	if req.From, p = dateOf(f.From, "from", loc, false); p != nil {
		return req, p
	}
	if req.To, p = dateOf(f.To, "to", loc, true); p != nil {
		return req, p
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, &searchProblem{Field: "to", Key: "search.err.order"}
	}
	return req, nil
}

// dateOf reads a from or to date; its refusal names the field.
func dateOf(s, field string, loc *time.Location, endOfDay bool) (time.Time, *searchProblem) {
	t, err := desk.ParseDate(s, loc, endOfDay)
	switch {
	case errors.Is(err, desk.ErrDateRange):
		return t, &searchProblem{Field: field, Key: "search.err.range", Args: []any{desk.MinDate, desk.MaxDate}}
	case err != nil:
		return t, &searchProblem{Field: field, Key: "search.err.date"}
	}
	return t, nil
}

// queryMarker is a refused query drawn for the page: the text before the
// mistake, the character at it (a space past the end), the rest, and a
// caret line pointing at the column.
type queryMarker struct {
	Before, At, After string
	Caret             string
}

func markQuery(q string, e *query.Error) queryMarker {
	pos := max(0, min(e.Pos, len(q)))
	m := queryMarker{Before: q[:pos], At: " "}
	if pos < len(q) {
		_, n := utf8.DecodeRuneInString(q[pos:])
		m.At, m.After = q[pos:pos+n], q[pos+n:]
	}
	m.Caret = strings.Repeat(" ", utf8.RuneCountInString(m.Before)) + "^"
	return m
}
