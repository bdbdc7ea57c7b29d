package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// fixedNow is the tests' clock: 6 Dec 2026 00:05 UTC, 07:05 in Hanoi.
var fixedNow = time.Date(2026, 12, 6, 0, 5, 0, 0, time.UTC)

// testSite is a web server over fakeAccounts with people of each role.
type testSite struct {
	srv *httptest.Server
	acc *fakeAccounts
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	acc := newFakeAccounts(func() time.Time { return fixedNow })
	acc.add("lan", "mật-khẩu-đúng", mediawatch.RoleViewer, "vi")
	acc.add("minh", "editor-pass", mediawatch.RoleEditor, "en")
	acc.add("admin", "admin-pass", mediawatch.RoleAdmin, "vi")
	s := New(Deps{Accounts: acc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		Options{Now: func() time.Time { return fixedNow }, Office: "Sở TT&TT Sơn La"})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &testSite{srv: srv, acc: acc}
}

// browser is a client with a cookie jar that does not follow redirects.
type browser struct {
	t    *testing.T
	site *testSite
	c    *http.Client
}

func (ts *testSite) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, site: ts, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type answer struct {
	*http.Response
	body string
}

func (b *browser) do(req *http.Request) answer {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return answer{res, string(body)}
}

func (b *browser) get(path string, hdr ...string) answer {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.site.srv.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) answer {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.site.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([0-9A-Za-z_-]+)"`) // hex in the fakes, base64url from desk.People

// csrf reads the token of the forms on page path.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	a := b.get(path)
	m := csrfRE.FindStringSubmatch(a.body)
	if m == nil {
		b.t.Fatalf("no csrf field on %s (%d): %s", path, a.StatusCode, a.body)
	}
	return m[1]
}

// signIn signs in as name and returns the session's CSRF token.
func (b *browser) signIn(name, password string) string {
	b.t.Helper()
	a := b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "name": {name}, "password": {password}})
	if a.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign-in as %s: %d %s", name, a.StatusCode, a.body)
	}
	return b.csrf("/account")
}

func wantStatus(t *testing.T, a answer, code int) {
	t.Helper()
	if a.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d; body: %.400s", a.Request.Method, a.Request.URL.Path, a.StatusCode, code, a.body)
	}
}

func wantBody(t *testing.T, a answer, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(a.body, p) {
			t.Errorf("%s %s: body lacks %q; body: %.600s", a.Request.Method, a.Request.URL.Path, p, a.body)
		}
	}
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	for _, p := range []string{"/login", "/nowhere", "/", "/account"} {
		a := b.get(p)
		h := a.Header
		if h.Get("Content-Security-Policy") != contentSecurityPolicy || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" ||
			h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestHomeRedirects(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	a := b.get("/")
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/login" {
		t.Fatalf("anonymous / goes to %q", a.Header.Get("Location"))
	}
	b.signIn("lan", "mật-khẩu-đúng")
	a = b.get("/")
	if a.Header.Get("Location") != "/search" {
		t.Fatalf("signed-in / goes to %q", a.Header.Get("Location"))
	}
}

func TestSignInAndOut(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	a := b.get("/login")
	wantStatus(t, a, 200)
	wantBody(t, a, `<html lang="vi">`, "Tên đăng nhập", "Sở TT&amp;TT Sơn La")
	for _, c := range a.Cookies() {
		if c.Name == csrfCookie && (!c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/") {
			t.Errorf("csrf cookie %+v", c)
		}
	}
	tok := b.csrf("/login")
	a = b.post("/login", url.Values{"csrf": {tok}, "name": {"lan"}, "password": {"mật-khẩu-đúng"}, "next": {"/account?x=1"}})
	wantStatus(t, a, http.StatusSeeOther)
	if a.Header.Get("Location") != "/account?x=1" {
		t.Fatalf("after sign-in: %q", a.Header.Get("Location"))
	}
	var sess *http.Cookie
	for _, c := range a.Cookies() {
		if c.Name == sessionCookie {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.Secure {
		t.Fatalf("session cookie %+v", sess)
	}
	a = b.get("/account")
	wantStatus(t, a, 200)
	wantBody(t, a, "Tài khoản của tôi", `data-person="lan"`, "06/12/2026 07:05", `action="/logout"`)

	csrf := b.csrf("/account")
	a = b.post("/logout", url.Values{"csrf": {csrf}})
	wantStatus(t, a, http.StatusSeeOther)
	a = b.get("/login")
	wantBody(t, a, "Bạn đã đăng xuất.")
	a = b.get("/account")
	wantStatus(t, a, http.StatusSeeOther)
	if len(ts.acc.sessions) != 0 {
		t.Fatalf("sessions left: %v", ts.acc.sessions)
	}
}

func TestLoginErrors(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	tok := b.csrf("/login")
	a := b.post("/login", url.Values{"csrf": {tok}, "name": {"nobody"}, "password": {"x"}})
	wantStatus(t, a, http.StatusUnauthorized)
	wantBody(t, a, "Sai tên đăng nhập hoặc mật khẩu.", `value="nobody"`)
	for i := 0; i < 2; i++ {
		a = b.post("/login", url.Values{"csrf": {tok}, "name": {"minh"}, "password": {"wrong"}})
		wantStatus(t, a, http.StatusUnauthorized)
	}
	a = b.post("/login", url.Values{"csrf": {tok}, "name": {"minh"}, "password": {"wrong"}})
	wantStatus(t, a, http.StatusTooManyRequests)
	wantBody(t, a, "Thử lại sau 07:20.")
	a = b.post("/login", url.Values{"name": {"minh"}, "password": {"editor-pass"}})
	wantStatus(t, a, http.StatusForbidden)
	wantBody(t, a, "thiếu mã bảo mật")
	a = b.post("/login", url.Values{"csrf": {tok}, "name": {""}, "password": {""}})
	wantStatus(t, a, http.StatusUnprocessableEntity)
}

func TestLoginNotConfigured(t *testing.T) {
	s := New(Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, Options{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := (&testSite{srv: srv}).browser(t)
	a := b.get("/login", "Accept-Language", "en-GB,en;q=0.9")
	wantStatus(t, a, 200)
	wantBody(t, a, "Sign-in is not configured on this server.", "disabled")
	wantStatus(t, b.get("/account"), http.StatusSeeOther)
}

func TestNextOpenRedirectRefused(t *testing.T) {
	ts := newTestSite(t)
	for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
		"/%2F%2Fevil", "\\\\evil", "/ok\r\nSet-Cookie: x=1"} {
		b := ts.browser(t)
		a := b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "name": {"lan"}, "password": {"mật-khẩu-đúng"}, "next": {next}})
		loc := a.Header.Get("Location")
		if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
			t.Errorf("next=%q sent to %q", next, loc)
		}
	}
	b := ts.browser(t)
	a := b.get("/account?tab=1")
	if a.Header.Get("Location") != "/login?next=%2Faccount%3Ftab%3D1" {
		t.Fatalf("guard sends to %q", a.Header.Get("Location"))
	}
}

