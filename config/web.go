package config

import (
	"net/url"
	"time"
)

// Web configures the web pages served beside the API on Listen.
type Web struct {
	// Sessions and sign-in (desk.People). A session ends after
	// SessionIdle without a request, and SessionLifetime after sign-in
	// however busy; SigninMaxFailures failed sign-ins for one name within
	// SigninLock lock that name for SigninLock.
	SessionIdle       Duration `yaml:"session_idle"`
	SessionLifetime   Duration `yaml:"session_lifetime"`
	SigninLock        Duration `yaml:"signin_lock"`
	SigninMaxFailures int      `yaml:"signin_max_failures"`
	// PublicURL is the web face's address as the office reaches it
	// ("https://mediawatch.sonla.gov.vn"): alert mails and webhook events
	// link to its pages. Empty: they carry no links.
	PublicURL string `yaml:"public_url"`
}

// defaultWeb is Web's defaults: a working day idle (8h: a tab left open over
// lunch survives, one left overnight does not); a week in all (7d: people
// sign in about once a week on their own machine, and a stolen cookie
// works for a week at most); a quarter of an hour's lock after 5 failures
// (a person who forgot the password waits a coffee break; a guesser gets
// about 20 tries an hour).
func defaultWeb() Web {
	return Web{
		SessionIdle:       Duration(8 * time.Hour),
		SessionLifetime:   Duration(7 * 24 * time.Hour),
		SigninLock:        Duration(15 * time.Minute),
		SigninMaxFailures: 5,
	}
}

// validateSignin checks the session and sign-in keys.
func (w Web) validateSignin(v *validator) {
	idle, life, lock := time.Duration(w.SessionIdle), time.Duration(w.SessionLifetime), time.Duration(w.SigninLock)
	v.check(idle >= time.Minute, "web.session_idle", "want at least 1m, like 8h")
	v.check(life >= idle, "web.session_lifetime", "want at least web.session_idle, like 7d")
	if w.PublicURL != "" {
		u, err := url.Parse(w.PublicURL)
		v.check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.RawQuery == "" && u.Fragment == "",
			"web.public_url", "want the web face's address, like https://mediawatch.example.gov.vn")
	}
	// Failed sign-ins are kept for a day (store.RecordSigninFailure), and
	// a lock looks back twice its length.
	v.check(lock >= time.Minute && lock <= 12*time.Hour, "web.signin_lock", "want between 1m and 12h, like 15m")
	v.check(w.SigninMaxFailures >= 1 && w.SigninMaxFailures <= 100, "web.signin_max_failures", "want between 1 and 100, like 5")
}
