package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"mediawatch/desk"
)

// FuzzRuleForm feeds arbitrary bodies through the rule form's decoding and
// the desk's validation: no panic, every field bounded and clean, and a
// rule is either refused with its problems by field or reads back from the
// YAML the page would write exactly as submitted (CheckRule says so with a
// plain error otherwise).
func FuzzRuleForm(f *testing.F) {
	f.Add("id=dam&name_vi=V%E1%BB%A1+%C4%91%E1%BA%ADp&name_en=Dam&query=%22v%E1%BB%A1+%C4%91%E1%BA%ADp%22&severity=high&enabled=on")
	f.Add("id=x&name_vi=a&name_en=b&query=a+AND&severity=urgent&languages=vn%2C+EN&sources=%2C%2C")
	f.Add("id=a&name_vi=%22%3A+%23&name_en=-+%5B&query=yes&severity=low&response_hint=%7C%0A++x%0D%0A%23+no&description=%E2%80%A8")
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/rules/new", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		form := decodeRuleForm(r)
		for _, v := range []string{form.ID, form.NameVI, form.NameEN, form.Query, form.Severity, form.Category,
			form.Languages, form.Sources, form.Owner, form.Base} {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r\n") || utf8.RuneCountInString(v) > ruleTextMax {
				t.Fatalf("field %q", v)
			}
		}
		_, err := desk.CheckRule(form.rule())
		var re *desk.RuleEditError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("rule %+v: %v", form, err)
		}
	})
}
