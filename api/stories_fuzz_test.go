package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// FuzzStoryPatch sends an arbitrary If-Match header and JSON body, with an
// editor's key, as a review change of a stored story: the answer is never
// a 5xx and never a panic, every error is a problem, and a version read
// from If-Match is the one the header names. The same text read as
// Accept-Language chooses Vietnamese or English.
func FuzzStoryPatch(f *testing.F) {
	for _, seed := range [][2]string{
		{`"1"`, `{"status":"in_review","assignee":"Lan"}`},
		{"", `{"version":1,"status":"responded","response_url":"https://sonla.gov.vn/1"}`},
		{`W/"1"`, `{"note":"x"}`},
		{`"1", "2"`, `{"status":"new"}`},
		{"*", `{"version":-1}`},
		{`"99999999999999999999"`, `{"responded_at":"2026-13-40"}`},
		{`""`, `{"assignee":null,"status":null}`},
		{"\x00", `[]`},
	} {
		f.Add(seed[0], seed[1])
	}
	fx := newStoryFixture(f)
	fx.add(f, 0, "baosonla", "https://baosonla.vn/1", time.Hour, mediawatch.SeverityHigh, "vo-dap")
	auth := "Bearer " + fx.tokens["editor-key"]
	f.Fuzz(func(t *testing.T, ifMatch, body string) {
		if v, viaHeader, err := precondition(ifMatch, 0); err == nil && viaHeader && etag(v) != strings.TrimSpace(ifMatch) {
			t.Fatalf("If-Match %q read as version %d", ifMatch, v)
		}
		if lang := pickLang("", ifMatch); lang != "vi" && lang != "en" { // any header text as Accept-Language
			t.Fatalf("Accept-Language %q chose %q", ifMatch, lang)
		}
		req := httptest.NewRequest(http.MethodPatch, "/api/v1/stories/1", strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		req.Header.Set("Content-Type", "application/json")
		if ifMatch != "" {
			req.Header["If-Match"] = []string{ifMatch}
		}
		rec := httptest.NewRecorder()
		fx.h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("If-Match %q, body %q: status %d: %s", ifMatch, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && rec.Header().Get("Content-Type") != problemMediaType {
			t.Fatalf("status %d with Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
	})
}
