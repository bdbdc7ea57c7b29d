package main

import (
	"errors"
	"net/http"
	"strings"
)

// requestLang is the language a request to the admin socket asks its
// errors in: the first language of its Accept-Language ("vi", "vi-VN,
// en;q=0.5" → "vi"). The command line sends its interface language; any
// other, or none, is English.
func requestLang(r *http.Request) string {
	first, _, _ := strings.Cut(r.Header.Get("Accept-Language"), ",")
	first, _, _ = strings.Cut(first, ";")
	primary, _, _ := strings.Cut(strings.TrimSpace(first), "-")
	return strings.ToLower(primary)
}

// describeJobError is what a job's error line says, in t's language: a
// userError's sentence from the catalogue (said); any other error (a
// store or index failure, for the admin to report) as it is, which the
// command prints marked as an error.
func describeJobError(err error, t texts) (msg string, said bool) {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.in(t), true
	}
	return err.Error(), false
}
