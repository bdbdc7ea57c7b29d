package web

import (
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzSearchForm feeds arbitrary query strings through the search page's
// decoding: decodeSearchForm, searchRequest and the error marker. The
// form is bounded and valid UTF-8, its own URL decodes back to it, and a
// refused query is drawn whole around its column.
func FuzzSearchForm(f *testing.F) {
	f.Add("q=%22S%C6%A1n+La%22&from=2026-11-01&to=2026-11-30&source=baosonla,vnexpress&lang=vi&sort=newest")
	f.Add("q=l%C5%A9+sourse%3Abaosonla&rule=lu-lut&severity=high&cursor=abc")
	f.Add("q=%28&from=9999-99-99&sort=%3Cscript%3E&rule=A+B&severity=urgent")
	f.Add("q=%E1%BB%A9%00%0A&source=%2C%2C&lang=&lang=en")
	loc := time.FixedZone("ICT", 7*3600)
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		form := decodeSearchForm(v)
		for _, s := range append([]string{form.Q, form.From, form.To, form.Rule, form.Severity, form.Cursor}, append(form.Sources, form.Langs...)...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		if len(form.Q) > maxQueryBytes || len(form.Cursor) > maxCursorBytes || len(form.Sources) > maxListValues ||
			!slices.Contains(searchSorts, form.Sort) || (form.Severity != "" && !slices.Contains(severities, form.Severity)) ||
			(form.Rule != "" && !ruleID.MatchString(form.Rule)) {
			t.Fatalf("form out of bounds: %+v", form)
		}
		if again := decodeSearchForm(form.values(true)); !reflect.DeepEqual(again, form) {
			t.Fatalf("the form's own URL decodes to %+v, not %+v", again, form)
		}
		if form.Q == "" {
			return
		}
		_, prob := form.searchRequest(loc, searchPageSize)
		if prob != nil && prob.Query != nil {
			m := markQuery(form.Q, prob.Query)
			whole := m.Before + m.At + m.After
			if whole != form.Q && whole != form.Q+" " {
				t.Fatalf("marker %+v does not redraw %q", m, form.Q)
			}
		}
	})
}
