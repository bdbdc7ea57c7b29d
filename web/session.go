package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"mediawatch"
)

// Cookie names. The session cookie holds only a random token; the store
// keeps its hash.
const (
	sessionCookie = "mw_session"
	csrfCookie    = "mw_csrf" // the double-submit token before sign-in
	langCookie    = "lang"
	flashCookie   = "mw_flash"
)

const (
	roleViewer = mediawatch.RoleViewer
	roleEditor = mediawatch.RoleEditor
	roleAdmin  = mediawatch.RoleAdmin
)

// signedIn is the person behind a request and their session.
type signedIn struct {
	User    mediawatch.User
	Session mediawatch.Session
	Token   string
}

type ctxKey int

const (
	personKey ctxKey = iota
	requestIDKey
)

// personOf returns the signed-in person of the request, nil before sign-in.
func personOf(r *http.Request) *signedIn {
	p, _ := r.Context().Value(personKey).(*signedIn)
	return p
}

// actorOf is the person as the author of a change, for the audit log.
func actorOf(r *http.Request) mediawatch.Actor {
	a := mediawatch.Actor{Kind: mediawatch.ActorPerson, Address: clientAddress(r)}
	if p := personOf(r); p != nil {
		a.Name, a.Role = p.User.Name, p.User.Role
	}
	return a
}

// clientAddress is the request's client IP (api.TrustProxies has already
// put a trusted proxy's X-Forwarded-For into RemoteAddr).
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loadPerson finds the session of the mw_session cookie. An expired one is
// forgotten (the cookie cleared) and the request goes on as anonymous.
func (s *Server) loadPerson(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		// Static files need no person: no session lookup for each of them.
		if err != nil || c.Value == "" || s.deps.Accounts == nil || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		u, sess, err := s.deps.Accounts.Session(r.Context(), c.Value)
		switch {
		case errors.Is(err, mediawatch.ErrSessionExpired):
			s.clearCookie(w, r, sessionCookie)
			if unsafeMethod(r.Method) {
				// A form sent after the session ended: its token cannot be
				// checked any more, so ask to sign in again rather than
				// refuse it as forged.
				s.flashAndRedirect(w, r, "login.expired", "/login")
				return
			}
			next.ServeHTTP(w, r)
			return
		case err != nil:
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		p := &signedIn{User: u, Session: sess, Token: c.Value}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), personKey, p)))
	})
}

// requireRole lets through people of at least role min. Anyone not signed in
// is sent to /login with the page as next=; a lower role gets the 403 page.
func (s *Server) requireRole(min mediawatch.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := personOf(r)
			if p == nil {
				target := "/login"
				if r.Method == http.MethodGet && r.URL.RequestURI() != "/" {
					target += "?next=" + url.QueryEscape(r.URL.RequestURI())
				}
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			if !p.User.Role.Allows(min) {
				s.errorPage(w, r, http.StatusForbidden, nil)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// setCookie sets one of our cookies: HttpOnly, SameSite=Lax, Path=/, Secure
// over TLS — mediawatch's own (Options.Secure, r.TLS) or a TLS-terminating
// proxy's that the API's TrustProxies believes (it sets r.URL.Scheme from
// X-Forwarded-Proto of a trusted peer only). maxAge 0 makes a
// browser-session cookie.
func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	secure := s.opts.Secure || r.TLS != nil || r.URL.Scheme == "https"
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	s.setCookie(w, r, name, "", -1)
}

// localPath returns next when it is a path on this site ("/x?y"), else "".
// It refuses everything a browser could take to another host: a scheme,
// "//host", "/\host", control characters and encoded tricks.
func localPath(next string) string {
	if next == "" || len(next) > 2000 || next[0] != '/' {
		return ""
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return ""
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return next
}
