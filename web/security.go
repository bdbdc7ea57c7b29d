package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// contentSecurityPolicy forbids inline script and style everywhere: the
// templates use only /static files, and style or script attributes.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// maxFormBytes bounds a form body; our forms are small.
const maxFormBytes = 1 << 20

// securityHeaders sets the headers every answer carries. Pages carry
// people's data, so they are never stored; serveStatic overrides
// Cache-Control for the hashed static files.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// requestID gives each request an id that the 500 page shows and the log
// records, so a person's report can be matched to the log line.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := randomToken(8)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

func requestIDOf(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// recoverer turns a panic into the 500 page and a log line with the
// request id; the person never sees a stack trace.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// randomToken is n random bytes in hex.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Errorf("random token: %w", err)) // crypto/rand never fails on Linux
	}
	return hex.EncodeToString(b)
}

// csrfToken is the token forms must echo: the session's once signed in,
// else the double-submit cookie's (set by ensureCSRFCookie when a page is
// shown).
func csrfToken(r *http.Request) string {
	if p := personOf(r); p != nil {
		return p.Session.CSRF
	}
	if c, err := r.Cookie(csrfCookie); err == nil {
		return c.Value
	}
	return ""
}

// unsafeMethod reports whether a request changes state and so needs the
// CSRF token.
func unsafeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return false
	}
	return true
}

// csrfOK compares the request's token (X-CSRF-Token header, else the form
// field csrf) with the expected one in constant time.
func csrfOK(r *http.Request) bool {
	want := csrfToken(r)
	if want == "" {
		return false
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		r.Body = http.MaxBytesReader(nil, r.Body, maxFormBytes)
		got = r.PostFormValue("csrf")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// checkCSRF refuses every unsafe request without the right token with the
// 403 page. /login checks for itself, so that the refusal shows on the form.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !unsafeMethod(r.Method) || r.URL.Path == "/login" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		if !csrfOK(r) {
			s.log.Warn("web: request refused without a valid CSRF token", "method", r.Method,
				"path", r.URL.Path, "request_id", requestIDOf(r))
			s.errorPageMsg(w, r, http.StatusForbidden, "error.csrf")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ensureCSRFCookie gives an anonymous browser its double-submit token.
func (s *Server) ensureCSRFCookie(w http.ResponseWriter, r *http.Request) string {
	if personOf(r) != nil {
		return personOf(r).Session.CSRF
	}
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 64 {
		return c.Value
	}
	tok := randomToken(32)
	s.setCookie(w, r, csrfCookie, tok, 0)
	// Later code in this request (the form being rendered) must see it.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}
