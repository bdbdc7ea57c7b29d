package query

import (
	"strings"

	"mediawatch/textnorm"
)

// URLForms returns the two forms of an item URL that url: compares, so that
// an index can store them: the lower-case host without port, user info and
// a leading "www.", and the lower-case URL without scheme and "www.".
// Unparseable input gives what it can; it never fails.
func URLForms(raw string) (host, rest string) {
	s := strings.ToLower(strings.TrimSpace(textnorm.Normalize(raw)))
	if _, after, ok := strings.Cut(s, "://"); ok {
		s = after
	}
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	if at := strings.LastIndexByte(s[:end], '@'); at >= 0 {
		s, end = s[at+1:], end-at-1
	}
	if strings.HasPrefix(s, "www.") {
		s, end = s[4:], end-4
	}
	host = s[:end]
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	return host, s
}

// urlMatch reports whether a url: value matches an item's host and URL. A
// value without "/" names a domain: it matches that host and its
// subdomains (url:baosonla.vn matches www.baosonla.vn and
// m.baosonla.vn). A value with "/" is a prefix of the URL without scheme
// and "www." (url:baosonla.vn/thoi-su). Both compare case-insensitively.
func urlMatch(value, host, rest string) bool {
	if value == "" {
		return false
	}
	if !strings.Contains(value, "/") {
		return host == value || strings.HasSuffix(host, "."+value)
	}
	return strings.HasPrefix(rest, value)
}

// urlValue is the form of a url: value that urlMatch compares.
func urlValue(v string) string {
	host, rest := URLForms(v)
	if !strings.Contains(rest, "/") {
		return host
	}
	return rest
}
