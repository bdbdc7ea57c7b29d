package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"

	"mediawatch"
)

// consoleProblems collects what a page writes to the console as an error
// (a CSP refusal is one), and every uncaught exception.
type consoleProblems struct {
	mu   sync.Mutex
	list []string
}

func watchConsole(t *testing.T, ctx context.Context) *consoleProblems {
	t.Helper()
	c := &consoleProblems{}
	err := chromedp.Listen(ctx, func(ev any) {
		var s string
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				s = "console.error"
				for _, a := range e.Args {
					s += fmt.Sprintf(" %s%s", a.Value, a.Description)
				}
			}
		case *runtime.EventExceptionThrown:
			s = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				s += " " + e.ExceptionDetails.Exception.Description
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				s = fmt.Sprintf("%s error: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL)
			}
		}
		if s != "" {
			c.mu.Lock()
			c.list = append(c.list, s)
			c.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// take returns the problems since the last call and forgets them.
func (c *consoleProblems) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.list
	c.list = nil
	return l
}

// sweepSamples are pages of routes with parameters that no link reaches
// in the fixture (a day's report is linked only once it is kept; any day
// can be opened from the box). sweepSkip are routes that are downloads,
// not pages.
var (
	sweepSamples = map[string]string{"/reports/{date}": "/reports/2026-12-05"}
	sweepSkip    = map[string]bool{"/reports/{date}/{format}": true, "/search/export": true}
)

// sweepRoutes lists the GET routes of the pages: plain paths to visit as
// they are, and patterns with {parameters}, visited through the first
// link of a page that matches them. Static files and "/" (a redirect) are
// not pages.
func sweepRoutes(t *testing.T, s *Server) (plain []string, patterns map[string]*regexp.Regexp) {
	t.Helper()
	patterns = map[string]*regexp.Regexp{}
	param := regexp.MustCompile(`\{[^}]*\}`)
	err := chi.Walk(s.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.TrimSuffix(route, "/*")
		if method != "GET" || route == "/" || route == "/favicon.ico" || strings.HasPrefix(route, "/static/") {
			return nil
		}
		if sweepSkip[route] {
			return nil
		}
		if !strings.Contains(route, "{") {
			plain = append(plain, route)
			return nil
		}
		parts := param.Split(route, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		patterns[route] = regexp.MustCompile(`^` + strings.Join(parts, `[^/?#]+`) + `(\?.*)?$`)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(plain)
	return plain, patterns
}

// TestBrowserEveryPage signs in as the admin and visits every page the
// web face has — the plain routes, and one page of each route with
// parameters found through the links — in Vietnamese and in English: no
// serious or critical axe violation, no console error or CSP refusal, and
// at 360 px no sideways scroll. It saves the admin pages' screenshots for
// README with MEDIAWATCH_SCREENSHOTS=1.
func TestBrowserEveryPage(t *testing.T) {
	ctx := newBrowser(t)
	site := newAdminSite(t)
	base := site.srv.URL
	bg := context.Background()
	// Something on every admin page: a key of each state, a disabled
	// person, a stranger's hostile sign-in in the log.
	cli := mediawatch.Actor{Kind: mediawatch.ActorCLI, Name: "root", Role: mediawatch.RoleAdmin}
	adm := site.web.deps.Admin
	if _, _, err := adm.CreateKey(bg, cli, "báo-cáo-tuần", "viewer"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := adm.CreateKey(bg, cli, "zalo-bot", "editor"); err != nil {
		t.Fatal(err)
	}
	if err := adm.RevokeKey(bg, cli, "zalo-bot"); err != nil {
		t.Fatal(err)
	}
	if err := adm.DisableUser(bg, cli, viewerName); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := site.people.SignIn(bg, `<script>alert(1)</script>`, "x", "203.0.113.9", "test"); err == nil {
		t.Fatal("a stranger signed in")
	}
	problems := watchConsole(t, ctx)
	check := func(t *testing.T, path string) {
		t.Helper()
		if p := problems.take(); len(p) > 0 {
			t.Errorf("%s: console: %s", path, strings.Join(p, "; "))
		}
		if code := eval[string](t, ctx, `(document.querySelector("[data-error]") || {dataset: {}}).dataset.error || ""`); code != "" {
			t.Errorf("%s: the error page %s", path, code)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("main script").length`); n != 0 {
			t.Errorf("%s: a script element in the page's content", path)
		}
	}

	visit(t, ctx, base+"/login")
	checkAxe(t, ctx)
	check(t, "/login")
	signInBrowser(t, ctx, base, adminName, adminPass)
	me, err := site.people.User(bg, adminName)
	if err != nil {
		t.Fatal(err)
	}
	plain, patterns := sweepRoutes(t, site.web)
	for _, want := range []string{"/account", "/admin/users", "/admin/keys", "/admin/audit"} {
		if !contains(plain, want) {
			t.Fatalf("the sweep does not find %s among %v", want, plain)
		}
	}
	var visited []string
	for _, lang := range []string{"vi", "en"} {
		if err := site.people.SetPrefs(bg, cli, me.ID, lang, ""); err != nil {
			t.Fatal(err)
		}
		t.Run(lang, func(t *testing.T) {
			run(t, ctx, chromedp.EmulateViewport(1280, 900))
			pages := append([]string(nil), plain...)
			if contains(plain, "/search") { // the search page with hits, not only its empty box
				pages = append(pages, "/search?"+url.Values{"q": {"vỡ đập"}}.Encode())
			}
			found := map[string]bool{}
			for i := 0; i < len(pages); i++ {
				path := pages[i]
				visit(t, ctx, base+path)
				if l := eval[string](t, ctx, "document.documentElement.lang"); l != lang {
					t.Errorf("%s speaks %q, want %q", path, l, lang)
				}
				checkAxe(t, ctx)
				check(t, path)
				// One page of each route with parameters, through a link.
				links := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('a[href^="/"]')).map(a => a.getAttribute("href"))`)
				for _, href := range links {
					if p, _, _ := strings.Cut(href, "?"); contains(plain, p) {
						continue // a page of its own (/rules/test), not one of /rules/{id}
					}
					for route, re := range patterns {
						if !found[route] && re.MatchString(href) {
							found[route] = true
							pages = append(pages, href)
						}
					}
				}
			}
			for route := range patterns {
				if found[route] {
					continue
				}
				if p, ok := sweepSamples[route]; ok {
					visit(t, ctx, base+p)
					checkAxe(t, ctx)
					check(t, p)
					pages = append(pages, p)
					continue
				}
				t.Errorf("no link to a page of %s on the pages visited: add a link, a sample (sweepSamples) or the data that makes one", route)
			}
			setViewport360(t, ctx)
			for _, path := range pages {
				visit(t, ctx, base+path)
				assertNoSidewaysScroll(t, ctx)
				check(t, path)
				if path == "/admin/users" && lang == "en" {
					screenshot(t, ctx, "admin-users-360")
				}
			}
			visited = pages
		})
	}
	t.Logf("swept %d pages: %v", len(visited), visited)

	// The once-only page of a new key, in English, wide and narrow.
	run(t, ctx, chromedp.EmulateViewport(1280, 900))
	visit(t, ctx, base+"/admin/keys")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#nk-name"), "weekly-export"))
	clickAndWaitLoad(t, ctx, `form[data-form="newkey"] button[type="submit"]`)
	waitFor(t, ctx, `document.querySelector("[data-secret]") !== null`)
	checkAxe(t, ctx)
	check(t, "key secret page")
	screenshot(t, ctx, "admin-key-once")
	setViewport360(t, ctx)
	assertNoSidewaysScroll(t, ctx)

	// The README's pictures, in English at a laptop's width.
	run(t, ctx, chromedp.EmulateViewport(1100, 800))
	for _, p := range []struct{ path, name string }{
		{"/admin/users", "admin-users"}, {"/admin/keys", "admin-keys"},
		{"/admin/audit?" + url.Values{"since": {"2026-01-01"}}.Encode(), "admin-audit"}, {"/alerts", "alerts"},
	} {
		visit(t, ctx, base+p.path)
		screenshot(t, ctx, p.name)
	}
}
