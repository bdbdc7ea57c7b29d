package web

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

// FuzzAdminForm feeds any body through the admin forms' decoding (new
// person, new key, the audit filter): whatever is sent, the fields come
// out bounded, NFC, on one line, and a form called usable has a known
// role, language and zone.
func FuzzAdminForm(f *testing.F) {
	f.Add("name=H%C6%B0%C6%A1ng&role=editor&lang=en&tz=Europe%2FParis&generate=1")
	f.Add("name=T%C3%BA&role=viewer&lang=vi&password=abcdefghijk&again=abcdefghijk")
	f.Add("actor=%3Cscript%3E&action=signin&since=2026-12-01&before=42")
	f.Add("name=%00%0A%E2%80%AE&role=Admin&lang=fr&tz=Local&since=0000-01-01&before=-1")
	loc := time.FixedZone("ICT", 7*3600)
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			v = url.Values{}
		}
		line := func(what, s string, max int) {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max || strings.ContainsAny(s, "\x00\r\n\t") || !norm.NFC.IsNormalString(s) {
				t.Fatalf("%s = %q", what, s)
			}
		}
		u, problem := parseUserForm(v)
		line("user name", u.Name, maxNameField)
		line("user zone", u.TZ, maxNameField)
		if len(u.Password) > maxSecretField {
			t.Fatalf("password of %d bytes", len(u.Password))
		}
		if problem == "" {
			if u.Name == "" || !mediawatch.Role(u.Role).Valid() || !validLang(u.Lang) || (u.TZ != "" && !validZone(u.TZ)) {
				t.Fatalf("usable user form %+v", u)
			}
			if !u.Generate && u.Password == "" {
				t.Fatal("usable user form without a password")
			}
		} else if _, ok := messages[problem]; !ok {
			t.Fatalf("problem %q has no text", problem)
		}
		k, problem := parseKeyForm(v)
		line("key name", k.Name, maxNameField)
		if problem == "" && (k.Name == "" || !mediawatch.Role(k.Role).Valid()) {
			t.Fatalf("usable key form %+v", k)
		}
		q, problem := parseAuditQuery(v, loc)
		line("actor", q.Actor, maxFilterField)
		line("action", q.Action, maxFilterField)
		if problem == "" {
			if q.Before < 0 || (q.Since != "" && q.SinceAt.IsZero()) {
				t.Fatalf("usable audit query %+v", q)
			}
			if next := auditURL(q, 7); !strings.HasPrefix(next, "/admin/audit?") {
				t.Fatalf("auditURL = %q", next)
			}
		} else if _, ok := messages[problem]; !ok {
			t.Fatalf("problem %q has no text", problem)
		}
	})
}
