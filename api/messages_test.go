package api

import (
	"net/http"
	"strings"
	"testing"

	"mediawatch"
)

func TestProblemsFollowAcceptLanguage(t *testing.T) {
	f := newRulesFixture(t, 0)
	get := func(path, lang string) (*http.Response, problemBody) {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[mediawatch.RoleViewer])
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		resp, body := do(t, f.srv.Client(), req)
		return resp, checkProblem(t, http.StatusBadRequest, resp.Header, resp.StatusCode, body)
	}
	// A query error: its position and a "did you mean", in either language.
	_, en := get("/api/v1/search?q=l%C5%A9+sourse%3Abaosonla", "")
	if en.Title != "Bad Request" || en.Detail != "validation failed" ||
		en.Errors[0].Message != `col 4: unknown field "sourse"; did you mean source:?` {
		t.Errorf("English (the default): %+v", en)
	}
	resp, vi := get("/api/v1/search?q=l%C5%A9+sourse%3Abaosonla", "vi-VN,vi;q=0.9,en;q=0.5")
	if vi.Title != "Yêu cầu không hợp lệ" || vi.Detail != "dữ liệu gửi lên không hợp lệ" ||
		vi.Errors[0].Message != `cột 4: không có trường "sourse"; có phải ý bạn là source:?` {
		t.Errorf("Vietnamese: %+v", vi)
	}
	if resp.Header.Get("Content-Language") != "vi" {
		t.Errorf("Content-Language %q", resp.Header.Get("Content-Language"))
	}
	_, lang := get("/api/v1/search?q=l%C5%A9+lang%3Aenglish", "vi")
	if !strings.Contains(lang.Errors[0].Message, "có phải ý bạn là lang:en?") {
		t.Errorf("lang:english in Vietnamese: %+v", lang)
	}
	// huma's own validation messages are translated too.
	_, page := get("/api/v1/search?q=l%C5%A9&page=0", "vi")
	if page.Errors[0].Message != "cần một số >= 1" {
		t.Errorf("huma's message in Vietnamese: %q", page.Errors[0].Message)
	}
	// Middleware problems: authentication.
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Accept-Language", "vi")
	resp, body := do(t, f.srv.Client(), req)
	p := checkProblem(t, http.StatusUnauthorized, resp.Header, resp.StatusCode, body)
	if p.Title != "Chưa xác thực" || !strings.Contains(p.Detail, "hãy gửi khoá API") {
		t.Errorf("401 in Vietnamese: %+v", p)
	}
}

// TestMessagesInBothLanguages: every sentence of the API's catalogue, and
// every title of a status the document lists, exists in both languages
// with the same verbs.
func TestMessagesInBothLanguages(t *testing.T) {
	en, vi := messages["en"], messages["vi"]
	if len(en) != len(vi) || len(en) != int(msgHumaUnknown) {
		t.Errorf("%d English, %d Vietnamese, %d keys", len(en), len(vi), msgHumaUnknown)
	}
	for k := msgServerFailed; k <= msgHumaUnknown; k++ {
		if en[k] == "" || vi[k] == "" {
			t.Errorf("key %d: en %q vi %q", k, en[k], vi[k])
		}
		if verbs(en[k]) != verbs(vi[k]) {
			t.Errorf("key %d: verbs differ: %q / %q", k, en[k], vi[k])
		}
	}
	for _, st := range append(append([]int{http.StatusConflict, http.StatusPreconditionFailed, http.StatusPreconditionRequired,
		http.StatusMethodNotAllowed, http.StatusBadRequest, http.StatusUnprocessableEntity}, everyOperation...), withBody...) {
		if statusTitles[st] == "" {
			t.Errorf("no Vietnamese title for %d", st)
		}
	}
	for en, vi := range humaVI {
		if verbs(*en) != verbs(vi) {
			t.Errorf("huma %q / %q: verbs differ", *en, vi)
		}
	}
}

func verbs(format string) string {
	var b strings.Builder
	for i := 0; i+1 < len(format); i++ {
		if format[i] == '%' {
			b.WriteByte(format[i+1])
			i++
		}
	}
	return b.String()
}
