package web

import (
	"errors"
	"net/http"
	"time"

	"mediawatch"
)

// loginData is the sign-in page's Data.
type loginData struct {
	Name     string
	Next     string
	Disabled bool // sign-in is not configured
}

// loginForm shows the sign-in form; a signed-in person goes on to next.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if personOf(r) != nil {
		http.Redirect(w, r, orHome(next, s.opts.Home), http.StatusSeeOther)
		return
	}
	p := page{Title: "login.title", Data: loginData{Next: next, Disabled: s.deps.Accounts == nil}}
	if s.deps.Accounts == nil {
		p.Errors = []string{T(langOf(r), "login.off")}
	}
	s.render(w, r, "login", p)
}

// loginSubmit signs in. Wrong name and wrong password get one message, so a
// stranger cannot learn which names exist; a lock says until when.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	name := formField(r, "name", 200, false)
	password := formSecret(r, "password")
	next := localPath(formField(r, "next", 2000, false))
	p := page{Title: "login.title", Data: loginData{Name: name, Next: next, Disabled: s.deps.Accounts == nil}}
	if !csrfOK(r) {
		p.Status = http.StatusForbidden
		s.formError(w, r, "login", p, "login.csrf")
		return
	}
	if s.deps.Accounts == nil {
		p.Status = http.StatusServiceUnavailable
		s.formError(w, r, "login", p, "login.off")
		return
	}
	if name == "" || password == "" {
		s.formError(w, r, "login", p, "login.missing")
		return
	}
	token, _, _, err := s.deps.Accounts.SignIn(r.Context(), name, password, clientAddress(r), r.UserAgent())
	if err != nil {
		p.Status = http.StatusUnauthorized
		if until, locked := lockedUntil(err); locked {
			p.Status = http.StatusTooManyRequests
			if until.IsZero() {
				s.formError(w, r, "login", p, "login.lockednow")
				return
			}
			s.formError(w, r, "login", p, "login.locked", until.In(s.zoneOf(r)).Format("15:04"))
			return
		}
		if errors.Is(err, mediawatch.ErrBadCredentials) || errors.Is(err, mediawatch.ErrDisabled) {
			s.formError(w, r, "login", p, "login.bad")
			return
		}
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	s.setCookie(w, r, sessionCookie, token, 0)
	s.clearCookie(w, r, csrfCookie) // the session has its own token from now on
	http.Redirect(w, r, orHome(next, s.opts.Home), http.StatusSeeOther)
}

// logout ends the session and goes back to the sign-in page.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if p := personOf(r); p != nil && s.deps.Accounts != nil {
		if err := s.deps.Accounts.SignOut(r.Context(), p.Token, actorOf(r)); err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
	}
	s.clearCookie(w, r, sessionCookie)
	s.flashAndRedirect(w, r, "login.signedout", "/login")
}

// switchLang stores the chosen language (the person's preference once
// signed in, else a cookie for a year) and returns to the page it came from.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) {
	lang := formField(r, "lang", 5, false)
	back := orHome(localPath(formField(r, "back", 2000, false)), "/")
	if !validLang(lang) {
		s.errorPage(w, r, http.StatusBadRequest, nil)
		return
	}
	if p := personOf(r); p != nil && s.deps.Accounts != nil {
		if err := s.deps.Accounts.SetPrefs(r.Context(), actorOf(r), p.User.ID, lang, p.User.TimeZone); err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
	}
	s.setCookie(w, r, langCookie, lang, int((365 * 24 * time.Hour).Seconds()))
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func orHome(next, home string) string {
	if next == "" {
		return home
	}
	return next
}
