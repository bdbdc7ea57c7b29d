package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"mediawatch"
)

//go:embed templates
var templateFS embed.FS

// page is what every template gets as its dot. A handler fills Title (a
// message key), Nav (the active nav entry: "search", "queue", "rules",
// "sources", "reports", "admin", "account"), Data, and perhaps Flash or
// Errors; render fills the rest from the request.
type page struct {
	Title  string   // message key of the page's title
	Nav    string   // which nav entry is active
	Data   any      // the page's own data
	Flash  []string // message keys of notices shown once at the top
	Errors []string // translated texts of a form's errors (formError)
	Status int      // HTTP status; 0 is 200

	Person *mediawatch.User // nil before sign-in
	Lang   string           // "vi" or "en"
	CSRF   string           // the token forms must echo (CSRFField)
	Path   string           // the request's path and query, for "return here"
	Office string

	loc    *time.Location
	static *staticFiles
	nav    []navEntry
}

// T is the page's text of key in the page's language.
func (p *page) T(key string, args ...any) string { return T(p.Lang, key, args...) }

// Num writes an integer the language's way (vi 1.234, en 1,234).
func (p *page) Num(n any) string {
	switch v := n.(type) {
	case int:
		return formatInt(p.Lang, int64(v))
	case int64:
		return formatInt(p.Lang, v)
	case int32:
		return formatInt(p.Lang, int64(v))
	case uint32:
		return formatInt(p.Lang, int64(v))
	}
	return "?"
}

// Time writes t in the person's zone and language ("06/12/2026 07:05").
func (p *page) Time(t time.Time) string { return formatTime(p.Lang, p.loc, t) }

// Date writes t's day in the person's zone and language ("06/12/2026").
func (p *page) Date(t time.Time) string { return formatDate(p.Lang, p.loc, t) }

// CSRFField is the hidden input every form carries.
func (p *page) CSRFField() template.HTML {
	return template.HTML(`<input type="hidden" name="csrf" value="` + template.HTMLEscapeString(p.CSRF) + `">`)
}

// Static is the URL of a file in web/static, with its content hash.
func (p *page) Static(name string) string { return p.static.url(name) }

// Role is the person's role; "" before sign-in.
func (p *page) Role() mediawatch.Role {
	if p.Person == nil {
		return ""
	}
	return p.Person.Role
}

// Allows reports whether the person has at least role min (for nav entries
// and buttons only; the routes' guards decide).
func (p *page) Allows(min string) bool {
	return p.Person != nil && p.Person.Role.Allows(mediawatch.Role(min))
}

// funcs are the template functions; everything that needs the request is a
// method of page instead.
var funcs = template.FuncMap{
	"crawledURL": crawledURL,
}

// crawledURL returns u when it is an absolute http(s) URL with a host, else
// "" — templates then show the text without a link. Use it for every URL
// that came from the outside (crawled pages, feeds, imports):
//
//	{{with crawledURL .URL}}<a href="{{.}}" rel="noopener noreferrer" target="_blank">…</a>{{else}}…{{end}}
func crawledURL(u string) string {
	parsed, err := url.Parse(strings.TrimSpace(u))
	if err != nil || parsed.Host == "" || (parsed.Scheme != "http" && parsed.Scheme != "https") {
		return ""
	}
	return parsed.String()
}

// parseTemplates parses layout.html with each other template, so each
// page is a layout whose "content" block is that page's.
func (s *Server) parseTemplates() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		if path.Base(n) == "layout.html" {
			continue
		}
		t := template.Must(template.Must(base.Clone()).ParseFS(templateFS, n))
		pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return pages
}

// newPage fills the request's part of p.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, p page) *page {
	p.Lang = langOf(r)
	p.CSRF = s.ensureCSRFCookie(w, r)
	p.Path = r.URL.RequestURI()
	p.Office = s.opts.Office
	p.loc = s.zoneOf(r)
	p.static = s.static
	p.nav = s.nav
	if who := personOf(r); who != nil {
		u := who.User
		p.Person = &u
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if _, ok := messages[c.Value]; ok {
			p.Flash = append(p.Flash, c.Value)
		}
		s.clearCookie(w, r, flashCookie)
	}
	return &p
}

// render writes the page template name inside the layout. The page is
// rendered to memory first, so a template error becomes the 500 page, not
// half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.errorPage(w, r, http.StatusInternalServerError, errMissingTemplate(name))
		return
	}
	pp := s.newPage(w, r, p)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", pp); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", pp.Lang)
	if pp.Status == 0 {
		pp.Status = http.StatusOK
	}
	w.WriteHeader(pp.Status)
	_, _ = w.Write(buf.Bytes())
}

type errMissingTemplate string

func (e errMissingTemplate) Error() string { return "web: no template " + string(e) }

// formError shows the form page again with status 422 and the message of
// key (in the person's language) above it; the page's Data should carry
// what was typed so nothing is lost.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, name string, p page, key string, args ...any) {
	p.Errors = append(p.Errors, T(langOf(r), key, args...))
	if p.Status == 0 {
		p.Status = http.StatusUnprocessableEntity
	}
	s.render(w, r, name, p)
}

// flashAndRedirect remembers a notice (a message key) for the next page and
// sends the browser there with 303 (post/redirect/get).
func (s *Server) flashAndRedirect(w http.ResponseWriter, r *http.Request, key, to string) {
	s.setCookie(w, r, flashCookie, key, 60)
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// readError answers a read of the desk that failed: the 404 page when the
// thing asked for is not there (mediawatch.ErrNotFound), else the 500 page.
func (s *Server) readError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, mediawatch.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound, nil)
		return
	}
	s.errorPage(w, r, http.StatusInternalServerError, err)
}

// errorPage answers status with the error page in the request's language.
// A 500 logs err with the request id, which the page shows; the person never
// sees err.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	if status >= 500 {
		s.log.Error("web: request failed", "method", r.Method, "path", r.URL.Path,
			"request_id", requestIDOf(r), "err", err)
	}
	s.errorPageMsg(w, r, status, "")
}

// errorData is the error page's Data.
type errorData struct {
	Code      int
	Text      string // message key of the explanation
	RequestID string
}

func (s *Server) errorPageMsg(w http.ResponseWriter, r *http.Request, status int, textKey string) {
	code := status
	if code != 400 && code != 403 && code != 404 && code != 405 {
		code = 500
	}
	key := "error." + itoa(code)
	if textKey == "" {
		textKey = key + ".text"
	}
	t := s.pages["error"]
	p := s.newPage(w, r, page{Title: key + ".title", Status: status,
		Data: errorData{Code: code, Text: textKey, RequestID: requestIDOf(r)}})
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("web: error page failed", "request_id", requestIDOf(r), "err", err)
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