func TestCSRFRefused(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	csrf := b.signIn("minh", "editor-pass")
	a := b.post("/account/prefs", url.Values{"lang": {"vi"}, "tz": {"UTC"}})
	wantStatus(t, a, http.StatusForbidden)
	wantBody(t, a, "security token was missing or wrong")
	a = b.post("/logout", url.Values{"csrf": {"0" + csrf[1:]}})
	wantStatus(t, a, http.StatusForbidden)
	// The header works instead of the field.
	req, _ := http.NewRequest(http.MethodPost, ts.srv.URL+"/account/prefs", strings.NewReader("lang=en&tz=UTC"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", csrf)
	wantStatus(t, b.do(req), http.StatusSeeOther)
	// Anonymous: the double-submit cookie must match.
	anon := ts.browser(t)
	wantStatus(t, anon.post("/lang", url.Values{"lang": {"en"}, "csrf": {"abc"}}), http.StatusForbidden)
}

func TestErrorPages(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	a := b.get("/nowhere")
	wantStatus(t, a, 404)
	wantBody(t, a, "Không tìm thấy trang")
	wantBody(t, b.get("/nowhere", "Accept-Language", "en"), "Page not found")
	wantStatus(t, b.do(mustReq(http.MethodPut, ts.srv.URL+"/login")), http.StatusMethodNotAllowed)
	wantStatus(t, b.get("/static/abc/missing.css"), 404)
	wantStatus(t, b.do(mustReq(http.MethodHead, ts.srv.URL+"/login")), 200)
}

// loadPersonChain wraps h in the middleware routes() puts before every page.
func (s *Server) loadPersonChain(h http.Handler) http.Handler {
	return s.requestID(s.recoverer(securityHeaders(s.loadPerson(s.checkCSRF(h)))))
}

func mustReq(method, u string) *http.Request {
	r, _ := http.NewRequest(method, u, nil)
	return r
}

func TestStaticFiles(t *testing.T) {
	ts := newTestSite(t)
	b := ts.browser(t)
	page := b.get("/login")
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/style\.css)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no stylesheet link: %s", page.body)
	}
	a := b.get(m[1])
	wantStatus(t, a, 200)
	if a.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || a.Header.Get("ETag") == "" ||
		!strings.HasPrefix(a.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("static headers %v", a.Header)
	}
	wantStatus(t, b.get(m[1], "If-None-Match", a.Header.Get("ETag")), http.StatusNotModified)
	old := b.get("/static/000000000000/style.css")
	if old.StatusCode != 200 || old.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("old hash: %d %v", old.StatusCode, old.Header)
	}
	if !strings.Contains(page.body, `src="/static/`) {
		t.Fatal("no script link")
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	entries, _ := templateFS.ReadDir("templates")
	bad := regexp.MustCompile(`(?i)<script>|<script [^>]*>[^<]|<style|\sstyle=|\son[a-z]+=|javascript:`)
	for _, e := range entries {
		b, _ := templateFS.ReadFile("templates/" + e.Name())
		if loc := bad.FindIndex(b); loc != nil {
			t.Errorf("%s: inline script or style: %q", e.Name(), b[loc[0]:loc[1]])
		}
	}
}
