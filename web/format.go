package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// supported are the pages' languages; the first is the default.
var supported = []language.Tag{language.Vietnamese, language.English}

var langMatcher = language.NewMatcher(supported)

// validLang reports whether lang is one the pages speak.
func validLang(lang string) bool { return lang == "vi" || lang == "en" }

// langOf decides a request's language: the signed-in person's, else the
// lang cookie the switch set, else Accept-Language, else Vietnamese.
func langOf(r *http.Request) string {
	if p := personOf(r); p != nil && validLang(p.User.Lang) {
		return p.User.Lang
	}
	if c, err := r.Cookie(langCookie); err == nil && validLang(c.Value) {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, i, conf := langMatcher.Match(tags...)
			if conf != language.No {
				return []string{"vi", "en"}[i]
			}
		}
	}
	return "vi"
}

// zoneOf is the person's time zone, else the configured one.
func (s *Server) zoneOf(r *http.Request) *time.Location {
	if p := personOf(r); p != nil && p.User.TimeZone != "" {
		if loc, err := time.LoadLocation(p.User.TimeZone); err == nil {
			return loc
		}
	}
	return s.opts.Location
}

// formatInt writes n with the language's thousands separator: vi 1.234,
// en 1,234.
func formatInt(lang string, n int64) string {
	sep := "."
	if lang == "en" {
		sep = ","
	}
	neg := n < 0
	digits := strconv.FormatInt(n, 10)
	if neg {
		digits = digits[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatTime writes t in loc the language's way: vi "06/12/2026 07:05",
// en "6 Dec 2026, 07:05". The zero time is "—".
func formatTime(lang string, loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(loc)
	if lang == "en" {
		return t.Format("2 Jan 2006, 15:04")
	}
	return t.Format("02/01/2006 15:04")
}

// formatDate is formatTime without the clock: vi "06/12/2026", en "6 Dec 2026".
func formatDate(lang string, loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(loc)
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}
