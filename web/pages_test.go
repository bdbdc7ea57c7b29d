package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

func TestLanguageSwitch(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	a := b.post("/lang", url.Values{"csrf": {b.csrf("/login?next=/account")}, "lang": {"en"}, "back": {"/login?next=/account"}})
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/login?next=/account" {
		t.Fatalf("switch returns to %q", a.Header.Get("Location"))
	}
	wantBody(t, b.get("/login"), `<html lang="en">`, "User name")
	// Accept-Language decides without a cookie.
	wantBody(t, ts.browser(t).get("/login", "Accept-Language", "en-US"), `<html lang="en">`)
	wantBody(t, ts.browser(t).get("/login", "Accept-Language", "fr"), `<html lang="vi">`)
	// Signed in, the choice is the person's preference.
	csrf := b.signIn("lan", "mật-khẩu-đúng")
	wantBody(t, b.get("/account"), `<html lang="vi">`)
	wantStatus(t, b.post("/lang", url.Values{"csrf": {csrf}, "lang": {"en"}, "back": {"https://evil/"}}), http.StatusSeeOther)
	if len(ts.acc.prefs) != 1 || ts.acc.prefs[0] != "1 en " {
		t.Fatalf("prefs %v", ts.acc.prefs)
	}
	wantBody(t, b.get("/account"), `<html lang="en">`, "6 Dec 2026, 07:05")
	wantStatus(t, b.post("/lang", url.Values{"csrf": {csrf}, "lang": {"fr"}}), http.StatusBadRequest)
}

func TestAccountForms(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	csrf := b.signIn("minh", "editor-pass")
	a := b.post("/account/prefs", url.Values{"csrf": {csrf}, "lang": {"vi"}, "tz": {"Europe/London"}})
	wantStatus(t, a, http.StatusSeeOther)
	wantBody(t, b.get("/account"), "Đã lưu lựa chọn của bạn.", "06/12/2026 00:05", `value="Europe/London" selected`)
	wantStatus(t, b.post("/account/prefs", url.Values{"csrf": {csrf}, "lang": {"vi"}, "tz": {"Mars/Base"}}), http.StatusUnprocessableEntity)
	a = b.post("/account/password", url.Values{"csrf": {csrf}, "old": {"nope"}, "new": {"new-pass-1"}, "again": {"new-pass-1"}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
	wantBody(t, a, "Mật khẩu hiện tại không đúng.")
	a = b.post("/account/password", url.Values{"csrf": {csrf}, "old": {"editor-pass"}, "new": {"a"}, "again": {"b"}})
	wantBody(t, a, "không khớp")
	a = b.post("/account/password", url.Values{"csrf": {csrf}, "old": {"editor-pass"}, "new": {"short"}, "again": {"short"}})
	wantBody(t, a, "quá ngắn")
	a = b.post("/account/password", url.Values{"csrf": {csrf}, "old": {"editor-pass"}, "new": {"new-pass-1"}, "again": {"new-pass-1"}})
	wantStatus(t, a, http.StatusSeeOther)
	// Every old session ended with the old password; this person stays
	// signed in on a new one.
	a = b.get("/account")
	wantStatus(t, a, http.StatusOK)
	wantBody(t, a, "Đã đổi mật khẩu.")
}

func TestRoleGuardAndPanic(t *testing.T) {
	acc := newFakeAccounts(time.Now)
	acc.add("lan", "pw-lan-123", mediawatch.RoleViewer, "en")
	acc.add("boss", "pw-boss-123", mediawatch.RoleAdmin, "en")
	var logBuf strings.Builder
	s := New(Deps{Accounts: acc, Logger: slog.New(slog.NewTextHandler(&logBuf, nil))}, Options{})
	// A page behind the admin guard, and one that panics, on the same chain.
	mux := http.NewServeMux()
	mux.Handle("/admin-only", s.loadPersonChain(s.requireRole(mediawatch.RoleAdmin)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "secret")
	}))))
	mux.Handle("/boom", s.loadPersonChain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("kaboom at /boom") })))
	mux.Handle("/", s.Handler())
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ts := &testSite{srv: srv, acc: acc}
	b := ts.browser(t)
	b.signIn("lan", "pw-lan-123")
	a := b.get("/admin-only")
	wantStatus(t, a, 403)
	wantBody(t, a, "Access denied")
	if strings.Contains(a.body, "secret") {
		t.Fatal("guard let a viewer through")
	}
	a = b.get("/boom")
	wantStatus(t, a, 500)
	id := a.Header.Get("X-Request-Id")
	wantBody(t, a, "mã yêu cầu "+id) // the recoverer runs before the person is known
	if strings.Contains(a.body, "kaboom") || strings.Contains(a.body, "goroutine") {
		t.Fatal("500 page shows the panic")
	}
	if !strings.Contains(logBuf.String(), "request_id="+id) || !strings.Contains(logBuf.String(), "kaboom") {
		t.Fatalf("log: %s", logBuf.String())
	}
	boss := ts.browser(t)
	boss.signIn("boss", "pw-boss-123")
	wantBody(t, boss.get("/admin-only"), "secret")
}

func TestEscaping(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	evil := `<script>alert("x")</script>`
	a := b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "name": {evil}, "password": {"x"}})
	if strings.Contains(a.body, "<script>alert") {
		t.Fatal("name not escaped")
	}
	wantBody(t, a, "&lt;script&gt;")
	if crawledURL("javascript:alert(1)") != "" || crawledURL("ftp://x/") != "" || crawledURL("https:///nohost") != "" {
		t.Fatal("crawledURL let a bad scheme through")
	}
	if crawledURL(" https://baosonla.vn/a?b=1 ") != "https://baosonla.vn/a?b=1" {
		t.Fatal("crawledURL refused a good URL")
	}
}

func TestSecureCookies(t *testing.T) {
	acc := newFakeAccounts(time.Now)
	acc.add("lan", "pw-lan-123", mediawatch.RoleViewer, "vi")
	s := New(Deps{Accounts: acc}, Options{Secure: true})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := (&testSite{srv: srv, acc: acc}).browser(t)
	// The jar keeps Secure cookies only for https, so carry the token by hand.
	a := b.get("/login")
	var csrf *http.Cookie
	for _, c := range a.Cookies() {
		if c.Name == csrfCookie {
			csrf = c
		}
	}
	if csrf == nil || !csrf.Secure {
		t.Fatalf("csrf cookie %+v", csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/login",
		strings.NewReader(url.Values{"csrf": {csrf.Value}, "name": {"lan"}, "password": {"pw-lan-123"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: csrf.Value})
	a = b.do(req)
	wantStatus(t, a, http.StatusSeeOther)
	for _, c := range a.Cookies() {
		if c.Name == sessionCookie && (!c.Secure || !c.HttpOnly) {
			t.Fatalf("session cookie %+v", c)
		}
	}
}

func TestExpiredSessionPost(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	csrf := b.signIn("lan", "mật-khẩu-đúng")
	ts.acc.mu.Lock()
	clear(ts.acc.sessions)
	ts.acc.mu.Unlock()
	a := b.post("/account/prefs", url.Values{"csrf": {csrf}, "lang": {"en"}, "tz": {"UTC"}})
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/login" {
		t.Fatalf("expired post goes to %q", a.Header.Get("Location"))
	}
	wantBody(t, b.get("/login"), "Phiên làm việc đã hết hạn.")
	if len(ts.acc.prefs) != 0 {
		t.Fatal("prefs saved without a session")
	}
}
