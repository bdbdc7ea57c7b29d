package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"mediawatch"
)

// FuzzAPIInput sends an arbitrary path segment and query string, with a
// valid viewer key, to every authenticated route shape: the answer is never
// a 5xx and never a panic, and every error is a problem.
func FuzzAPIInput(f *testing.F) {
	for _, seed := range [][2]string{
		{"1", ""},
		{"abc", "q=S%C6%A1n+La&size=1000"},
		{"-1", "page=-1&sort=%zz"},
		{"99999999999999999999", ";;&&=="},
		{"../..", "x=%00"},
		{"", ""},
		{"1", "q=l%C5%A9&to=9999-12-31"},
		{"search", "q=sourse%3Ax&from=0001-01-01"},
	} {
		f.Add(seed[0], seed[1])
	}
	fx := newFixture(f, Options{RatePerSecond: -1})
	auth := "Bearer " + fx.tokens[mediawatch.RoleViewer]
	h := validated(f, fx.s, fx.s.Handler())
	f.Fuzz(func(t *testing.T, segment, query string) {
		for _, u := range []*url.URL{
			{Path: "/api/v1/items/" + segment, RawQuery: query},
			{Path: "/api/v1/" + segment, RawQuery: query},
			{Path: "/api/v1/me", RawQuery: query},
			{Path: "/" + segment, RawQuery: query},
		} {
			req := &http.Request{
				Method: http.MethodGet, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{"Authorization": {auth}}, Host: "example.test",
				RemoteAddr: "192.0.2.1:1234", RequestURI: u.RequestURI(),
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s: status %d: %s", u, rec.Code, rec.Body)
			}
			if rec.Code >= 400 && rec.Header().Get("Content-Type") != problemMediaType {
				t.Fatalf("%s: status %d with Content-Type %q", u, rec.Code, rec.Header().Get("Content-Type"))
			}
		}
	})
}
