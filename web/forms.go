package web

import (
	"net/http"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// formField reads one text field of a posted form: NFC, surrounding space
// trimmed, control characters dropped (a newline only where multiline),
// cut to max runes. Every page reads its fields through it, so stored text
// is clean however the browser (or a script) sent it. The body is bounded
// by maxFormBytes.
func formField(r *http.Request, name string, max int, multiline bool) string {
	if r.PostForm == nil {
		r.Body = http.MaxBytesReader(nil, r.Body, maxFormBytes)
		_ = r.ParseForm() // a bad body leaves the fields empty, which the page reports
	}
	return cleanText(r.PostFormValue(name), max, multiline)
}

// cleanText is formField's cleaning of one value.
func cleanText(v string, max int, multiline bool) string {
	v = norm.NFC.String(strings.ToValidUTF8(v, ""))
	var b strings.Builder
	n := 0
	for _, c := range v {
		if max > 0 && n >= max {
			break
		}
		if c == '\r' {
			continue
		}
		if unicode.IsControl(c) && !(multiline && (c == '\n' || c == '\t')) {
			continue
		}
		b.WriteRune(c)
		n++
	}
	return strings.TrimSpace(b.String())
}

// formSecret reads a password field exactly as typed (no trimming or
// normalisation, which would change what is hashed), bounded in length.
func formSecret(r *http.Request, name string) string {
	if r.PostForm == nil {
		r.Body = http.MaxBytesReader(nil, r.Body, maxFormBytes)
		_ = r.ParseForm()
	}
	v := r.PostFormValue(name)
	if len(v) > 1024 {
		return v[:1024]
	}
	return v
}
