package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"mediawatch/desk"
)

// Deps are the use cases the pages call. Accounts may be nil: the pages then
// say that sign-in is not configured, and every page that needs a person
// sends to that sign-in page.
type Deps struct {
	Accounts Accounts     // sign-in, sessions, preferences (desk.People)
	Admin    Admin        // people, API keys, the audit log (desk.Admin); nil: no admin pages
	Logger   *slog.Logger // nil: slog.Default()
	// Desk is the use cases of the queue and story pages (and the other
	// pages over stored data); nil leaves those pages out. For the
	// reports pages' "send again", cmd builds it with the report archive
	// and mailer (desk.Deps.Send).
	Desk *desk.Desk
	// SourceNames gives the outlets' display names by source slug ("Báo
	// Sơn La" for baosonla); nil, or a slug it lacks, shows the slug.
	SourceNames func() map[string]string
}

// Options shape the pages; the zero value is usable.
type Options struct {
	// Location is the zone of displayed times for a person without one of
	// their own. Nil: Asia/Ho_Chi_Minh.
	Location *time.Location
	// Secure marks the cookies Secure: set when the site is served over TLS
	// (directly or behind a proxy that terminates it).
	Secure bool
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// Office is the name shown in the header beside the product's; empty:
	// the product name alone.
	Office string
	// Home is where "/" sends a signed-in person; empty: "/search".
	Home string
	// RuleEditing lets admins add, edit and disable rules from the rules
	// pages, written to the rule directory (config rules.edit). Off, the
	// pages show the rules and test queries but change nothing.
	RuleEditing bool
}

// Server is the web face: server-rendered pages over Deps.
type Server struct {
	deps   Deps
	opts   Options
	log    *slog.Logger
	pages  map[string]*template.Template
	static *staticFiles
	nav    []navEntry
	h      http.Handler
	help   sync.Map // language → the search page's help, drawn once (searchHelp)
}

// New builds the pages. It panics only when the embedded templates do not
// parse, which the package's tests catch before any release.
func New(deps Deps, opts Options) *Server {
	if opts.Location == nil {
		loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
		if err != nil {
			loc = time.FixedZone("ICT", 7*3600) // no zoneinfo on the machine
		}
		opts.Location = loc
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Home == "" {
		opts.Home = "/search"
	}
	log := deps.Logger
	if log == nil {
		log = slog.Default()
	}
	s := &Server{deps: deps, opts: opts, log: log, static: loadStatic()}
	s.pages = s.parseTemplates()
	s.h = s.routes()
	s.nav = navFor(s.h)
	return s
}

// Handler answers every path that is not the API's.
func (s *Server) Handler() http.Handler { return s.h }

// routes is the one list of the web face's routes. Every page goes through
// the same chain: request id, recovery, security headers, the signed-in
// person, CSRF on unsafe methods.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.requestID, s.recoverer, securityHeaders, middleware.GetHead, s.loadPerson, s.checkCSRF)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.errorPage(w, r, http.StatusNotFound, nil) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusMethodNotAllowed, nil)
	})

	r.Get("/static/{hash}/{name}", s.serveStatic)
	// Browsers ask for /favicon.ico by themselves; "nothing" is an answer,
	// a 404 would be an error in every page's console.
	r.Get("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.WriteHeader(http.StatusNoContent)
	})

	r.Get("/", s.home)
	r.Get("/login", s.loginForm)
	r.Post("/login", s.loginSubmit)
	r.Post("/logout", s.logout)
	r.Post("/lang", s.switchLang)

	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(roleViewer))
		r.Get("/account", s.accountPage)
		r.Post("/account/prefs", s.accountPrefs)
		r.Post("/account/password", s.accountPassword)
		if s.deps.Desk != nil {
			r.Get("/search", s.searchPage)
			r.Get("/search/export", s.searchExport)
			r.Post("/search/saved", s.saveSearch)
			r.Post("/search/saved/{id}/delete", s.deleteSavedSearch)
			r.Get("/items/{id}", s.itemPage)
			r.Get("/queue", s.queuePage)
			r.Get("/stories/{id}", s.storyPage)
		}
	})
	if s.deps.Admin != nil {
		r.Group(func(r chi.Router) {
			r.Use(s.requireRole(roleAdmin))
			r.Get("/admin", s.adminHome)
			r.Get("/admin/users", s.adminUsers)
			r.Post("/admin/users", s.adminUserCreate)
			r.Post("/admin/users/disable", s.adminUserDisable)
			r.Post("/admin/users/enable", s.adminUserEnable)
			r.Post("/admin/users/reset", s.adminUserReset)
			r.Post("/admin/users/role", s.adminUserRole)
			r.Get("/admin/keys", s.adminKeys)
			r.Post("/admin/keys", s.adminKeyCreate)
			r.Post("/admin/keys/rotate", s.adminKeyRotate)
			r.Post("/admin/keys/revoke", s.adminKeyRevoke)
			r.Get("/admin/audit", s.adminAudit)
		})
	}
	if s.deps.Desk != nil {
		r.Group(func(r chi.Router) {
			r.Use(s.requireRole(roleEditor))
			r.Post("/stories/{id}/review", s.storyReview)
		})
	}
	s.ruleRoutes(r)
	s.accountRoutes(r)              // accounts_social.go
	if d := s.deps.Desk; d != nil { // sources and reports: pages_sources.go, pages_reports.go
		r.With(s.requireRole(roleViewer)).Get("/sources", s.sourcesPage)
		r.With(s.requireRole(roleViewer)).Get("/alerts", s.alertsPage) // alerts.go
		if d.HasReports() {
			s.static.addReportCSS()
			r.With(s.requireRole(roleViewer)).Get("/reports", s.reportsPage)
			r.With(s.requireRole(roleViewer)).Get("/reports/{date}", s.reportPage)
			r.With(s.requireRole(roleViewer)).Get("/reports/{date}/{format}", s.reportDownload)
			r.With(s.requireRole(roleAdmin)).Post("/reports/{date}/send", s.reportResend)
		}
	}
	return r
}

// home sends a signed-in person to the home page and anyone else to sign in.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if personOf(r) == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, s.opts.Home, http.StatusSeeOther)
}
