package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"mediawatch"
)

// navEntry is one link of the header's navigation.
type navEntry struct {
	Key  string          // matches page.Nav to mark the current entry
	Path string          // the page's URL
	Text string          // message key
	Min  mediawatch.Role // the lowest role that sees it
}

// navAll is the navigation in its order. An entry shows only when its page
// is registered in routes() (so the header never links to a missing page)
// and the person's role reaches Min.
var navAll = []navEntry{
	{"search", "/search", "nav.search", roleViewer},
	{"queue", "/queue", "nav.queue", roleViewer},
	{"rules", "/rules", "nav.rules", roleViewer},
	{"sources", "/sources", "nav.sources", roleViewer},
	{"alerts", "/alerts", "alerts.nav", roleViewer},
	{"accounts", "/accounts", "nav.accounts", roleViewer},
	{"reports", "/reports", "nav.reports", roleViewer},
	{"admin", "/admin", "nav.admin", roleAdmin},
}

// navFor keeps the entries whose GET route exists in h.
func navFor(h http.Handler) []navEntry {
	routes, ok := h.(chi.Routes)
	if !ok {
		return nil
	}
	have := map[string]bool{}
	_ = chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodGet {
			have[route] = true
		}
		return nil
	})
	var out []navEntry
	for _, e := range navAll {
		if have[e.Path] {
			out = append(out, e)
		}
	}
	return out
}

// NavEntries are the navigation links the person may see.
func (p *page) NavEntries() []navEntry {
	var out []navEntry
	for _, e := range p.nav {
		if p.Person != nil && p.Person.Role.Allows(e.Min) {
			out = append(out, e)
		}
	}
	return out
}
