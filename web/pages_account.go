package web

import (
	"errors"
	"net/http"
	"time"

	"mediawatch"
)

// zones are the time zones offered on the account page: the office's own
// first, then those its people travel to most. A zone stored by another
// tool is kept and shown even when not in the list.
var zones = []string{
	"Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Vientiane", "Asia/Phnom_Penh", "Asia/Shanghai",
	"Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Australia/Sydney", "Europe/London",
	"Europe/Paris", "Europe/Berlin", "Europe/Moscow", "America/New_York", "America/Los_Angeles", "UTC",
}

// accountData is the account page's Data.
type accountData struct {
	Zones    []string
	Zone     string // the person's zone, or the configured one
	Now      time.Time
	RoleText string
}

func (s *Server) accountData(r *http.Request) accountData {
	p := personOf(r)
	zone := p.User.TimeZone
	if zone == "" {
		zone = s.opts.Location.String()
	}
	list := zones
	if !contains(list, zone) {
		list = append([]string{zone}, list...)
	}
	return accountData{Zones: list, Zone: zone, Now: s.opts.Now(), RoleText: "role." + string(p.User.Role)}
}

// accountPage shows the person's own settings: language, time zone and
// password.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "account", page{Title: "account.title", Nav: "account", Data: s.accountData(r)})
}

// accountPrefs stores the language and time zone.
func (s *Server) accountPrefs(w http.ResponseWriter, r *http.Request) {
	lang := formField(r, "lang", 5, false)
	tz := formField(r, "tz", 64, false)
	p := page{Title: "account.title", Nav: "account", Data: s.accountData(r)}
	if !validLang(lang) {
		s.formError(w, r, "account", p, "account.badlang")
		return
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
		s.formError(w, r, "account", p, "account.badtz")
		return
	}
	who := personOf(r)
	if err := s.deps.Accounts.SetPrefs(r.Context(), actorOf(r), who.User.ID, lang, tz); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	s.setCookie(w, r, langCookie, lang, int((365 * 24 * time.Hour).Seconds()))
	s.flashAndRedirect(w, r, "account.saved", "/account")
}

// accountPassword changes the person's own password.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	old, pw, again := formSecret(r, "old"), formSecret(r, "new"), formSecret(r, "again")
	p := page{Title: "account.title", Nav: "account", Data: s.accountData(r)}
	if pw != again {
		s.formError(w, r, "account", p, "account.pw.differ")
		return
	}
	who := personOf(r)
	err := s.deps.Accounts.ChangeOwnPassword(r.Context(), actorOf(r), who.User.ID, old, pw)
	switch {
	case errors.Is(err, mediawatch.ErrBadCredentials):
		s.formError(w, r, "account", p, "account.pw.wrong")
	case errors.Is(err, mediawatch.ErrInvalid):
		s.formError(w, r, "account", p, "account.pw.weak")
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err)
	default:
		// A new password ends every session of the person, this one too
		// (a stolen session dies with the old password); the person who
		// just proved both passwords stays signed in here, on a new session.
		token, _, _, err := s.deps.Accounts.SignIn(r.Context(), who.User.Name, pw, clientAddress(r), r.UserAgent())
		if err != nil {
			s.clearCookie(w, r, sessionCookie)
			s.flashAndRedirect(w, r, "account.pw.signin", "/login")
			return
		}
		s.setCookie(w, r, sessionCookie, token, 0)
		s.flashAndRedirect(w, r, "account.pw.done", "/account")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
