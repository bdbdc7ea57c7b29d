package web

import (
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestEveryPageWeight weighs every page the web face has — its HTML for
// the fixture's small data, plus the stylesheet and the script every page
// links — and holds each under 100 KB (the budget for a page
// without data). It logs the table BENCHMARKS.md keeps. Pages of routes
// with parameters are reached through the links of the plain ones, as the
// browser sweep reaches them.
func TestEveryPageWeight(t *testing.T) {
	site := newAdminSite(t)
	b := site.browser(t)
	b.signIn(adminName, adminPass)
	static := 0
	for _, name := range []string{"style.css", "app.js"} {
		a := b.get(site.staticURL(t, name))
		wantStatus(t, a, http.StatusOK)
		static += len(a.body)
	}
	plain, patterns := sweepRoutes(t, site.web)
	weights := map[string]int{}
	var bodies []string
	weigh := func(route, path string) {
		a := b.get(path)
		if a.StatusCode == http.StatusSeeOther { // /admin: a redirect to a page, not one
			return
		}
		wantStatus(t, a, http.StatusOK)
		weights[route] = len(a.body)
		bodies = append(bodies, a.body)
	}
	for _, p := range plain {
		weigh(p, p)
	}
	for _, p := range []string{"/search?q=l%C5%A9"} { // a search with hits links the items
		weigh("/search?q=…", p)
	}
	href := regexp.MustCompile(`href="([^"]+)"`)
	for range len(patterns) { // a page found may link the next (a story its items)
		for route, re := range patterns {
			if _, done := weights[route]; done {
				continue
			}
			if p, ok := sweepSamples[route]; ok {
				weigh(route, p)
				continue
			}
		links:
			for _, body := range bodies {
				for _, m := range href.FindAllStringSubmatch(body, -1) {
					link := strings.ReplaceAll(m[1], "&amp;", "&")
					if path, _, _ := strings.Cut(link, "?"); re.MatchString(link) && !slices.Contains(plain, path) {
						weigh(route, link)
						break links
					}
				}
			}
		}
	}
	for route := range patterns {
		if _, ok := weights[route]; !ok {
			t.Errorf("no page of %s reached", route)
		}
	}
	routes := make([]string, 0, len(weights))
	for r := range weights {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	t.Logf("CSS and JS, cached: %d bytes", static)
	for _, r := range routes {
		total := weights[r] + static
		t.Logf("| %s | %d | %d |", r, weights[r], total)
		if total > 100*1024 {
			t.Errorf("%s weighs %d bytes with its CSS and JS, over 100 KB", r, total)
		}
	}
}
