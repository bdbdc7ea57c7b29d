package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mediawatch"
)

// The admin's forms are decoded here, from url.Values, by pure functions:
// FuzzAdminForm feeds them any body a browser (or an attacker holding an
// admin's session) could send. Each returns the message key of the first
// problem, or "" when the form is usable; the use cases in desk check
// again (names, password strength) and have the last word.

// Lengths the forms accept, in characters; longer input is cut.
const (
	maxNameField   = 64
	maxFilterField = 128
	maxSecretField = 1024
)

// userForm is the "new person" form.
type userForm struct {
	Name, Role, Lang, TZ string
	Password             string // as typed; empty when Generate
	Generate             bool   // "generate one for me"
}

// parseUserForm reads the new person form. A password is required unless
// generate is ticked; then what was typed in it is ignored.
func parseUserForm(v url.Values) (userForm, string) {
	f := userForm{
		Name:     cleanText(v.Get("name"), maxNameField, false),
		Role:     cleanText(v.Get("role"), 16, false),
		Lang:     cleanText(v.Get("lang"), 5, false),
		TZ:       cleanText(v.Get("tz"), maxNameField, false),
		Generate: v.Get("generate") == "1",
	}
	switch {
	case f.Name == "":
		return f, "admin.err.noname"
	case !validRole(f.Role):
		return f, "admin.err.role"
	case !validLang(f.Lang):
		return f, "admin.err.lang"
	case f.TZ != "" && !validZone(f.TZ):
		return f, "admin.err.tz"
	}
	if f.Generate {
		return f, ""
	}
	f.Password = secretValue(v, "password")
	if f.Password == "" {
		return f, "admin.err.nopassword"
	}
	if f.Password != secretValue(v, "again") {
		f.Password = ""
		return f, "admin.err.differ"
	}
	return f, ""
}

// keyForm is the "new API key" form.
type keyForm struct{ Name, Role string }

// parseKeyForm reads the new key form.
func parseKeyForm(v url.Values) (keyForm, string) {
	f := keyForm{Name: cleanText(v.Get("name"), maxNameField, false), Role: cleanText(v.Get("role"), 16, false)}
	switch {
	case f.Name == "":
		return f, "admin.err.noname"
	case !validRole(f.Role):
		return f, "admin.err.role"
	}
	return f, ""
}

// auditQuery is the audit page's filter, from its URL: who (actor),
// what (action or its kind), since (a day, in the person's zone), and the
// cursor of the page (before: entries older than this id).
type auditQuery struct {
	Actor, Action, Since string
	SinceAt              time.Time
	Before               int64
}

// parseAuditQuery reads the audit page's query; since is a date
// (YYYY-MM-DD) taken from its midnight in loc.
func parseAuditQuery(q url.Values, loc *time.Location) (auditQuery, string) {
	a := auditQuery{
		Actor:  cleanText(q.Get("actor"), maxFilterField, false),
		Action: cleanText(q.Get("action"), maxFilterField, false),
		Since:  cleanText(q.Get("since"), 10, false),
	}
	if a.Since != "" {
		d, err := time.ParseInLocation(time.DateOnly, a.Since, loc)
		if err != nil || d.Year() < 2000 || d.Year() > 9999 {
			return a, "admin.err.since"
		}
		a.SinceAt = d
	}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 1 {
			return a, "admin.err.before"
		}
		a.Before = n
	}
	return a, ""
}

// postedForm parses a POST body, bounded by maxFormBytes, and returns its
// fields; a bad body gives none, which the form then reports as missing.
func postedForm(r *http.Request) url.Values {
	if r.PostForm == nil {
		r.Body = http.MaxBytesReader(nil, r.Body, maxFormBytes)
		_ = r.ParseForm()
	}
	return r.PostForm
}

// secretValue is a password field exactly as typed, bounded in length.
func secretValue(v url.Values, name string) string {
	s := v.Get(name)
	if len(s) > maxSecretField {
		s = s[:maxSecretField]
	}
	return s
}

func validRole(r string) bool { return mediawatch.Role(r).Valid() }

// validZone accepts an IANA zone name; "Local" would be the server's,
// which means nothing to a person.
func validZone(tz string) bool {
	if tz == "Local" {
		return false
	}
	_, err := time.LoadLocation(tz)
	return err == nil
}
