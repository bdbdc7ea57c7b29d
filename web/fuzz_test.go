package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// FuzzFormInput feeds arbitrary form bodies and next= values through the
// parsing every page uses: formField, formSecret, localPath and newPager.
func FuzzFormInput(f *testing.F) {
	f.Add("name=lan&password=x&next=%2Faccount", "/account")
	f.Add("name=%E1%BB%A9+%00%0A&next=%2F%2Fevil", "//evil.example")
	f.Add("next=%5C%5Cevil&page=-3", "/\\evil")
	f.Fuzz(func(t *testing.T, body, next string) {
		r := httptest.NewRequest(http.MethodPost, "/login?page="+url.QueryEscape(next), strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		name := formField(r, "name", 200, false)
		if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 200 || strings.ContainsAny(name, "\x00\r\n") {
			t.Fatalf("formField gave %q", name)
		}
		_ = formSecret(r, "password")
		for _, n := range []string{next, formField(r, "next", 2000, false)} {
			if p := localPath(n); p != "" {
				u, err := url.Parse(p)
				if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(p, "/") ||
					strings.HasPrefix(p, "//") || strings.Contains(p, "\\") {
					t.Fatalf("localPath(%q) = %q", n, p)
				}
			}
		}
		pg := newPager(r.URL, 1000, 20)
		if pg.Page < 1 || pg.Page > pg.Pages() || pg.Offset() < 0 {
			t.Fatalf("pager %+v", pg)
		}
	})
}
